"""deploy/systemd/: units systemd accepts, a timer for every periodic management command, and
one target that starts everything."""

import configparser
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands

from tests.deploy.helpers import DEPLOY, ROOT

UNITS = DEPLOY / "systemd"
# Commands run once, by hand or at a release, never on a timer.
ONE_OFF = {
    "configure_site",
    "load_demo_content",
    "load_demo_consultations",
    "load_demo_essays",
    "move_files_to_buckets",  # once, when a site moves its uploads to S3
    "backup_uploads",  # called by deploy/backup.sh and restore.sh
}
# Periodic commands of Wagtail, Django and django-tasks-db that a site needs run too.
OTHERS = {"publish_scheduled", "clearsessions", "prune_db_task_results"}


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive
    parser.read(UNITS / name)
    return parser


def all_timers() -> list[str]:
    return sorted(path.name for path in UNITS.glob("*.timer"))


def timers() -> dict[str, str]:
    """Each timer of a management command and the command its service runs."""
    found = {}
    for name in all_timers():
        target = unit(name)["Timer"].get("Unit", name.replace(".timer", ".service"))
        assert (UNITS / target).exists() or (UNITS / re.sub(r"@.*\.", "@.", target)).exists(), target
        if target.startswith("glas-manage@"):
            found[name] = target.removeprefix("glas-manage@").removesuffix(".service")
    return found


def glas_commands() -> set[str]:
    return {path.stem for path in ROOT.glob("*/management/commands/*.py") if not path.stem.startswith("_")}


def test_every_periodic_command_of_glas_has_a_timer():
    assert glas_commands() - ONE_OFF <= set(timers().values())
    assert OTHERS <= set(timers().values())


def test_every_timer_runs_a_command_that_exists(settings):
    commands = set(get_commands())
    for timer, command in timers().items():
        if command == "prune_db_task_results" and "django_tasks_db" not in settings.INSTALLED_APPS:
            continue  # comes with django-tasks-db, the worker's backend
        assert command in commands, f"{timer} runs {command}, which manage.py does not know"


def test_the_backup_timer_runs_the_backup_script():
    service = unit("glas-backup.service")["Service"]
    assert service["ExecStart"] == "/bin/sh /srv/glas/deploy/backup.sh"
    assert "glas-backup.timer" in all_timers()


def test_the_readme_names_every_timer_s_command():
    readme = (DEPLOY / "README.md").read_text()
    for command in timers().values():
        assert command in readme, command


def test_the_target_starts_the_web_server_the_worker_and_every_timer():
    text = (UNITS / "glas.target").read_text()
    wants = {name for line in text.splitlines() if line.startswith("Wants=") for name in line[6:].split()}
    assert {"glas-web@8000.service", "glas-worker.service", *all_timers()} == wants


def test_the_web_server_and_the_worker_restart_and_stop_gracefully():
    web = unit("glas-web@.service")["Service"]
    assert "deploy/gunicorn.conf.py" in web["ExecStart"]
    assert web["ExecReload"] == "/bin/kill -s HUP $MAINPID"
    assert web["Restart"] == "on-failure"
    assert web["RuntimeDirectory"] == "glas-web-%i"
    worker = unit("glas-worker.service")["Service"]
    assert worker["ExecStart"].endswith("manage.py db_worker")
    assert worker["Restart"] == "always"
    for service in (web, worker, unit("glas-manage@.service")["Service"]):
        assert service["EnvironmentFile"] == "/etc/glas/glas.env"
        assert service["User"] == "glas"


SYSTEMD_ANALYZE = shutil.which("systemd-analyze")


@pytest.mark.skipif(SYSTEMD_ANALYZE is None and not os.environ.get("CI"), reason="systemd-analyze is not installed")
def test_systemd_accepts_every_unit(tmp_path):
    """systemd-analyze verify, on copies whose paths point at this checkout."""
    assert SYSTEMD_ANALYZE is not None
    environment_file = tmp_path / "glas.env"
    environment_file.write_text("")
    venv = Path(sys.executable).parent.parent
    names = []
    for path in UNITS.iterdir():
        text = path.read_text().replace("/srv/glas/.venv", str(venv)).replace("/srv/glas", str(ROOT))
        text = text.replace("/etc/glas/glas.env", str(environment_file))
        (tmp_path / path.name).write_text(text)
        names.append(path.name)
    # Templates are checked through an instance, as systemd would start them.
    (tmp_path / "glas-web@8000.service").write_text((tmp_path / "glas-web@.service").read_text())
    (tmp_path / "glas-manage@send_queued_mail.service").write_text((tmp_path / "glas-manage@.service").read_text())
    to_check = [str(tmp_path / name) for name in names if "@." not in name]
    to_check += [str(tmp_path / "glas-web@8000.service"), str(tmp_path / "glas-manage@send_queued_mail.service")]
    result = subprocess.run(
        [SYSTEMD_ANALYZE, "verify", "--man=no", *to_check], capture_output=True, text=True, timeout=120
    )
    complaints = [
        line for line in (result.stdout + result.stderr).splitlines() if str(tmp_path) in line or "glas" in line
    ]
    assert result.returncode == 0, result.stderr
    assert complaints == []
