"""Pages behind a view restriction (Wagtail's privacy setting) stay private, whether the
restricted paths are read per request or kept in the shared cache (home/restrictions.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.factories import NewsPageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[False, True], ids=["per-request", "cached"], autouse=True)
def restrictions_cached(request, settings):
    settings.GLAS_CACHE_VIEW_RESTRICTIONS = request.param
    return request.param


@pytest.fixture
def article(site_tree):
    return NewsPageFactory(parent=site_tree.news_index, title="Board minutes of March", slug="minutes")


def restrict(page, kind=PageViewRestriction.LOGIN):
    return PageViewRestriction.objects.create(page=page, restriction_type=kind)


def test_a_restricted_article_asks_for_login_and_leaves_every_list(client, site_tree, article):
    # Seen first, so that a kept copy of the restricted paths exists before the change.
    assert "Board minutes of March" in client.get(site_tree.news_index.url).content.decode()
    assert client.get(article.url).status_code == 200

    restrict(article)

    response = client.get(article.url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    for url in (site_tree.news_index.url, site_tree.home.url):
        assert "Board minutes of March" not in client.get(url).content.decode(), url


def test_every_page_below_a_restricted_section_is_restricted(client, site_tree, article):
    client.get(article.url)
    restrict(site_tree.news_index)
    assert client.get(article.url).status_code == 302
    assert client.get(site_tree.news_index.url).status_code == 302
    assert "Board minutes of March" not in client.get(site_tree.home.url).content.decode()


def test_a_signed_in_visitor_passes_a_login_restriction(client, article):
    restrict(article)
    client.force_login(UserFactory())
    assert client.get(article.url).status_code == 200


def test_a_password_restriction_shows_the_password_form(client, article):
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.PASSWORD, password="kratovo")
    response = client.get(article.url)
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()
    assert "Board minutes of March" not in response.content.decode()


def test_lifting_the_restriction_makes_the_article_public_again(client, site_tree, article):
    restriction = restrict(article)
    assert client.get(article.url).status_code == 302
    restriction.delete()
    assert client.get(article.url).status_code == 200
    assert "Board minutes of March" in client.get(site_tree.news_index.url).content.decode()


def test_an_alias_of_a_restricted_page_and_what_is_put_below_it_are_restricted(client, site_tree, article):
    from tests.factories import StandardPageFactory

    restrict(article)
    client.get(site_tree.about.url)  # the restricted paths are read before the alias exists
    alias = article.create_alias(parent=site_tree.about, update_slug="minutes-copy")
    below = StandardPageFactory(parent=alias, title="Annual accounts", slug="accounts", show_in_menus=False)
    assert client.get(alias.url).status_code == 302
    assert client.get(below.url).status_code == 302


def test_moving_a_page_under_a_restricted_section_restricts_it(client, site_tree, article):
    restrict(site_tree.about)
    assert client.get(article.url).status_code == 200
    article.move(site_tree.about, pos="last-child")
    article.refresh_from_db()
    assert client.get(article.url).status_code == 302


def test_with_the_cache_a_public_page_is_served_without_reading_restrictions(client, article, restrictions_cached):
    client.get(article.url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(article.url).status_code == 200
    read = [q["sql"] for q in queries if "pageviewrestriction" in q["sql"]]
    assert (read == []) == restrictions_cached


def test_without_a_shared_cache_the_restrictions_are_read_once_per_request(client, site_tree, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.GLAS_CACHE_VIEW_RESTRICTIONS = False
    client.get(site_tree.project_index.url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(site_tree.project_index.url).status_code == 200
    assert sum('FROM "wagtailcore_pageviewrestriction"' in query["sql"] for query in captured) == 1
