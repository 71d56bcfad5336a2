"""The coordinators' pages in the admin: an entry's original file, assigning the entries to the
jurors, the ranking with its exports, and the winners and results."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin import messages
from wagtail.log_actions import log

from essays import jury, results, rules
from essays.admin_forms import PublishResultsForm, RankingSettingsForm, WinnersForm
from essays.exports import ranking_export, scores_export
from essays.models import Award, CompetitionPage, Entry, RankingSettings
from essays.ranking import LARGE_SPREAD, kept_rows, rank_entries, ranking_page


def entry_file(request, pk):
    """The student's original file, for coordinators only (the jury never gets it)."""
    if not rules.can_read_entries(request.user):
        raise PermissionDenied
    entry = get_object_or_404(Entry, pk=pk)
    if not entry.file:
        raise Http404
    extension = entry.file_type or "bin"
    return FileResponse(entry.file.open("rb"), as_attachment=True, filename=f"{entry.receipt_code}.{extension}")


def assign_entries(request, page_id):
    """Give every submitted entry of a competition its jurors (coordinators)."""
    if not rules.can_coordinate(request.user):
        raise PermissionDenied
    page = get_object_or_404(CompetitionPage, pk=page_id)
    if request.method == "POST":
        created = jury.assign_jurors(page)
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


def ranking_view(request, page_id):
    """The ranking for coordinators: each juror's total, mean, median, normalised score, the
    key criterion, spread and missing scores, Krippendorff's alpha; CSV and XLSX export. The
    coordinator sets the normalisation here (a POST), without touching the public page. The
    page reads the cached ranking (after the permission check, on every request); the exports
    compute it afresh."""
    if not rules.can_read_entries(request.user):
        raise PermissionDenied
    page = get_object_or_404(CompetitionPage, pk=page_id)
    settings = RankingSettings.objects.for_competition(page)
    may_change = rules.can_change_ranking_settings(request.user)
    settings_form = RankingSettingsForm(instance=settings)
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        before = {"normalisation": settings.normalisation, "min_scores": settings.min_scores_for_normalisation}
        settings_form = RankingSettingsForm(request.POST, instance=settings)
        if settings_form.is_valid():
            saved = settings_form.save()
            after = {"normalisation": saved.normalisation, "min_scores": saved.min_scores_for_normalisation}
            if after != before:
                log(
                    instance=page,
                    action="glas.essays.ranking_settings",
                    user=request.user,
                    data={**after, "before": before},
                )
            messages.success(request, _("The ranking settings are saved; the ranking below uses them."))
            return redirect(reverse("essays_ranking", args=[page.pk]))
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        # What leaves the site is computed afresh, never from the cache (with the saved
        # settings: a form that did not validate has changed `settings` in memory).
        return ranking_export(page, rank_entries(page), export)
    if export in ("scores-csv", "scores-xlsx"):
        return scores_export(page, export.removeprefix("scores-"))
    ranking, page_obj = ranking_page(page, request.GET.get("page"))

    def rows() -> str:
        for item in page_obj.object_list:
            item.juror_totals = [item.totals.get(juror_id) for juror_id in ranking.jurors]
        context = {
            "ranking": ranking,
            "ranked_entries": page_obj.object_list,
            "large_spread_percent": int(LARGE_SPREAD * 100),
        }
        return render_to_string("essays/admin/ranking_rows.html", context)

    jurors = {user.pk: user for user in get_user_model().objects.filter(pk__in=ranking.jurors)}
    return TemplateResponse(
        request,
        "essays/admin/ranking.html",
        {
            "page": page,
            "ranking": ranking,
            "rows": kept_rows(page, page_obj, rows),
            "page_obj": page_obj,
            "jurors": [jurors[pk] for pk in ranking.jurors if pk in jurors],
            "settings_form": settings_form if may_change else None,
        },
        status=400 if settings_form.errors else 200,
    )


def winners_view(request, page_id):
    """The coordinator confirms the winners from the ranking (a departure from the ranking needs a
    written reason) and publishes the results."""
    if not rules.can_coordinate(request.user):
        raise PermissionDenied
    page = get_object_or_404(CompetitionPage, pk=page_id)
    ranking = rank_entries(page)
    candidates = [item for item in ranking.entries if item.rank is not None][: results.WINNER_CANDIDATES]
    prize_places = [prize["place"] for prize in page.sorted_prizes()] or [1, 2, 3]
    current = {award.entry_id: award for award in Award.objects.filter(entry__competition_key=page.translation_key)}
    error = ""
    form = WinnersForm(
        candidates=candidates, places=prize_places, initial=_proposed_awards(candidates, prize_places, current)
    )
    blockers = results.publish_blockers(page, ranking)
    publish_form = PublishResultsForm(blockers=blockers)
    if request.method == "POST" and "publish" in request.POST:
        publish_form = PublishResultsForm(request.POST, blockers=blockers)
        if not current:
            error = _("Confirm the winners before publishing the results.")
        elif publish_form.is_valid():
            results.publish_results(page, request.user, publish_form.cleaned_data["reason"], blockers)
            messages.success(request, _("The results are published on the competition page."))
            return redirect(reverse("essays_winners", args=[page.pk]))
        else:
            error = " ".join(publish_form.non_field_errors())
    elif request.method == "POST":
        form = WinnersForm(request.POST, candidates=candidates, places=prize_places)
        if form.is_valid():
            choices = form.cleaned_data["choices"]
            results.confirm_winners(page, request.user, choices, form.cleaned_data["reason"], form.ranked_pks)
            messages.success(request, _("The winners are confirmed. Publish the results when you are ready."))
            return redirect(reverse("essays_winners", args=[page.pk]))
        error = " ".join(form.non_field_errors())
    return TemplateResponse(
        request,
        "essays/admin/winners.html",
        {"page": page, "form": form, "publish_form": publish_form, "error": error, "confirmed": bool(current)},
        status=400 if error else 200,
    )


def _proposed_awards(candidates, prize_places, current):
    """What the form shows first: the confirmed awards, or else the prizes in ranking order."""
    initial = {}
    for position, item in enumerate(candidates):
        award = current.get(item.entry.pk)
        if award:
            initial[f"award_{item.entry.pk}"] = results.MENTION if award.honourable_mention else str(award.place)
        elif not current and position < len(prize_places):
            initial[f"award_{item.entry.pk}"] = str(prize_places[position])
    return initial
