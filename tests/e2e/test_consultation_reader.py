"""A citizen finds an open consultation and reads the draft; axe checks each page."""

import re

import pytest
from playwright.sync_api import expect

from consultations.models import ConsultationIndexPage
from tests.conftest import SiteTree, translate
from tests.factories import make_consultation

pytestmark = pytest.mark.django_db(transaction=True)


def test_citizen_reads_an_open_consultation_in_macedonian(page, axe_check):
    tree = SiteTree()
    index = ConsultationIndexPage(title="Consultations", slug="consultations", show_in_menus=True)
    tree.home.add_child(instance=index)
    index.save_revision().publish()
    consultation = make_consultation(index, "youth-strategy", -5, title="Youth strategy")
    translate(index, "mk", title="Консултации")
    translate(consultation, "mk", title="Стратегија за младите")

    page.goto("/mk/")
    axe_check(page)
    page.get_by_role("link", name="Стратегија за младите").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Стратегија за младите")
    axe_check(page)
    page.get_by_role("navigation", name=re.compile("Содржина")).get_by_role("link").nth(1).click()
    expect(page).to_have_url(re.compile(r"#s-"))

    page.get_by_role("navigation", name="Главна навигација").get_by_role("link", name="Консултации").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Консултации")
    axe_check(page)


def test_citizen_reads_a_report_and_asks_to_hear_about_another(page, axe_check, mailoutbox):
    import datetime

    from tests.factories import CommentFactory

    tree = SiteTree()
    index = ConsultationIndexPage(title="Consultations", slug="consultations", show_in_menus=True)
    tree.home.add_child(instance=index)
    index.save_revision().publish()
    closed = make_consultation(index, "old-plan", -60, title="Visitor plan")
    closed.report_published_at = closed.closes_at + datetime.timedelta(days=3)
    closed.report_changes = "<p>The car park moved away from the stone figures.</p>"
    closed.save_revision().publish()
    paragraph = [p for s in closed.sections() for p in s.paragraphs][1]
    CommentFactory(
        consultation=closed,
        paragraph_id=paragraph.block_id,
        municipality="Kratovo",
        decision="accepted",
        response="The car park is now 600 metres away.",
    )
    make_consultation(index, "youth-strategy", -5, title="Youth strategy")

    page.goto(closed.url)
    page.get_by_role("link", name="Read the report on the comments").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Visitor plan")
    expect(page.get_by_text("The car park is now 600 metres away.")).to_be_visible()
    expect(page.get_by_role("table", name="Comments by municipality")).to_be_visible()
    axe_check(page)

    page.goto("/en/consultations/youth-strategy/")
    page.get_by_role("link", name="Notify me", exact=True).click()
    axe_check(page)
    page.get_by_label("Your e-mail address").fill("reader@example.org")
    page.get_by_label(re.compile("I agree")).check()
    page.get_by_role("button", name="Notify me").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    axe_check(page)
    assert mailoutbox[-1].to == ["reader@example.org"]
