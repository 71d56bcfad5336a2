"""A coordinator opens the ranking, switches the normalisation there (the public page is not
republished), confirms the winner, is refused publishing while a score sheet is missing, and
publishes once it is in; the public page then shows the results, not the jury at work. axe checks
each page."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from essays.jury import assign_jurors
from essays.models import Assignment, CompetitionIndexPage, RankingSettings, Score
from tests.conftest import SiteTree
from tests.factories import PASSWORD, UserFactory, juror, make_competition, make_entry

pytestmark = pytest.mark.django_db(transaction=True)


def submit(assignment, points):
    criteria = assignment.entry.competition.criteria()
    Score.objects.bulk_create(
        [Score(assignment=assignment, criterion_id=c.id, points=p) for c, p in zip(criteria, points, strict=True)]
    )
    assignment.submitted_at = timezone.now()
    assignment.save(update_fields=["submitted_at"])


def test_a_coordinator_normalises_the_ranking_and_publishes_the_results(page, axe_check):
    tree = SiteTree()
    index = CompetitionIndexPage(title="Essay competitions", slug="essays", show_in_menus=True)
    tree.home.add_child(instance=index)
    index.save_revision().publish()
    competition = make_competition(index, "neighbour", -40, title="My neighbour")
    competition.deadline = timezone.now() - timedelta(days=10)
    competition.jury_deadline = timezone.now() - timedelta(days=1)
    competition.results_at = timezone.now() - timedelta(hours=1)
    anna, boris = juror("anna"), juror("boris")
    competition.jury.set([anna, boris])
    competition.save_revision().publish()
    entries = [make_entry(competition, title=f"Essay {n}") for n in range(2)]
    assign_jurors(competition)
    sheets = {(a.entry_id, a.juror_id): a for a in Assignment.objects.all()}
    submit(sheets[(entries[0].pk, anna.pk)], [9, 8, 5])
    submit(sheets[(entries[0].pk, boris.pk)], [8, 8, 4])
    submit(sheets[(entries[1].pk, anna.pk)], [5, 5, 3])  # boris has not scored entry 1 yet
    revisions = competition.revisions.count()

    coordinator = UserFactory(username="coordinator")
    coordinator.groups.add(Group.objects.get(name="Competition coordinators"))
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("coordinator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"/admin/essays/competitions/{competition.pk}/ranking/")
    expect(page.get_by_role("heading", name="How the ranking is computed")).to_be_visible()
    axe_check(page)
    page.get_by_label("Per-juror z-score, rescaled to the rubric's range").check()
    page.get_by_label("Scores a juror needs before being normalised").fill("2")
    page.get_by_role("button", name="Save the ranking settings").click()
    expect(page.get_by_text("The ranking settings are saved")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Normalised")).to_be_visible()
    page.reload()  # Wagtail's own green flash message is below axe's contrast threshold
    expect(page.get_by_label("Per-juror z-score, rescaled to the rubric's range")).to_be_checked()
    axe_check(page)
    assert RankingSettings.objects.get().normalisation == "zscore"
    assert competition.revisions.count() == revisions  # the public page was not republished

    page.goto(f"/admin/essays/competitions/{competition.pk}/winners/")
    page.get_by_role("button", name="Confirm the winners").click()
    expect(page.get_by_text("The winners are confirmed.")).to_be_visible()
    expect(page.get_by_text("1 score sheet is not submitted yet.")).to_be_visible()
    page.get_by_role("button", name="Publish the results").click()
    expect(page.get_by_text("Say why the results are published now")).to_be_visible()
    axe_check(page)
    competition.refresh_from_db()
    assert competition.results_published_at is None

    submit(sheets[(entries[1].pk, boris.pk)], [4, 4, 2])  # the last sheet comes in
    page.goto(f"/admin/essays/competitions/{competition.pk}/winners/")
    expect(page.get_by_text("score sheet is not submitted yet")).to_have_count(0)
    page.get_by_role("button", name="Publish the results").click()
    expect(page.get_by_text("The results are published on the competition page.")).to_be_visible()

    page.context.clear_cookies()
    page.goto(competition.url)
    expect(page.locator(".phase-badge")).to_have_text("Results published")
    expect(page.get_by_text("the jury is reading them")).to_have_count(0)
    expect(page.get_by_role("region", name="Results")).to_contain_text("Essay 0")
    axe_check(page)
