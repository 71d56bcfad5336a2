"""An existing database migrates forward with nothing lost: a database built by the release
before core/ existed (its code, taken from git, migrates it and loads its demo content, comments
and entries; e-mails wait in its outbox, in home's table) is migrated with today's code; every
table keeps its rows and the waiting e-mails arrive in core's outbox as they were. Where the
history is not in the clone (a shallow one), the database is built by today's code and migrated
back to that release's schema first. Run in separate processes on a database of its own (SQLite,
or a new PostgreSQL database when the suite runs on PostgreSQL)."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import dj_database_url
import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import json
import sys

import django

django.setup()
from django.core.management import call_command
from django.db import connection

# The schema of the release before core/.
OLD = [
    ("consultations", "0004_thread_index"),
    ("essays", "0002_coordinator_permissions"),
    ("home", "0004_news_date_index"),
    ("core", "zero"),
]


def counts():
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        result = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            result[table] = cursor.fetchone()[0]
    return result


def outbox(table):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, subject, recipients, created_at, attempts, next_attempt_at, last_error, gave_up "
            f"FROM {table} ORDER BY id"
        )
        return [[str(value) for value in row] for row in cursor.fetchall()]


step = sys.argv[1]
if step in ("old", "old-schema"):
    call_command("migrate", verbosity=0)
    for command in ("load_demo_content", "load_demo_consultations", "load_demo_essays"):
        call_command(command, quiet=True)
    if step == "old-schema":  # today's code, then back to the previous release's schema
        for app, migration in OLD:
            call_command("migrate", app, migration, verbosity=0)
    with connection.cursor() as cursor:
        for n in range(3):
            cursor.execute(
                "INSERT INTO home_outgoingmail (subject, body, recipients, from_email, reply_to, created_at, "
                "attempts, next_attempt_at, last_error, gave_up) VALUES (%s, %s, %s, '', '', %s, %s, %s, %s, %s)",
                [f"Waiting {n}", "body", '["citizen@example.org"]', "2026-11-30 10:00:00+00:00", n,
                 "2026-11-30 11:00:00+00:00", "refused" if n else "", n == 2],
            )
    print(json.dumps({"counts": counts(), "outbox": outbox("home_outgoingmail")}))
else:
    call_command("migrate", verbosity=0)
    from core.models import OutgoingMail

    new = OutgoingMail.objects.create(subject="New", body="b", recipients=[], next_attempt_at="2026-12-01T10:00Z")
    print(json.dumps({"counts": counts(), "outbox": outbox("core_outgoingmail"), "new_id": new.pk}))
"""


@pytest.fixture
def separate_database(tmp_path):
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'previous-release.sqlite3'}"
        return
    import psycopg

    name = f"glas_migration_{uuid.uuid4().hex[:8]}"
    settings = dj_database_url.parse(configured)
    admin = {
        "host": settings["HOST"],
        "port": settings["PORT"] or 5432,
        "user": settings["USER"],
        "dbname": "postgres",
    }
    if settings["PASSWORD"]:
        admin["password"] = settings["PASSWORD"]
    with psycopg.connect(**admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    url = configured.rsplit("/", 1)[0] + "/" + name
    yield url
    with psycopg.connect(**admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# The last commit before core/ existed.
PREVIOUS_RELEASE = "096e437"


def previous_release(tmp_path):
    """The previous release's code, from git, or None when the clone lacks that history."""
    found = subprocess.run(["git", "cat-file", "-e", f"{PREVIOUS_RELEASE}^{{commit}}"], cwd=ROOT, capture_output=True)
    if found.returncode != 0:
        return None
    folder = tmp_path / "previous-release"
    folder.mkdir()
    archive = subprocess.run(["git", "archive", PREVIOUS_RELEASE], cwd=ROOT, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder


def run(step, database_url, tmp_path, code=ROOT):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, step], cwd=code, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_database_of_the_previous_release_migrates_forward_with_nothing_lost(separate_database, tmp_path):
    code = previous_release(tmp_path)
    if code is not None:
        before = run("old", separate_database, tmp_path, code=code)
    else:
        before = run("old-schema", separate_database, tmp_path)
    after = run("new", separate_database, tmp_path)

    assert before["counts"]["wagtailcore_page"] > 40 and before["counts"]["consultations_comment"] > 10
    assert before["counts"]["essays_entry"] > 5
    grown = {"auth_permission", "django_content_type", "django_migrations", "wagtailcore_modellogentry"}
    for table, count in before["counts"].items():
        if table == "home_outgoingmail":
            assert table not in after["counts"]  # moved to core
        elif table not in grown:
            assert after["counts"][table] == count, table
    # The waiting e-mails are in core's outbox as they were: ids, times, attempts, errors.
    assert after["outbox"][: len(before["outbox"])] == before["outbox"]
    assert len(before["outbox"]) == 3
    # A new e-mail takes the next id, not one of those moved.
    assert after["new_id"] == max(int(row[0]) for row in before["outbox"]) + 1
