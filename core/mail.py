"""Sending e-mail without losing it, and without making anyone wait for the mail server.

Every e-mail Glas sends (confirmation links, receipts, guardians' consent requests, contact
messages, digests) goes through `send()`: it is stored in the outbox (OutgoingMail) and a
background task tries to send it. When the mail server refuses, cannot be reached or does not
answer, the visitor's submission still succeeds; the mail stays in the outbox with the error, and
`manage.py send_queued_mail` (from cron, every minute) hands the due ones to the task again,
with growing pauses: 1, 5, 15 and 60 minutes, then every 4 hours, until GLAS_MAIL_MAX_ATTEMPTS.

No transaction or row lock is ever held while talking to the mail server:

1. claim: one conditional UPDATE marks the row as being sent (claimed_at, claimed_by) only if
   it is due and nobody holds a fresh claim on it; it commits at once (autocommit);
2. send, outside any transaction, with a timeout on the connection (EMAIL_TIMEOUT, or the
   shorter GLAS_MAIL_REQUEST_TIMEOUT when the attempt is made inside a visitor's request);
3. record: the row is deleted (sent) or its error and next attempt are written and the claim
   released, in another single statement.

Two senders at the same instant cannot both claim a row, so nothing is sent twice. A claim older
than GLAS_MAIL_CLAIM_MINUTES belongs to a sender that died mid-way; the row is then due again.
A mail stored inside a caller's transaction is handed to the task only once that transaction has
committed (on_commit), so that the attempt never runs inside it.
"""

import datetime
import logging
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks.backends.immediate import ImmediateBackend

from core.models import OutgoingMail

logger = logging.getLogger(__name__)

PAUSES_MINUTES = [1, 5, 15, 60, 240]
STOP_AFTER_FAILURES = 3


def pause_after(attempts: int) -> datetime.timedelta:
    """How long to wait after the given number of failed attempts."""
    return datetime.timedelta(minutes=PAUSES_MINUTES[min(attempts, len(PAUSES_MINUTES)) - 1])


def in_transaction() -> bool:
    """True inside a transaction that someone opened (atomic), not counting the one a test case
    wraps around each test (the same rule as Django's atomic(durable=True))."""
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def runs_in_process() -> bool:
    """True when the task backend runs tasks at once, in the caller's own process and request."""
    return isinstance(deliver.get_backend(), ImmediateBackend)


def send(subject: str, body: str, recipients: Iterable[str], from_email: str = "", reply_to: str = "") -> OutgoingMail:
    """Store the e-mail and start sending it in the background; never raises for mail trouble,
    and keeps the visitor waiting for the mail server GLAS_MAIL_REQUEST_TIMEOUT at most."""
    mail = OutgoingMail.objects.create(
        subject=subject[:255],
        body=body,
        recipients=list(recipients),
        from_email=from_email,
        reply_to=reply_to,
        next_attempt_at=timezone.now(),
    )
    # With the immediate backend the attempt is made here, in the visitor's request: short.
    timeout = settings.GLAS_MAIL_REQUEST_TIMEOUT if runs_in_process() else None
    mail_id = mail.pk
    if in_transaction():
        transaction.on_commit(lambda: _hand_over(mail_id, timeout))
    else:
        _hand_over(mail_id, timeout)
    return mail


def _hand_over(mail_id: int, timeout: float | None) -> None:
    try:
        deliver.enqueue(mail_id=mail_id, timeout=timeout)
    except Exception:  # the task queue is down: the mail waits for send_queued_mail
        logger.exception("Could not queue e-mail %s", mail_id)


def claim_lapse() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.GLAS_MAIL_CLAIM_MINUTES)


def claimable(now: datetime.datetime) -> QuerySet[OutgoingMail]:
    """The e-mails that are due and that no living sender holds."""
    return OutgoingMail.objects.filter(gave_up=False, next_attempt_at__lte=now).filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - claim_lapse())
    )


@task()
def deliver(mail_id: int, timeout: float | None = None) -> str:
    """Try to send one stored e-mail; on failure record the error and when to try again.
    `timeout` (seconds) bounds each exchange with the mail server; EMAIL_TIMEOUT when None."""
    now = timezone.now()
    claim = uuid.uuid4().hex
    # 1. Claim the row in one statement, committed at once: no lock survives it.
    if not claimable(now).filter(pk=mail_id).update(claimed_at=now, claimed_by=claim):
        return "skipped"  # sent already, given up, not due, or another sender has it
    mail = OutgoingMail.objects.get(pk=mail_id)
    message = EmailMessage(
        subject=mail.subject,
        body=mail.body,
        from_email=mail.from_email or None,
        to=mail.recipients,
        reply_to=[mail.reply_to] if mail.reply_to else None,
        connection=get_connection(timeout=settings.EMAIL_TIMEOUT if timeout is None else timeout),
    )
    # 2. Talk to the mail server outside any transaction.
    try:
        message.send()
    except Exception as error:
        # 3. Record the failure and release the claim (if it is still ours).
        attempts = mail.attempts + 1
        gave_up = attempts >= settings.GLAS_MAIL_MAX_ATTEMPTS
        OutgoingMail.objects.filter(pk=mail_id, claimed_by=claim).update(
            attempts=attempts,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            gave_up=gave_up,
            next_attempt_at=mail.next_attempt_at if gave_up else timezone.now() + pause_after(attempts),
            claimed_at=None,
            claimed_by="",
        )
        if gave_up:
            logger.error("Gave up sending e-mail %s after %s attempts: %s", mail_id, attempts, error)
        else:
            logger.warning("E-mail %s not sent (attempt %s): %s", mail_id, attempts, error)
        return "failed"
    # 3. The mail server has it.
    OutgoingMail.objects.filter(pk=mail_id).delete()
    return "sent"


def retry_due(now: datetime.datetime | None = None) -> int:
    """Hand every e-mail whose next attempt is due to the background task; returns how many.
    When the task runs here (immediate backend) and STOP_AFTER_FAILURES attempts in a row fail,
    the mail server is taken to be down: the rest wait for the next run instead of each waiting
    EMAIL_TIMEOUT in turn."""
    ids = list(claimable(now or timezone.now()).values_list("pk", flat=True)[:1000])
    in_process = runs_in_process()
    failures = 0
    for handed, mail_id in enumerate(ids, start=1):
        result = deliver.enqueue(mail_id=mail_id)
        if not in_process:
            continue
        failed = result.status == TaskResultStatus.SUCCESSFUL and result.return_value == "failed"
        failures = failures + 1 if failed else 0
        if failures >= STOP_AFTER_FAILURES:
            logger.warning("Mail server failing: %s e-mails left for the next run", len(ids) - handed)
            return handed
    return len(ids)
