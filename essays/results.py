"""Winners and results: the coordinator's decision on the places (a departure from the ranking
needs a written reason, kept in the log), and the results published on every language version."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.log_actions import log

from core import cache
from essays.models import Award, CompetitionPage, Entry

MENTION = "mention"
# How many of the best-ranked entries the coordinator chooses the winners from.
WINNER_CANDIDATES = 15


def follows_ranking(ranked_pks: list[int], places: dict[int, int]) -> bool:
    """True when the places given go to the best-ranked entries in ranking order."""
    placed = sorted((place, pk) for pk, place in places.items())
    return [pk for _place, pk in placed] == list(ranked_pks[: len(placed)])


class DecisionError(ValueError):
    """The coordinator's decision breaks a rule; the message says which, to the coordinator."""


def check_decision(choices: dict[int, Any], reason: str, ranked_pks: list[int]) -> bool:
    """Raise DecisionError when a place is given twice or the decision departs from the ranking
    without a written reason; return whether it departs from the ranking."""
    places = {pk: value for pk, value in choices.items() if value != MENTION}
    if len(places.values()) != len(set(places.values())):
        raise DecisionError(_("Each place can go to one entry only."))
    override = not follows_ranking(ranked_pks, places)
    if override and not reason.strip():
        raise DecisionError(
            _("This decision departs from the ranking: please write the reason; it is kept in the log.")
        )
    return override


def confirm_winners(page: Any, user: Any, choices: dict[int, Any], reason: str, ranked_pks: list[int]) -> bool:
    """Record the coordinator's decision: `choices` maps entry id → place number or MENTION.
    A decision that departs from the ranking needs a written reason; both go to Wagtail's log."""
    override = check_decision(choices, reason, ranked_pks)
    entries = list(Entry.objects.for_competition(page).filter(pk__in=choices))
    Award.objects.filter(entry__competition_key=page.translation_key).delete()
    Award.objects.bulk_create(
        [
            Award(
                entry=entry,
                place=None if choices[entry.pk] == MENTION else choices[entry.pk],
                honourable_mention=choices[entry.pk] == MENTION,
                decided_by=user,
            )
            for entry in entries
        ]
    )
    # The competition's pages show the winners once the results are out (kept rendered until
    # the page is purged): a decision made again after that shows at once.
    cache.purge_page(page)
    transaction.on_commit(lambda: cache.purge_page(page))
    log(
        instance=page,
        action="glas.essays.winners",
        user=user,
        data={
            "awards": {entry.jury_code: choices[entry.pk] for entry in entries},
            "override": override,
            "reason": reason.strip(),
        },
    )
    return override


def publish_blockers(page: Any, ranking: Any, now: datetime | None = None) -> list[str]:
    """Why the results should not be published yet: score sheets still open, or the jury's
    deadline still to come. The coordinator may publish anyway with a written reason."""
    now = now or timezone.now()
    blockers = []
    missing = sum(item.missing for item in ranking.entries)
    if missing:
        blockers.append(
            ngettext(
                "%(count)d score sheet is not submitted yet.", "%(count)d score sheets are not submitted yet.", missing
            )
            % {"count": missing}
        )
    if now < page.jury_deadline:
        deadline = formats.date_format(
            timezone.localtime(page.jury_deadline, ZoneInfo(page.time_zone)), "DATETIME_FORMAT"
        )
        blockers.append(_("The jury's deadline, %(deadline)s, has not passed yet.") % {"deadline": deadline})
    return blockers


def publish_results(page: Any, user: Any, reason: str = "", blockers: list[str] | None = None) -> datetime:
    """Publish the results on every language version of the competition page (as a new
    revision of each, so that later edits keep them). Publishing despite `blockers` needs the
    coordinator's reason; both go to Wagtail's log."""
    if blockers and not reason.strip():
        raise DecisionError(_("Say why the results are published now; the reason is kept in the log."))
    now = timezone.now()
    for version in CompetitionPage.objects.filter(translation_key=page.translation_key).live():
        version.results_published_at = now
        # Publishing results is the coordinators' job, even without the right to publish pages.
        version.save_revision(user=user).publish(user=user, skip_permission_checks=True)
    data = {"reason": reason.strip(), "despite": list(blockers)} if blockers else None
    log(instance=page, action="glas.essays.results", user=user, data=data)
    return now
