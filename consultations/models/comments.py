"""Comments on a consultation's draft, their official responses, and report subscriptions."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from consultations.choices import Channel, Decision, RejectionReason, Stance, Status
from core.models import KeyedToPage


class CommentQuerySet(models.QuerySet):
    def for_consultation(self, page):
        """Comments on every language version of a consultation (they share a translation key)."""
        return self.filter(consultation_key=page.translation_key)

    def published(self):
        return self.filter(status=Status.PUBLISHED)


class Comment(KeyedToPage, models.Model):
    """A comment on one paragraph of a draft (or on the whole draft), or a reply to a comment.

    A comment is anchored to the paragraph's StreamField block id, which every translation of the
    page shares, and keeps a snapshot of the paragraph as it read when the comment was written.
    """

    consultation = models.ForeignKey(
        "consultations.ConsultationPage",
        verbose_name=_("consultation"),
        # A consultation with comments cannot be deleted (core/keeping.py): this is the last guard.
        on_delete=models.PROTECT,
        related_name="comments",
        help_text=_("The language version of the consultation the comment was written on."),
    )
    consultation_key = models.UUIDField(editable=False, db_index=True)
    page_key_fields = ("consultation", "consultation_key")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    paragraph_id = models.CharField(_("paragraph block id"), max_length=64, blank=True)
    paragraph_number = models.PositiveIntegerField(_("paragraph"), null=True, blank=True)
    section_number = models.PositiveIntegerField(_("section"), null=True, blank=True)
    section_heading = models.CharField(_("section heading"), max_length=255, blank=True)
    paragraph_text = models.TextField(_("paragraph as commented"), blank=True)

    stance = models.CharField(_("stance"), max_length=20, choices=Stance.choices)
    text = models.TextField(_("comment"))
    proposed_wording = models.TextField(_("proposed wording"), blank=True)
    author_name = models.CharField(_("name"), max_length=100, blank=True)
    show_name = models.BooleanField(_("show the name publicly"), default=True)
    email = models.EmailField(_("e-mail"), blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    language = models.CharField(_("language"), max_length=10)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.ONLINE)

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UNCONFIRMED, db_index=True
    )
    rejection_reason = models.CharField(
        _("reason for rejection"), max_length=20, choices=RejectionReason.choices, blank=True
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now, db_index=True)
    consent_at = models.DateTimeField(_("privacy consent given"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    token_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    token_expires_at = models.DateTimeField(null=True, blank=True, editable=False)

    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    response = models.TextField(
        _("official response"),
        blank=True,
        help_text=_("The authority's answer, shown publicly under the comment and in the report."),
    )
    response_paragraph_id = models.CharField(
        _("changed paragraph"),
        max_length=64,
        blank=True,
        help_text=_("The paragraph of the new version of the draft that changed because of this comment."),
    )
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["consultation_key", "status"], name="comment_key_status"),
            # The newest threads of each paragraph (services._newest_threads) without a sort.
            models.Index(
                fields=["consultation_key", "status", "paragraph_id", "created_at", "id"],
                name="comment_threads",
                condition=models.Q(parent__isnull=True),
            ),
        ]

    def __str__(self):
        where = (
            _("paragraph %(number)s") % {"number": self.paragraph_number}
            if self.paragraph_number
            else _("the whole draft")
        )
        return f"{self.public_name} — {where}: {self.text[:60]}"

    @property
    def public_name(self):
        return self.author_name if self.show_name and self.author_name else pgettext_lazy("author", "Anonymous")

    @property
    def full_text(self):
        return self.text

    full_text.fget.short_description = _("comment")  # type: ignore[attr-defined]

    @property
    def consultation_title(self):
        return self.consultation.title

    @property
    def response_paragraph(self):
        """For exports: the block id of the changed paragraph (the export shows its number)."""
        return self.response_paragraph_id

    @property
    def reply_to_id(self):
        return self.parent_id or ""

    @classmethod
    def from_db(cls, db, field_names, values):
        comment = super().from_db(db, field_names, values)
        comment.saved_status = comment.__dict__.get("status")
        return comment

    @property
    def is_or_was_public(self):
        """Whether the public pages show or showed this comment (their cached copies then change)."""
        return Status.PUBLISHED in (self.status, getattr(self, "saved_status", None))


class ReportSubscription(KeyedToPage, models.Model):
    """Someone who asked to be told by e-mail when a consultation's report is published."""

    consultation = models.ForeignKey(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="report_subscriptions"
    )
    consultation_key = models.UUIDField(editable=False, db_index=True)
    page_key_fields = ("consultation", "consultation_key")
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=10)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    token_expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report subscription")
        constraints = [
            models.UniqueConstraint(fields=["consultation_key", "email"], name="one_subscription_per_address")
        ]


class ModerationDigest(models.Model):
    """When moderators were last told about waiting comments (so they get a digest, not a flood)."""

    sent_at = models.DateTimeField(default=timezone.now)
    comment_count = models.PositiveIntegerField()
    recipient_count = models.PositiveIntegerField()

    class Meta:
        get_latest_by = "sent_at"
