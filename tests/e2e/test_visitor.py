"""A visitor reads the site and switches language; axe checks each page they visit."""

import re

import pytest
from playwright.sync_api import expect

from home.models import NewsPageTopic
from tests.conftest import SiteTree, translate
from tests.factories import EventPageFactory, NewsPageFactory, OrganisationFactory, ProjectPageFactory, TopicFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def content():
    tree = SiteTree()
    organisation = OrganisationFactory(name="Izvor", city="Kratovo", contact_email="izvor@example.org")
    project = ProjectPageFactory(
        parent=tree.project_index,
        title="New hope",
        slug="new-hope",
        lead_organisation=organisation,
        goals=[{"type": "item", "value": "Young people find work at home"}],
    )
    topic = TopicFactory(name="Youth", slug="youth")
    article = NewsPageFactory(
        parent=tree.news_index,
        title="Forum of small communities founded",
        slug="forum",
        related_project=project,
        author_organisation=organisation,
    )
    article.topic_links.add(NewsPageTopic(topic=topic))
    article.save_revision().publish()
    event = EventPageFactory(
        parent=tree.event_index, title="Debate in Kratovo", slug="debate", related_project=project
    )
    translate(article, "mk", title="Основан форум на помалите заедници")
    translate(project, "mk", title="Нова надеж")
    return {"tree": tree, "article": article, "project": project, "event": event}


def test_visitor_reads_news_and_switches_to_macedonian(page, content, axe_check):
    page.goto("/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    axe_check(page)

    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="News").click()
    expect(page).to_have_url(re.compile(r"/en/news/$"))
    axe_check(page)

    page.get_by_role("link", name="Forum of small communities founded").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forum of small communities founded")
    axe_check(page)

    page.get_by_role("navigation", name="Languages").get_by_role("link", name="Македонски").click()
    expect(page).to_have_url(re.compile(r"/mk/news/forum/$"))
    expect(page.locator("html")).to_have_attribute("lang", "mk")
    expect(page.get_by_role("heading", level=1)).to_have_text("Основан форум на помалите заедници")
    axe_check(page)


def test_visitor_filters_news_by_topic(page, content, axe_check):
    NewsPageFactory(parent=content["tree"].news_index, title="Unrelated story", slug="unrelated")
    page.goto("/en/news/")
    page.get_by_label("Topic").select_option("youth")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("link", name="Forum of small communities founded")).to_be_visible()
    expect(page.get_by_role("link", name="Unrelated story")).to_have_count(0)
    axe_check(page)


def test_visitor_opens_a_project_and_its_event(page, content, axe_check):
    page.goto("/en/projects/")
    axe_check(page)
    page.get_by_role("link", name="New hope").first.click()
    expect(page.get_by_text("Young people find work at home")).to_be_visible()
    expect(page.get_by_role("link", name="izvor@example.org")).to_be_visible()  # put together by JavaScript
    axe_check(page)

    page.get_by_role("link", name="Debate in Kratovo").click()
    expect(page.get_by_text("Skopje time")).to_be_visible()
    axe_check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    assert download.value.suggested_filename == "debate.ics"

    page.goto("/en/events/")
    axe_check(page)


def test_visitor_searches_in_albanian_and_uses_the_keyboard(page, content, axe_check):
    page.goto("/sq/")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    page.goto("/sq/search/?q=")
    axe_check(page)
    page.goto("/en/search/?q=forum")
    expect(page.get_by_role("link", name="Forum of small communities founded")).to_be_visible()
    axe_check(page)


def test_untranslated_page_says_so_in_the_switcher(page, content, axe_check):
    page.goto("/en/events/debate/")
    switcher = page.get_by_role("navigation", name="Languages")
    expect(switcher).to_contain_text("not translated yet")
    axe_check(page)


def test_visitor_sends_a_message_through_the_contact_form(page, content, axe_check):
    from django.core import mail

    from home.models import ContactFormField, ContactPage

    contact = ContactPage(title="Contact", slug="contact", to_address="office@glas.example.org", show_in_menus=True)
    contact.form_fields = [
        ContactFormField(sort_order=0, label="Your name", field_type="singleline", required=True),
        ContactFormField(sort_order=1, label="Your e-mail", field_type="email", required=True),
        ContactFormField(sort_order=2, label="Message", field_type="multiline", required=True),
    ]
    content["tree"].home.add_child(instance=contact)
    contact.save_revision().publish()

    page.goto("/en/contact/")
    axe_check(page)
    page.get_by_label("Your name").fill("Ana")
    page.get_by_label("Your e-mail").fill("not an address")
    page.get_by_label("Message").fill("When is the next workshop in Kratovo?")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_text("Enter a valid email address.", exact=True)).to_be_visible()
    expect(page.get_by_label("Message")).to_have_value("When is the next workshop in Kratovo?")
    axe_check(page)

    page.get_by_label("Your e-mail").fill("ana@example.org")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you")
    axe_check(page)
    assert len(mail.outbox) == 1
