"""Consultation pages: a draft document that citizens read and comment on, paragraph by paragraph."""

from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet

from consultations import rules
from consultations.blocks import DraftBlock
from consultations.choices import PHASES, Moderation, Phase, Status
from consultations.drafts import THREADS_SHOWN, draft_with_comments
from consultations.kept_paragraphs import KeptParagraphs
from consultations.models.comments import Comment
from consultations.models.municipalities import in_default_language, municipality_table, pick_name
from consultations.models.versions import newest_number
from core import cache as page_cache
from core.blocks import ListItemsBlock
from core.licences import licence_field
from core.pages import GlasPageMixin, IndexPage, routed_view, text_search_fields
from core.phases import first_after, phase_at
from core.restrictions import private_pages_q
from core.timezones import label as zone_label
from core.timezones import time_zone_field


class ConsultationPageQuerySet(PageQuerySet):
    def with_comment_counts(self):
        """Annotate `comment_count`: published comments on every language version."""
        published = (
            Comment.objects.filter(consultation_key=models.OuterRef("translation_key"), status=Status.PUBLISHED)
            .order_by()
            .values("consultation_key")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return self.annotate(comment_count=Coalesce(models.Subquery(published), 0))

    def open_now(self):
        now = timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)

    def upcoming(self):
        return self.filter(opens_at__gt=timezone.now())

    def closed(self):
        return self.filter(closes_at__lte=timezone.now())


@dataclass
class DraftSection:
    number: int
    heading: str
    block_id: str
    paragraphs: list = field(default_factory=list)


@dataclass
class DraftParagraph:
    number: int
    block_id: str
    text: object


class ConsultationIndexPage(IndexPage):
    parent_page_types = ["home.HomePage"]
    subpage_types = ["consultations.ConsultationPage"]

    class Meta:
        verbose_name = _("consultation index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        consultations = (
            ConsultationPage.objects.child_of(self)
            .live()
            .exclude(private_pages_q(request))
            .select_related("organiser")
            .with_comment_counts()
        )
        context["open_consultations"] = consultations.open_now().order_by("closes_at")
        context["upcoming_consultations"] = consultations.upcoming().order_by("opens_at")
        context["closed_consultations"] = consultations.closed().order_by("-closes_at")
        return context


class ConsultationPage(RoutablePageMixin, GlasPageMixin, Page):
    summary = models.TextField(_("summary"), help_text=_("What is being decided, in two or three sentences."))
    organiser = models.ForeignKey(
        "home.Organisation",
        verbose_name=_("run by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
    )
    municipalities = StreamField(ListItemsBlock(), verbose_name=_("municipalities concerned"), blank=True)
    comment_municipalities = ParentalManyToManyField(
        "consultations.Municipality",
        verbose_name=_("municipalities in the comment form"),
        blank=True,
        related_name="+",
        limit_choices_to=in_default_language,
        help_text=_(
            "Commenters choose one of these (or write another); the report counts the comments by "
            "municipality in each reader's language. With none chosen, commenters write it."
        ),
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    time_zone = time_zone_field()
    report_published_at = models.DateTimeField(
        _("report published"),
        null=True,
        blank=True,
        help_text=_("Leave empty until the report on the comments is ready."),
    )
    how_to_take_part = RichTextField(_("how to take part"), blank=True)
    draft_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("full draft for download"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    draft = StreamField(DraftBlock(), verbose_name=_("draft"), blank=True)
    moderation = models.CharField(_("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.PRE)
    report_summary = RichTextField(
        _("report: summary"),
        blank=True,
        help_text=_("What was asked, who took part and through which channels."),
    )
    report_changes = RichTextField(
        _("report: what changed"),
        blank=True,
        help_text=_("What changed in the next version of the draft because of the comments."),
    )

    licence = licence_field()

    objects = PageManager.from_queryset(ConsultationPageQuerySet)()

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("organiser"),
        FieldPanel("municipalities"),
        FieldPanel("comment_municipalities", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("report_published_at"),
                FieldPanel("time_zone"),
            ],
            heading=_("Dates (entered in your own time zone, see your account)"),
        ),
        FieldPanel("how_to_take_part"),
        FieldPanel("draft_document"),
        FieldPanel("draft"),
        InlinePanel(
            "draft_versions",
            heading=_("Versions of the draft"),
            label=_("Version"),
            help_text=_(
                "To publish a new version (v2, v3 …): edit the draft, add a version here with a short "
                "summary of what changed, then publish. Comments stay beside their paragraphs, and "
                "readers can compare the versions. Without a new version, publishing corrects the "
                "current one."
            ),
        ),
        FieldPanel("moderation"),
        FieldPanel("licence"),
        MultiFieldPanel(
            [FieldPanel("report_summary"), FieldPanel("report_changes")],
            heading=_("Report"),
            classname="collapsed",
        ),
    ]
    search_fields = [*Page.search_fields, *text_search_fields("summary", "draft")]
    parent_page_types = ["consultations.ConsultationIndexPage"]
    subpage_types: list[str] = []
    # What a comment changes, kept and purged apart from the rest of the page (core/cache.py
    # part_tag; consultations/signals.py).
    cache_parts = ("comments",)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("A consultation must close after it opens.")})
        if self.report_published_at and self.closes_at and self.report_published_at < self.closes_at:
            raise ValidationError(
                {"report_published_at": _("The report cannot be published before the consultation closes.")}
            )

    def municipality_options(self):
        """(pk, name in the active language) of the municipalities commenters choose from, sorted
        by name: this version's, else those of another language version of the consultation."""
        pks = [municipality.pk for municipality in self.comment_municipalities.all()]
        if not pks and self.pk:
            pks = list(
                ConsultationPage.comment_municipalities.through.objects.filter(
                    consultationpage__translation_key=self.translation_key
                ).values_list("municipality_id", flat=True)
            )
        table = municipality_table()
        options = {pk: pick_name(table[pk][1]) for pk in pks if pk in table}
        return sorted(options.items(), key=lambda item: item[1].casefold())

    @property
    def time_zone_label(self):
        return zone_label(self.time_zone)

    @property
    def phase(self):
        return phase_at(timezone.now(), self.opens_at, self.closes_at, self.report_published_at, PHASES)

    @property
    def accepts_comments(self):
        """For templates: may citizens comment now (consultations/rules.py)."""
        return rules.may_comment(self)

    @property
    def accepts_subscriptions(self):
        """For templates: is "notify me when the report is out" still offered."""
        return rules.may_subscribe(self)

    def next_change(self, now):
        """When the phase next changes: a cached copy of the page must not outlive it."""
        return first_after(now, self.opens_at, self.closes_at, self.report_published_at)

    def sitemap_routes(self):
        """The report is a page of its own once it is published (home's sitemap lists it)."""
        return ["report"] if self.report_is_published else []

    @property
    def report_is_published(self):
        return self.phase == Phase.REPORT_PUBLISHED

    def get_context(self, request, *args, **kwargs):
        from consultations.comments import own_waiting_by_paragraph  # it imports the models

        context = super().get_context(request, *args, **kwargs)
        # This session's own waiting comments, shown to it alone (no query for a visitor without
        # any): with them the draft is rendered afresh, not from what is kept for every visitor.
        own = context["own"] = own_waiting_by_paragraph(request, self)
        self.keeps_version_number = bool(self.pk) and page_cache.keeps_fragments(request)

        def draft():
            # Read only when the template needs it: not when the draft comes from the cache. Its
            # paragraphs that the cache still holds come with their HTML, their comments unread.
            block_ids = [paragraph.block_id for section in self.sections() for paragraph in section.paragraphs]
            kept = None if own else KeptParagraphs.look_up(self, request, block_ids)
            return draft_with_comments(self, limit=THREADS_SHOWN, kept=kept)

        context["draft"] = SimpleLazyObject(draft)
        return context

    @path("")
    def index_route(self, request, *args, **kwargs):
        return self.render(request)

    # The page's own routes, handled in consultations/views.py.
    paragraph_comments_route = path("comments/<str:block_id>/", name="paragraph_comments")(
        routed_view("consultations.views.paragraph_comments")
    )
    comment_route = path("comment/", name="comment")(routed_view("consultations.views.comment"))
    comment_sent_route = path("comment/sent/", name="comment_sent")(routed_view("consultations.views.comment_sent"))
    confirm_route = path("confirm/<str:token>/", name="confirm")(routed_view("consultations.views.confirm_comment"))
    notify_route = path("notify/", name="notify")(routed_view("consultations.views.subscribe"))
    notify_confirm_route = path("notify/confirm/<str:token>/", name="notify_confirm")(
        routed_view("consultations.views.confirm_subscription")
    )
    unsubscribe_route = path("notify/stop/<str:signed>/", name="unsubscribe")(
        routed_view("consultations.views.unsubscribe")
    )
    report_route = path("report/", name="report")(routed_view("consultations.views.report"))
    versions_route = path("versions/", name="versions")(routed_view("consultations.views.versions"))
    compare_route = path("versions/compare/", name="compare")(routed_view("consultations.views.compare_versions"))

    @cached_property
    def latest_version_number(self):
        """The version of the draft the page shows (1 until a second one is published). Where
        get_context says fragments are kept (never in a preview, which shows the revision's
        rows), kept in the shared cache until the page is published: its rows of versions are
        written then, and publishing purges its tag."""
        if getattr(self, "keeps_version_number", False):
            key = page_cache.fragment_key("version-number", str(self.pk))
            return page_cache.tag_cached(
                page_cache.page_tag(self.pk), key, lambda: newest_number(self), page_cache.FRAGMENT_SECONDS
            )
        return newest_number(self)

    def sections(self):
        """The draft as numbered sections of numbered paragraphs. Paragraphs before the first
        heading form an untitled opening section; paragraph numbers run through the document."""
        sections = []
        section_number = paragraph_number = 0
        for block in self.draft:
            if block.block_type == "section":
                section_number += 1
                sections.append(DraftSection(number=section_number, heading=block.value, block_id=block.id))
                continue
            if not sections:
                sections.append(DraftSection(number=0, heading="", block_id=""))
            paragraph_number += 1
            sections[-1].paragraphs.append(
                DraftParagraph(number=paragraph_number, block_id=block.id, text=block.value)
            )
        return sections
