"""The task worker (django-tasks-db's `db_worker`), enabled by configuration alone: with
TASKS_BACKEND=database a visitor's request only stores the e-mail and queues its task, the worker
sends it, and two workers draining one queue send each e-mail once."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from core import mail
from core.models import OutgoingMail
from tests.consultations.test_comments import post_comment
from tests.core.test_mail_timeout import RecordingBackend

# The worker claims tasks in transactions of its own (on SQLite: BEGIN EXCLUSIVE), so these tests
# commit for real.
pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def worker_queue(settings, mailoutbox):
    settings.TASKS = DATABASE
    settings.EMAIL_BACKEND = "tests.core.test_mail_timeout.RecordingBackend"
    RecordingBackend.seen = []
    yield
    RecordingBackend.seen = []


def run_worker(**options):
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0, verbosity=0, **options)


def test_with_the_database_backend_the_visitors_request_never_talks_to_the_mail_server(
    client, consultations, worker_queue, mailoutbox
):
    response = post_comment(client, consultations["open"])
    assert response.status_code == 302
    assert RecordingBackend.seen == []  # nothing was said to the mail server during the request
    stored = OutgoingMail.objects.count()
    assert stored >= 1  # the confirmation link, and the moderators' notice where one is set up
    queued = DBTaskResult.objects.filter(task_path="core.mail.deliver")
    assert len(queued) == stored and {task.status for task in queued} == {"READY"}

    run_worker()

    assert len(mailoutbox) == stored
    assert any("confirm" in message.body.lower() for message in mailoutbox)
    # The worker waits EMAIL_TIMEOUT for the mail server, not the 0.5 s a request would.
    assert {call["timeout"] for call in RecordingBackend.seen} == {10.0}
    assert not OutgoingMail.objects.exists()
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_send_queued_mail_hands_due_mail_to_the_worker_queue(worker_queue, mailoutbox):
    stored = [mail.send(f"Notice {n}", "Body", ["citizen@example.org"]) for n in range(3)]
    DBTaskResult.objects.all().delete()  # as if the queue had lost them
    call_command("send_queued_mail", verbosity=0)
    assert DBTaskResult.objects.filter(status="READY").count() == 3
    assert mailoutbox == []
    run_worker()
    assert sorted(message.subject for message in mailoutbox) == sorted(m.subject for m in stored)


def test_a_mail_server_that_refuses_leaves_the_mail_for_a_later_attempt(worker_queue, settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.core.test_faults.RefusingBackend"
    mail.send("Notice", "Body", ["citizen@example.org"])
    run_worker()
    waiting = OutgoingMail.objects.get()
    assert waiting.attempts == 1 and not waiting.gave_up and waiting.last_error


def worker_environment() -> dict[str, str]:
    """A worker process on the test database, printing what it sends (console mail backend)."""
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    environment = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": url,
        "TASKS_BACKEND": "database",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    return environment


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two workers at once need a server database")
def test_two_workers_on_one_queue_send_each_mail_once(worker_queue):
    for n in range(30):
        mail.send(f"Notice {n}", "Body", [f"citizen{n}@example.org"])
    assert DBTaskResult.objects.count() == 30
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--interval", "0"]
    workers = [
        subprocess.Popen(
            [*command, "--worker-id", f"worker-{n}"],
            cwd=ROOT,
            env=worker_environment(),
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(2)
    ]
    printed = [worker.communicate(timeout=120)[0] for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0]

    sent = [line for output in printed for line in output.splitlines() if line.startswith("Subject:")]
    assert len(sent) == 30 and len(set(sent)) == 30
    assert not OutgoingMail.objects.exists()
    results = DBTaskResult.objects.all()
    assert {result.status for result in results} == {"SUCCESSFUL"}
    # Which worker claims how many depends on which one Python starts first: on a loaded machine
    # one of them may take all 30 before the other has begun. Each result names one of the two.
    assert {result.worker_ids[0] for result in results} <= {"worker-0", "worker-1"}


def test_the_worker_is_turned_on_by_configuration_alone():
    environment = {**os.environ, "TASKS_BACKEND": "database", "DEBUG": "true"}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", "from django.conf import settings; print(settings.TASKS)"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "django_tasks_db.DatabaseBackend" in result.stdout
    check = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )
    assert check.returncode == 0, check.stderr
