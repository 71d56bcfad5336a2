"""Try again to send the e-mails that the mail server refused (run from cron every minute).
Two runs at the same instant are harmless: each e-mail is claimed by one sender (core/mail.py)."""

from typing import Any

from django.core.management.base import BaseCommand

from core.mail import retry_due
from core.models import OutgoingMail


class Command(BaseCommand):
    help = "Hand every e-mail whose next attempt is due to the background task that sends it."

    def handle(self, *args: Any, **options: Any) -> None:
        count = retry_due()
        waiting = OutgoingMail.objects.filter(gave_up=False).count()
        given_up = OutgoingMail.objects.filter(gave_up=True).count()
        self.stdout.write(f"{count} e-mails retried; {waiting} still waiting; {given_up} given up.")
