"""The consultations' section of the home page (registered in consultations/wagtail_hooks.py)."""

from typing import Any

from django.http import HttpRequest
from wagtail.models import Page

from consultations.models import ConsultationPage
from core.restrictions import private_pages_q

HOME_CONSULTATION_COUNT = 3


def open_consultations(home_page: Page, request: HttpRequest | None = None) -> dict[str, Any]:
    """The open consultations of the home page's language (one query)."""
    consultations = list(
        ConsultationPage.objects.live()
        .exclude(private_pages_q(request))
        .open_now()
        .filter(locale_id=home_page.locale_id)
        .select_related("organiser")
        .order_by("closes_at")[:HOME_CONSULTATION_COUNT]
    )
    return {"consultations": consultations}
