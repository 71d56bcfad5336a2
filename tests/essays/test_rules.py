"""Who may do what in essay competitions (essays/rules.py), for every role."""

from datetime import date

import pytest
from django.utils import timezone

from core import roles
from essays import rules
from essays.choices import EntryStatus
from essays.jury import assign_jurors
from essays.models import Assignment, Entry
from tests.factories import ROLES, juror, make_entry, person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_only_coordinators_run_competitions_read_entries_and_unlock_sheets(role):
    user = person(role)
    allowed = role == roles.COORDINATORS
    assert rules.can_coordinate(user) is allowed
    assert rules.can_read_entries(user) is allowed
    assert rules.can_unlock_score_sheets(user) is allowed


@pytest.mark.parametrize("role", ROLES[1:])
def test_wagtails_admin_asks_the_rules_about_entries_and_score_sheets(role):
    user = person(role)
    allowed = role == roles.COORDINATORS
    assert rules.EntryPolicy(Entry).user_has_permission(user, "change") is allowed
    assert rules.EntryPolicy(Entry).user_has_permission(user, "view") is allowed
    assert rules.AssignmentPolicy(Assignment).user_has_permission(user, "change") is allowed


def test_students_may_enter_only_while_the_competition_is_open(competitions):
    assert rules.may_enter(competitions["open"])
    assert not rules.may_enter(competitions["upcoming"])
    assert not rules.may_enter(competitions["closed"])


def test_a_student_under_eighteen_on_the_day_needs_a_guardian(competitions):
    today = timezone.localdate()
    minor = Entry(birth_date=date(today.year - 17, 1, 1))
    adult = Entry(birth_date=date(today.year - 19, 1, 1))
    assert rules.needs_guardian(minor) and not rules.needs_guardian(adult)


def test_a_juror_opens_only_their_own_sheets_of_entries_still_in_the_competition(competitions):
    page = competitions["open"]
    first, second = juror("first"), juror("second")
    page.jury.set([first, second])
    page.save()
    kept = make_entry(page, email="kept@example.org")
    withdrawn = make_entry(page, email="gone@example.org")
    assign_jurors(page)
    withdrawn.status = EntryStatus.WITHDRAWN
    withdrawn.save()
    assert {a.entry for a in rules.jury_assignments(first)} == {kept}
    sheet = rules.jury_assignments(first).get()
    sheet.conflict_declared_at = timezone.now()
    sheet.save()
    assert not rules.jury_assignments(first).exists()
    assert rules.jury_assignments(second).count() == 1
    assert list(rules.judged_competitions(first)) == [{"translation_key": page.translation_key}]
    assert not rules.judged_competitions(person(roles.JURY)).exists()


def test_submitted_scores_are_locked_and_open_the_others_scores_if_the_competition_says_so(competitions):
    page = competitions["open"]
    page.jury.set([juror("j")])
    make_entry(page)
    assign_jurors(page)
    sheet = Assignment.objects.get()
    assert not rules.scores_locked(sheet, page) and rules.may_declare_conflict(sheet)
    assert not rules.may_see_other_scores(sheet, page)
    sheet.submitted_at = timezone.now()
    assert rules.scores_locked(sheet, page) and not rules.may_declare_conflict(sheet)
    assert not rules.may_see_other_scores(sheet, page)
    page.jurors_see_scores = True
    assert rules.may_see_other_scores(sheet, page)
    sheet.submitted_at = None
    page.results_published_at = timezone.now()
    assert rules.scores_locked(sheet, page)
