"""deploy/glas.env.example: every setting Glas reads is there, in the form systemd reads, and once
the secrets are filled in, production settings pass `check --deploy` (run through
deploy/manage.sh, which reads the file as systemd does)."""

import re
import secrets
import subprocess
import sys

from django.conf import settings

from tests.deploy.helpers import DEPLOY, ROOT, production_environment

EXAMPLE = DEPLOY / "glas.env.example"
# Set by the systemd unit from its instance name, never in the file (it would win).
FROM_THE_UNIT = {"GLAS_BIND", "GLAS_RUN_DIR"}
READ = re.compile(r"""(?:os\.environ\.get|os\.environ\[|env_bool|env_list)\(?\s*["']([A-Z][A-Z0-9_]+)["']""")


def listed() -> dict[str, str]:
    """Every NAME=value line, set or commented out."""
    found = {}
    for line in EXAMPLE.read_text().splitlines():
        match = re.match(r"^(?:# )?([A-Z][A-Z0-9_]*)=(.*)$", line)
        if match:
            found[match.group(1)] = match.group(2)
    return found


def test_every_variable_the_settings_and_gunicorn_read_is_listed():
    read = set(READ.findall((ROOT / "config" / "settings.py").read_text()))
    read |= set(READ.findall((DEPLOY / "gunicorn.conf.py").read_text())) - FROM_THE_UNIT
    read.add("DATABASE_URL")  # read by dj-database-url
    assert read - set(listed()) == set()
    assert FROM_THE_UNIT & set(listed()) == set()


def test_every_variable_of_the_readme_configuration_table_is_listed():
    readme = (ROOT / "README.md").read_text()
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    documented = {
        name
        for row in table.splitlines()
        if row.startswith("| `")
        for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])
    }
    assert documented
    assert documented - set(listed()) == set()


def test_lines_are_in_systemd_s_environment_file_form():
    for line in EXAMPLE.read_text().splitlines():
        if not line or line.startswith("#"):
            continue
        name, _equals, value = line.partition("=")
        assert re.fullmatch(r"[A-Z][A-Z0-9_]*", name), line
        assert value == value.strip() and not value.startswith(('"', "'")), line


def test_secrets_are_placeholders():
    values = {name: value for name, value in listed().items() if name.endswith(("KEY", "PASSWORD", "TOKEN"))}
    assert values["SECRET_KEY"].startswith("CHANGE-ME")
    assert "CHANGE-ME" in listed()["DATABASE_URL"]
    for name, value in values.items():
        assert value == "" or "CHANGE-ME" in value, name


def test_the_example_filled_in_passes_the_deployment_checks(tmp_path):
    text = EXAMPLE.read_text().replace("CHANGE-ME-to-a-long-random-value", secrets.token_urlsafe(50))
    text = re.sub(r"^DATABASE_URL=.*$", f"DATABASE_URL=sqlite:///{tmp_path / 'db.sqlite3'}", text, flags=re.M)
    if "django_tasks_db" not in settings.INSTALLED_APPS:
        text = re.sub(r"^TASKS_BACKEND=.*$", "", text, flags=re.M)
    env_file = tmp_path / "glas.env"
    env_file.write_text(text)
    environment = production_environment(tmp_path, GLAS_ENV_FILE=str(env_file), GLAS_PYTHON=sys.executable)
    for name in listed():
        environment.pop(name, None)
    result = subprocess.run(
        ["sh", str(DEPLOY / "manage.sh"), "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    shown = subprocess.run(
        [
            "sh",
            str(DEPLOY / "manage.sh"),
            "shell",
            "-c",
            "from django.conf import settings as s; print(s.DEFAULT_FROM_EMAIL, s.GLAS_TRUSTED_PROXIES)",
        ],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shown.stdout.strip().endswith("Glas <noreply@example.org> 1"), shown.stderr
