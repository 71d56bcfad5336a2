"""Every page type renders in every language, with the language's URL prefix."""

import pytest

from home.models import NewsPageTopic
from tests.conftest import LANGUAGES, translate
from tests.factories import EventPageFactory, NewsPageFactory, OrganisationFactory, ProjectPageFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(site_tree):
    organisation = OrganisationFactory(name="Izvor", contact_email="izvor@example.org")
    project = ProjectPageFactory(
        parent=site_tree.project_index,
        title="New hope",
        slug="new-hope",
        lead_organisation=organisation,
        funder=OrganisationFactory(name="EU"),
        funding_disclaimer="Funded by the EU.",
        goals=[{"type": "item", "value": "Fewer young people leave"}],
    )
    topic = TopicFactory(name="Youth", slug="youth")
    article = NewsPageFactory(
        parent=site_tree.news_index,
        title="Forum founded",
        slug="forum-founded",
        related_project=project,
        author_organisation=organisation,
    )
    article.topic_links.add(NewsPageTopic(topic=topic))
    article.save_revision().publish()
    event = EventPageFactory(
        parent=site_tree.event_index, title="Debate in Kratovo", slug="debate", related_project=project
    )
    pages = {"project": project, "article": article, "event": event}
    for code in ("mk", "sq", "bg"):
        for _key, page in pages.items():
            translate(page, code, title=f"{page.title} [{code}]")
    return pages


def test_root_redirects_to_browser_language(client, site_tree):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="sq,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/sq/"


def test_root_falls_back_to_english_for_other_languages(client, site_tree):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    assert response["Location"] == "/en/"


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_renders_in_each_language_with_lang_attribute(client, site_tree, language):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "path", ["news/", "projects/", "events/", "about/", "news/forum-founded/", "projects/new-hope/", "events/debate/"]
)
def test_every_page_type_renders_in_every_language(client, content, language, path):
    response = client.get(f"/{language}/{path}")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'hreflang="{language}"' in html
    if language != "en" and path.count("/") == 2:
        assert f"[{language}]" in html


def test_home_page_shows_latest_news_featured_projects_and_upcoming_events(client, content):
    html = client.get("/en/").content.decode()
    assert "Forum founded" in html
    assert "New hope" in html
    assert "Debate in Kratovo" in html


def test_home_page_shows_only_content_of_its_language(client, content):
    html = client.get("/mk/").content.decode()
    assert "Forum founded [mk]" in html
    assert "Forum founded [sq]" not in html
    assert "Forum founded</a>" not in html


def test_project_page_shows_facts_and_its_news_and_events(client, content):
    html = client.get("/en/projects/new-hope/").content.decode()
    assert "400,000 MKD" in html or "400.000 MKD" in html or "400 000 MKD" in html
    assert "Izvor" in html
    assert "Funded by the EU." in html
    assert "Fewer young people leave" in html
    assert "Forum founded" in html
    assert "Debate in Kratovo" in html


def test_organisation_email_is_never_in_the_html_as_plain_text(client, content):
    html = client.get("/en/projects/new-hope/").content.decode()
    assert "izvor@example.org" not in html
    assert "js-protected-email" in html


def test_news_article_shows_date_topics_project_and_neighbours(client, content, site_tree):
    older = NewsPageFactory(
        parent=site_tree.news_index, title="Older piece", date=content["article"].date.replace(year=2020)
    )
    html = client.get("/en/news/forum-founded/").content.decode()
    assert "Youth" in html
    assert "?topic=youth" in html
    assert "New hope" in html
    assert older.title in html
    assert 'rel="prev"' in html


def test_event_page_shows_skopje_time_and_calendar_link(client, content):
    html = client.get("/en/events/debate/").content.decode()
    assert "Skopje time" in html
    assert "/en/events/debate/ics/" in html


def test_event_ics_download_is_a_calendar_in_skopje_time(client, content):
    response = client.get("/en/events/debate/ics/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "BEGIN:VEVENT" in body
    assert "SUMMARY:Debate in Kratovo" in body
    assert "TZID=Europe/Skopje" in body


def test_unknown_page_gives_translated_404(client, site_tree):
    response = client.get("/mk/no-such-page/")
    assert response.status_code == 404
    assert '<html lang="mk">' in response.content.decode()


def test_server_error_page_is_in_the_visitors_language(client, site_tree, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr("home.views.search_pages", broken)
    client.raise_request_exception = False
    response = client.get("/mk/search/", {"q": "Кратово"})
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="mk">' in html
    assert "database on fire" not in html


def test_a_kept_article_shows_a_new_neighbour_once_it_is_published(client, content, site_tree, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.GLAS_PAGE_CACHE_SECONDS, settings.GLAS_CACHE_FRAGMENTS = 0, True
    article = content["article"]
    client.get(article.url)
    with CaptureQueriesContext(connection) as first:
        client.get(article.url)
    # The article's body and its neighbours come from the cache: no look-up of its topics,
    # project or neighbours.
    assert not any("home_newspagetopic" in query["sql"] for query in first.captured_queries)
    newer = NewsPageFactory(parent=site_tree.news_index, title="A newer piece", date=article.date.replace(year=2030))
    newer.save_revision().publish()
    html = client.get(article.url).content.decode()
    assert "A newer piece" in html and 'rel="next"' in html
