"""The jury's work: who reads which entry (with loads kept even and conflicts of interest
respected), a declared conflict, and a juror's scores saved as a draft or submitted."""

from collections import Counter
from typing import Any

from django.utils import timezone

from essays.models import Assignment, Entry, Score


def jurors_of(page: Any) -> list[Any]:
    """The competition's jurors (the jury is shared by every language version), active only."""
    return list(page.jury.filter(is_active=True).order_by("pk"))


def assign_jurors(page: Any) -> int:
    """Give every submitted entry its jurors: all of them, or `jurors_per_entry` chosen so that
    loads differ by at most one, never a juror who declared a conflict on that entry. Existing
    assignments are kept; returns the number of assignments created."""
    jurors = jurors_of(page)
    if not jurors:
        return 0
    wanted = page.jurors_per_entry or len(jurors)
    entries = list(Entry.objects.for_competition(page).with_jury().order_by("submitted_at", "pk"))
    existing = list(
        Assignment.objects.filter(entry__in=entries).values_list("entry_id", "juror_id", "conflict_declared_at")
    )
    load = Counter({juror.pk: 0 for juror in jurors})
    taken: dict[int, dict[int, bool]] = {}
    for entry_id, juror_id, conflict in existing:
        taken.setdefault(entry_id, {})[juror_id] = conflict is None
        if conflict is None and juror_id in load:
            load[juror_id] += 1
    new = []
    for entry in entries:
        current = taken.get(entry.pk, {})
        active = sum(1 for ok in current.values() if ok)
        candidates = [juror.pk for juror in jurors if juror.pk not in current]
        while active < wanted and candidates:
            juror_id = min(candidates, key=lambda pk: (load[pk], pk))
            candidates.remove(juror_id)
            new.append(Assignment(entry=entry, juror_id=juror_id))
            load[juror_id] += 1
            active += 1
    Assignment.objects.bulk_create(new)
    return len(new)


def declare_conflict(assignment: Assignment, reason: str) -> None:
    """The juror cannot judge this entry: drop their scores and give the entry another juror."""
    assignment.conflict_declared_at = timezone.now()
    assignment.conflict_reason = reason
    assignment.submitted_at = None
    assignment.save(update_fields=["conflict_declared_at", "conflict_reason", "submitted_at"])
    assignment.scores.all().delete()
    assign_jurors(assignment.entry.competition)


def save_scores(assignment: Assignment, criteria: list[Any], cleaned: dict[str, Any], submit: bool) -> None:
    Score.objects.filter(assignment=assignment).delete()
    Score.objects.bulk_create(
        [
            Score(
                assignment=assignment,
                criterion_id=criterion.id,
                points=cleaned[f"points_{criterion.id}"],
                comment=cleaned.get(f"comment_{criterion.id}", ""),
            )
            for criterion in criteria
            if cleaned.get(f"points_{criterion.id}") is not None
        ]
    )
    assignment.overall_comment = cleaned.get("overall_comment", "")
    if submit:
        assignment.submitted_at = timezone.now()
    assignment.save(update_fields=["overall_comment", "submitted_at"])
