"""A student's entry. Its file lives in private storage, outside the public media folder, and is
served only through checked views; its personal data can be deleted after the results."""

import secrets

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.models import KeyedToPage
from core.storage import PrivateFileSystemStorage, private_storage
from essays.choices import ESSAY_LANGUAGES, EntryStatus
from essays.text import count_words

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


@deconstructible
class PrivateStorage(PrivateFileSystemStorage):
    """Kept for the first migration, which names it; the field now asks core.storage."""


def age_on(birth_date, day):
    """Full years of age on a day."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def random_code(length):
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(length))


def entry_file_path(entry, filename):
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"essays/{entry.competition_key}/{secrets.token_hex(16)}.{extension}"


class EntryQuerySet(models.QuerySet):
    def for_competition(self, page):
        return self.filter(competition_key=page.translation_key)

    def with_jury(self):
        """Entries the jury reads: submitted (and so confirmed by the guardian where needed)."""
        return self.filter(status=EntryStatus.SUBMITTED)


# What the staff read of an entry whose title, name and school were deleted (the admin's list,
# the ranking and the winners, through Entry.listed_title).
DELETED_AFTER_RETENTION = _("Title, name and school deleted after the retention period")


class Entry(KeyedToPage, models.Model):
    competition = models.ForeignKey(
        "essays.CompetitionPage",
        verbose_name=_("competition"),
        # A competition with entries cannot be deleted (core/keeping.py): this is the last guard.
        on_delete=models.PROTECT,
        related_name="entries",
    )
    competition_key = models.UUIDField(editable=False, db_index=True)
    page_key_fields = ("competition", "competition_key")
    receipt_code = models.CharField(_("receipt code"), max_length=20, unique=True, editable=False)
    jury_code = models.CharField(_("entry code"), max_length=10, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=EntryStatus.choices, db_index=True)
    status_reason = models.TextField(_("reason"), blank=True)

    # The student (never shown to the jury).
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    birth_date = models.DateField(_("date of birth"))
    school = models.CharField(_("school"), max_length=200)
    grade = models.CharField(_("grade"), max_length=20)
    municipality = models.CharField(_("municipality"), max_length=100)
    guardian_name = models.CharField(_("guardian's name"), max_length=150, blank=True)
    guardian_email = models.EmailField(_("guardian's e-mail"), blank=True)
    guardian_confirmed_at = models.DateTimeField(_("guardian confirmed"), null=True, blank=True)

    # The essay.
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language of the essay"), max_length=10, choices=ESSAY_LANGUAGES)
    text = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), storage=private_storage, upload_to=entry_file_path, blank=True)
    file_type = models.CharField(max_length=10, blank=True, editable=False)
    file_text = models.TextField(_("text extracted from the file"), blank=True, editable=False)
    word_count = models.PositiveIntegerField(_("words"), default=0)

    # Consents.
    originality_declared_at = models.DateTimeField(null=True, editable=False)
    privacy_consent_at = models.DateTimeField(null=True, editable=False)
    consent_version = models.CharField(_("consent version"), max_length=40, editable=False)
    publish_name = models.BooleanField(_("name may be published if the essay wins"), default=False)

    # Secret links (only hashes are stored).
    edit_token_hash = models.CharField(max_length=64, editable=False, db_index=True)
    guardian_token_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    # The entry form's one-time token, hashed with the student's e-mail address: a second post of
    # the same form (a double click) finds the entry instead of making another.
    submission_key = models.CharField(max_length=64, null=True, blank=True, editable=False)

    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    personal_data_deleted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["competition_key", "jury_code"], name="one_jury_code_per_competition"),
            models.UniqueConstraint(fields=["competition_key", "submission_key"], name="one_entry_per_form_post"),
        ]

    def __str__(self):
        return f"{self.jury_code} · {self.listed_title()}"

    def listed_title(self):
        """The title as the staff's lists show it: an entry anonymised after the retention period
        (essays/retention.py) says so instead of showing nothing."""
        if self.personal_data_deleted_at:
            return DELETED_AFTER_RETENTION
        return self.title

    listed_title.short_description = _("title")  # type: ignore[attr-defined]
    listed_title.admin_order_field = "title"  # type: ignore[attr-defined]

    def save(self, *args, **kwargs):
        self.fill_page_key()  # the jury code below is unique per competition key
        if not self.receipt_code:
            self.receipt_code = f"{random_code(4)}-{random_code(4)}"
        essay = self.text or self.file_text
        if essay:  # kept in step when a coordinator corrects the text; stays after anonymisation
            self.word_count = count_words(essay)
        if not self.jury_code:
            taken = set(Entry.objects.filter(competition_key=self.competition_key).values_list("jury_code", flat=True))
            code = random_code(4)
            while code in taken:
                code = random_code(4)
            self.jury_code = code
        super().save(*args, **kwargs)

    def age_on(self, day):
        return age_on(self.birth_date, day)

    @property
    def file_link(self):
        """For the coordinators' inspect view: the original file, through the checked admin view."""
        if not self.file:
            return ""
        return format_html('<a href="{}">{}</a>', reverse("essays_entry_file", args=[self.pk]), self.file_type.upper())

    @property
    def competition_title(self):
        return self.competition.title

    @property
    def essay_text(self):
        """What the jury reads: the typed text, or the text extracted from the file."""
        return self.text or self.file_text
