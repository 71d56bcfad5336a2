"""The home page finds the page for a URL in one query (core/routing.py) and reaches what
Wagtail's own walk would: the same page, the same sub-route with the same arguments, the same
404; a page's own routes go before a child page of the same name."""

import pytest
from django.http import Http404
from wagtail.models import Page

from core.routing import OneQueryRouting
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


def wagtails_walk(home, request, components):
    """What Wagtail's Page.route gives, level by level, without the shortcut."""
    return Page.route(home, request, components)


def comparable(value):
    """A sub-route's view is a method bound to the page found: compare it by name."""
    if callable(value):
        return value.__name__
    if isinstance(value, tuple | list):
        return tuple(comparable(item) for item in value)
    if isinstance(value, dict):
        return tuple(sorted((key, comparable(item)) for key, item in value.items()))
    return value


def outcome(route, home, request, components):
    try:
        result = route(home, request, components)
    except Http404:
        return "404"
    return (result.page.pk, comparable(result.args), comparable(result.kwargs))


PATHS = [
    [],
    ["news"],
    ["news", "feed", "rss"],
    ["news", "feed", "atom"],
    ["news", "no-such-article"],
    ["no-such-section", "deeper"],
    ["projects"],
    ["events"],
    ["about"],
    ["consultations"],
    ["consultations", "youth-strategy"],
    ["consultations", "youth-strategy", "comment"],
    ["consultations", "youth-strategy", "comments", "general"],
    ["consultations", "youth-strategy", "report"],
    ["consultations", "youth-strategy", "no-such-route"],
    ["essays", "neighbour", "enter"],
    ["essays", "neighbour", "entry", "a-token"],
]


@pytest.mark.parametrize("components", PATHS, ids=["/".join(p) or "home" for p in PATHS])
def test_one_query_routing_reaches_what_wagtails_walk_reaches(rf, site_tree, consultations, competitions, components):
    home = site_tree.home.specific
    request = rf.get("/en/" + "/".join(components))
    assert isinstance(home, OneQueryRouting)
    assert outcome(type(home).route, home, request, components) == outcome(wagtails_walk, home, request, components)


def test_a_page_is_found_in_one_query_however_deep(rf, site_tree, consultations, django_assert_num_queries):
    home = site_tree.home.specific
    with django_assert_num_queries(2):  # the pages on the path, then the deepest one's own fields
        result = home.route(rf.get("/"), ["consultations", "youth-strategy", "comment"])
    assert result.page.pk == consultations["open"].pk


def test_routing_in_one_query_keeps_wagtails_order_subroutes_before_children(client, site_tree):
    NewsPageFactory(parent=site_tree.news_index, title="A page called feed", slug="feed")
    article = client.get("/en/news/feed/")
    assert article.status_code == 200 and "A page called feed" in article.content.decode()
    rss = client.get("/en/news/feed/rss/")
    assert rss.status_code == 200 and rss["Content-Type"].startswith("application/rss+xml")
    assert client.get("/en/news/no-such-article/").status_code == 404
    assert client.get("/en/no-such-section/deeper/").status_code == 404


def test_a_draft_page_is_not_found_through_the_shortcut(client, site_tree):
    draft = NewsPageFactory(parent=site_tree.news_index, title="Not yet", slug="not-yet", live=False)
    assert client.get("/en/news/not-yet/").status_code == 404
    draft.save_revision().publish()
    assert client.get("/en/news/not-yet/").status_code == 200


def test_a_served_article_knows_its_section_without_asking_again(client, site_tree):
    """The routing query read every page on the path: the article's get_parent() (its section,
    for the fragment's purge and the topic links) is answered from it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article = NewsPageFactory(parent=site_tree.news_index)
    client.get(article.url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(article.url)
    assert response.status_code == 200
    parent_lookup = f'"wagtailcore_page"."path" = \'{site_tree.news_index.path}\''
    assert not any(parent_lookup in query["sql"] for query in captured)
    assert f'href="{site_tree.news_index.url}' in response.content.decode()
