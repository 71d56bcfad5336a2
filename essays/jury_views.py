"""The jury's pages on the public site (login required): the juror's competitions with their
progress, the entries assigned to them, and the scoring form. Entries are shown under a code,
never with the student's name, school or e-mail."""

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from core.pages import CountedBy
from essays import jury, rules
from essays.choices import ESSAY_LANGUAGES, EntryStatus
from essays.jury_forms import ConflictForm, ScoreForm
from essays.models import Assignment, CompetitionPage, Score
from essays.ranking import kept_until_changed
from essays.text import strip_metadata

FILE_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}


def _in_language(pages):
    """One page per competition, in the visitor's language where it is translated."""
    language = get_language()
    chosen = {}
    for page in pages:
        current = chosen.get(page.translation_key)
        if current is None or page.locale.language_code == language:
            chosen[page.translation_key] = page
    return list(chosen.values())


def _competition_for(request, key):
    pages = _in_language(
        CompetitionPage.objects.live()
        .filter(translation_key=key, translation_key__in=rules.judged_competitions(request.user))
        .select_related("locale")
    )
    if not pages:
        raise Http404
    return pages[0]


@login_required
def my_competitions(request):
    """The juror's score sheets, grouped by competition (its title in the visitor's language),
    with the progress of each."""
    pages = _in_language(
        CompetitionPage.objects.live()
        .filter(translation_key__in=rules.judged_competitions(request.user))
        .select_related("locale")
        .order_by("-deadline")
    )
    sheets: dict = {}
    for assignment in (
        rules.jury_assignments(request.user)
        .select_related("entry")
        .annotate(score_count=Count("scores"))
        .order_by("entry__jury_code")
    ):
        sheets.setdefault(assignment.entry.competition_key, []).append(assignment)
    competitions = []
    for page in pages:
        assignments = sheets.get(page.translation_key, [])
        done = sum(1 for a in assignments if a.is_submitted)
        competitions.append({"page": page, "total": len(assignments), "done": done, "assignments": assignments})
    return render(request, "essays/jury/my_competitions.html", {"competitions": competitions})


# A juror of a large competition reads a page of score sheets at a time; the counts above the
# list are for all of them.
ENTRIES_PER_PAGE = 50


@login_required
def competition_entries(request, key):
    page = _competition_for(request, key)
    mine = Assignment.objects.filter(
        juror=request.user, entry__competition_key=key, entry__status=EntryStatus.SUBMITTED
    )
    # Counted over every sheet of the juror's (ten thousand in a large competition), and kept
    # until a sheet, score or entry of the competition changes.
    counts = kept_until_changed(
        key,
        f"juror-counts:{request.user.pk}",
        lambda: mine.aggregate(
            total=Count("pk"),
            active=Count("pk", filter=Q(conflict_declared_at=None)),
            done=Count("pk", filter=Q(conflict_declared_at=None, submitted_at__isnull=False)),
        ),
    )
    # The page's sheets without the essays' texts (the list shows codes and titles); the
    # paginator counts from the aggregate above instead of counting the list again.
    listed = mine.select_related("entry").defer("entry__text", "entry__file_text").order_by("entry__jury_code")
    # A page number that is not a number or is past the end shows the first or the last page.
    page_obj = Paginator(CountedBy(listed, lambda: counts["total"]), ENTRIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    # The page's rows, kept like the counts: a juror going back to the list after each sheet
    # has it from the cache, not queried and formatted again.
    rows = kept_until_changed(
        key,
        f"juror-rows:{request.user.pk}:{page_obj.number}:{get_language()}",
        lambda: _sheet_rows(key, list(page_obj.object_list)),
    )
    return render(
        request,
        "essays/jury/competition_entries.html",
        {
            "competition": page,
            "rows": mark_safe(rows),  # noqa: S308 (rendered by essays/jury/sheet_rows.html)
            "page_obj": page_obj,
            "done": counts["done"],
            "active": counts["active"],
        },
    )


def _sheet_rows(key, shown):
    """The table rows of one page of a juror's score sheets: code (a link to the sheet unless a
    conflict is declared), title, language, words and the sheet's state."""
    if not shown:
        return ""
    # How many scores each sheet of the page has, counted for those sheets only.
    scored = dict(
        Score.objects.filter(assignment__in=shown).values_list("assignment").annotate(n=Count("pk")).order_by()
    )
    # Each language's name once for the page: get_language_display() translates every choice
    # of the field each time it is called, a fifth of the page's time.
    languages = {code: str(name) for code, name in ESSAY_LANGUAGES}
    # The sheets' address and the states' words once for the page too, not a reverse() and a
    # translation for each row (a seventh of the page's time).
    sheet_url = reverse("essays:score_entry", args=[key, "-"]).removesuffix("-/")
    states = {
        "conflict": _("Conflict of interest declared"),
        "submitted": pgettext("score sheet", "Submitted"),
        "draft": pgettext("score sheet", "Draft"),
        "new": pgettext("score sheet", "Not started"),
    }
    for assignment in shown:
        assignment.score_count = scored.get(assignment.pk, 0)
        assignment.language_name = languages.get(assignment.entry.language, assignment.entry.language)
        assignment.sheet_url = f"{sheet_url}{quote(assignment.entry.jury_code)}/"
        if assignment.has_conflict:
            assignment.state = states["conflict"]
        elif assignment.is_submitted:
            assignment.state = states["submitted"]
        elif assignment.overall_comment or assignment.score_count:
            assignment.state = states["draft"]
        else:
            assignment.state = states["new"]
    return render_to_string("essays/jury/sheet_rows.html", {"assignments": shown})


def _assignment_for(request, key, code):
    return (
        rules.jury_assignments(request.user)
        .filter(entry__competition_key=key, entry__jury_code=code)
        .select_related("entry")
        .first()
    )


@login_required
def entry_file(request, key, code):
    """The uploaded file for the juror, as a copy without author, company or editor metadata."""
    _competition_for(request, key)
    assignment = _assignment_for(request, key, code)
    if assignment is None or not assignment.entry.file:
        raise Http404
    entry = assignment.entry
    with entry.file.open("rb") as handle:
        data = strip_metadata(handle.read(), entry.file_type)
    response = HttpResponse(data, content_type=FILE_CONTENT_TYPES.get(entry.file_type, "application/octet-stream"))
    response["Content-Disposition"] = f'attachment; filename="{entry.jury_code}.{entry.file_type}"'
    return response


@login_required
def score_entry(request, key, code):
    page = _competition_for(request, key)
    assignment = _assignment_for(request, key, code)
    if assignment is None:
        raise Http404
    criteria = page.criteria()
    scores = {score.criterion_id: score for score in assignment.scores.all()}
    back = reverse("essays:competition_entries", args=[key])
    locked = rules.scores_locked(assignment, page)
    conflict_form = ConflictForm()
    form = None
    if request.method == "POST" and "conflict" in request.POST and rules.may_declare_conflict(assignment):
        conflict_form = ConflictForm(request.POST)
        if conflict_form.is_valid():
            jury.declare_conflict(assignment, conflict_form.cleaned_data["reason"])
            return redirect(back + "?conflict=1")
    elif request.method == "POST" and not locked:
        submitting = "submit" in request.POST
        form = ScoreForm(request.POST, criteria=criteria, scores=scores, submitting=submitting)
        if form.is_valid():
            jury.save_scores(assignment, criteria, form.cleaned_data, submit=submitting)
            return redirect(back + ("?submitted=1" if submitting else "?saved=1"))
    elif request.method == "POST":
        return render(
            request,
            "essays/jury/locked.html",
            {"competition": page, "assignment": assignment, "message": _("These scores are submitted and locked.")},
            status=403,
        )
    if form is None:
        form = ScoreForm(criteria=criteria, scores=scores, initial={"overall_comment": assignment.overall_comment})
    others = []
    if rules.may_see_other_scores(assignment, page):
        others = list(
            Assignment.objects.filter(entry=assignment.entry, submitted_at__isnull=False, conflict_declared_at=None)
            .exclude(pk=assignment.pk)
            .prefetch_related("scores")
        )
    names = {criterion.id: criterion.name for criterion in criteria}
    return render(
        request,
        "essays/jury/score_entry.html",
        {
            "competition": page,
            "assignment": assignment,
            "entry": assignment.entry,
            "form": form,
            "conflict_form": conflict_form,
            "locked": locked,
            "scores": [(names.get(s.criterion_id, "?"), s) for s in scores.values()],
            "others": others,
            "criterion_names": names,
        },
        status=400 if request.method == "POST" else 200,
    )
