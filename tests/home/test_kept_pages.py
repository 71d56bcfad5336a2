"""A project page is kept rendered for every visitor until the project, a page below home (its
news and events) or a snippet every page shows (the organisations) changes; every kept fragment
ends when the site is purged (core/templatetags/glas_tags.py page_fragment)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import Organisation
from tests.factories import EventPageFactory, NewsPageFactory, OrganisationFactory, ProjectPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kept_fragments")]


def publish(page):
    page.save_revision().publish()
    return page


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def project(site_tree):
    lead = OrganisationFactory(name="Association Izvor")
    return publish(ProjectPageFactory(parent=site_tree.project_index, title="Clean rivers", lead_organisation=lead))


def test_a_project_page_is_read_once_then_kept(client, project):
    first = html(client, project.url)
    with CaptureQueriesContext(connection) as captured:
        second = html(client, project.url)
    assert second == first
    sql = " ".join(query["sql"] for query in captured)
    assert '"home_newspage"' not in sql and '"home_eventpage"' not in sql and '"home_projectpartner"' not in sql


def test_news_and_events_of_the_project_show_at_once(client, site_tree, project):
    assert "No news from this project yet." in html(client, project.url)
    publish(NewsPageFactory(parent=site_tree.news_index, title="The river was cleaned", related_project=project))
    publish(EventPageFactory(parent=site_tree.event_index, title="Cleaning day", related_project=project))
    page = html(client, project.url)
    assert "The river was cleaned" in page and "Cleaning day" in page


def test_a_renamed_organisation_shows_on_kept_pages_at_once(client, site_tree, project):
    article = publish(
        NewsPageFactory(
            parent=site_tree.news_index, title="Forum founded", author_organisation=project.lead_organisation
        )
    )
    assert "Association Izvor" in html(client, project.url)
    assert "Association Izvor" in html(client, article.url)
    organisation = Organisation.objects.get(pk=project.lead_organisation_id)
    organisation.name = "Association Izvor Kratovo"
    organisation.save()  # a snippet every page may show: the site is purged
    assert "Association Izvor Kratovo" in html(client, project.url)
    assert "Association Izvor Kratovo" in html(client, article.url)


def test_a_new_translation_shows_in_the_language_links_at_once(client, site_tree):
    from tests.conftest import translate

    article = publish(NewsPageFactory(parent=site_tree.news_index, title="Forum founded", slug="forum-founded"))
    before = html(client, article.url)
    assert 'hreflang="mk"' not in before
    html(client, article.url)  # the first request of all made the site's token: kept from here
    with CaptureQueriesContext(connection) as captured:
        html(client, article.url)
    assert not any('WHERE ("wagtailcore_page"."translation_key" =' in query["sql"] for query in captured)  # kept
    translate(article, "mk", title="Основан форум")
    after = html(client, article.url)
    assert 'hreflang="mk"' in after
