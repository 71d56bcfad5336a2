"""Delete the personal data of entries that did not win, GLAS_ESSAY_RETENTION_MONTHS after a
competition's results (or after its deadline, for entries whose guardian never consented).
What stays is anonymous: the entry code, language, word count, grade, municipality, year of birth
and the jury's scores, for statistics. Run it from cron, e.g. monthly."""

from datetime import date, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from essays.choices import EntryStatus
from essays.models import Entry


def cutoff(months):
    return timezone.now() - timedelta(days=round(months * 30.44))


def expired_entries(months):
    limit = cutoff(months)
    reported = Entry.objects.filter(
        competition__results_published_at__lte=limit, award__isnull=True, personal_data_deleted_at=None
    )
    never_confirmed = Entry.objects.filter(
        status=EntryStatus.AWAITING_GUARDIAN, competition__deadline__lte=limit, personal_data_deleted_at=None
    )
    return (reported | never_confirmed).distinct()


def anonymise(entry):
    if entry.file:
        entry.file.delete(save=False)
    entry.name = entry.email = entry.school = entry.guardian_name = entry.guardian_email = ""
    entry.text = entry.file_text = entry.title = ""
    entry.birth_date = date(entry.birth_date.year, 1, 1)
    entry.edit_token_hash = entry.guardian_token_hash = ""
    entry.personal_data_deleted_at = timezone.now()
    entry.save()


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
