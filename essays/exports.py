"""Spreadsheets for coordinators: the ranking with each juror's total, and every submitted score
with its comment, as CSV or XLSX (core/exports.py: no cell runs as a formula)."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.exports import spreadsheet
from essays.models import Score

RANKING_COLUMNS = [
    _("Rank"),
    _("Entry code"),
    _("Title"),
    _("Name"),
    _("School"),
    _("Mean"),
    _("Median"),
    _("Normalised"),
    _("Key criterion"),
    _("Spread"),
    _("Missing scores"),
    _("Tied"),
]


def ranking_rows(ranking):
    for item in ranking.entries:
        yield [
            item.rank or "",
            item.entry.jury_code,
            item.entry.title,
            item.entry.name,
            item.entry.school,
            _rounded(item.mean),
            _rounded(item.median),
            _rounded(item.normalised),
            _rounded(item.key_criterion),
            _rounded(item.spread),
            item.missing,
            str(_("yes")) if item.tied else "",
            *(_rounded(item.totals.get(juror_id)) for juror_id in ranking.jurors),
        ]


def _rounded(value):
    return "" if value is None else round(value, 2)


def scores_export(page, export):
    """Every submitted score: one row per entry, juror and criterion, with the comments."""
    names = {criterion.id: criterion.name for criterion in page.criteria()}
    scores = (
        Score.objects.filter(
            assignment__entry__competition_key=page.translation_key,
            assignment__submitted_at__isnull=False,
            assignment__conflict_declared_at=None,
        )
        .select_related("assignment__entry", "assignment__juror")
        .order_by("assignment__entry__jury_code", "assignment__juror__username", "pk")
    )
    headings = [str(_("Entry code")), str(_("Juror")), str(_("Criterion")), str(_("Points")), str(_("Comment"))]
    rows = [
        [
            score.assignment.entry.jury_code,
            score.assignment.juror.get_username(),
            names.get(score.criterion_id, score.criterion_id),
            score.points,
            score.comment,
        ]
        for score in scores
    ]
    return spreadsheet(f"scores-{page.slug}", headings, rows, export)


def ranking_export(page, ranking, export):
    """The ranking with each juror's weighted total in its own column (jurors by user name)."""
    names = dict(get_user_model().objects.filter(pk__in=ranking.jurors).values_list("pk", "username"))
    headings = [str(h) for h in RANKING_COLUMNS] + [names.get(pk, str(pk)) for pk in ranking.jurors]
    return spreadsheet(f"ranking-{page.slug}", headings, list(ranking_rows(ranking)), export)
