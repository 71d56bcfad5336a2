"""The moderators' side in the Wagtail admin: the comment queue with filters, search, bulk
approve / reject / spam, official responses, comments entered by staff, and CSV/XLSX export.
Every moderation action is written to Wagtail's log."""

from collections import Counter
from functools import cached_property

import django_filters
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView, IndexView, InspectView, SnippetViewSet

from consultations import moderation, notifications, responses, rules
from consultations.choices import Channel, Decision, RejectionReason, Stance, Status
from consultations.forms import CommentAdminForm, RejectForm
from consultations.models import Comment, CommentRedaction, ConsultationPage, Municipality
from consultations.sections import open_consultations, open_consultations_change_at
from core.exports import ReadableExportMixin
from core.keeping import within
from core.sections import FooterLink, HomeSection

# Wagtail's admin asks the consultations' rules about comments (consultations/rules.py).
register_permission_policy(Comment, rules.CommentPolicy(Comment))


@hooks.register("insert_global_admin_css")
def editor_css():
    """The admin's few rules of Glas's own (static/css/admin.css): the page editor's."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


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


@hooks.register("register_footer_link")
def my_comments_link():
    """Every comment a citizen sent, its status and its answer, by an e-mailed link (consultations/mine.py)."""
    return FooterLink(_("My comments"), lambda: reverse("consultations:mine"), order=40)


@hooks.register("register_home_section")
def open_consultations_section():
    return HomeSection(
        "consultations",
        "consultations/includes/home_section.html",
        open_consultations,
        order=10,
        changes_at=open_consultations_change_at,
    )


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


class RedactButtonMixin:
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if rules.can_moderate(self.request.user):
            url = reverse(Comment.snippet_viewset.get_url_name("redact"), args=[self.object.pk])
            buttons.append(Button(_("Redact"), url=url, icon_name="edit", priority=30))
        return buttons


class CommentInspectView(RedactButtonMixin, InspectView):
    pass


class CommentEditView(RedactButtonMixin, EditView):
    def save_instance(self):
        before = Comment.objects.get(pk=self.object.pk)
        instance = super().save_instance()
        if instance.status == Status.REJECTED and not instance.rejection_reason:
            instance.rejection_reason = RejectionReason.OTHER
        if instance.status != Status.REJECTED:
            instance.rejection_reason = ""
        if (instance.status, instance.rejection_reason) != (before.status, before.rejection_reason):
            moderation.log_moderation(instance, self.request.user)
            # The author hears of it as after a bulk action (consultations/notifications.py).
            transaction.on_commit(lambda: notifications.comment_moderated([instance]))
        responses.record_response(instance, self.request.user, previous_response=before.response)
        return instance


class ChooseConsultationForm(forms.Form):
    consultation = forms.TypedChoiceField(
        label=_("Consultation"),
        coerce=int,
        help_text=_("The form then offers the paragraphs of this consultation's draft."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        languages = dict(settings.LANGUAGES)
        pages = ConsultationPage.objects.select_related("locale").order_by("title", "locale__language_code")
        self.fields["consultation"].choices = [
            ("", "—"),
            *(
                (page.pk, f"{page.title} ({languages.get(page.locale.language_code, page.locale.language_code)})")
                for page in pages
            ),
        ]


class CommentCreateView(CreateView):
    """ "Enter a comment received offline": first the consultation, then the comment with the
    paragraphs of that consultation's draft to choose from (no script needed)."""

    choose_template_name = "consultations/admin/choose_consultation.html"

    def get(self, request, *args, **kwargs):
        if "consultation" not in request.GET:
            return self.choose_consultation(ChooseConsultationForm())
        form = ChooseConsultationForm(request.GET)
        if not form.is_valid():
            return self.choose_consultation(form)
        return super().get(request, *args, **kwargs)

    def choose_consultation(self, form):
        context = {
            "form": form,
            "action_url": self.request.path,
            "page_title": _("Enter a comment received offline"),
            "header_title": _("Enter a comment received offline"),
            "header_icon": "comment",
            "breadcrumbs_items": self.get_breadcrumbs_items(),
            "index_url": reverse(Comment.snippet_viewset.get_url_name("list")),
        }
        return TemplateResponse(self.request, self.choose_template_name, context)

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


class RedactForm(forms.Form):
    text = forms.CharField(
        label=_("Comment as the public will read it"),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Please give the text that stays public.")},
    )
    proposed_wording = forms.CharField(
        label=_("Proposed wording as the public will read it"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("Shown publicly under the comment, e.g. “a telephone number was removed”."),
        error_messages={"required": _("Please give the reason for the redaction: it is shown with the comment.")},
    )

    def __init__(self, *args, comment, **kwargs):
        super().__init__(*args, **kwargs)
        self.comment = comment

    def clean(self):
        cleaned = super().clean()
        text = (cleaned.get("text") or "").strip()
        wording = (cleaned.get("proposed_wording") or "").strip()
        if "text" in cleaned:
            cleaned["text"], cleaned["proposed_wording"] = text, wording
            if (text, wording) == (self.comment.text.strip(), self.comment.proposed_wording.strip()):
                raise forms.ValidationError(_("The text is unchanged: there is nothing to redact."))
        return cleaned


class RedactView(WagtailAdminTemplateMixin, FormView):
    """A moderator corrects what the public reads of a comment, with a reason shown publicly;
    the original stays on record (CommentRedaction) and the action goes to Wagtail's log."""

    template_name = "consultations/admin/redact.html"
    form_class = RedactForm
    header_icon = "comment"
    page_title = _("Redact comment")

    def dispatch(self, request, *args, **kwargs):
        if not rules.can_moderate(request.user):
            raise PermissionDenied
        self.comment = get_object_or_404(Comment, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "comment": self.comment}

    def get_initial(self):
        return {"text": self.comment.text, "proposed_wording": self.comment.proposed_wording}

    def get_page_subtitle(self):
        return str(self.comment)

    def get_context_data(self, **kwargs):
        viewset = Comment.snippet_viewset
        return super().get_context_data(
            comment=self.comment,
            redactions=self.comment.redactions.select_related("redacted_by"),
            edit_url=reverse(viewset.get_url_name("edit"), args=[self.comment.pk]),
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        CommentRedaction.record(
            self.comment, self.request.user, data["text"], data["proposed_wording"], data["reason"]
        )
        messages.success(self.request, _("Comment redacted. The original is kept on record."))
        return redirect(Comment.snippet_viewset.get_url_name("edit"), self.comment.pk)


def waiting_count(request):
    """Comments waiting for moderation, counted once per request (menu badge and dashboard)."""
    if not hasattr(request, "_glas_waiting_count"):
        request._glas_waiting_count = Comment.objects.filter(status=Status.PENDING).count()
    return request._glas_waiting_count


@hooks.register("glas_sidebar_depends_on")
def waiting_in_the_menu(request):
    """The Comments menu item carries the number of comments waiting (see CommentViewSet): the
    sidebar kept for a user (core/admin_sidebar.py) is kept for that number."""
    return waiting_count(request) if rules.can_moderate(request.user) else 0


def waiting_by_consultation(language=None):
    """[(translation key, title in the language, count)] of the consultations with comments
    waiting for moderation, most waiting first: two queries, whatever the number."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    counts = Counter(
        dict(
            Comment.objects.filter(status=Status.PENDING)
            .values_list("consultation_key")
            .annotate(n=models.Count("pk"))
            .order_by()
        )
    )
    titles: dict = {}
    for key, code, title in ConsultationPage.objects.filter(translation_key__in=list(counts)).values_list(
        "translation_key", "locale__language_code", "title"
    ):
        titles.setdefault(key, {})[code] = title
    rows = []
    for key, count in counts.items():
        versions = titles.get(key, {})
        title = versions.get(language) or versions.get(settings.LANGUAGE_CODE) or next(iter(versions.values()), "")
        rows.append((key, title, count))
    return sorted(rows, key=lambda row: (-row[2], row[1]))


class WaitingCommentsPanel(Component):
    """The dashboard's panel for moderators: comments waiting, per consultation."""

    name = "waiting_comments"
    order = 90
    template_name = "consultations/admin/waiting_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        index = reverse(Comment.snippet_viewset.get_url_name("list"))
        rows = [
            {
                "title": title,
                "count": count,
                "url": f"{index}?{urlencode({'consultation_key': key, 'status': Status.PENDING})}",
            }
            for key, title, count in waiting_by_consultation()
        ]
        return {"rows": rows, "total": sum(row["count"] for row in rows), "index_url": index}


@hooks.register("construct_homepage_panels")
def waiting_comments_panel(request, panels):
    if rules.can_moderate(request.user):
        panels.append(WaitingCommentsPanel(request))


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
    inspect_view_class = CommentInspectView
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
        "municipality_name",
        "language",
        "created_at",
        "redaction_reason",
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
        "municipality_name": _("Municipality"),
        "redaction_reason": _("Redacted"),
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
        "municipality_choice",
        "municipality",
        "language",
        "channel",
        "status",
        "rejection_reason",
        "created_at",
        "confirmed_at",
        "moderated_at",
        "redaction_reason",
        "redaction_history",
        "decision",
        "response",
        "response_paragraph",
        "responded_at",
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("consultation", widget=forms.Select),
                    FieldPanel("paragraph_choice"),
                    FieldRowPanel([FieldPanel("stance"), FieldPanel("channel"), FieldPanel("language")]),
                    FieldPanel("text"),
                    FieldPanel("proposed_wording"),
                    FieldRowPanel([FieldPanel("author_name"), FieldPanel("show_name")]),
                    FieldPanel("organisation"),
                    FieldRowPanel(
                        [FieldPanel("municipality_choice", widget=forms.Select), FieldPanel("municipality")]
                    ),
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

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("redact/<str:pk>/", RedactView.as_view(), name="redact")]

    @cached_property
    def menu_item_class(self):
        """The Comments menu item, with the number of comments waiting for moderation."""
        base = super().menu_item_class

        class CommentsMenuItem(base):
            def render_component(self, request):
                component = super().render_component(request)
                count = waiting_count(request) if rules.can_moderate(request.user) else 0
                if count:
                    # Wagtail's sidebar has no badge and cuts long labels: the number alone fits.
                    component.label = f"{component.label} ({count})"
                return component

        return CommentsMenuItem


register_snippet(CommentViewSet)


class MunicipalityViewSet(SnippetViewSet):
    """The municipalities that consultations offer in their comment form, in every language."""

    model = Municipality
    icon = "site"
    menu_label = _("Municipalities")
    list_display = ["name", "country"]
    search_fields = ["name"]


register_snippet(MunicipalityViewSet)


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
    actions.register_action("glas.comment.redact", _("Redact comment"), _("Comment redacted (original kept)"))


@hooks.register("register_snippet_listing_buttons")
def comment_redact_button(snippet, user, next_url=None):
    if isinstance(snippet, Comment) and rules.can_moderate(user):
        url = reverse(Comment.snippet_viewset.get_url_name("redact"), args=[snippet.pk])
        yield Button(_("Redact"), url, icon_name="edit", priority=30)


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
