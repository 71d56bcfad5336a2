"""deploy/gunicorn.conf.py: two instances on one machine both answer, each with a control socket
of its own (gunicorn's default, ~/.gunicorn/gunicorn.ctl, would be shared and taken over)."""

import json
import multiprocessing
import subprocess
import sys
from pathlib import Path

import pytest

from tests.deploy.helpers import DEPLOY, ROOT, free_port, production_environment, wait_for

GUNICORN = Path(sys.executable).with_name("gunicorn")
GUNICORNC = Path(sys.executable).with_name("gunicornc")


def listeners(control_socket: Path) -> list[str]:
    result = subprocess.run(
        [str(GUNICORNC), "-s", str(control_socket), "-c", "show listeners", "-j"],
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert result.returncode == 0, result.stderr
    return [listener["address"] for listener in json.loads(result.stdout)["listeners"]]


@pytest.fixture
def two_instances(tmp_path):
    run_dir = tmp_path / "run"
    servers, logs = [], []
    for _ in range(2):
        port = free_port()
        logs.append((tmp_path / f"gunicorn-{port}.log").open("wb"))
        environment = production_environment(
            tmp_path, GLAS_BIND=f"127.0.0.1:{port}", GLAS_RUN_DIR=str(run_dir), GLAS_WEB_WORKERS="1"
        )
        process = subprocess.Popen(
            [str(GUNICORN), "--config", str(DEPLOY / "gunicorn.conf.py")],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=logs[-1],
        )
        servers.append((port, process))
    yield run_dir, servers
    for _port, process in servers:
        process.terminate()
    for _port, process in servers:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    for log in logs:
        log.close()


def test_two_instances_answer_each_on_its_port_with_its_own_control_socket(two_instances, tmp_path):
    run_dir, servers = two_instances
    for port, _process in servers:
        assert wait_for(f"http://127.0.0.1:{port}/healthz/live").strip() == b"ok"
    for port, process in servers:
        control_socket = run_dir / f"gunicorn-{port}.ctl"
        assert control_socket.is_socket()
        assert listeners(control_socket) == [f"http://127.0.0.1:{port}"]
        assert process.poll() is None
    # Nothing in the default place that both would have shared.
    assert not (tmp_path / "home" / ".gunicorn").exists()


def test_the_configuration_takes_workers_from_the_cores_and_a_graceful_timeout(tmp_path):
    code = (
        "import runpy, json; c = runpy.run_path('deploy/gunicorn.conf.py');"
        "print(json.dumps({k: c[k] for k in ('workers', 'timeout', 'graceful_timeout', 'control_socket', 'bind',"
        " 'accesslog', 'preload_app')}))"
    )
    environment = production_environment(tmp_path, GLAS_BIND="unix:/run/glas-web-8000/web.sock")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True)
    settings = json.loads(result.stdout)
    assert settings["workers"] == multiprocessing.cpu_count() * 2 + 1
    assert settings["bind"] == ["unix:/run/glas-web-8000/web.sock"]
    assert settings["control_socket"] == "/run/glas/gunicorn-web.ctl"
    assert settings["accesslog"] == "-"
    assert settings["graceful_timeout"] < settings["timeout"]
    assert settings["preload_app"] is False
