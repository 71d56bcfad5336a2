"""The moderators' side in the Wagtail admin: the comment queue with filters, search, bulk
approve / reject / spam, official responses, comments entered by staff, and CSV/XLSX export.
Every moderation action is written to Wagtail's log."""

import django_filters
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView, IndexView, SnippetViewSet

from consultations import moderation, responses, rules
from consultations.choices import Channel, Decision, RejectionReason, Stance, Status
from consultations.forms import CommentAdminForm, RejectForm
from consultations.models import Comment, ConsultationPage
from consultations.sections import open_consultations
from core.exports import ReadableExportMixin
from core.keeping import within
from core.sections import HomeSection

# Wagtail's admin asks the consultations' rules about comments (consultations/rules.py).
register_permission_policy(Comment, rules.CommentPolicy(Comment))


@hooks.register("describe_kept_records")
def comments_are_kept(pages):
    """A consultation with citizens' comments is never deleted (core/keeping.py)."""
    count = Comment.objects.filter(within(pages, "consultation__path")).count()
    if not count:
        return None
    return ngettext(
        "This page holds %(count)d comment from citizens, which must stay on record. Unpublish the "
        "consultation instead, or let it close on its closing date.",
        "This page holds %(count)d comments from citizens, which must stay on record. Unpublish the "
        "consultation instead, or let it close on its closing date.",
        count,
    ) % {"count": count}


@hooks.register("register_home_section")
def open_consultations_section():
    return HomeSection("consultations", "consultations/includes/home_section.html", open_consultations, order=10)


def consultation_choices():
    """One choice per consultation (all its language versions share a translation key)."""
    seen = {}
    for key, title in ConsultationPage.objects.order_by("locale_id", "title").values_list("translation_key", "title"):
        seen.setdefault(key, title)
    return sorted(seen.items(), key=lambda item: item[1])


def section_choices():
    rows = (
        Comment.objects.exclude(section_number=None)
        .values_list("section_number", "section_heading")
        .order_by("section_number", "language")
        .distinct()
    )
    seen = {}
    for number, heading in rows:
        seen.setdefault(number, f"{number}. {heading}")
    return list(seen.items())


def language_choices():
    return list(settings.LANGUAGES)


class CommentFilterSet(WagtailFilterSet):
    consultation_key = django_filters.ChoiceFilter(label=_("Consultation"), choices=consultation_choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    section_number = django_filters.ChoiceFilter(label=_("Section"), choices=section_choices)
    stance = django_filters.ChoiceFilter(label=_("Stance"), choices=Stance.choices)
    language = django_filters.ChoiceFilter(label=_("Language"), choices=language_choices)
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Channel.choices)
    decision = django_filters.ChoiceFilter(label=_("Decision"), choices=Decision.choices, empty_label=_("Any"))
    created_at = django_filters.DateFromToRangeFilter(label=_("Written"), widget=DateRangePickerWidget)

    class Meta:
        model = Comment
        fields: list[str] = []


class CommentTextColumn(TitleColumn):
    """The comment's full text, with the paragraph it is about, so moderators decide in the list."""

    cell_template_name = "consultations/admin/comment_cell.html"


class CommentIndexView(ReadableExportMixin, IndexView):
    def _get_title_column(self, field_name, column_class=CommentTextColumn, **kwargs):
        return super()._get_title_column(field_name, column_class, **kwargs)

    def to_row_dict(self, item):
        """Each comment's row, with the number of the paragraph its answer changed, in the
        current draft of its consultation (read once per consultation)."""
        row = super().to_row_dict(item)
        if "response_paragraph" in row:
            numbers = self._paragraph_numbers(item.consultation)
            row["response_paragraph"] = numbers.get(item.response_paragraph_id, "")
        return row

    def _paragraph_numbers(self, page):
        cache = self.__dict__.setdefault("_numbers", {})
        if page.pk not in cache:
            cache[page.pk] = {p.block_id: p.number for s in page.sections() for p in s.paragraphs}
        return cache[page.pk]


class CommentEditView(EditView):
    def save_instance(self):
        before = Comment.objects.get(pk=self.object.pk)
        instance = super().save_instance()
        if instance.status == Status.REJECTED and not instance.rejection_reason:
            instance.rejection_reason = RejectionReason.OTHER
        if instance.status != Status.REJECTED:
            instance.rejection_reason = ""
        if (instance.status, instance.rejection_reason) != (before.status, before.rejection_reason):
            moderation.log_moderation(instance, self.request.user)
        responses.record_response(instance, self.request.user, previous_response=before.response)
        return instance


class CommentCreateView(CreateView):
    def get_initial(self):
        initial = super().get_initial()
        key = self.request.GET.get("consultation", "")
        page = ConsultationPage.objects.filter(pk=key).first() if key.isdigit() else None
        if page is not None:
            initial["consultation"] = page.pk
            initial["language"] = page.locale.language_code
        initial.setdefault("channel", Channel.PAPER)
        return initial

    def save_instance(self):
        instance = super().save_instance()
        responses.record_response(instance, self.request.user)
        return instance


class CommentViewSet(SnippetViewSet):
    model = Comment
    icon = "comment"
    menu_label = _("Comments")
    menu_order = 250
    add_to_admin_menu = True
    filterset_class = CommentFilterSet
    index_view_class = CommentIndexView
    edit_view_class = CommentEditView
    add_view_class = CommentCreateView
    inspect_view_enabled = True
    copy_view_enabled = False
    search_fields = ["text", "proposed_wording", "author_name", "organisation", "municipality", "response"]
    list_per_page = 50
    ordering = "-created_at"
    list_display = [
        "full_text",
        Column("consultation", label=_("Consultation")),
        Column("paragraph_number", label=_("Paragraph")),
        Column("get_stance_display", label=_("Stance")),
        Column("get_status_display", label=_("Status")),
        Column("language", label=_("Language")),
        Column("created_at", label=_("Written")),
    ]
    list_export = [
        "pk",
        "consultation_title",
        "section_number",
        "section_heading",
        "paragraph_number",
        "paragraph_text",
        "reply_to_id",
        "stance",
        "text",
        "proposed_wording",
        "status",
        "rejection_reason",
        "channel",
        "public_name",
        "organisation",
        "municipality",
        "language",
        "created_at",
        "decision",
        "response",
        "response_paragraph",
        "responded_at",
    ]
    export_headings = {
        "pk": _("ID"),
        "consultation_title": _("Consultation"),
        "section_number": _("Section"),
        "section_heading": _("Section heading"),
        "paragraph_number": _("Paragraph"),
        "paragraph_text": _("Paragraph as commented"),
        "reply_to_id": _("Reply to"),
        "stance": _("Stance"),
        "text": _("Comment"),
        "proposed_wording": _("Proposed wording"),
        "status": _("Status"),
        "rejection_reason": _("Reason for rejection"),
        "channel": _("Channel"),
        "public_name": _("Name"),
        "organisation": _("Organisation"),
        "municipality": _("Municipality"),
        "language": _("Language"),
        "created_at": _("Written"),
        "decision": _("Decision"),
        "response": _("Official response"),
        "response_paragraph": _("Changed paragraph in the new version"),
        "responded_at": _("Answered"),
    }
    export_filename = "comments"
    inspect_view_fields = [
        "consultation",
        "section_heading",
        "paragraph_number",
        "paragraph_text",
        "stance",
        "text",
        "proposed_wording",
        "author_name",
        "show_name",
        "organisation",
        "municipality",
        "language",
        "channel",
        "status",
        "rejection_reason",
        "created_at",
        "confirmed_at",
        "moderated_at",
        "decision",
        "response",
        "response_paragraph",
        "responded_at",
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("consultation"),
                    FieldPanel("paragraph_choice"),
                    FieldRowPanel([FieldPanel("stance"), FieldPanel("channel"), FieldPanel("language")]),
                    FieldPanel("text"),
                    FieldPanel("proposed_wording"),
                    FieldRowPanel([FieldPanel("author_name"), FieldPanel("show_name")]),
                    FieldRowPanel([FieldPanel("organisation"), FieldPanel("municipality")]),
                    FieldPanel("created_at"),
                ],
                heading=_("Comment"),
            ),
            MultiFieldPanel(
                [FieldRowPanel([FieldPanel("status"), FieldPanel("rejection_reason")])],
                heading=_("Moderation"),
            ),
            MultiFieldPanel(
                [FieldPanel("decision"), FieldPanel("response"), FieldPanel("response_paragraph_choice")],
                heading=_("Official response"),
            ),
        ],
        base_form_class=CommentAdminForm,
    )

    def get_queryset(self, request):
        return Comment.objects.select_related("consultation", "parent")


register_snippet(CommentViewSet)


# --- Bulk actions ----------------------------------------------------------------------------


class CommentBulkAction(SnippetBulkAction):
    models = [Comment]
    template_name = "consultations/admin/confirm_bulk_moderation.html"

    def check_perm(self, comment):
        return rules.can_moderate(self.request.user)

    def get_execution_context(self):
        return {"user": self.request.user, "form": self.cleaned_form}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action_label": self.display_name}

    def done_message(self, count):
        raise NotImplementedError

    @staticmethod
    def changed_and_unchanged(objects, changed):
        """(comments changed, comments already so) for Wagtail's success message."""
        return changed, len(objects) - changed

    def get_success_message(self, num_parent_objects, num_child_objects):
        """What happened to how many: "3 comments approved and published. 1 was already."""
        message = self.done_message(num_parent_objects)
        if num_child_objects:
            message += " " + ngettext(
                "%(count)d comment was so already and is unchanged.",
                "%(count)d comments were so already and are unchanged.",
                num_child_objects,
            ) % {"count": num_child_objects}
        return message


@hooks.register("register_bulk_action")
class ApproveBulkAction(CommentBulkAction):
    display_name = _("Approve")
    action_type = "approve"
    aria_label = _("Approve and publish the selected comments")
    action_priority = 10

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        return cls.changed_and_unchanged(objects, moderation.approve(objects, user))

    def done_message(self, count):
        return ngettext(
            "%(count)d comment approved and published.", "%(count)d comments approved and published.", count
        ) % {"count": count}


@hooks.register("register_bulk_action")
class RejectBulkAction(CommentBulkAction):
    display_name = _("Reject")
    action_type = "reject"
    aria_label = _("Reject the selected comments with a reason")
    action_priority = 20
    form_class = RejectForm

    @classmethod
    def execute_action(cls, objects, user=None, form=None, **kwargs):
        return cls.changed_and_unchanged(objects, moderation.reject(objects, user, form.cleaned_data["reason"]))

    def done_message(self, count):
        reason = RejectionReason(self.cleaned_form.cleaned_data["reason"]).label
        return ngettext(
            "%(count)d comment rejected (%(reason)s).", "%(count)d comments rejected (%(reason)s).", count
        ) % {"count": count, "reason": reason}


@hooks.register("register_bulk_action")
class SpamBulkAction(CommentBulkAction):
    display_name = _("Mark as spam")
    action_type = "spam"
    aria_label = _("Mark the selected comments as spam")
    action_priority = 25
    classes = {"serious"}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        return cls.changed_and_unchanged(objects, moderation.mark_spam(objects, user))

    def done_message(self, count):
        return ngettext("%(count)d comment marked as spam.", "%(count)d comments marked as spam.", count) % {
            "count": count
        }


@hooks.register("register_log_actions")
def register_comment_log_actions(actions):
    actions.register_action("glas.comment.approve", _("Approve comment"), _("Comment approved and published"))
    actions.register_action("glas.comment.reject", _("Reject comment"), _("Comment rejected"))
    actions.register_action("glas.comment.spam", _("Mark comment as spam"), _("Comment marked as spam"))
    actions.register_action("glas.comment.respond", _("Answer comment"), _("Official response written"))


# --- Links from a consultation page to its comments ------------------------------------------


@hooks.register("register_page_listing_more_buttons")
def consultation_comment_buttons(page, user, next_url=None):
    if not isinstance(page.specific_deferred, ConsultationPage):
        return
    viewset = Comment.snippet_viewset
    if rules.can_read_comments(user):
        index = reverse(viewset.get_url_name("list"))
        yield Button(
            _("Comments"), f"{index}?consultation_key={page.translation_key}", icon_name="comment", priority=62
        )
    if rules.can_enter_comment(user):
        add = reverse(viewset.get_url_name("add"))
        yield Button(
            _("Enter a comment received offline"), f"{add}?consultation={page.pk}", icon_name="plus", priority=63
        )
