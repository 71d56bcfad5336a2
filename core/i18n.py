"""The site's languages as a visitor meets them: each language's own name, and a page's
versions in every language."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from wagtail.models import Page

from core.locales import language_code_of
from core.restrictions import private_pages_q


def language_name(code: str) -> str:
    """The name of a language in that language, e.g. "Македонски" for mk."""
    with translation.override(code):
        info = translation.get_language_info(code)
    return info["name_local"].capitalize()


def page_translations(page: Page, request: HttpRequest | None) -> list[dict[str, Any]]:
    """Each site language with the URL of this page's live translation in it, or None.

    One query, whatever the number of languages.
    """
    by_language = {}
    translations = Page.objects.filter(translation_key=page.translation_key).live().exclude(private_pages_q(request))
    for translated in translations:
        by_language[language_code_of(translated)] = translated.get_url(request)
    return [
        {"code": code, "name": language_name(code), "url": by_language.get(code)} for code, _name in settings.LANGUAGES
    ]


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
