"""Sending e-mail without losing it.

Every e-mail Glas sends (confirmation links, receipts, guardians' consent requests, contact
messages, digests) goes through `send()`: it is stored in the outbox (OutgoingMail) and a
background task tries to send it. When the mail server refuses or cannot be reached, the
visitor's submission still succeeds; the mail stays in the outbox with the error, and
`manage.py send_queued_mail` (from cron, every minute) hands the due ones to the task again,
with growing pauses: 1, 5, 15 and 60 minutes, then every 4 hours, until GLAS_MAIL_MAX_ATTEMPTS.
"""

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from core.models import OutgoingMail

logger = logging.getLogger(__name__)

PAUSES_MINUTES = [1, 5, 15, 60, 240]


def pause_after(attempts: int) -> datetime.timedelta:
    """How long to wait after the given number of failed attempts."""
    return datetime.timedelta(minutes=PAUSES_MINUTES[min(attempts, len(PAUSES_MINUTES)) - 1])


def send(subject: str, body: str, recipients: Iterable[str], from_email: str = "", reply_to: str = "") -> OutgoingMail:
    """Store the e-mail and start sending it in the background; never raises for mail trouble."""
    mail = OutgoingMail.objects.create(
        subject=subject[:255],
        body=body,
        recipients=list(recipients),
        from_email=from_email,
        reply_to=reply_to,
        next_attempt_at=timezone.now(),
    )
    try:
        deliver.enqueue(mail_id=mail.pk)
    except Exception:  # the task queue is down: the mail waits for send_queued_mail
        logger.exception("Could not queue e-mail %s", mail.pk)
    return mail


@task()
def deliver(mail_id: int) -> str:
    """Try to send one stored e-mail; on failure record the error and when to try again."""
    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update(skip_locked=True).filter(pk=mail_id, gave_up=False).first()
        if mail is None:  # sent already, given up, or another worker has it
            return "skipped"
        message = EmailMessage(
            subject=mail.subject,
            body=mail.body,
            from_email=mail.from_email or None,
            to=mail.recipients,
            reply_to=[mail.reply_to] if mail.reply_to else None,
        )
        try:
            message.send()
        except Exception as error:
            mail.attempts += 1
            mail.last_error = f"{type(error).__name__}: {error}"[:2000]
            if mail.attempts >= settings.GLAS_MAIL_MAX_ATTEMPTS:
                mail.gave_up = True
                logger.error("Gave up sending e-mail %s after %s attempts: %s", mail.pk, mail.attempts, error)
            else:
                mail.next_attempt_at = timezone.now() + pause_after(mail.attempts)
                logger.warning("E-mail %s not sent (attempt %s): %s", mail.pk, mail.attempts, error)
            mail.save(update_fields=["attempts", "last_error", "gave_up", "next_attempt_at"])
            return "failed"
        mail.delete()
        return "sent"


def retry_due(now: datetime.datetime | None = None) -> int:
    """Hand every e-mail whose next attempt is due to the background task; returns how many."""
    due = OutgoingMail.objects.filter(gave_up=False, next_attempt_at__lte=now or timezone.now())
    ids = list(due.values_list("pk", flat=True)[:1000])
    for mail_id in ids:
        deliver.enqueue(mail_id=mail_id)
    return len(ids)
