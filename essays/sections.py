"""The competitions' section of the home page (registered in essays/wagtail_hooks.py)."""

from typing import Any

from django.http import HttpRequest
from wagtail.models import Page

from core.restrictions import private_pages_q
from essays.models import CompetitionPage

HOME_COMPETITION_COUNT = 3


def open_competitions(home_page: Page, request: HttpRequest | None = None) -> dict[str, Any]:
    """The competitions of the home page's language that accept entries (one query)."""
    competitions = list(
        CompetitionPage.objects.live()
        .exclude(private_pages_q(request))
        .open_now()
        .filter(locale_id=home_page.locale_id)
        .order_by("deadline")[:HOME_COMPETITION_COUNT]
    )
    return {"competitions": competitions}
