"""Who may do what in essay competitions: the one place that the public views, the jury's pages,
the admin hooks, the exports and the file views ask. Staff rules rest on Django permissions,
which the Competition coordinators group holds (migration 0002) and an administrator can grant in
Wagtail's group editor; the jury's rules rest on the competition's jury and the juror's sheet;
the students' on the competition's phase."""

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from wagtail.permission_policies import ModelPermissionPolicy

from essays.choices import EntryStatus, Phase
from essays.models.jury import Assignment

COORDINATE = "essays.change_entry"
READ_ENTRIES = "essays.view_entry"
UNLOCK = "essays.change_assignment"
# Students younger than this need a parent's or guardian's consent to take part.
ADULT_AGE = 18


def can_coordinate(user: Any) -> bool:
    """Run a competition: correct, withdraw or disqualify entries, assign jurors, decide the
    winners and publish the results."""
    return bool(user.is_active and user.has_perm(COORDINATE))


def can_read_entries(user: Any) -> bool:
    """See the entries with the students' details, their original files, the ranking with names,
    and export them."""
    return bool(user.is_active and user.has_perm(READ_ENTRIES))


def can_change_ranking_settings(user: Any) -> bool:
    """Choose how the ranking is computed (normalisation), beside the ranking."""
    return can_coordinate(user)


def can_unlock_score_sheets(user: Any) -> bool:
    return bool(user.is_active and user.has_perm(UNLOCK))


def may_enter(page: Any) -> bool:
    """Students may send an entry, or change theirs, while the competition is open."""
    return page.phase == Phase.OPEN


def needs_guardian(entry: Any) -> bool:
    """A minor on the day of entry needs a guardian's consent before the jury reads the essay."""
    return entry.age_on(timezone.localdate()) < ADULT_AGE


def judged_competitions(user: Any) -> Any:
    """The translation keys of the competitions the user judges: being on the jury of any
    language version is enough (translations pick the jury up only when an editor syncs them)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return user.juried_competitions.values("translation_key")


def jury_assignments(user: Any) -> QuerySet:
    """The score sheets a juror may open: their own, of entries still in the competition, and not
    set aside by a declared conflict of interest."""
    return Assignment.objects.filter(
        juror=user, entry__status=EntryStatus.SUBMITTED, conflict_declared_at__isnull=True
    )


def scores_locked(assignment: Any, page: Any) -> bool:
    """Submitted scores are final (a coordinator may unlock them); after the results, all are."""
    return assignment.is_submitted or page.results_published_at is not None


def may_declare_conflict(assignment: Any) -> bool:
    return not assignment.is_submitted


def may_see_other_scores(assignment: Any, page: Any) -> bool:
    """A juror sees the others' scores only after submitting their own, if the competition says so."""
    return assignment.is_submitted and page.jurors_see_scores


class EntryPolicy(ModelPermissionPolicy):
    """What Wagtail's admin asks about entries (the Essay entries menu and its views)."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        if action == "delete":
            return False  # entries are withdrawn or disqualified; personal data goes on schedule
        rule = {"change": can_coordinate, "view": can_read_entries}.get(action)
        return rule(user) if rule is not None else super().user_has_permission(user, action)


class AssignmentPolicy(ModelPermissionPolicy):
    """What Wagtail's admin asks about score sheets (Jury score sheets and the unlock action)."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        if action == "change":
            return can_unlock_score_sheets(user)
        return super().user_has_permission(user, action)
