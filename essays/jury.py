"""The jury's work: who reads which entry (with loads kept even and conflicts of interest
respected), a declared conflict, and a juror's scores saved as a draft or submitted."""

from collections import Counter
from typing import Any

from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from core import mail
from core.i18n import language_of
from core.links import absolute_url
from essays.models import Assignment, CompetitionPage, Entry, Score
from essays.ranking import ranking_changed


def jurors_of(page: Any) -> list[Any]:
    """The competition's jurors (the jury is shared by every language version), active only."""
    return list(page.jury.filter(is_active=True).order_by("pk"))


def assign_jurors(page: Any, reassigned: bool = False) -> int:
    """Give every submitted entry its jurors: all of them, or `jurors_per_entry` chosen so that
    loads differ by at most one, never a juror who declared a conflict on that entry. Existing
    assignments are kept; returns the number of assignments created. Each juror given entries is
    told by one e-mail (`reassigned`: after a colleague's conflict of interest)."""
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
    if new:
        # bulk_create sends no signals: the ranking's missing score sheets change.
        ranking_changed(page.translation_key)
    notify_jurors(page, Counter(assignment.juror_id for assignment in new), reassigned=reassigned)
    return len(new)


def _title_in(page: Any, language: str) -> str:
    version = (
        CompetitionPage.objects.live()
        .filter(translation_key=page.translation_key, locale__language_code=language)
        .values_list("title", flat=True)
        .first()
    )
    return version or page.title


def notify_jurors(page: Any, counts: dict[int, int], reassigned: bool = False) -> int:
    """One e-mail to each juror for this batch: the competition (its title in the juror's
    language), how many entries, the link to the score sheets and to the e-mail preferences.
    Never who wrote an entry, nor who declared the conflict. Returns the number of e-mails."""
    sent = 0
    for juror in get_user_model().objects.filter(pk__in=[pk for pk, count in counts.items() if count]):
        if not juror.email:
            continue
        language = language_of(juror)
        with translation.override(language):
            title = _title_in(page, language)
            context = {
                "name": juror.get_full_name() or juror.get_username(),
                "title": title,
                "count": counts[juror.pk],
                "reassigned": reassigned,
                "sheets_url": absolute_url(reverse("essays:competition_entries", args=[page.translation_key])),
                "preferences_url": absolute_url(reverse("email_language")),
            }
            if reassigned:
                subject = ngettext(
                    "“%(title)s”: one more entry to score",
                    "“%(title)s”: %(count)d more entries to score",
                    counts[juror.pk],
                )
            else:
                subject = ngettext(
                    "“%(title)s”: an entry to score", "“%(title)s”: %(count)d entries to score", counts[juror.pk]
                )
            mail.send(
                subject=subject % {"title": title, "count": counts[juror.pk]},
                body=render_to_string("essays/email/jury_assigned.txt", context),
                recipients=[juror.email],
            )
        sent += 1
    return sent


def declare_conflict(assignment: Assignment, reason: str) -> None:
    """The juror cannot judge this entry: drop their scores and give the entry another juror."""
    assignment.conflict_declared_at = timezone.now()
    assignment.conflict_reason = reason
    assignment.submitted_at = None
    assignment.save(update_fields=["conflict_declared_at", "conflict_reason", "submitted_at"])
    assignment.scores.all().delete()
    assign_jurors(assignment.entry.competition, reassigned=True)


def save_scores(assignment: Assignment, criteria: list[Any], cleaned: dict[str, Any], submit: bool) -> None:
    """A juror's scores, replacing the ones saved before. The new scores are written in bulk,
    which sends no signals: the cached ranking is told here."""
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
    ranking_changed(assignment.entry.competition_key)
