"""Comments on a consultation's draft, their official responses, and report subscriptions."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from consultations.choices import Channel, Decision, RejectionReason, Stance, Status
from consultations.models.municipalities import in_default_language
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
    draft_version = models.PositiveIntegerField(
        _("written on version"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The version of the draft the page showed when the comment was written."),
    )

    stance = models.CharField(_("stance"), max_length=20, choices=Stance.choices)
    text = models.TextField(_("comment"))
    proposed_wording = models.TextField(_("proposed wording"), blank=True)
    author_name = models.CharField(_("name"), max_length=100, blank=True)
    show_name = models.BooleanField(_("show the name publicly"), default=True)
    email = models.EmailField(_("e-mail"), blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    municipality = models.CharField(
        _("municipality"),
        max_length=100,
        blank=True,
        help_text=_("As the author wrote it: a municipality not on the consultation's list, or an older comment."),
    )
    municipality_choice = models.ForeignKey(
        "consultations.Municipality",
        verbose_name=_("municipality from the list"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=in_default_language,
    )
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
    # A hash of the form's one-time key and the address: a second post of the same form finds it.
    submission_key = models.CharField(max_length=64, null=True, blank=True, editable=False)
    redaction_reason = models.CharField(
        _("redacted"),
        max_length=300,
        blank=True,
        editable=False,
        help_text=_("Why a moderator redacted the comment (the original is kept in its redactions)."),
    )

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
        constraints = [
            models.UniqueConstraint(fields=["consultation_key", "submission_key"], name="one_comment_per_form_post")
        ]
        indexes = [
            models.Index(fields=["consultation_key", "status"], name="comment_key_status"),
            # The newest threads of each paragraph and their counts (drafts._newest_threads): the
            # window functions read this index in their own order, without a sort or the table.
            models.Index(
                fields=["consultation_key", "status", "paragraph_id", "-created_at", "-id"],
                name="comment_newest_threads",
                condition=models.Q(parent__isnull=True),
            ),
            # The count of published replies, read without passing over every thread.
            models.Index(
                fields=["consultation_key", "status"],
                name="comment_replies",
                condition=models.Q(parent__isnull=False),
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
    def municipality_name(self):
        """The municipality in the reader's language when it is from the list, else as written."""
        if self.municipality_choice_id:
            from consultations.models.municipalities import name_of

            return name_of(self.municipality_choice_id) or self.municipality
        return self.municipality

    @property
    def redaction_history(self):
        """For moderators (the inspect view): every redaction, with what the comment said before."""
        from django.utils.html import format_html, format_html_join

        rows = [
            (
                redaction.redacted_at.strftime("%Y-%m-%d %H:%M"),
                redaction.redacted_by or "—",
                redaction.reason,
                redaction.original_text,
                redaction.original_proposed_wording or "—",
            )
            for redaction in self.redactions.select_related("redacted_by")
        ]
        if not rows:
            return "—"
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "",
                "<li>{} · {} · {}<br>{}: {}<br>{}: {}</li>",
                (
                    (when, who, reason, _("Original text"), text, _("Original proposed wording"), wording)
                    for when, who, reason, text, wording in rows
                ),
            ),
        )

    redaction_history.fget.short_description = _("redactions")  # type: ignore[attr-defined]

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
        comment.saved_paragraph_id = comment.__dict__.get("paragraph_id")
        return comment

    @property
    def is_or_was_public(self):
        """Whether the public pages show or showed this comment (their cached copies then change)."""
        return Status.PUBLISHED in (self.status, getattr(self, "saved_status", None))


class CommentRedaction(models.Model):
    """A moderator's correction of a comment's public text (a telephone number posted by mistake,
    an insult), with the text as it was before: never changed or deleted."""

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.PROTECT, related_name="redactions"
    )
    original_text = models.TextField(_("original text"))
    original_proposed_wording = models.TextField(_("original proposed wording"), blank=True)
    redacted_text = models.TextField(_("redacted text"))
    redacted_proposed_wording = models.TextField(_("redacted proposed wording"), blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    redacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("redacted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    redacted_at = models.DateTimeField(_("redacted"), default=timezone.now)

    class Meta:
        verbose_name = _("redaction")
        verbose_name_plural = _("redactions")
        ordering = ["redacted_at", "pk"]

    def __str__(self):
        return f"{self.comment_id}: {self.reason}"

    @classmethod
    def record(cls, comment, user, text, proposed_wording, reason):
        """Replace the comment's public text with the redacted one, keep what it said before in a
        new redaction, and write the action to Wagtail's log."""
        from django.db import transaction
        from wagtail.log_actions import log

        with transaction.atomic():
            redaction = cls.objects.create(
                comment=comment,
                original_text=comment.text,
                original_proposed_wording=comment.proposed_wording,
                redacted_text=text,
                redacted_proposed_wording=proposed_wording,
                reason=reason,
                redacted_by=user,
            )
            comment.text = text
            comment.proposed_wording = proposed_wording
            comment.redaction_reason = reason
            comment.save(update_fields=["text", "proposed_wording", "redaction_reason"])
            log(
                instance=comment,
                action="glas.comment.redact",
                user=user,
                data={"reason": reason, "redaction": redaction.pk},
            )
        return redaction


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
