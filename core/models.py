"""The platform's records: e-mail waiting to be sent (the outbox that makes a failing mail server
lose nothing), and the mixin of records that belong to a page in every language."""

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingMail(models.Model):
    """One e-mail, stored before the first attempt to send it and deleted once the mail server
    has taken it. A failed attempt stays here with its error and the time of the next attempt;
    while a sender is at it, the row carries its claim."""

    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("body"))
    recipients = models.JSONField(_("recipients"))
    from_email = models.CharField(_("from"), max_length=254, blank=True)
    reply_to = models.CharField(_("reply-to address"), max_length=254, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), db_index=True)
    last_error = models.TextField(_("last error"), blank=True)
    gave_up = models.BooleanField(_("gave up"), default=False)
    # Set while a sender is talking to the mail server (core/mail.py): no other sender takes the
    # e-mail until then, or until the claim is older than GLAS_MAIL_CLAIM_MINUTES (a crash).
    claimed_at = models.DateTimeField(_("being sent since"), null=True, blank=True)
    # A default in the database too: home's migration 0005 copies old rows in SQL.
    claimed_by = models.CharField(_("sent by"), max_length=64, blank=True, default="", db_default="")

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["next_attempt_at"]

    def __str__(self) -> str:
        return self.subject


class KeyedToPage:
    """A record about a page in all its languages (a comment, an entry, a subscription): it keeps
    the page's translation key, which every language version shares, beside the version it was
    made on. Name the two fields in `page_key_fields`; the key is filled in on the first save."""

    page_key_fields: ClassVar[tuple[str, str]]

    def fill_page_key(self) -> None:
        page_field, key_field = self.page_key_fields
        if getattr(self, f"{page_field}_id") and not getattr(self, key_field):
            setattr(self, key_field, getattr(self, page_field).translation_key)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.fill_page_key()
        super().save(*args, **kwargs)  # type: ignore[misc]


class PersonalSettings(models.Model):
    """What a member of staff chose for themself beyond Wagtail's own profile: the language of
    the e-mails the site sends them (the admin has no Macedonian or Albanian, e-mails do)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="glas_settings")
    email_language = models.CharField(
        _("language of e-mails"),
        max_length=10,
        blank=True,  # the choices are the site's languages (GLAS_EXTRA_LANGUAGES): given by the form
        help_text=_("The e-mails this site sends you (digests, assignments) come in this language."),
    )

    class Meta:
        verbose_name = _("personal settings")
        verbose_name_plural = _("personal settings")

    def __str__(self) -> str:
        return str(self.user)


class MailOptOut(models.Model):
    """An address that asked for no more e-mails about its comments (moderation, answers,
    reports). Only a hash of the lower-cased address is kept (core/optout.py), never the address."""

    address_hash = models.CharField(_("address hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("e-mail opt-out")
        verbose_name_plural = _("e-mail opt-outs")

    def __str__(self) -> str:
        return self.address_hash[:12]


class NoticeSent(models.Model):
    """That a one-time notice went out (e.g. a report's publication to one comment author), so
    that a command run again does not send it twice. Only a hash of what identifies it is kept."""

    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("notice sent")
        verbose_name_plural = _("notices sent")

    def __str__(self) -> str:
        return self.key_hash[:12]
