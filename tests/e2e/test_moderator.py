"""A moderator's round in the browser: the dashboard panel of waiting comments, the Comments
listing filtered to one consultation, approving one comment, redacting another with a reason,
and entering a comment received by letter on a chosen paragraph. axe checks every page."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from consultations.models import Comment, CommentRedaction, ConsultationIndexPage
from tests.conftest import SiteTree
from tests.e2e.admin import fill_date
from tests.factories import PASSWORD, CommentFactory, UserFactory, make_consultation

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_moderators_round(page, axe_check):
    tree = SiteTree()
    index = ConsultationIndexPage(title="Consultations", slug="consultations", show_in_menus=True)
    tree.home.add_child(instance=index)
    index.save_revision().publish()
    consultation = make_consultation(index, "youth-strategy", -5, title="Youth strategy")
    first, second = [p for s in consultation.sections() for p in s.paragraphs][:2]
    waiting = CommentFactory(
        consultation=consultation, paragraph_id=first.block_id, status="pending", text="Paid internships, please."
    )
    phone = CommentFactory(
        consultation=consultation, paragraph_id=first.block_id, text="Call me on 070 123 456 about the office."
    )
    moderator = UserFactory(username="mira")
    moderator.groups.add(Group.objects.get(name="Moderators"))

    page.goto("/admin/login/")
    page.get_by_label("Username").fill("mira")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    # The dashboard shows one comment waiting on the youth strategy.
    expect(page.get_by_text("1 comment waits for moderation.")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Youth strategy", exact=True).click()
    expect(page).to_have_url(re.compile(r"status=pending"))
    expect(page.get_by_text("Paid internships, please.")).to_be_visible()
    expect(page.get_by_text("Call me on 070 123 456")).to_have_count(0)  # published: not in this list
    axe_check(page)

    # Approve it.
    page.locator(f'input[data-bulk-action-checkbox][data-object-id="{waiting.pk}"]').check()
    page.get_by_role("link", name="Approve").click()
    page.get_by_role("button", name=re.compile("Yes")).click()
    expect(page.get_by_text("1 comment approved and published.")).to_be_visible()
    waiting.refresh_from_db()
    assert waiting.status == "published"

    # Redact the other one, with a reason.
    page.goto(f"/admin/snippets/consultations/comment/redact/{phone.pk}/")
    axe_check(page)
    text = page.get_by_label("Comment as the public will read it")
    expect(text).to_have_value("Call me on 070 123 456 about the office.")
    text.fill("Call me on [removed] about the office.")
    page.get_by_label("Reason").fill("a telephone number removed")
    page.get_by_role("button", name="Redact").click()
    expect(page.get_by_text("Comment redacted. The original is kept on record.")).to_be_visible()
    assert CommentRedaction.objects.get().original_text == "Call me on 070 123 456 about the office."

    # Enter a letter from the Comments area: the consultation first, then its paragraphs.
    page.goto("/admin/snippets/consultations/comment/add/")
    expect(page.get_by_text("Step 1 of 2")).to_be_visible()
    axe_check(page)
    page.get_by_label("Consultation").select_option(label="Youth strategy (English)")
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#id_paragraph_choice")).to_be_visible()
    # Before the date field opens Wagtail's own date picker (whose arrow buttons have no names).
    axe_check(page)
    page.locator("#id_paragraph_choice").select_option(second.block_id)
    page.locator("#id_stance").select_option("change")
    page.locator("#id_text").fill("A letter from the youth council about the business desk.")
    page.locator("#id_author_name").fill("Youth council")
    fill_date(page, "#id_created_at", "2026-11-20 10:00")
    page.get_by_role("button", name="Save").first.click()
    expect(page.get_by_text(re.compile("created"))).to_be_visible()
    letter = Comment.objects.get(text="A letter from the youth council about the business desk.")
    assert letter.paragraph_id == second.block_id
    assert letter.channel == "paper"
