"""A juror on two juries signs in, sees the score sheets grouped by competition, and scores one.
axe checks each page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from essays.jury import assign_jurors
from essays.models import Assignment, CompetitionIndexPage
from tests.conftest import SiteTree
from tests.factories import PASSWORD, juror, make_competition, make_entry

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_juror_sees_sheets_grouped_by_competition_and_scores_one(page, axe_check):
    tree = SiteTree()
    index = CompetitionIndexPage(title="Essay competitions", slug="essays", show_in_menus=True)
    tree.home.add_child(instance=index)
    index.save_revision().publish()
    member = juror("vesna")
    pages = []
    for slug, title in (("neighbour", "My neighbour"), ("river", "The river")):
        competition = make_competition(index, slug, -40, title=title)
        competition.deadline = timezone.now() - timedelta(days=1)
        competition.jury.set([member])
        competition.save_revision().publish()
        make_entry(competition, title=f"An essay for {title}", text="Every morning the old shoemaker opens his shop.")
        assign_jurors(competition)
        pages.append(competition)

    page.goto("/en/login/")
    axe_check(page)
    page.locator("#id_username").fill("vesna")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My competitions")
    for title in ("My neighbour", "The river"):
        section = page.get_by_role("region", name=title)
        expect(section).to_contain_text(f"An essay for {title}")
    axe_check(page)

    sheet = Assignment.objects.get(entry__competition_key=pages[1].translation_key)
    page.get_by_role("region", name="The river").get_by_role("link", name=sheet.entry.jury_code).click()
    expect(page.get_by_text("Every morning the old shoemaker")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Submit scores").click()  # nothing given yet: the summary says so
    expect(page.locator("#error-summary")).to_contain_text("Some criteria have no points yet")
    axe_check(page)
    for criterion, points in zip(pages[1].criteria(), ["9", "8", "5"], strict=True):
        page.get_by_role("combobox", name=criterion.name).select_option(points)
    page.get_by_role("button", name="Submit scores").click()
    expect(page.get_by_text("Your scores are submitted.")).to_be_visible()
    axe_check(page)
    sheet.refresh_from_db()
    assert sheet.submitted_at is not None
