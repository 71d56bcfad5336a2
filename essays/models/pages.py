"""Competition pages: the call, the rules, the rubric and the jury of an essay competition."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail_localize.fields import SynchronizedField

from core import roles
from core.pages import GlasPageMixin, IndexPage, routed_view, text_search_fields
from core.phases import first_after, phase_at
from core.restrictions import private_pages_q
from core.timezones import label as zone_label
from core.timezones import time_zone_field
from essays import rules
from essays.blocks import PrizesBlock, RubricBlock
from essays.choices import ESSAY_LANGUAGES, FILE_TYPES, PHASES, EntryStatus, Phase
from essays.fields import CodeListField, codes
from essays.models.jury import Award


@dataclass
class Criterion:
    id: str
    position: int
    name: str
    description: str
    weight: Decimal
    max_points: int


class CompetitionPageQuerySet(PageQuerySet):
    def open_now(self):
        now = timezone.now()
        return self.filter(opens_at__lte=now, deadline__gt=now)


class CompetitionIndexPage(IndexPage):
    parent_page_types = ["home.HomePage"]
    subpage_types = ["essays.CompetitionPage"]

    class Meta:
        verbose_name = _("competition index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        competitions = CompetitionPage.objects.child_of(self).live().exclude(private_pages_q(request))
        now = timezone.now()
        context["open_competitions"] = competitions.filter(opens_at__lte=now, deadline__gt=now).order_by("deadline")
        context["upcoming_competitions"] = competitions.filter(opens_at__gt=now).order_by("opens_at")
        context["past_competitions"] = competitions.filter(deadline__lte=now).order_by("-deadline")
        return context


class CompetitionPage(RoutablePageMixin, GlasPageMixin, Page):
    theme = models.CharField(_("theme"), max_length=250)
    summary = models.TextField(_("summary"), help_text=_("Who may take part and what to write, in two sentences."))
    description = RichTextField(_("the call"), blank=True)
    rules = RichTextField(_("rules"), blank=True)
    eligibility = RichTextField(_("who may take part"), blank=True)
    min_age = models.PositiveSmallIntegerField(_("youngest age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("oldest age"), null=True, blank=True)
    school_grades = models.CharField(_("school grades"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=200, blank=True)
    accepted_languages = CodeListField(_("accepted languages"), codes=ESSAY_LANGUAGES, blank=False)
    min_words = models.PositiveIntegerField(_("minimum words"), default=300)
    max_words = models.PositiveIntegerField(_("maximum words"), default=1500)
    accepted_file_types = CodeListField(
        _("accepted file types"), codes=FILE_TYPES, help_text=_("Leave all unticked to accept typed text only.")
    )
    max_file_mb = models.PositiveSmallIntegerField(_("largest file (MB)"), default=5)
    opens_at = models.DateTimeField(_("opens"))
    deadline = models.DateTimeField(_("deadline"))
    jury_deadline = models.DateTimeField(_("jury deadline"))
    results_at = models.DateTimeField(_("results announced"), help_text=_("The date announced to students."))
    time_zone = time_zone_field()
    prizes = StreamField(PrizesBlock(), verbose_name=_("prizes"), blank=True)
    rubric = StreamField(RubricBlock(), verbose_name=_("rubric"), blank=True)
    jury = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("jury"),
        blank=True,
        related_name="juried_competitions",
        limit_choices_to={"groups__name": roles.JURY},
    )
    jurors_per_entry = models.PositiveSmallIntegerField(
        _("jurors per entry"), default=0, help_text=_("0: every juror scores every entry.")
    )
    jurors_see_scores = models.BooleanField(
        _("jurors may see the others' scores after submitting their own"), default=False
    )
    key_criterion = models.PositiveSmallIntegerField(
        _("key criterion for ties"),
        null=True,
        blank=True,
        help_text=_("The position of the criterion in the rubric (1 for the first) used to break ties."),
    )
    privacy_notice = RichTextField(_("privacy notice"), blank=True)
    consent_version = models.CharField(
        _("consent text version"),
        max_length=40,
        default="1",
        help_text=_("Change it whenever the privacy notice changes; each entry records the version it agreed to."),
    )
    jury_statement = RichTextField(_("jury's statement"), blank=True)
    results_published_at = models.DateTimeField(
        _("results published"),
        null=True,
        blank=True,
        help_text=_("Set by “Publish the results” on the competition's Winners and results page."),
    )

    objects = PageManager.from_queryset(CompetitionPageQuerySet)()

    override_translatable_fields = [
        SynchronizedField("accepted_languages"),
        SynchronizedField("accepted_file_types"),
        SynchronizedField("consent_version"),
        SynchronizedField("time_zone"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("theme"),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("rules"),
        MultiFieldPanel(
            [
                FieldPanel("eligibility"),
                FieldRowPanel([FieldPanel("min_age"), FieldPanel("max_age")]),
                FieldRowPanel([FieldPanel("school_grades"), FieldPanel("region")]),
            ],
            heading=_("Who may take part"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("accepted_languages"),
                FieldRowPanel([FieldPanel("min_words"), FieldPanel("max_words")]),
                FieldPanel("accepted_file_types"),
                FieldPanel("max_file_mb"),
            ],
            heading=_("Entries"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("deadline")]),
                FieldRowPanel([FieldPanel("jury_deadline"), FieldPanel("results_at")]),
                FieldPanel("time_zone"),
            ],
            heading=_("Dates (entered in your own time zone, see your account)"),
        ),
        FieldPanel("prizes"),
        FieldPanel("privacy_notice"),
        FieldPanel("consent_version"),
    ]
    jury_panels = [
        FieldPanel("rubric"),
        FieldPanel("jury"),
        FieldRowPanel([FieldPanel("jurors_per_entry"), FieldPanel("jurors_see_scores")]),
        FieldPanel("key_criterion"),
        FieldPanel("jury_statement"),
        FieldPanel("results_published_at", read_only=True),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(jury_panels, heading=_("Jury and scoring")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = [*Page.search_fields, *text_search_fields("theme", "summary", "description")]
    parent_page_types = ["essays.CompetitionIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("essay competition")
        verbose_name_plural = _("essay competitions")

    def clean(self):
        super().clean()
        errors = {}
        if self.opens_at and self.deadline and self.deadline <= self.opens_at:
            errors["deadline"] = _("The deadline must come after the opening.")
        if self.deadline and self.jury_deadline and self.jury_deadline < self.deadline:
            errors["jury_deadline"] = _("The jury cannot finish before the deadline for entries.")
        if self.jury_deadline and self.results_at and self.results_at < self.jury_deadline:
            errors["results_at"] = _("Results cannot be announced before the jury has finished.")
        if self.min_words and self.max_words and self.max_words < self.min_words:
            errors["max_words"] = _("The maximum must be at least the minimum.")
        if self.min_age and self.max_age and self.max_age < self.min_age:
            errors["max_age"] = _("The oldest age must be at least the youngest.")
        if errors:
            raise ValidationError(errors)

    @property
    def time_zone_label(self):
        return zone_label(self.time_zone)

    @property
    def phase(self):
        return phase_at(timezone.now(), self.opens_at, self.deadline, self.results_published_at, PHASES)

    @property
    def accepts_entries(self):
        """For templates: may students send or change an entry now (essays/rules.py)."""
        return rules.may_enter(self)

    def next_change(self, now):
        """When the phase next changes: a cached copy of the page must not outlive it."""
        return first_after(now, self.opens_at, self.deadline, self.results_published_at)

    def language_codes(self):
        return codes(self.accepted_languages)

    def file_types(self):
        return codes(self.accepted_file_types)

    def criteria(self):
        return [
            Criterion(
                id=block.id,
                position=position,
                name=block.value["name"],
                description=block.value["description"],
                weight=block.value["weight"],
                max_points=block.value["max_points"],
            )
            for position, block in enumerate(self.rubric, start=1)
        ]

    def sorted_prizes(self):
        return sorted((block.value for block in self.prizes), key=lambda prize: prize["place"])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when the template needs them: not when the page's fragment is kept.
        context["language_names"] = SimpleLazyObject(self._language_names)
        context["key_criterion"] = SimpleLazyObject(self._key_criterion)
        if self.phase == Phase.RESULTS:
            awards = SimpleLazyObject(self._awards)
            context["winners"] = SimpleLazyObject(lambda: [a for a in awards if not a.honourable_mention])
            context["mentions"] = SimpleLazyObject(lambda: [a for a in awards if a.honourable_mention])
        return context

    def _language_names(self) -> list[str]:
        names = dict(ESSAY_LANGUAGES)
        return [names[code] for code in self.language_codes() if code in names]

    def _key_criterion(self) -> Any:
        criteria, number = self.criteria(), self.key_criterion
        return criteria[number - 1] if number and 0 < number <= len(criteria) else None

    def _awards(self) -> list[Any]:
        """The places and mentions decided, with their prizes (one query)."""
        awards = list(
            Award.objects.filter(entry__competition_key=self.translation_key, entry__status=EntryStatus.SUBMITTED)
            .select_related("entry")
            .order_by("honourable_mention", "place", "entry__jury_code")
        )
        prizes = {prize["place"]: prize for prize in self.sorted_prizes()}
        for award in awards:
            award.prize = prizes.get(award.place)
        return awards

    @path("")
    def index_route(self, request, *args, **kwargs):
        return self.render(request)

    # The page's own routes, handled in essays/views.py.
    enter_route = path("enter/", name="enter")(routed_view("essays.views.enter"))
    edit_route = path("entry/<str:token>/", name="edit")(routed_view("essays.views.edit"))
    guardian_route = path("guardian/<str:token>/", name="guardian")(routed_view("essays.views.guardian_consent"))
