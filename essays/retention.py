"""How long the personal data of entries is kept: the students who did not win lose their name,
contact details, school and essay GLAS_ESSAY_RETENTION_MONTHS after the results (or after the
deadline, for entries whose guardian never consented). What stays is anonymous: the entry code,
language, word count, grade, municipality, year of birth and the jury's scores, for statistics."""

from datetime import date, datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from essays.choices import EntryStatus
from essays.models import Entry


def cutoff(months: int) -> datetime:
    return timezone.now() - timedelta(days=round(months * 30.44))


def expired_entries(months: int) -> QuerySet:
    limit = cutoff(months)
    reported = Entry.objects.filter(
        competition__results_published_at__lte=limit, award__isnull=True, personal_data_deleted_at=None
    )
    never_confirmed = Entry.objects.filter(
        status=EntryStatus.AWAITING_GUARDIAN, competition__deadline__lte=limit, personal_data_deleted_at=None
    )
    return (reported | never_confirmed).distinct()


def anonymise(entry: Entry) -> None:
    if entry.file:
        entry.file.delete(save=False)
    entry.name = entry.email = entry.school = entry.guardian_name = entry.guardian_email = ""
    entry.text = entry.file_text = entry.title = ""
    entry.birth_date = date(entry.birth_date.year, 1, 1)
    entry.edit_token_hash = entry.guardian_token_hash = ""
    entry.personal_data_deleted_at = timezone.now()
    entry.save()
