"""Personal data of non-winning entries is deleted after the retention period; statistics stay."""

import io
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from essays.choices import EntryStatus
from essays.models import Award, Entry
from tests.essay_files import make_docx
from tests.factories import make_entry

pytestmark = pytest.mark.django_db


def test_non_winners_lose_their_personal_data_after_the_retention_period(competitions):
    page = competitions["closed"]
    page.results_published_at = timezone.now() - timedelta(days=400)
    page.save_revision().publish()
    winner = make_entry(page, title="Winner")
    Award.objects.create(entry=winner, place=1)
    other = make_entry(page, title="Other", file_type="docx")
    other.file.save("essay.docx", ContentFile(make_docx(["Text"])))
    path = other.file.path
    recent = make_entry(competitions["open"], title="This year's")

    out = io.StringIO()
    call_command("delete_essay_personal_data", "--dry-run", stdout=out)
    assert "Would delete the personal data of 1 entries." in out.getvalue()
    call_command("delete_essay_personal_data", stdout=io.StringIO())

    other.refresh_from_db()
    assert other.name == other.email == other.school == other.text == "" and not other.file
    assert other.personal_data_deleted_at is not None
    assert other.birth_date.month == 1 and other.birth_date.day == 1
    assert other.word_count == 8 and other.language == "en" and other.municipality == "Kratovo"
    import os

    assert not os.path.exists(path)
    winner.refresh_from_db()
    recent.refresh_from_db()
    assert winner.name == "Ana Petrovska" and recent.name == "Ana Petrovska"


def test_entries_never_confirmed_by_a_guardian_are_deleted_after_the_deadline(competitions):
    page = competitions["closed"]  # its deadline passed 30 days ago
    waiting = make_entry(page, status=EntryStatus.AWAITING_GUARDIAN)
    call_command("delete_essay_personal_data", "--months", "0", stdout=io.StringIO())
    waiting.refresh_from_db()
    assert waiting.name == "" and Entry.objects.count() == 1
