"""Coordinators' side in the Wagtail admin: the entries of each competition, with filters,
search, withdrawal or disqualification with a reason, and CSV/XLSX export."""

import django_filters
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import Button
from wagtail.log_actions import log
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from core.exports import ReadableExportMixin
from core.keeping import within
from core.sections import FooterLink, HomeSection
from essays import admin_views, rules
from essays.choices import ESSAY_LANGUAGES, EntryStatus
from essays.models import Assignment, CompetitionPage, Entry
from essays.sections import open_competitions, open_competitions_change_at

# Wagtail's admin asks the essays' rules about entries and score sheets (essays/rules.py).
register_permission_policy(Entry, rules.EntryPolicy(Entry))
register_permission_policy(Assignment, rules.AssignmentPolicy(Assignment))


@hooks.register("describe_kept_records")
def entries_are_kept(pages):
    """A competition with students' entries is never deleted (core/keeping.py)."""
    count = Entry.objects.filter(within(pages, "competition__path")).count()
    if not count:
        return None
    return ngettext(
        "This page holds %(count)d essay entry from students, which must stay on record. Unpublish "
        "the competition instead; personal data is deleted on schedule after the results.",
        "This page holds %(count)d essay entries from students, which must stay on record. Unpublish "
        "the competition instead; personal data is deleted on schedule after the results.",
        count,
    ) % {"count": count}


@hooks.register("register_home_section")
def open_competitions_section():
    return HomeSection(
        "competitions",
        "essays/includes/home_section.html",
        open_competitions,
        order=20,
        changes_at=open_competitions_change_at,
    )


@hooks.register("register_footer_link")
def jury_pages_link():
    return FooterLink(_("Jury pages"), lambda: reverse("essays:my_competitions"), order=50)


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
        fields: list[str] = []


class EntryIndexView(ReadableExportMixin, IndexView):
    """Entries, exported with labels and local times."""


class EntryViewSet(SnippetViewSet):
    model = Entry
    index_view_class = EntryIndexView
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
        "listed_title",
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
        return rules.can_unlock_score_sheets(self.request.user)

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


@hooks.register("register_admin_urls")
def essay_admin_urls():
    return [
        path("essays/competitions/<int:page_id>/winners/", admin_views.winners_view, name="essays_winners"),
        path("essays/competitions/<int:page_id>/ranking/", admin_views.ranking_view, name="essays_ranking"),
        path("essays/entries/<int:pk>/file/", admin_views.entry_file, name="essays_entry_file"),
        path("essays/competitions/<int:page_id>/assign/", admin_views.assign_entries, name="essays_assign"),
    ]


@hooks.register("register_page_listing_more_buttons")
def competition_buttons(page, user, next_url=None):
    if isinstance(page.specific_deferred, CompetitionPage) and rules.can_coordinate(user):
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
    actions.register_action(
        "glas.essays.ranking_settings", _("Change ranking settings"), _("Ranking settings changed")
    )
    actions.register_action("glas.essays.unlock", _("Unlock score sheet"), _("Score sheet unlocked"))
