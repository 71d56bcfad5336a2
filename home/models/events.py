"""Events: workshops, debates, conferences. Times are kept in UTC and shown in the time zone of
the body that runs the event (Skopje unless the editor chooses another)."""

from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet

from core.blocks import BodyBlock
from core.fields import image_field
from core.links import absolute_url
from core.locales import language_code_of
from core.pages import GlasPageMixin, IndexPage, localised_link, text_search_fields
from core.timezones import label as zone_label
from core.timezones import time_zone_field
from home.ical import event_to_ical


class EventPageQuerySet(PageQuerySet):
    def for_listing(self, private_pages_q=None):
        visible = self.live().public() if private_pages_q is None else self.live().exclude(private_pages_q)
        return visible.select_related("image").prefetch_related("image__renditions")

    def upcoming(self):
        return self.filter(end__gte=timezone.now()).order_by("start")

    def past(self):
        return self.filter(end__lt=timezone.now()).order_by("-start")


class EventIndexPage(IndexPage):
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.EventPage"]

    class Meta:
        verbose_name = _("event index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        events = EventPage.objects.child_of(self).for_listing()
        context["upcoming_events"] = events.upcoming()
        context["past_events"] = events.past()[:30]
        return context


class EventPage(GlasPageMixin, RoutablePageMixin, Page):
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    time_zone = time_zone_field()
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    image = image_field(_("image"))
    body = StreamField(BodyBlock(), verbose_name=_("description"), blank=True)
    related_project = models.ForeignKey(
        "home.ProjectPage",
        verbose_name=_("related project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )

    objects = PageManager.from_queryset(EventPageQuerySet)()

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start"), FieldPanel("end")]), FieldPanel("time_zone")],
            heading=_("When (entered in your own time zone, see your account)"),
        ),
        FieldPanel("venue"),
        FieldPanel("address"),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
        FieldPanel("related_project"),
    ]
    search_fields = [
        *Page.search_fields,
        *text_search_fields("summary", "venue", "body"),
    ]
    parent_page_types = ["home.EventIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("An event cannot end before it starts.")})

    def project(self):
        return localised_link(self, self.related_project)

    def structured_data(self, request):
        """The event as a schema.org Event (JSON-LD in the page's head): times with the offset
        of the event's time zone, the place with its address."""
        zone = ZoneInfo(self.time_zone)
        data = {
            "@type": "Event",
            "name": self.title,
            "description": self.summary,
            "startDate": self.start.astimezone(zone).isoformat(),
            "endDate": self.end.astimezone(zone).isoformat(),
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "inLanguage": language_code_of(self),
            "url": absolute_url(self.get_url(request), request),
        }
        if self.venue or self.address:
            data["location"] = {"@type": "Place", "name": self.venue or self.address, "address": self.address}
        return data

    @property
    def time_zone_label(self):
        return zone_label(self.time_zone)

    @property
    def is_past(self):
        return self.end < timezone.now()

    @path("")
    def event_route(self, request):
        return self.render(request)

    @path("ics/", name="ics")
    def ics(self, request):
        response = HttpResponse(event_to_ical(self, request), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.slug}.ics"'
        return response
