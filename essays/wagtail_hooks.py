"""Coordinators' side in the Wagtail admin: the entries of each competition, with filters,
search, withdrawal or disqualification with a reason, and CSV/XLSX export."""

import django_filters
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import Button
from wagtail.log_actions import log
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from essays import services
from essays.choices import ESSAY_LANGUAGES, EntryStatus
from essays.models import Assignment, Award, CompetitionPage, Entry, Score
from essays.ranking import LARGE_SPREAD, rank_entries
from essays.services import assign_jurors


def competition_choices():
    seen = {}
    for key, title in CompetitionPage.objects.order_by("locale_id", "title").values_list("translation_key", "title"):
        seen.setdefault(key, title)
    return sorted(seen.items(), key=lambda item: item[1])


class EntryFilterSet(WagtailFilterSet):
    competition_key = django_filters.ChoiceFilter(label=_("Competition"), choices=competition_choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=EntryStatus.choices)
    language = django_filters.ChoiceFilter(label=_("Language"), choices=ESSAY_LANGUAGES)
    submitted_at = django_filters.DateFromToRangeFilter(label=_("Submitted"), widget=DateRangePickerWidget)

    class Meta:
        model = Entry
        fields = []


class EntryViewSet(SnippetViewSet):
    model = Entry
    icon = "doc-full"
    menu_label = _("Essay entries")
    menu_order = 260
    add_to_admin_menu = True
    filterset_class = EntryFilterSet
    inspect_view_enabled = True
    copy_view_enabled = False
    search_fields = ["title", "name", "school", "municipality", "receipt_code", "jury_code", "email"]
    ordering = "-submitted_at"
    list_per_page = 50
    list_display = [
        "title",
        "jury_code",
        "name",
        "school",
        Column("get_language_display", label=_("Language")),
        "word_count",
        Column("get_status_display", label=_("Status")),
        "submitted_at",
    ]
    list_export = [
        "jury_code",
        "receipt_code",
        "competition_title",
        "title",
        "language",
        "word_count",
        "status",
        "status_reason",
        "name",
        "email",
        "birth_date",
        "school",
        "grade",
        "municipality",
        "guardian_name",
        "guardian_confirmed_at",
        "publish_name",
        "consent_version",
        "submitted_at",
    ]
    export_filename = "essay-entries"
    inspect_view_fields = [
        "competition",
        "jury_code",
        "receipt_code",
        "status",
        "status_reason",
        "title",
        "language",
        "word_count",
        "essay_text",
        "file_link",
        "name",
        "email",
        "birth_date",
        "school",
        "grade",
        "municipality",
        "guardian_name",
        "guardian_email",
        "guardian_confirmed_at",
        "publish_name",
        "consent_version",
        "submitted_at",
        "updated_at",
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldRowPanel([FieldPanel("status"), FieldPanel("status_reason")])],
                heading=_("Status"),
                help_text=_("Withdraw or disqualify an entry with a reason; it then leaves the jury's lists."),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("title"),
                    FieldPanel("language"),
                    FieldPanel("text"),
                    FieldRowPanel([FieldPanel("name"), FieldPanel("email")]),
                    FieldRowPanel([FieldPanel("school"), FieldPanel("grade"), FieldPanel("municipality")]),
                ],
                heading=_("Entry"),
            ),
        ]
    )

    def get_queryset(self, request):
        return Entry.objects.select_related("competition")


register_snippet(EntryViewSet)


class AssignmentFilterSet(WagtailFilterSet):
    entry__competition_key = django_filters.ChoiceFilter(label=_("Competition"), choices=competition_choices)
    submitted = django_filters.BooleanFilter(
        label=_("Scores submitted"), field_name="submitted_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Assignment
        fields = ["juror"]


class AssignmentViewSet(SnippetViewSet):
    """The jury's score sheets, for coordinators: who has scored what, and unlocking a sheet."""

    model = Assignment
    icon = "group"
    menu_label = _("Jury score sheets")
    menu_order = 261
    add_to_admin_menu = True
    filterset_class = AssignmentFilterSet
    copy_view_enabled = False
    inspect_view_enabled = True
    list_per_page = 100
    list_display = [
        "__str__",
        Column("entry_title", label=_("Entry")),
        Column("submitted_at", label=_("Scores submitted")),
        Column("conflict_reason", label=_("Conflict of interest")),
    ]
    ordering = "entry__jury_code"
    edit_handler = ObjectList([FieldPanel("overall_comment", read_only=True)])

    def get_queryset(self, request):
        return Assignment.objects.select_related("entry", "juror")


register_snippet(AssignmentViewSet)


@hooks.register("register_bulk_action")
class UnlockBulkAction(SnippetBulkAction):
    models = [Assignment]
    display_name = _("Unlock")
    action_type = "unlock"
    aria_label = _("Unlock the selected score sheets so that the jurors can change them")
    template_name = "essays/admin/confirm_unlock.html"

    def check_perm(self, assignment):
        return self.request.user.has_perm("essays.change_assignment")

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        unlocked = 0
        for assignment in objects:
            if assignment.submitted_at is None:
                continue
            assignment.submitted_at = None
            assignment.save(update_fields=["submitted_at"])
            log(instance=assignment, action="glas.essays.unlock", user=user)
            unlocked += 1
        return unlocked, 0

    def get_execution_context(self):
        return {"user": self.request.user}

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("%(count)d score sheet unlocked.", "%(count)d score sheets unlocked.", num_parent_objects) % {
            "count": num_parent_objects
        }


def entry_file(request, pk):
    """The student's original file, for coordinators only (the jury never gets it)."""
    if not request.user.has_perm("essays.view_entry"):
        raise PermissionDenied
    entry = get_object_or_404(Entry, pk=pk)
    if not entry.file:
        raise Http404
    extension = entry.file_type or "bin"
    return FileResponse(entry.file.open("rb"), as_attachment=True, filename=f"{entry.receipt_code}.{extension}")


def assign_entries(request, page_id):
    """Give every submitted entry of a competition its jurors (coordinators)."""
    if not request.user.has_perm("essays.change_entry"):
        raise PermissionDenied
    page = get_object_or_404(CompetitionPage, pk=page_id)
    if request.method == "POST":
        created = assign_jurors(page)
        messages.success(
            request,
            ngettext(
                "%(count)d new assignment: every entry has its jurors.",
                "%(count)d new assignments: every entry has its jurors.",
                created,
            )
            % {"count": created},
        )
        return redirect(reverse("wagtailadmin_explore", args=[page.get_parent().pk]))
    return TemplateResponse(request, "essays/admin/assign.html", {"page": page, "jurors": page.jury.all()})


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
            "yes" if item.tied else "",
            *(_rounded(item.totals.get(juror_id)) for juror_id in ranking.jurors),
        ]


def _rounded(value):
    return "" if value is None else round(value, 2)


def ranking_view(request, page_id):
    """The ranking for coordinators: each juror's total, mean, median, normalised score, the
    key criterion, spread and missing scores, Krippendorff's alpha; CSV and XLSX export."""
    if not request.user.has_perm("essays.view_entry"):
        raise PermissionDenied
    page = get_object_or_404(CompetitionPage, pk=page_id)
    ranking = rank_entries(page)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        return ranking_export(page, ranking, export)
    if export in ("scores-csv", "scores-xlsx"):
        return scores_export(page, export.removeprefix("scores-"))
    jurors = {user.pk: user for user in get_user_model().objects.filter(pk__in=ranking.jurors)}
    for item in ranking.entries:
        item.juror_totals = [item.totals.get(juror_id) for juror_id in ranking.jurors]
    return TemplateResponse(
        request,
        "essays/admin/ranking.html",
        {
            "page": page,
            "ranking": ranking,
            "jurors": [jurors[pk] for pk in ranking.jurors if pk in jurors],
            "large_spread_percent": int(LARGE_SPREAD * 100),
        },
    )


def spreadsheet_response(filename, headings, rows, export):
    if export == "csv":
        import csv

        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(headings)
        writer.writerows(rows)
        return response
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    workbook.save(response)
    return response


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
    return spreadsheet_response(f"scores-{page.slug}", headings, rows, export)


def ranking_export(page, ranking, export):
    """The ranking with each juror's weighted total in its own column (jurors by user name)."""
    names = dict(get_user_model().objects.filter(pk__in=ranking.jurors).values_list("pk", "username"))
    headings = [str(h) for h in RANKING_COLUMNS] + [names.get(pk, str(pk)) for pk in ranking.jurors]
    return spreadsheet_response(f"ranking-{page.slug}", headings, list(ranking_rows(ranking)), export)


WINNER_CANDIDATES = 15


def winners_view(request, page_id):
    """The coordinator confirms the winners from the ranking (a departure from the ranking needs a
    written reason) and publishes the results."""
    if not request.user.has_perm("essays.change_entry"):
        raise PermissionDenied
    page = get_object_or_404(CompetitionPage, pk=page_id)
    ranking = rank_entries(page)
    candidates = [item for item in ranking.entries if item.rank is not None][:WINNER_CANDIDATES]
    ranked_pks = [item.entry.pk for item in candidates]
    prize_places = [prize["place"] for prize in page.sorted_prizes()] or [1, 2, 3]
    current = {award.entry_id: award for award in Award.objects.filter(entry__competition_key=page.translation_key)}
    error = ""
    if request.method == "POST" and "publish" in request.POST:
        if not current:
            error = _("Confirm the winners before publishing the results.")
        else:
            services.publish_results(page, request.user)
            messages.success(request, _("The results are published on the competition page."))
            return redirect(reverse("essays_winners", args=[page.pk]))
    elif request.method == "POST":
        choices = {}
        for item in candidates:
            value = request.POST.get(f"award_{item.entry.pk}", "")
            if value == services.MENTION:
                choices[item.entry.pk] = value
            elif value.isdigit() and int(value) in prize_places:
                choices[item.entry.pk] = int(value)
        places = [v for v in choices.values() if v != services.MENTION]
        reason = request.POST.get("reason", "")
        if len(places) != len(set(places)):
            error = _("Each place can go to one entry only.")
        elif (
            not services.follows_ranking(ranked_pks, {k: v for k, v in choices.items() if v != services.MENTION})
            and not reason.strip()
        ):
            error = _("This decision departs from the ranking: please write the reason; it is kept in the log.")
        else:
            services.confirm_winners(page, request.user, choices, reason, ranked_pks)
            messages.success(request, _("The winners are confirmed. Publish the results when you are ready."))
            return redirect(reverse("essays_winners", args=[page.pk]))
    rows = []
    for position, item in enumerate(candidates):
        award = current.get(item.entry.pk)
        if award:
            selected = services.MENTION if award.honourable_mention else str(award.place)
        elif not current and position < len(prize_places):
            selected = str(prize_places[position])
        else:
            selected = ""
        rows.append({"item": item, "selected": request.POST.get(f"award_{item.entry.pk}", selected)})
    return TemplateResponse(
        request,
        "essays/admin/winners.html",
        {
            "page": page,
            "rows": rows,
            "places": prize_places,
            "mention": services.MENTION,
            "error": error,
            "reason": request.POST.get("reason", ""),
            "confirmed": bool(current),
        },
        status=400 if error else 200,
    )


@hooks.register("register_admin_urls")
def essay_admin_urls():
    return [
        path("essays/competitions/<int:page_id>/winners/", winners_view, name="essays_winners"),
        path("essays/competitions/<int:page_id>/ranking/", ranking_view, name="essays_ranking"),
        path("essays/entries/<int:pk>/file/", entry_file, name="essays_entry_file"),
        path("essays/competitions/<int:page_id>/assign/", assign_entries, name="essays_assign"),
    ]


@hooks.register("register_page_listing_more_buttons")
def competition_buttons(page, user, next_url=None):
    if isinstance(page.specific_deferred, CompetitionPage) and user.has_perm("essays.change_entry"):
        entries = reverse(Entry.snippet_viewset.get_url_name("list"))
        yield Button(
            _("Entries"), f"{entries}?competition_key={page.translation_key}", icon_name="doc-full", priority=62
        )
        yield Button(
            _("Assign entries to jurors"), reverse("essays_assign", args=[page.pk]), icon_name="group", priority=63
        )
        yield Button(_("Ranking"), reverse("essays_ranking", args=[page.pk]), icon_name="order", priority=64)
        yield Button(
            _("Winners and results"), reverse("essays_winners", args=[page.pk]), icon_name="trophy", priority=65
        )


@hooks.register("register_log_actions")
def register_essay_log_actions(actions):
    actions.register_action("glas.essays.winners", _("Confirm winners"), _("Winners confirmed"))
    actions.register_action("glas.essays.results", _("Publish results"), _("Results published"))
    actions.register_action("glas.essays.unlock", _("Unlock score sheet"), _("Score sheet unlocked"))
