"""E-mail waiting to be sent: the outbox that makes a failing mail server lose nothing."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingMail(models.Model):
    """One e-mail, stored before the first attempt to send it and deleted once the mail server
    has taken it. A failed attempt stays here with its error and the time of the next attempt."""

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

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["next_attempt_at"]

    def __str__(self):
        return self.subject
