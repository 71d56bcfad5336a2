"""The fixed vocabularies of consultation comments, shared by models, forms, admin and report."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Stance(models.TextChoices):
    SUPPORT = "support", _("I support this")
    OPPOSE = "oppose", _("I oppose this")
    CHANGE = "change", _("I suggest a change")
    QUESTION = "question", _("I have a question")


class Status(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Waiting for e-mail confirmation")
    PENDING = "pending", _("Waiting for moderation")
    PUBLISHED = "published", pgettext_lazy("comment status", "Published")
    REJECTED = "rejected", pgettext_lazy("comment status", "Rejected")
    SPAM = "spam", _("Spam")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online form")
    EMAIL = "email", _("E-mail")
    PAPER = "paper", _("Letter or paper form")
    MEETING = "meeting", _("Public meeting")
    OTHER = "other", _("Other")


class RejectionReason(models.TextChoices):
    OFF_TOPIC = "off-topic", _("Not about this consultation")
    ABUSIVE = "abusive", _("Insulting or hateful language")
    PERSONAL_DATA = "personal-data", _("Reveals other people's personal data")
    DUPLICATE = "duplicate", _("Duplicate of another comment")
    ADVERTISING = "advertising", _("Advertising")
    OTHER = "other", _("Other reason")


class Decision(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTLY = "partly", _("Partly accepted")
    NOT_ACCEPTED = "not-accepted", _("Not accepted")
    NOTED = "noted", _("Noted / out of scope")


class Moderation(models.TextChoices):
    PRE = "pre", _("Pre-moderation: a moderator approves each comment before it appears")
    POST = "post", _("Post-moderation: confirmed comments appear at once; moderators can remove them")


class Phase(models.TextChoices):
    """A consultation's phase, read from its dates (never stored)."""

    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open for comments")
    CLOSED = "closed", _("Closed, report in preparation")
    REPORT_PUBLISHED = "report", _("Report published")


# In the order of core.phases.phase_at: upcoming, open, closed, concluded.
PHASES = (Phase.UPCOMING, Phase.OPEN, Phase.CLOSED, Phase.REPORT_PUBLISHED)
