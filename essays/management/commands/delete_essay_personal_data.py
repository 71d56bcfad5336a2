"""Delete the personal data of entries that did not win, GLAS_ESSAY_RETENTION_MONTHS after a
competition's results (or after its deadline, for entries whose guardian never consented).
What stays is anonymous: the entry code, language, word count, grade, municipality, year of birth
and the jury's scores, for statistics. Run it from cron, e.g. monthly."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from essays.retention import anonymise, expired_entries


class Command(BaseCommand):
    help = "Delete the personal data of non-winning essay entries after the retention period."

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=settings.GLAS_ESSAY_RETENTION_MONTHS)
        parser.add_argument("--dry-run", action="store_true", help="Only count the entries concerned.")

    def handle(self, *args, months, dry_run, **options):
        entries = list(expired_entries(months))
        if not dry_run:
            with transaction.atomic():
                for entry in entries:
                    anonymise(entry)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} the personal data of {len(entries)} entries.")
