"""The site's languages as a visitor meets them: each language's own name, and a page's
versions in every language."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from wagtail.models import Page

from core import cache as page_cache
from core.locales import language_code_of
from core.restrictions import private_pages_q


def language_name(code: str) -> str:
    """The name of a language in that language, e.g. "Македонски" for mk."""
    with translation.override(code):
        info = translation.get_language_info(code)
    return info["name_local"].capitalize()


def page_translations(page: Page, request: HttpRequest | None) -> list[dict[str, Any]]:
    """Each site language with the URL of this page's live translation in it, or None.

    One query, whatever the number of languages; with GLAS_CACHE_FRAGMENTS kept in the cache
    until the page or one of its translations is published, unpublished or moved (each purges
    the tags of all of them, core/cache.py purge_page), or the site is purged.
    """
    private = private_pages_q(request)

    def build() -> list[dict[str, Any]]:
        by_language = {}
        for translated in Page.objects.filter(translation_key=page.translation_key).live().exclude(private):
            by_language[language_code_of(translated)] = translated.get_url(request)
        return [
            {"code": code, "name": language_name(code), "url": by_language.get(code)}
            for code, _name in settings.LANGUAGES
        ]

    token = page_cache.site_token() if getattr(settings, "GLAS_CACHE_FRAGMENTS", False) and page.pk else None
    if token is None:
        return build()
    host = request.get_host() if request is not None else ""
    key = page_cache.fragment_key("translations", str(page.pk), host, str(private), token)
    kept = page_cache.tag_cached(page_cache.page_tag(page.pk), key, build, page_cache.FRAGMENT_SECONDS)
    return [dict(version) for version in kept]  # the caller adds to each


def language_of(user: Any) -> str:
    """The language to write to a member of staff in: the one they chose for e-mails, else the
    admin's language of their Wagtail profile, else the site's default."""
    codes = {code for code, _name in settings.LANGUAGES}
    chosen = getattr(getattr(user, "glas_settings", None), "email_language", "")
    if chosen in codes:
        return chosen
    profile = getattr(user, "wagtail_userprofile", None)
    preferred = getattr(profile, "preferred_language", "") or ""
    return preferred if preferred in codes else settings.LANGUAGE_CODE
