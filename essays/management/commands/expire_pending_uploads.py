"""Delete the entry files kept between two posts of a form once they are older than a day (from
cron or the worker; they are also cleaned up each time a new one is kept)."""

from django.core.management.base import BaseCommand

from essays.forms import pending_uploads


class Command(BaseCommand):
    help = "Delete pending essay uploads older than a day."

    def handle(self, *args, **options):
        removed = pending_uploads.expire()
        self.stdout.write(f"{removed} pending upload(s) deleted.")
