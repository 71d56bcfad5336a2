"""The ranking of a competition's entries.

Each juror's weighted total for an entry is summed in the database (points × the criterion's
weight, over the submitted score sheets). From those totals: the mean and the median per entry,
optionally a per-juror z-score normalisation rescaled to the rubric's range (only for jurors with
enough scores), the spread between jurors, Krippendorff's alpha for the jury, and the rank with
the tie-break chain stated on the competition page: weighted mean, then median, then the key
criterion, then the coordinator's decision.

The ranking page reads the ranking from the cache (`ranking_page`): computing it for 1,000
entries and 7 jurors takes longer than the page may. It is kept until anything it is made of
changes: essays/signals.py calls `ranking_changed` when a score, score sheet, entry, the ranking
settings or the competition page is saved or deleted, and the jury's bulk writes call it
themselves. The exports and the winners' page compute it afresh with `rank_entries`, so that
what is decided and published never rests on a cached copy.
"""

import logging
import math
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Any

from django.conf import settings as django_settings
from django.core.cache import cache as django_cache
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Avg, Case, Count, DecimalField, ExpressionWrapper, F, Sum, Value, When
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from core import cache
from essays.choices import EntryStatus, Normalisation
from essays.models import Assignment, Entry, RankingSettings, Score

logger = logging.getLogger(__name__)

# Spreads larger than this share of the maximum total are flagged for the coordinator.
LARGE_SPREAD = 0.25
# The ranking page shows this many entries at a time; the figures above the table are for the
# whole ranking.
RANKED_PER_PAGE = 100
# What the ranking shows of an entry (and whether its personal data was deleted after the
# retention period, essays/retention.py); the essay's text and the student's contact details
# stay in the database (and out of the cache).
ENTRY_FIELDS = ("pk", "competition_key", "status", "jury_code", "title", "name", "school", "personal_data_deleted_at")


@dataclass
class RankedEntry:
    entry: Entry
    totals: dict = field(default_factory=dict)  # juror id → weighted total
    mean: float | None = None
    median: float | None = None
    normalised: float | None = None
    key_criterion: float | None = None
    spread: float | None = None
    large_spread: bool = False
    missing: int = 0  # assigned jurors who have not submitted
    rank: int | None = None
    tied: bool = False  # still equal after the whole chain: the coordinator decides

    @property
    def score(self) -> float | None:
        return self.normalised if self.normalised is not None else self.mean


@dataclass
class Ranking:
    entries: list
    max_total: float
    jurors: list
    alpha: float | None
    normalised: bool
    settings: Any = None  # the competition's RankingSettings

    def summary(self) -> "RankingSummary":
        return RankingSummary(
            count=len(self.entries),
            ranked=self.ranked,
            tied=self.tied,
            large_spreads=self.large_spreads,
            missing=self.missing,
            max_total=self.max_total,
            jurors=self.jurors,
            alpha=self.alpha,
            normalised=self.normalised,
            min_scores=self.settings.min_scores_for_normalisation if self.settings else None,
        )

    # Counts for the whole ranking, shown above each of its pages.
    @property
    def ranked(self) -> int:
        return sum(1 for item in self.entries if item.rank is not None)

    @property
    def tied(self) -> int:
        return sum(1 for item in self.entries if item.tied)

    @property
    def large_spreads(self) -> int:
        return sum(1 for item in self.entries if item.large_spread)

    @property
    def missing(self) -> int:
        return sum(item.missing for item in self.entries)


@dataclass
class RankingSummary:
    """What the ranking page shows of the whole ranking, above one page of its entries."""

    count: int
    ranked: int
    tied: int
    large_spreads: int
    missing: int  # score sheets not submitted yet
    max_total: float
    jurors: list
    alpha: float | None
    normalised: bool
    min_scores: int | None  # what a juror needs before being normalised


def max_total(criteria: list[Any]) -> float:
    return float(sum(Decimal(c.weight) * c.max_points for c in criteria))


def weighted_totals(page: Any, criteria: list[Any]) -> list[tuple[int, int, float]]:
    """(entry id, juror id, weighted total) for every submitted score sheet: one query."""
    weight = Case(
        *(When(scores__criterion_id=c.id, then=Value(Decimal(c.weight))) for c in criteria),
        default=Value(Decimal(0)),
        output_field=DecimalField(max_digits=8, decimal_places=2),
    )
    rows = (
        Assignment.objects.active()
        .filter(entry__competition_key=page.translation_key, submitted_at__isnull=False)
        .values("entry_id", "juror_id")
        .annotate(
            total=Sum(
                ExpressionWrapper(
                    F("scores__points") * weight, output_field=DecimalField(max_digits=10, decimal_places=2)
                )
            )
        )
    )
    return [(row["entry_id"], row["juror_id"], float(row["total"] or 0)) for row in rows]


def key_criterion_means(page: Any, criterion: Any) -> dict[int, float]:
    """Entry id → mean points on the key criterion, over submitted sheets: one query."""
    rows = (
        Score.objects.filter(
            criterion_id=criterion.id,
            assignment__submitted_at__isnull=False,
            assignment__conflict_declared_at=None,
            assignment__entry__competition_key=page.translation_key,
        )
        .values("assignment__entry_id")
        .annotate(mean=Avg("points"))
    )
    return {row["assignment__entry_id"]: float(row["mean"]) for row in rows}


def missing_sheets(page: Any) -> dict[int, int]:
    """Entry id → how many of its assigned jurors have not submitted yet, counted in the database:
    one query, one row per entry that still waits."""
    rows = (
        Assignment.objects.active()
        .filter(entry__competition_key=page.translation_key, submitted_at__isnull=True)
        .values("entry_id")
        .annotate(missing=Count("pk"))
    )
    return {row["entry_id"]: row["missing"] for row in rows}


def zscore_normalise(
    totals_by_juror: dict[int, dict[int, float]], minimum: int, top: float
) -> dict[int, dict[int, float]]:
    """Juror id → {entry id → normalised score}. A juror's totals become z-scores and are mapped
    back onto the pooled mean and spread of all totals, clamped to [0, top]. Jurors with fewer
    than `minimum` totals, or who gave every entry the same total, keep their raw totals."""
    pooled = [t for totals in totals_by_juror.values() for t in totals.values()]
    if len(pooled) < 2:
        return {juror: dict(totals) for juror, totals in totals_by_juror.items()}
    pooled_mean, pooled_sd = statistics.fmean(pooled), statistics.pstdev(pooled)
    result = {}
    for juror, totals in totals_by_juror.items():
        values = list(totals.values())
        sd = statistics.pstdev(values) if len(values) >= 2 else 0
        if len(values) < minimum or sd == 0 or pooled_sd == 0:
            result[juror] = dict(totals)
            continue
        mean = statistics.fmean(values)
        result[juror] = {
            entry: min(max(pooled_mean + (total - mean) / sd * pooled_sd, 0.0), top) for entry, total in totals.items()
        }
    return result


def agreement(totals_by_juror: dict[int, dict[int, float]], entry_ids: list[int]) -> float | None:
    """Krippendorff's alpha (interval) over the jurors' totals; None when it cannot be computed."""
    # numpy and krippendorff take ~20 MB and 0.2 s to load: only when a ranking is computed.
    import krippendorff
    import numpy

    jurors = [j for j, totals in totals_by_juror.items() if totals]
    if len(jurors) < 2 or len(entry_ids) < 2:
        return None
    data = numpy.array(
        [[totals_by_juror[j].get(e, numpy.nan) for e in entry_ids] for j in jurors],
        dtype=float,
    )
    # Entries scored by fewer than two jurors carry no information about agreement.
    pairable = (~numpy.isnan(data)).sum(axis=0) >= 2
    if pairable.sum() < 2:
        return None
    try:
        value = krippendorff.alpha(reliability_data=data[:, pairable], level_of_measurement="interval")
    except (ValueError, ZeroDivisionError):
        return None
    return None if math.isnan(value) else float(value)


def rank_entries(page: Any, settings: Any = None) -> Ranking:
    """The ranking with the competition's ranking settings (normalisation), or those given."""
    settings = settings or RankingSettings.objects.for_competition(page)
    criteria = page.criteria()
    top = max_total(criteria)
    entries = (
        Entry.objects.for_competition(page)
        .filter(status=EntryStatus.SUBMITTED)
        .only(*ENTRY_FIELDS)
        .order_by("jury_code")
    )
    ranked = {entry.pk: RankedEntry(entry=entry) for entry in entries}
    totals_by_juror: dict[int, dict[int, float]] = {}
    for entry_id, juror_id, total in weighted_totals(page, criteria):
        if entry_id in ranked:
            ranked[entry_id].totals[juror_id] = total
            totals_by_juror.setdefault(juror_id, {})[entry_id] = total
    for entry_id, missing in missing_sheets(page).items():
        if entry_id in ranked:
            ranked[entry_id].missing = missing
    normalise = settings.normalisation == Normalisation.ZSCORE
    normalised = zscore_normalise(totals_by_juror, settings.min_scores_for_normalisation, top) if normalise else {}
    key = criteria[page.key_criterion - 1] if page.key_criterion and 0 < page.key_criterion <= len(criteria) else None
    key_means = key_criterion_means(page, key) if key else {}
    for item in ranked.values():
        values = list(item.totals.values())
        if not values:
            continue
        item.mean = statistics.fmean(values)
        item.median = statistics.median(values)
        item.spread = max(values) - min(values)
        item.large_spread = len(values) > 1 and top > 0 and item.spread > LARGE_SPREAD * top
        if normalise:
            item.normalised = statistics.fmean(normalised[j][item.entry.pk] for j in item.totals)
        item.key_criterion = key_means.get(item.entry.pk)
    assign_ranks(list(ranked.values()))
    ordered = sorted(ranked.values(), key=lambda item: (item.rank is None, item.rank or 0, item.entry.jury_code))
    return Ranking(
        entries=ordered,
        max_total=top,
        jurors=sorted(totals_by_juror),
        alpha=agreement(totals_by_juror, [item.entry.pk for item in ordered]),
        normalised=normalise,
        settings=settings,
    )


def _tag(competition_key: Any) -> str:
    return f"ranking:{competition_key}"


def ranking_page(page: Any, number: Any) -> tuple[RankingSummary, Page]:
    """The ranking's figures for the whole competition and one page of its entries (a page
    number that is not a number or is past the end gives the first or the last page), read from
    the cache while nothing the ranking is made of has changed.

    The summary and each page of entries are kept under their own keys, stored together with
    the version token that `ranking_changed` replaces, so that a request unpickles a hundred
    entries, not a thousand (allocating those objects on every request set off the garbage
    collector's full passes). Kept per language version (each has its rubric), with nothing
    about who asks: every request checks the permissions first. GLAS_RANKING_CACHE_SECONDS=0
    (the default without a shared cache) computes it on every request."""
    seconds = getattr(django_settings, "GLAS_RANKING_CACHE_SECONDS", 0)
    if seconds <= 0:
        ranking = rank_entries(page)
        return ranking.summary(), Paginator(ranking.entries, RANKED_PER_PAGE).get_page(number)
    tag = cache.TAG_PREFIX + _tag(page.translation_key)
    base = f"glas:ranking:{page.pk}"
    try:
        found = django_cache.get_many([tag, base])
        token, stored = found.get(tag), found.get(base)
        if token is not None and stored is not None and stored[0] == token:
            summary = stored[1]
            page_obj = Paginator(range(summary.count), RANKED_PER_PAGE).get_page(number)
            # Read only when the rows are rendered, not when they are kept too (kept_rows).
            page_obj.object_list = SimpleLazyObject(partial(_kept_part, page, base, token, page_obj.number, seconds))
            page_obj.ranking_token = token
            return summary, page_obj
        if token is None:
            # Made before computing: a change while the ranking is computed replaces it, and
            # what was computed from the data before is never served.
            token = cache.tag_tokens([_tag(page.translation_key)], make=True)[0]
    except Exception:
        logger.warning("Cache unreachable for the ranking", exc_info=True)
        token = None
    summary, paginator, token = _compute_and_keep(page, base, token, seconds)
    page_obj = paginator.get_page(number)
    page_obj.ranking_token = token
    return summary, page_obj


def _compute_and_keep(page: Any, base: str, token: str | None, seconds: int) -> tuple[Any, Paginator, str | None]:
    """The ranking computed, its summary and each of its pages kept under the version token
    (None when they could not be kept)."""
    ranking = rank_entries(page)
    summary = ranking.summary()
    paginator = Paginator(ranking.entries, RANKED_PER_PAGE)
    if token is not None:
        parts = {f"{base}:{n}": (token, paginator.page(n).object_list) for n in paginator.page_range}
        try:
            django_cache.set_many({base: (token, summary), **parts}, timeout=seconds)
        except Exception:
            logger.warning("Could not store the ranking in the cache", exc_info=True)
            token = None
    return summary, paginator, token


def _kept_part(page: Any, base: str, token: str, number: int, seconds: int) -> list[Any]:
    """One page of the kept ranking's entries; computed and kept again if it has left the cache
    while the summary stayed."""
    try:
        part = django_cache.get(f"{base}:{number}")
    except Exception:
        logger.warning("Cache unreachable for the ranking", exc_info=True)
        part = None
    if part is not None and part[0] == token:
        return part[1]
    _summary, paginator, _token = _compute_and_keep(page, base, token, seconds)
    return list(paginator.get_page(number).object_list)


def kept_rows(page: Any, page_obj: Page, build: Callable[[], str]) -> str:
    """The table rows of one page of the ranking as `build` renders them, kept in the cache with
    that page of the ranking (the same version token, per language), so that a coordinator
    paging through it does not have the hundred rows formatted again on every request."""
    token = getattr(page_obj, "ranking_token", None)
    if token is None:
        return build()
    key = f"glas:ranking:{page.pk}:{page_obj.number}:rows:{get_language()}"
    try:
        stored = django_cache.get(key)
    except Exception:
        logger.warning("Cache unreachable for the ranking", exc_info=True)
        return build()
    if stored is not None and stored[0] == token:
        return stored[1]
    html = build()
    try:
        django_cache.set(key, (token, html), timeout=getattr(django_settings, "GLAS_RANKING_CACHE_SECONDS", 0))
    except Exception:
        logger.warning("Could not store the ranking in the cache", exc_info=True)
    return html


def kept_until_changed(competition_key: Any, name: str, build: Callable[[], Any]) -> Any:
    """build(), kept in the cache until anything the ranking is made of changes in the
    competition (an entry, a score sheet, a score: `ranking_changed`), as the ranking is; computed
    each time with GLAS_RANKING_CACHE_SECONDS=0. For counts over every sheet of a large
    competition (the juror's list), which a request would otherwise count anew."""
    seconds = getattr(django_settings, "GLAS_RANKING_CACHE_SECONDS", 0)
    if seconds <= 0:
        return build()
    return cache.tag_cached(_tag(competition_key), f"glas:ranking-kept:{competition_key}:{name}", build, seconds)


def ranking_changed(competition_key: Any) -> None:
    """A new version of the competition's ranking: the cached one is not served again. Again
    after the commit, so that a ranking computed in between from the data before the commit is
    not kept as current."""
    tag = _tag(competition_key)
    cache.purge(tag)
    transaction.on_commit(lambda: cache.purge(tag))


def _chain(item: RankedEntry) -> tuple[float, float, float]:
    """The tie-break chain, highest first; rounding keeps float noise from splitting real ties."""

    def value(number: float | None) -> float:
        return round(number, 6) if number is not None else float("-inf")

    return (value(item.score), value(item.median), value(item.key_criterion))


def assign_ranks(items: list[RankedEntry]) -> None:
    """Competition ranking (1, 2, 2, 4): entries equal on the whole chain share a rank and are
    marked tied, for the coordinator to decide. Entries without scores get no rank."""
    scored = sorted((i for i in items if i.mean is not None), key=_chain, reverse=True)
    previous = None
    for position, item in enumerate(scored, start=1):
        chain = _chain(item)
        if previous is not None and chain == _chain(previous):
            item.rank = previous.rank
            item.tied = previous.tied = True
        else:
            item.rank = position
        previous = item
