"""Locales are read once per process, not on every page (core/locales.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from core import locales
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


def locale_queries(captured):
    return [q["sql"] for q in captured.captured_queries if "wagtailcore_locale" in q["sql"].split(" WHERE ")[0]]


def test_serving_an_article_again_reads_no_locale(client, site_tree):
    article = NewsPageFactory(parent=site_tree.news_index)
    client.get(article.url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(article.url)
    assert response.status_code == 200
    assert locale_queries(captured) == []
    assert '"inLanguage": "en"' in response.content.decode()


def test_a_locale_by_language_is_read_once():
    first = Locale.objects.get_for_language("mk")
    with CaptureQueriesContext(connection) as captured:
        again = Locale.objects.get_for_language("mk")
        by_id = locales.by_id(first.pk)
    assert again.pk == by_id.pk == first.pk
    assert locale_queries(captured) == []


def test_saving_a_locale_makes_every_look_up_read_it_again():
    locale = Locale.objects.get_for_language("mk")
    locales.by_id(locale.pk)
    locale.save()
    with CaptureQueriesContext(connection) as captured:
        Locale.objects.get_for_language("mk")
    assert len(locale_queries(captured)) == 1


def test_a_deleted_locale_is_not_found_any_more():
    locale = Locale.objects.create(language_code="de")
    assert locales.by_id(locale.pk).language_code == "de"
    pk = locale.pk
    locale.delete()
    with pytest.raises(Locale.DoesNotExist):
        locales.by_id(pk)


def test_kept_locales_are_read_again_after_a_while(monkeypatch):
    monkeypatch.setattr(locales, "KEEP_SECONDS", -1)
    Locale.objects.get_for_language("mk")
    with CaptureQueriesContext(connection) as captured:
        Locale.objects.get_for_language("mk")
    assert len(locale_queries(captured)) == 1
