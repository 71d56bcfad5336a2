"""The outbox against a mail server that misbehaves: a server that accepts connections and never
answers does not hold a visitor's request past a second, no transaction is open while the mail
server is being talked to, and two senders at the same instant never send one e-mail twice."""

import io
import socket
import threading
import time

import pytest
from django.core import mail as django_mail
from django.core.management import call_command
from django.utils import timezone

from consultations.models import Comment
from core import mail
from core.mail import pause_after
from core.models import OutgoingMail

pytestmark = pytest.mark.django_db


@pytest.fixture
def silent_smtp_server():
    """A TCP server on loopback that accepts every connection and never says a word."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join(2)
    for conn in held:
        conn.close()
    server.close()


@pytest.fixture
def no_hanging():
    """Without a timeout of its own, smtplib would wait for ever: make the old behaviour fail
    after a few seconds instead of hanging the test run."""
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(4)
    yield
    socket.setdefaulttimeout(previous)


def test_a_silent_mail_server_does_not_hold_the_visitors_comment(
    client, consultations, settings, silent_smtp_server, no_hanging
):
    from django.core.mail.utils import DNS_NAME

    from tests.consultations.test_comments import post_comment

    DNS_NAME.get_fqdn()  # looked up once per process, not per request
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = silent_smtp_server
    started = time.monotonic()
    response = post_comment(client, consultations["open"])
    elapsed = time.monotonic() - started
    assert response.status_code == 302
    assert elapsed < 1, f"the visitor waited {elapsed:.1f} s for the mail server"
    assert Comment.objects.count() == 1
    waiting = OutgoingMail.objects.get()
    assert not waiting.gave_up and waiting.attempts == 1
    assert "timed out" in waiting.last_error.lower()
    assert waiting.next_attempt_at > timezone.now()
    assert waiting.claimed_at is None and waiting.claimed_by == ""


class RecordingBackend:
    """A mail server that takes every e-mail, and notes the timeout it was given and whether a
    transaction (other than the test's own) was open while it was talked to."""

    seen: list[dict] = []
    during_send = None

    def __init__(self, *args, timeout=None, **kwargs):
        self.timeout = timeout

    def send_messages(self, messages):
        RecordingBackend.seen.append({"timeout": self.timeout, "in_transaction": mail.in_transaction()})
        if RecordingBackend.during_send:
            action, RecordingBackend.during_send = RecordingBackend.during_send, None
            action()
        django_mail.outbox.extend(messages)
        return len(messages)


@pytest.fixture
def recording(settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.core.test_mail_timeout.RecordingBackend"
    RecordingBackend.seen = []
    RecordingBackend.during_send = None
    yield RecordingBackend
    RecordingBackend.during_send = None


def test_every_connection_has_a_timeout_short_in_the_request_and_email_timeout_from_cron(recording, settings):
    settings.EMAIL_TIMEOUT = 7
    settings.GLAS_MAIL_REQUEST_TIMEOUT = 0.3
    mail.send("Receipt", "Your entry has arrived.", ["student@example.org"])
    assert recording.seen[-1]["timeout"] == 0.3

    OutgoingMail.objects.create(subject="Later", body="b", recipients=["a@x.org"], next_attempt_at=timezone.now())
    call_command("send_queued_mail", stdout=io.StringIO())
    assert recording.seen[-1]["timeout"] == 7


def test_no_transaction_is_open_while_the_mail_server_is_talked_to(recording):
    mail.send("Receipt", "Your entry has arrived.", ["student@example.org"])
    assert recording.seen == [{"timeout": 0.5, "in_transaction": False}]
    assert not OutgoingMail.objects.exists()


def test_a_mail_stored_inside_a_transaction_is_sent_after_it_commits(recording, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            mail.send("Receipt", "Your entry has arrived.", ["student@example.org"])
            assert recording.seen == []  # not inside the transaction
    assert recording.seen == [{"timeout": 0.5, "in_transaction": False}]


def test_send_queued_mail_run_twice_at_the_same_instant_sends_each_mail_once(recording, mailoutbox):
    for n in range(3):
        OutgoingMail.objects.create(
            subject=f"Waiting {n}", body="b", recipients=["a@example.org"], next_attempt_at=timezone.now()
        )
    # While the first run talks to the mail server, a second run starts.
    recording.during_send = lambda: call_command("send_queued_mail", stdout=io.StringIO())
    call_command("send_queued_mail", stdout=io.StringIO())
    assert sorted(m.subject for m in mailoutbox) == ["Waiting 0", "Waiting 1", "Waiting 2"]
    assert not OutgoingMail.objects.exists()


def test_a_mail_being_sent_is_left_alone_and_a_stale_claim_is_taken_over(recording, mailoutbox, settings):
    import datetime

    now = timezone.now()
    busy = OutgoingMail.objects.create(
        subject="Busy", body="b", recipients=["a@example.org"], next_attempt_at=now, claimed_at=now, claimed_by="w1"
    )
    crashed = OutgoingMail.objects.create(
        subject="Crashed",
        body="b",
        recipients=["a@example.org"],
        next_attempt_at=now,
        claimed_at=now - datetime.timedelta(minutes=settings.GLAS_MAIL_CLAIM_MINUTES + 1),
        claimed_by="w2",
    )
    assert mail.deliver.call(mail_id=busy.pk) == "skipped"
    assert mail.retry_due() == 1
    assert [m.subject for m in mailoutbox] == ["Crashed"]
    assert list(OutgoingMail.objects.values_list("pk", flat=True)) == [busy.pk]
    assert not OutgoingMail.objects.filter(pk=crashed.pk).exists()


def test_a_mail_not_due_yet_is_not_sent_early_by_a_second_task(recording, mailoutbox):
    later = OutgoingMail.objects.create(
        subject="Later", body="b", recipients=["a@example.org"], next_attempt_at=timezone.now() + pause_after(1)
    )
    assert mail.deliver.call(mail_id=later.pk) == "skipped"
    assert mailoutbox == []


def test_the_database_is_not_locked_while_the_mail_server_is_silent(
    settings, silent_smtp_server, no_hanging, monkeypatch
):
    """Before, delivery ran in an atomic block: the write lock of SQLite was held for as long as
    the mail server kept quiet. Now the claim has committed before the connection is opened."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = silent_smtp_server
    opened = []
    import smtplib

    real_connect = smtplib.SMTP.connect

    def connect(self, *args, **kwargs):
        opened.append(mail.in_transaction())
        return real_connect(self, *args, **kwargs)

    monkeypatch.setattr(smtplib.SMTP, "connect", connect)
    mail.send("Receipt", "Your entry has arrived.", ["student@example.org"])
    assert opened == [False]
    assert OutgoingMail.objects.get().attempts == 1


def test_a_run_of_send_queued_mail_stops_when_the_mail_server_keeps_failing(settings):
    settings.EMAIL_BACKEND = "tests.core.test_faults.RefusingBackend"
    for n in range(10):
        OutgoingMail.objects.create(
            subject=f"Waiting {n}", body="b", recipients=["a@example.org"], next_attempt_at=timezone.now()
        )
    assert mail.retry_due() == mail.STOP_AFTER_FAILURES
    assert OutgoingMail.objects.filter(attempts=1).count() == mail.STOP_AFTER_FAILURES
    assert OutgoingMail.objects.filter(attempts=0).count() == 10 - mail.STOP_AFTER_FAILURES
