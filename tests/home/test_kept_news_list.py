"""The news index's unfiltered list is kept rendered, and its count kept, until an article,
project or snippet changes (home/models/news.py index_route, the template's page_fragment):
visitors see each change at once, and a filtered list is built for each request."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from home.models import NewsPageTopic
from tests.factories import NewsPageFactory, ProjectPageFactory, TopicFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kept_fragments")]


def news_html(client, url, **query):
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def publish(page):
    page.save_revision().publish()
    return page


def test_the_unfiltered_list_is_read_once_then_kept(client, site_tree):
    publish(NewsPageFactory(parent=site_tree.news_index, title="Library opens on Sundays"))
    first = news_html(client, site_tree.news_index.url)
    with CaptureQueriesContext(connection) as captured:
        second = news_html(client, site_tree.news_index.url)
    assert second == first
    assert "Library opens on Sundays" in second
    assert not any('"home_newspage"' in query["sql"] or "COUNT(" in query["sql"] for query in captured)


def test_a_published_article_shows_at_once_and_the_pages_are_counted_again(client, site_tree):
    for number in range(10):
        publish(NewsPageFactory(parent=site_tree.news_index, title=f"Piece {number}"))
    assert "Page 1 of" not in news_html(client, site_tree.news_index.url)  # ten fit on one page
    publish(NewsPageFactory(parent=site_tree.news_index, title="The eleventh piece", date=datetime.date(2030, 1, 1)))
    html = news_html(client, site_tree.news_index.url)
    assert "Page 1 of 2" in html
    assert "The eleventh piece" in html  # the newest comes first


def test_a_page_past_the_end_shows_the_last_page(client, site_tree):
    for number in range(11):
        publish(NewsPageFactory(parent=site_tree.news_index, title=f"Piece {number}"))
    assert "Page 2 of 2" in news_html(client, site_tree.news_index.url, page=99)
    assert "Page 2 of 2" in news_html(client, site_tree.news_index.url, page=99)  # kept
    assert "Page 1 of 2" in news_html(client, site_tree.news_index.url, page="one")


def test_a_renamed_project_shows_in_the_filter_at_once(client, site_tree):
    project = publish(ProjectPageFactory(parent=site_tree.project_index, title="Clean rivers"))
    assert "Clean rivers" in news_html(client, site_tree.news_index.url)
    project.title = "Clean rivers of Pelagonia"
    publish(project)
    assert "Clean rivers of Pelagonia" in news_html(client, site_tree.news_index.url)


def test_a_filtered_list_is_built_for_its_request(client, site_tree):
    topic = TopicFactory(name="Youth", slug="youth")
    tagged = NewsPageFactory(parent=site_tree.news_index, title="Youth forum founded")
    tagged.topic_links.add(NewsPageTopic(topic=topic))
    publish(tagged)
    publish(NewsPageFactory(parent=site_tree.news_index, title="Budget hearing"))
    assert "Budget hearing" in news_html(client, site_tree.news_index.url)
    filtered = news_html(client, site_tree.news_index.url, topic="youth")
    assert "Youth forum founded" in filtered
    assert "Budget hearing" not in filtered
    assert 'value="youth" selected' in filtered


def test_an_article_made_private_leaves_the_kept_list(client, site_tree):
    article = publish(NewsPageFactory(parent=site_tree.news_index, title="Members only minutes"))
    assert "Members only minutes" in news_html(client, site_tree.news_index.url)
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    assert "Members only minutes" not in news_html(client, site_tree.news_index.url)
