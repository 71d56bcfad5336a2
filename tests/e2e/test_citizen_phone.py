"""A citizen on a phone: the dates and the main action come before the draft, the comment form
counts the characters left, "check your e-mail" names the masked address and lets them correct
it, the link from the e-mail confirms, and their waiting comment shows beside the paragraph to
them only. axe checks every page on the way."""

import re

import pytest
from playwright.sync_api import expect

from consultations.models import Comment, ConsultationIndexPage
from tests.conftest import SiteTree
from tests.factories import make_consultation

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-GB",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()


def test_a_citizen_comments_on_a_phone_corrects_the_address_and_sees_the_waiting_comment(
    phone, browser, live_server, axe_check, mailoutbox
):
    tree = SiteTree()
    index = ConsultationIndexPage(title="Consultations", slug="consultations", show_in_menus=True)
    tree.home.add_child(instance=index)
    index.save_revision().publish()
    consultation = make_consultation(index, "youth-strategy", -5, title="Youth strategy")
    page = phone

    page.goto(consultation.url)
    axe_check(page)
    glance = page.locator(".consultation-at-a-glance")
    expect(glance).to_be_visible()
    action = glance.get_by_role("link", name="Comment on the whole draft")
    first_paragraph = page.locator("[data-paragraph]").first
    assert action.bounding_box()["y"] < first_paragraph.bounding_box()["y"]
    action.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your comment on the whole draft")
    axe_check(page)

    page.get_by_label("I suggest a change").check()
    text = page.get_by_label("Your comment")
    words = "The youth office should also open on Saturdays."
    text.fill(words)
    expect(page.locator("#id_text-count")).to_have_text(f"Characters left: {5000 - len(words)}")
    expect(page.locator("#id_text-count-live")).to_have_attribute("aria-live", "polite")
    page.get_by_label("Your name").fill("Ana Petrovska")
    page.get_by_label("Your e-mail address").fill("ana@exmaple.org")
    page.get_by_label(re.compile("I agree that my comment")).check()
    page.get_by_role("button", name="Send comment").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    expect(page.locator(".masked-email")).to_have_text("a•••@e•••.org")
    assert "exmaple" not in page.url
    axe_check(page)
    page.get_by_label("The correct e-mail address").fill("ana@example.org")
    page.get_by_role("button", name="Correct the address and send a new link").click()
    expect(page.locator(".masked-email")).to_have_text("a•••@e•••.org")
    expect(page.get_by_text("The address is corrected")).to_be_visible()
    axe_check(page)
    assert [mail.to for mail in mailoutbox] == [["ana@exmaple.org"], ["ana@example.org"]]
    assert Comment.objects.get().email == "ana@example.org"

    link = re.search(r"https?://\S+/confirm/\S+/", mailoutbox[-1].body).group(0)
    page.goto(link)
    axe_check(page)
    page.get_by_role("button", name="Confirm my comment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Comment confirmed")
    axe_check(page)

    page.goto(consultation.url)
    own = page.locator("#general-comments .own-comment")
    expect(own).to_contain_text("The youth office should also open on Saturdays.")
    expect(own).to_contain_text("Waiting for moderation")
    axe_check(page)

    # Another phone sees nothing of it.
    other = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    stranger = other.new_page()
    stranger.goto(consultation.url)
    expect(stranger.locator("#general-comments")).not_to_contain_text("Saturdays")
    other.close()


def test_pasting_over_the_limit_is_not_cut_and_the_server_says_so(phone, axe_check):
    tree = SiteTree()
    index = ConsultationIndexPage(title="Consultations", slug="consultations", show_in_menus=True)
    tree.home.add_child(instance=index)
    index.save_revision().publish()
    consultation = make_consultation(index, "youth-strategy", -5, title="Youth strategy")
    page = phone
    page.goto(consultation.url + "comment/")
    page.get_by_label("Your comment").fill("x" * 5005)
    assert len(page.get_by_label("Your comment").input_value()) == 5005  # nothing cut
    expect(page.locator("#id_text-count")).to_have_text("Characters over the limit: 5")
    expect(page.locator("#id_text-count-live")).to_have_text("Characters over the limit: 5")
    page.get_by_role("button", name="Send comment").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name=re.compile("5000 characters"))).to_have_attribute("href", "#id_text")
    assert len(page.get_by_label("Your comment").input_value()) == 5005
    axe_check(page)
