"""Wagtail's page view starts from the site and the home page kept in the shared cache
(core/routing.py KeptRoutingMiddleware): no query for either on a page, and what a visitor sees
changes as soon as the home page is published, the site is edited or a home page is added."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
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


# The pages on a path, kept for the path (core/routing.py kept_walk).

WALK = '"wagtailcore_page"."url_path" IN'


def walked(queries):
    return any(WALK in sql for sql in queries)


def title_of(response):
    return response.content.decode().split("<title>", 1)[1].split("</title>", 1)[0]


def test_a_page_whose_path_is_kept_is_served_without_walking_it(client, site_tree):
    article = NewsPageFactory(parent=site_tree.news_index, title="Library opens on Sundays")
    assert walked(served(client, article.url)[1])
    response, queries = served(client, article.url)
    assert response.status_code == 200
    assert "Library opens on Sundays" in title_of(response)
    assert not walked(queries)
    assert not any('FROM "home_newspage"' in sql for sql in queries)
    # Its section still comes with it, for the fragment's purge and the links.
    assert response.context["page"].get_parent().pk == site_tree.news_index.pk
    assert f'href="{site_tree.news_index.url}' in response.content.decode()


def test_publishing_a_kept_page_serves_what_was_published(client, site_tree):
    article = NewsPageFactory(parent=site_tree.news_index, title="Library opens on Sundays")
    client.get(article.url)
    article.title = "Library opens on Saturdays"
    article.save_revision().publish()
    assert "Library opens on Saturdays" in title_of(client.get(article.url))


def test_a_kept_page_renamed_unpublished_or_deleted_is_gone_from_its_old_address(client, site_tree):
    renamed = NewsPageFactory(parent=site_tree.news_index, slug="old-name")
    unpublished = NewsPageFactory(parent=site_tree.news_index)
    deleted = NewsPageFactory(parent=site_tree.news_index)
    old_address = renamed.url
    for page in (renamed, unpublished, deleted):
        assert client.get(page.url).status_code == 200
    renamed.slug = "new-name"
    renamed.save_revision().publish()
    unpublished.unpublish()
    deleted_address = deleted.url
    deleted.delete()
    renamed.refresh_from_db()
    assert client.get(old_address).status_code == 404
    assert client.get(renamed.url).status_code == 200
    assert client.get(unpublished.url).status_code == 404
    assert client.get(deleted_address).status_code == 404


def test_renaming_the_section_ends_the_kept_paths_below_it(client, site_tree):
    article = NewsPageFactory(parent=site_tree.news_index, slug="forum")
    old_address = article.url
    assert client.get(old_address).status_code == 200
    section = site_tree.news_index
    section.slug = "stories"
    section.save_revision().publish()
    assert client.get(old_address).status_code == 404
    assert client.get("/en/stories/forum/").status_code == 200


def test_a_path_that_ends_in_a_pages_own_route_is_walked_each_time(client, site_tree):
    """Such paths are as many as anyone cares to type; only a page's own address is kept."""
    feed = site_tree.news_index.url + "feed/rss/"
    assert client.get(feed).status_code == 200
    response, queries = served(client, feed)
    assert response.status_code == 200
    assert walked(queries)


def test_a_publish_while_a_path_is_walked_for_the_first_time_is_not_lost(client, site_tree, monkeypatch):
    """The path is walked again once the pages' tokens are read: what a publish changed after
    the first walk is in the second, or its purge made the kept walk stale."""
    from core import cache as page_cache
    from core import routing
    from home.models import NewsPage

    article = NewsPageFactory(parent=site_tree.news_index, title="Library opens on Sundays")
    real_walk, walks = routing.walk, []

    def walk_then_publish(root, path_components):
        found = real_walk(root, path_components)
        if not walks:
            NewsPage.objects.filter(pk=article.pk).update(title="Library opens on Saturdays")
            page_cache.purge_page(article)
        walks.append(path_components)
        return found

    monkeypatch.setattr(routing, "walk", walk_then_publish)
    client.get(article.url)
    assert "Library opens on Saturdays" in title_of(client.get(article.url))


def test_a_purge_of_the_site_ends_every_kept_path(client, site_tree):
    from core import cache as page_cache
    from home.models import NewsPage

    article = NewsPageFactory(parent=site_tree.news_index, title="Library opens on Sundays")
    client.get(article.url)
    NewsPage.objects.filter(pk=article.pk).update(title="Library opens on Saturdays")
    assert "Library opens on Sundays" in title_of(client.get(article.url))  # kept: nothing was published
    page_cache.purge(page_cache.SITE)
    assert "Library opens on Saturdays" in title_of(client.get(article.url))


def test_an_approved_comment_leaves_the_kept_walk_of_its_consultation(client, consultations):
    """A comment purges the lists above the consultation (they count comments), not the rows
    of the pages on its path."""
    from consultations import moderation
    from consultations.choices import Status
    from tests.factories import CommentFactory, UserFactory

    page = consultations["open"]
    comment = CommentFactory(consultation=page, status=Status.PENDING, text="Buses to the villages after 18:00.")
    client.get(page.url)
    client.get(page.url)
    moderation.approve([comment], UserFactory())
    response, queries = served(client, page.url)
    assert "Buses to the villages after 18:00." in response.content.decode()
    assert not walked(queries)


def test_a_page_published_again_is_walked_once(client, site_tree):
    """The request read the pages' tokens before walking: one walk is enough to keep it."""
    article = NewsPageFactory(parent=site_tree.news_index, title="Library opens on Sundays")
    client.get(article.url)
    client.get(article.url)
    article.title = "Library opens on Saturdays"
    article.save_revision().publish()
    response, queries = served(client, article.url)
    assert "Library opens on Saturdays" in title_of(response)
    assert sum(WALK in sql for sql in queries) == 1
    assert not walked(served(client, article.url)[1])


# A view that is not a page (core/routing.py site_for_request): its header's menu finds the site
# in the shared cache too.


def test_a_view_that_is_not_a_page_finds_the_site_without_a_query(client, site_tree):
    login = reverse("login")
    client.get(login)
    response, queries = served(client, login)
    assert response.status_code == 200
    assert site_tree.news_index.url in response.content.decode()  # the menu is there
    assert not any('FROM "wagtailcore_site"' in sql for sql in queries)


def test_a_view_that_is_not_a_page_follows_an_edited_site(client, site_tree):
    login = reverse("login")
    assert site_tree.news_index.url in client.get(login).content.decode()
    site = Site.objects.get()
    site.root_page = site_tree.about  # the menu is now the about page's children: none
    site.save()
    assert f'href="{site_tree.news_index.url}"' not in client.get(login).content.decode()
