"""Production settings pass Django's deployment checks; the development key is refused."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# What the test run sets and a production server never has.
TEST_ONLY = {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def production_environment():
    return {k: v for k, v in os.environ.items() if k not in TEST_ONLY}


def run_manage(*args, **env):
    environment = production_environment()
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_check_deploy():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="glas.example.org",
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_check_deploy_flags_the_development_secret_key():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", ALLOWED_HOSTS="glas.example.org")
    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout


def test_wsgi_refuses_to_start_with_the_development_key_when_debug_is_off():
    environment = production_environment()
    result = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr
