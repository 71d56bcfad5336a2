"""Tell the people who asked that a consultation's report is published. Run it from cron
(e.g. hourly); each subscriber hears once and is then removed from the list."""

from django.conf import settings
from django.core.management.base import BaseCommand

from consultations.subscriptions import notify_report_subscribers


class Command(BaseCommand):
    help = "E-mail confirmed subscribers whose consultation report has been published."

    def handle(self, *args, **options):
        sent = notify_report_subscribers(settings.WAGTAILADMIN_BASE_URL)
        self.stdout.write(f"Notified {sent} subscribers.")
