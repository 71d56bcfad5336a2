"""The consultations' section of the home page (registered in consultations/wagtail_hooks.py)."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from wagtail.models import Page

from consultations.models import ConsultationPage
from core.phases import first_after
from core.restrictions import private_pages_q

HOME_CONSULTATION_COUNT = 3


def open_consultations(home_page: Page, request: HttpRequest | None = None) -> dict[str, Any]:
    """The open consultations of the home page's language, and when the next one opens (two
    queries)."""
    pages = ConsultationPage.objects.live().exclude(private_pages_q(request)).filter(locale_id=home_page.locale_id)
    consultations = list(pages.open_now().select_related("organiser").order_by("closes_at")[:HOME_CONSULTATION_COUNT])
    opens_next = pages.upcoming().order_by("opens_at").values_list("opens_at", flat=True).first()
    return {"consultations": consultations, "opens_next": opens_next}


def open_consultations_change_at(section: dict[str, Any], now: datetime) -> datetime | None:
    """The section changes by the clock when a consultation it shows closes or the next one
    opens; until then it is kept rendered (core/templatetags/glas_tags.py home_sections)."""
    return first_after(now, *(page.closes_at for page in section["consultations"]), section["opens_next"])
