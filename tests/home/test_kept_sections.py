"""The home page's sections (the latest news, projects and events; the open consultations and
competitions) are kept rendered in the cache until a page below the home page is published, the
site is purged, or the clock changes what they show: the first event shown is over, a
consultation closes, a deadline passes, the next one opens (core/templatetags/glas_tags.py
home_sections, home/sections.py, consultations/sections.py, essays/sections.py)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import cache as page_cache
from home.models import NewsPage
from tests.factories import EventPageFactory, NewsPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kept_fragments")]


def home_html(client, site_tree):
    response = client.get(site_tree.home.url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_latest_content_is_read_once_then_kept(client, site_tree):
    NewsPageFactory(parent=site_tree.news_index, title="Library opens on Sundays")
    first = home_html(client, site_tree)
    with CaptureQueriesContext(connection) as captured:
        second = home_html(client, site_tree)
    assert second == first
    assert "Library opens on Sundays" in second
    assert not any("home_newspage" in query["sql"] or "home_eventpage" in query["sql"] for query in captured)


def test_publishing_an_article_shows_it_on_the_kept_home_page(client, site_tree):
    assert "Library opens on Sundays" not in home_html(client, site_tree)
    article = NewsPageFactory(parent=site_tree.news_index, title="Library opens on Sundays")
    article.save_revision().publish()
    assert "Library opens on Sundays" in home_html(client, site_tree)


def test_a_purge_of_the_site_ends_the_kept_content(client, site_tree):
    article = NewsPageFactory(parent=site_tree.news_index, title="Library opens on Sundays")
    assert "Library opens on Sundays" in home_html(client, site_tree)
    NewsPage.objects.filter(pk=article.pk).update(title="Library opens on Saturdays")
    assert "Library opens on Sundays" in home_html(client, site_tree)  # kept: nothing was published
    page_cache.purge(page_cache.SITE)  # e.g. an organisation or a view restriction was saved
    assert "Library opens on Saturdays" in home_html(client, site_tree)


def test_an_event_leaves_the_kept_home_page_when_it_is_over(client, site_tree, monkeypatch):
    start = timezone.now() + datetime.timedelta(hours=1)
    EventPageFactory(
        parent=site_tree.event_index, title="Youth forum", start=start, end=start + datetime.timedelta(hours=2)
    )
    assert "Youth forum" in home_html(client, site_tree)
    assert "Youth forum" in home_html(client, site_tree)
    later = start + datetime.timedelta(hours=3)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "Youth forum" not in home_html(client, site_tree)


def test_the_open_consultations_are_kept_until_one_closes_or_the_next_opens(client, consultations, monkeypatch):
    site_home = consultations["index"].get_parent()
    html = client.get(site_home.url).content.decode()
    assert "Youth strategy" in html and "Tourism plan" not in html
    with CaptureQueriesContext(connection) as captured:
        assert client.get(site_home.url).content.decode() == html
    assert not any("consultations_consultationpage" in query["sql"] for query in captured)
    # The upcoming consultation opens.
    later = consultations["upcoming"].opens_at + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "Tourism plan" in client.get(site_home.url).content.decode()


def test_an_open_consultation_leaves_the_kept_home_page_when_it_closes(client, consultations, monkeypatch):
    site_home = consultations["index"].get_parent()
    assert "Youth strategy" in client.get(site_home.url).content.decode()
    later = consultations["open"].closes_at + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "Youth strategy" not in client.get(site_home.url).content.decode()


def test_the_open_competitions_are_kept_until_a_deadline_passes_or_the_next_opens(client, competitions, monkeypatch):
    site_home = competitions["index"].get_parent()
    html = client.get(site_home.url).content.decode()
    assert "My neighbour" in html and "Future competition" not in html
    with CaptureQueriesContext(connection) as captured:
        assert client.get(site_home.url).content.decode() == html
    assert not any("essays_competitionpage" in query["sql"] for query in captured)
    later = competitions["upcoming"].opens_at + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "Future competition" in client.get(site_home.url).content.decode()
    after_deadline = competitions["open"].deadline + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: after_deadline)
    assert "My neighbour" not in client.get(site_home.url).content.decode()
