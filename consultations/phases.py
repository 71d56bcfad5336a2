"""The phases of a consultation, derived from its dates (never stored)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open for comments")
    CLOSED = "closed", _("Closed, report in preparation")
    REPORT_PUBLISHED = "report", _("Report published")


def phase_at(now, opens_at, closes_at, report_published_at=None):
    """The phase at a moment: open from `opens_at` (inclusive) until `closes_at` (exclusive),
    then closed until the report's publication time, if one is set."""
    if now < opens_at:
        return Phase.UPCOMING
    if now < closes_at:
        return Phase.OPEN
    if report_published_at is not None and now >= report_published_at:
        return Phase.REPORT_PUBLISHED
    return Phase.CLOSED
