"""Wagtail's page view starts from the site and the home page kept in the shared cache
(core/routing.py KeptRoutingMiddleware): no query for either on a page, and what a visitor sees
changes as soon as the home page is published, the site is edited or a home page is added."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from home.models import HomePage, NewsIndexPage
from tests.factories import NewsPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kept_fragments")]


def served(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, [query["sql"] for query in captured]


def test_the_site_and_home_page_are_not_looked_up_again(client, site_tree):
    article = NewsPageFactory(parent=site_tree.news_index, title="Library opens on Sundays")
    client.get(article.url)
    response, queries = served(client, article.url)
    assert response.status_code == 200
    assert "Library opens on Sundays" in response.content.decode()
    assert not any('FROM "wagtailcore_site"' in sql for sql in queries)
    assert not any('FROM "home_homepage"' in sql for sql in queries)


def test_without_the_setting_wagtail_looks_up_as_it_does(client, site_tree, settings):
    settings.GLAS_CACHE_ROUTING = False
    client.get(site_tree.news_index.url)
    response, queries = served(client, site_tree.news_index.url)
    assert response.status_code == 200
    assert any('FROM "wagtailcore_site"' in sql for sql in queries)


@pytest.mark.parametrize("language", ["en", "mk", "sq", "bg"])
def test_each_language_starts_from_its_own_home_page(client, site_tree, language):
    home = HomePage.objects.get(locale__language_code=language)
    news = NewsIndexPage.objects.get(locale__language_code=language)
    for _ in range(2):
        response = client.get(news.url)
        assert response.status_code == 200
        assert f'lang="{language}"' in response.content.decode()
        assert response.context["page"].pk == news.pk
    assert client.get(home.url).context["page"].pk == home.pk


def test_publishing_the_home_page_shows_its_new_title_at_once(client, site_tree):
    mk_home = HomePage.objects.get(locale__language_code="mk")
    assert client.get(mk_home.url).status_code == 200  # kept from here on
    mk_home.title = "Глас на заедницата"
    mk_home.save_revision().publish()
    assert "Глас на заедницата" in client.get(mk_home.url).content.decode()


def test_an_unknown_path_is_still_not_found(client, site_tree):
    client.get(site_tree.home.url)
    assert client.get("/en/no-such-section/deeper/").status_code == 404
    assert client.get("/mk/no-such-section/").status_code == 404


def test_editing_the_site_ends_what_was_kept(client, site_tree):
    client.get(site_tree.news_index.url)
    site = Site.objects.get()
    site.root_page = site_tree.about  # the site now starts at another page
    site.save()
    response = client.get("/en/")
    assert response.status_code == 200
    assert response.context["page"].pk == site_tree.about.pk
