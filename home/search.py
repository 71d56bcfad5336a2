"""Search of the public site: live public pages of one language."""

from wagtail.models import Locale, Page


def search_pages(query: str, language_code: str) -> list[Page]:
    """Live public pages in one language that match the query.

    PostgreSQL has no stemmer for mk, sq or bg, so the backend's "simple" configuration
    matches whole words; when nothing matches, the query's words are also tried as
    prefixes (so "млад" finds "младите"), which covers most inflected forms.
    """
    try:
        locale = Locale.objects.get(language_code=language_code)
    except Locale.DoesNotExist:
        return []
    pages = Page.objects.live().public().filter(locale=locale).exclude(depth__lte=1).specific()
    results = list(pages.search(query, operator="or"))
    if not results:
        results = list(pages.autocomplete(query))
    return results
