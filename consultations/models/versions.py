"""Versions of a consultation's draft: v1, v2 … published on the same page.

A version is two things kept apart on purpose:
- `DraftVersion`, a row of the page (an inline in the editor, translated with the page by
  wagtail-localize): its number, the day it was published and a short summary of what changed.
  It lives in the page's revisions like any other field.
- `DraftVersionText`, the text of the draft as it read in one language while that version was the
  newest. It is written when the page is published (consultations/versions.py) and never by an
  editor, so that reverting or editing the page cannot rewrite what citizens commented on.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable, TranslatableMixin


class DraftVersion(TranslatableMixin, Orderable):
    page = ParentalKey("consultations.ConsultationPage", on_delete=models.CASCADE, related_name="draft_versions")
    # Given when the version is first saved with the page: one more than any version so far.
    number = models.PositiveIntegerField(_("version"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    summary = models.TextField(
        _("what changed"),
        help_text=_(
            "A few sentences for the public on what changed since the previous version and why. "
            "The draft above is the text of this version: edit it, then publish the page."
        ),
    )

    panels = [FieldPanel("summary")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("draft version")
        verbose_name_plural = _("draft versions")
        ordering = ["sort_order"]

    def __str__(self):
        return f"v{self.number or '?'}"

    def save(self, *args, **kwargs):
        if self.number is None:
            # The editor's form comes from the page's latest revision, saved before this row had a
            # number: a row published before is saved anew, and finds its number in its text.
            kept = DraftVersionText.objects.filter(version_key=self.translation_key).order_by("kept_at").first()
            if kept is not None:
                self.number = kept.number
                self.published_at = self.published_at or kept.kept_at
        if self.number is None:
            self.number = next_version_number(self.page)
        if self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)


def newest_row(page):
    """The row of the version the page now shows, or None before it has any."""
    rows = [row for row in page.draft_versions.all() if row.number]
    return max(rows, key=lambda row: row.number, default=None)


def newest_number(page) -> int:
    """The number of the version the page now shows: its newest row, or 1 for a page that was
    published before it had any (its text is kept as version 1)."""
    row = newest_row(page)
    return row.number if row else 1


def next_version_number(page) -> int:
    """One more than the newest version of any language version of the page: its rows and the
    texts already kept (a page published before it had rows has a version 1 of its own)."""
    rows = DraftVersion.objects.filter(page__translation_key=page.translation_key).aggregate(n=models.Max("number"))
    texts = DraftVersionText.objects.filter(consultation_key=page.translation_key).aggregate(n=models.Max("number"))
    return max(rows["n"] or 0, texts["n"] or 0) + 1


class DraftVersionText(models.Model):
    """The draft of one version in one language, as the StreamField's raw blocks (id, type, value)."""

    consultation_key = models.UUIDField(editable=False, db_index=True)
    number = models.PositiveIntegerField(_("version"))
    language = models.CharField(_("language"), max_length=10)
    blocks = models.JSONField(_("draft"), default=list)
    # The version's row (its translation key, shared by its translations); empty for a version 1
    # published before the page had rows.
    version_key = models.UUIDField(null=True, blank=True, editable=False, db_index=True)
    kept_at = models.DateTimeField(_("first kept"), default=timezone.now)

    class Meta:
        verbose_name = _("text of a draft version")
        verbose_name_plural = _("texts of draft versions")
        ordering = ["consultation_key", "number", "language"]
        constraints = [
            models.UniqueConstraint(fields=["consultation_key", "number", "language"], name="one_text_per_version")
        ]

    def __str__(self):
        return f"v{self.number} ({self.language})"
