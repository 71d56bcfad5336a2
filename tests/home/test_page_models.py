"""Page types: where each can be created, that editors can create them through the admin,
and that routable pages route."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.models import (
    ContactPage,
    EventIndexPage,
    EventPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    ProjectIndexPage,
    ProjectPage,
    StandardPage,
)
from tests.conftest import SiteTree
from tests.factories import EventPageFactory, UserFactory


@pytest.mark.django_db
class TestPageTree(WagtailPageTestCase):
    def setUp(self):
        self.tree = SiteTree.load()
        editor = UserFactory(username="edith")
        editor.groups.add(Group.objects.get(name="Editors"))
        self.client.force_login(editor)

    def test_parent_and_child_rules(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedSubpageTypes(ProjectIndexPage, {ProjectPage})
        self.assertAllowedSubpageTypes(EventIndexPage, {EventPage})
        self.assertAllowedSubpageTypes(NewsPage, set())
        self.assertCanNotCreateAt(HomePage, NewsPage)
        self.assertCanNotCreateAt(NewsIndexPage, EventPage)
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(HomePage, ContactPage)
        self.assertCanCreateAt(StandardPage, StandardPage)

    def test_editor_can_create_a_news_article_in_the_admin(self):
        self.assertCanCreate(
            self.tree.news_index,
            NewsPage,
            nested_form_data(
                {
                    "title": "Workshop in Kumanovo",
                    "date": "2026-11-20",
                    "lead": "Twenty young people met.",
                    "body": streamfield([("paragraph", rich_text("<p>They discussed jobs.</p>"))]),
                    "topic_links": inline_formset([]),
                }
            ),
        )
        assert NewsPage.objects.get(title="Workshop in Kumanovo").live

    def test_editor_can_create_a_project_and_an_event(self):
        self.assertCanCreate(
            self.tree.project_index,
            ProjectPage,
            nested_form_data(
                {
                    "title": "New hope",
                    "summary": "Youth and migration.",
                    "start_date": "2025-09-01",
                    "currency": "MKD",
                    "budget": "400000",
                    "partners": inline_formset([]),
                    "body": streamfield([]),
                    "target_groups": streamfield([("item", "Young people")]),
                    "goals": streamfield([]),
                    "results": streamfield([]),
                    "activities": streamfield([]),
                }
            ),
        )
        self.assertCanCreate(
            self.tree.event_index,
            EventPage,
            nested_form_data(
                {
                    "title": "Debate",
                    "start": "2026-12-01 17:00",
                    "end": "2026-12-01 19:00",
                    "time_zone": "Europe/Sofia",
                    "body": streamfield([]),
                }
            ),
        )

    def test_event_cannot_end_before_it_starts(self):
        response = self.client.post(
            f"/admin/pages/add/home/eventpage/{self.tree.event_index.pk}/",
            nested_form_data(
                {
                    "title": "Backwards",
                    "slug": "backwards",
                    "start": "2026-12-01 17:00",
                    "end": "2026-12-01 15:00",
                    "time_zone": "Europe/Skopje",
                    "body": streamfield([]),
                    "action-publish": "publish",
                }
            ),
        )
        assert response.status_code == 200
        assert "An event cannot end before it starts." in response.content.decode()
        assert not EventPage.objects.filter(slug="backwards").exists()

    def test_routable_pages_route(self):
        event = EventPageFactory(parent=self.tree.event_index, slug="debate")
        # Wagtail's assertPageIsRoutable keeps the /en/ prefix in the path, so route directly.
        request = self.dummy_request
        for page, components, view_name in [
            (self.tree.news_index, [], "index_route"),
            (self.tree.news_index, ["feed", "rss"], "rss_feed"),
            (self.tree.news_index, ["feed", "atom"], "atom_feed"),
            (event, ["ics"], "ics"),
        ]:
            routed_page, args, kwargs = page.specific.route(request, components)
            assert routed_page == page
            assert args[0].__name__ == view_name
        self.assertPageIsRenderable(event)
        self.assertPageIsRenderable(self.tree.home)

    def test_editors_can_edit_every_page_type(self):
        for page in (self.tree.home, self.tree.news_index, self.tree.project_index, self.tree.event_index):
            self.assertPageIsEditable(page)
