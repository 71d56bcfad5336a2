"""Municipalities: a managed, translatable list that each consultation chooses from, so that
comments are counted by municipality in every language."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index


def in_default_language() -> Q:
    """Pages choose the municipalities in the site's default language; every translation of a
    municipality shares its translation key, so any of them stands for all."""
    return Q(locale__language_code=settings.LANGUAGE_CODE)


class Municipality(TranslatableMixin, index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=100)
    country = models.CharField(_("country"), max_length=100, blank=True)

    panels = [FieldPanel("name"), FieldPanel("country")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("locale")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


TABLE_CACHE_KEY = "glas:municipalities"
TABLE_CACHE_SECONDS = 300


def municipality_table() -> dict[int, tuple[Any, dict[str, str]]]:
    """Every municipality: pk → (translation key, {language: name}). The list is short and read
    on every page that shows comments, so it is cached (and forgotten when a municipality is
    saved): showing comments costs no query per comment."""
    table = cache.get(TABLE_CACHE_KEY)
    if table is None:
        rows = list(Municipality.objects.values_list("pk", "translation_key", "locale__language_code", "name"))
        names: dict[Any, dict[str, str]] = {}
        for _pk, key, code, name in rows:
            names.setdefault(key, {})[code] = name
        table = {pk: (key, names[key]) for pk, key, _code, _name in rows}
        cache.set(TABLE_CACHE_KEY, table, TABLE_CACHE_SECONDS)
    return table


def _forget_table(**kwargs: Any) -> None:
    cache.delete(TABLE_CACHE_KEY)


post_save.connect(_forget_table, sender=Municipality, dispatch_uid="glas-municipality-save")
post_delete.connect(_forget_table, sender=Municipality, dispatch_uid="glas-municipality-delete")


def pick_name(names: dict[str, str], language: str | None = None) -> str:
    """The name in the language (by default the active one), else the default language, else any."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    return names.get(language) or names.get(settings.LANGUAGE_CODE) or next(iter(names.values()), "")


def name_of(pk: int, language: str | None = None) -> str:
    entry = municipality_table().get(pk)
    return pick_name(entry[1], language) if entry else ""


def key_of(pk: int) -> Any:
    entry = municipality_table().get(pk)
    return entry[0] if entry else None


def names_in_language(keys: Iterable[Any], language: str | None = None) -> dict[Any, str]:
    """Translation key → the municipality's name in the language (by default the active one),
    else in the site's default language, else in any: one query, whatever the number."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    preference = {language: 0, settings.LANGUAGE_CODE: 1}
    best: dict[Any, tuple[int, str]] = {}
    rows = Municipality.objects.filter(translation_key__in=list(keys)).values_list(
        "translation_key", "locale__language_code", "name"
    )
    for key, code, name in rows:
        rank = preference.get(code, 2)
        if key not in best or rank < best[key][0]:
            best[key] = (rank, name)
    return {key: name for key, (_rank, name) in best.items()}


def match_municipality(text: str, candidates: Iterable[Municipality]) -> Municipality | None:
    """The municipality whose name, in any language, is the text (ignoring case and spaces)."""
    wanted = " ".join(text.split()).casefold()
    if not wanted:
        return None
    for municipality in candidates:
        if " ".join(municipality.name.split()).casefold() == wanted:
            return municipality
    return None
