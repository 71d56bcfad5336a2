"""The time zones of the bodies that run consultations, competitions and events, and how a
visitor is told which one a time is in ("Sofia time"). A page keeps its zone in `time_zone`;
times are stored in UTC and shown in the page's zone."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Zone → how a time in it is labelled for the visitor.
LABELS: dict[str, Promise] = {
    "Europe/Skopje": _("Skopje time"),
    "Europe/Tirane": _("Tirana time"),
    "Europe/Sofia": _("Sofia time"),
}


def time_zone_field() -> models.CharField:
    """The time zone of the body that runs the page's consultation, competition or event."""
    return models.CharField(
        _("time zone"),
        max_length=40,
        choices=[(zone, zone) for zone in LABELS],
        default=settings.TIME_ZONE,
        help_text=_("Times on the page are shown in this time zone, with its city."),
    )


def label(zone: str) -> Any:
    """ "Skopje time", "Sofia time": what the page says after a time in this zone."""
    return LABELS.get(zone, zone)
