"""The competitions' section of the home page (registered in essays/wagtail_hooks.py)."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from wagtail.models import Page

from core.phases import first_after
from core.restrictions import private_pages_q
from essays.models import CompetitionPage

HOME_COMPETITION_COUNT = 3


def open_competitions(home_page: Page, request: HttpRequest | None = None) -> dict[str, Any]:
    """The competitions of the home page's language that accept entries, and when the next one
    opens (two queries)."""
    pages = CompetitionPage.objects.live().exclude(private_pages_q(request)).filter(locale_id=home_page.locale_id)
    competitions = list(pages.open_now().order_by("deadline")[:HOME_COMPETITION_COUNT])
    opens_next = (
        pages.filter(opens_at__gt=timezone.now()).order_by("opens_at").values_list("opens_at", flat=True).first()
    )
    return {"competitions": competitions, "opens_next": opens_next}


def open_competitions_change_at(section: dict[str, Any], now: datetime) -> datetime | None:
    """The section changes by the clock when the deadline of a competition it shows passes or
    the next one opens; until then it is kept rendered (core/templatetags/glas_tags.py)."""
    return first_after(now, *(page.deadline for page in section["competitions"]), section["opens_next"])
