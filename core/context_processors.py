"""What every template of the site may use: the brand as the page's script writes it, the
page's language as og:locale wants it, and the words searched for (the header's search box)."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language


def brand_for(language: str | None) -> str:
    """ "Глас" on Cyrillic pages, "Glas" elsewhere (GLAS_BRAND_BY_LANGUAGE)."""
    return settings.GLAS_BRAND_BY_LANGUAGE.get(language or "", settings.GLAS_BRAND)


def site(request: HttpRequest) -> dict[str, str]:
    language = get_language() or settings.LANGUAGE_CODE
    return {
        "BRAND": brand_for(language),
        "OG_LOCALE": settings.GLAS_OG_LOCALES.get(language, language),
        # Read here: `request.GET.q` in the template lists the query's attributes when it misses.
        "SEARCH_QUERY": request.GET.get("q", ""),
    }
