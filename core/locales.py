"""Locales known without a query on most requests.

Wagtail looks the active language's Locale up on every page it serves (routing from the site's
root page goes through `Page.localized`), and a page's `locale` is read again by id where a
template or the structured data shows its language. The site's locales follow LANGUAGES and
change almost never, so each process keeps those it has read, for KEEP_SECONDS at most: saving or
deleting a Locale forgets them at once in this process (and again after the transaction commits),
and another process reads them again within KEEP_SECONDS. Only found locales are kept, so a
locale added anywhere is seen at once.
"""

import time
from typing import Any

from django.db import transaction
from wagtail.models import Locale
from wagtail.models.i18n import LocaleManager

KEEP_SECONDS = 300

_by_code: dict[str, tuple[float, Locale]] = {}
_by_id: dict[int, tuple[float, Locale]] = {}
_wagtail_get_for_language = LocaleManager.get_for_language


def forget(**kwargs: Any) -> None:
    """Read every locale from the database again (a Locale was saved or deleted)."""
    _by_code.clear()
    _by_id.clear()


def _forget_now_and_after_commit(**kwargs: Any) -> None:
    forget()
    transaction.on_commit(forget)


def _kept(table: dict[Any, tuple[float, Locale]], key: Any) -> Locale | None:
    found = table.get(key)
    if found is None or found[0] < time.monotonic():
        return None
    return found[1]


def _keep(locale: Locale) -> Locale:
    until = time.monotonic() + KEEP_SECONDS
    _by_code[locale.language_code] = (until, locale)
    _by_id[locale.pk] = (until, locale)
    return locale


def for_language(manager: LocaleManager, language_code: str) -> Locale:
    """Wagtail's `Locale.objects.get_for_language`, answered from what this process has read.
    Wagtail's `Locale.get_active()` and `get_default()` go through it."""
    found = _kept(_by_code, language_code)
    if found is None:
        found = _keep(_wagtail_get_for_language(manager, language_code))
        _by_code[language_code] = _by_code[found.language_code]
    return found


def by_id(locale_id: int) -> Locale:
    """The Locale with this id (a page's `locale_id`), without a query once read."""
    found = _kept(_by_id, locale_id)
    if found is None:
        found = _keep(Locale.objects.get(pk=locale_id))
    return found


def language_code_of(page: Any) -> str:
    """The language code of a page's locale, without a query once its locale is read."""
    cached = page._state.fields_cache.get("locale")
    return cached.language_code if cached is not None else by_id(page.locale_id).language_code


def connect() -> None:
    """Answer Wagtail's look-ups by language from the kept locales; forget them on a change."""
    from django.db.models.signals import post_delete, post_save

    LocaleManager.get_for_language = for_language
    post_save.connect(_forget_now_and_after_commit, sender=Locale, dispatch_uid="glas_locales_saved")
    post_delete.connect(_forget_now_and_after_commit, sender=Locale, dispatch_uid="glas_locales_deleted")
