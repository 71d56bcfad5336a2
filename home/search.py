"""Search of the public site: live public pages of one language."""

from wagtail.models import Locale, Page


def search_pages(query: str, language_code: str) -> list[Page]:
    """Live public pages in one language that match the query.

    PostgreSQL has no stemmer for mk, sq or bg, so the backend's "simple" configuration matches
    whole words; the pages where a word of the query begins a word of the title or text follow
    (so "млад" finds "младите", "работодав" finds "работодавците" in the body), which covers most
    inflected forms. Whole-word matches come first.
    """
    try:
        locale = Locale.objects.get(language_code=language_code)
    except Locale.DoesNotExist:
        return []
    pages = Page.objects.live().public().filter(locale=locale).exclude(depth__lte=1).specific()
    results = list(pages.search(query, operator="or"))
    found = {page.pk for page in results}
    results += [page for page in pages.autocomplete(query) if page.pk not in found]
    return results
