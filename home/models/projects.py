"""Projects that the member organisations run, and their index."""

from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager, TranslatableMixin
from wagtail.query import PageQuerySet
from wagtail.search import index

from core.blocks import BodyBlock, ListItemsBlock
from core.fields import image_field
from core.pages import GlasPageMixin, IndexPage, text_search_fields
from core.restrictions import private_pages_q, visibility_key

CURRENCIES = [
    ("MKD", _("Macedonian denar (MKD)")),
    ("ALL", _("Albanian lek (ALL)")),
    ("BGN", _("Bulgarian lev (BGN)")),
    ("EUR", _("Euro (EUR)")),
    ("GBP", _("Pound sterling (GBP)")),
    ("USD", _("US dollar (USD)")),
]


class ProjectIndexPage(IndexPage):
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.ProjectPage"]

    class Meta:
        verbose_name = _("project index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        projects = ProjectPage.objects.child_of(self).live().exclude(private_pages_q(request)).for_listing()
        context["current_projects"] = [p for p in projects if not p.has_ended]
        context["past_projects"] = [p for p in projects if p.has_ended]
        return context


class ProjectPageQuerySet(PageQuerySet):
    def for_listing(self):
        return (
            self.select_related("image", "lead_organisation")
            .prefetch_related("image__renditions")
            .order_by("-start_date", "title")
        )


class ProjectPartner(TranslatableMixin, Orderable):
    """A partner organisation; translatable like NewsPageTopic, for the same reason."""

    page = ParentalKey("home.ProjectPage", on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "home.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("organisation")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        pass


class ProjectPage(GlasPageMixin, Page):
    summary = models.TextField(_("summary"), help_text=_("One or two sentences shown in lists."))
    image = image_field(_("image"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    budget = models.DecimalField(_("budget"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCIES, default="EUR")
    lead_organisation = models.ForeignKey(
        "home.Organisation",
        verbose_name=_("lead organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_projects",
    )
    funder = models.ForeignKey(
        "home.Organisation",
        verbose_name=_("funder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="funded_projects",
    )
    funding_disclaimer = models.TextField(_("funding disclaimer"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("description"), blank=True)
    target_groups = StreamField(ListItemsBlock(), verbose_name=_("target groups"), blank=True)
    goals = StreamField(ListItemsBlock(), verbose_name=_("goals"), blank=True)
    results = StreamField(ListItemsBlock(), verbose_name=_("results"), blank=True)
    activities = StreamField(ListItemsBlock(), verbose_name=_("activities"), blank=True)
    featured = models.BooleanField(_("featured on the home page"), default=False)

    objects = PageManager.from_queryset(ProjectPageQuerySet)()

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("image"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldRowPanel([FieldPanel("budget"), FieldPanel("currency")]),
            ],
            heading=_("Period and budget"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("lead_organisation"),
                InlinePanel("partners", label=_("Partners")),
                FieldPanel("funder"),
                FieldPanel("funding_disclaimer"),
            ],
            heading=_("Organisations"),
        ),
        FieldPanel("body"),
        FieldPanel("target_groups"),
        FieldPanel("goals"),
        FieldPanel("results"),
        FieldPanel("activities"),
        FieldPanel("featured"),
    ]
    search_fields = [
        *Page.search_fields,
        *text_search_fields("summary", "body", "goals", "activities"),
        index.FilterField("featured"),
    ]
    parent_page_types = ["home.ProjectIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def list_sections(self):
        return [
            (_("Target groups"), self.target_groups),
            (_("Goals"), self.goals),
            (_("Results"), self.results),
            (_("Activities"), self.activities),
        ]

    @property
    def has_ended(self):
        return self.end_date is not None and self.end_date < timezone.localdate()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The pages that link to a project (news.py and events.py import this module, so their
        # models are reached through the links' reverse relations).
        NewsPage = self._meta.get_field("news").related_model
        EventPage = self._meta.get_field("events").related_model
        # Translations keep pointing at the source project, so match on its translation key.
        same_project = {"related_project__translation_key": self.translation_key, "locale_id": self.locale_id}
        private = private_pages_q(request)
        # Read, and even built, only when the template needs them: not when the page's fragment
        # is kept (building the two querysets was a tenth of the page's time).
        context["project_news"] = SimpleLazyObject(
            lambda: NewsPage.objects.for_listing(private).filter(**same_project)[:6]
        )
        context["project_events"] = SimpleLazyObject(
            lambda: EventPage.objects.live().exclude(private).filter(**same_project).order_by("-start")[:6]
        )
        context["partner_organisations"] = SimpleLazyObject(
            lambda: [link.organisation for link in self.partners.select_related("organisation__logo")]
        )
        # What the kept fragment depends on besides the page: the view restrictions, and the day
        # (the period says whether the project has ended).
        context["fragment_key"] = f"{visibility_key(private)}:{timezone.localdate().isoformat()}"
        return context
