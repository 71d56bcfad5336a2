"""The home page and the news index do a fixed number of queries, whatever the number of
articles."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import NewsPageTopic
from tests.factories import EventPageFactory, NewsPageFactory, OrganisationFactory, ProjectPageFactory, TopicFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 20


def fill(site_tree, count):
    organisation = OrganisationFactory()
    topic = TopicFactory(slug="youth")
    project = ProjectPageFactory(parent=site_tree.project_index, lead_organisation=organisation)
    EventPageFactory(parent=site_tree.event_index, related_project=project)
    for _n in range(count):
        article = NewsPageFactory(
            parent=site_tree.news_index, author_organisation=organisation, related_project=project
        )
        NewsPageTopic.objects.create(page=article, topic=topic)


def queries_for(client, url):
    client.get(url)  # warm per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


URLS = ["/en/", "/en/news/", "/en/news/?topic=youth", "/en/news/?page=2", "/mk/"]


def test_query_count_does_not_grow_with_the_number_of_articles(client, site_tree, django_assert_max_num_queries):
    fill(site_tree, 5)
    few = {url: queries_for(client, url) for url in URLS}
    fill(site_tree, 495)
    many = {url: queries_for(client, url) for url in URLS}
    assert few == many
    for url in URLS:
        with django_assert_max_num_queries(MAX_QUERIES):
            client.get(url)
