"""The home page, standard pages and the contact form page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core import mail
from core.blocks import BodyBlock
from core.fields import image_field
from core.pages import GlasPageMixin, text_search_fields
from core.routing import OneQueryRouting
from home.forms import ContactFormBuilder

# GlasPageMixin is named here by home's and the feature apps' migrations (as a page base).
__all__ = ["ContactFormField", "ContactPage", "GlasPageMixin", "HomePage", "StandardPage"]


class HomePage(OneQueryRouting, GlasPageMixin, Page):
    """The root of each language's site. Its sections (open consultations, news, …) come from
    the apps that have them (core/sections.py)."""

    hero_heading = models.CharField(_("hero heading"), max_length=200, blank=True)
    hero_text = models.TextField(_("hero text"), blank=True)
    image = image_field(_("hero image"))

    content_panels = [*Page.content_panels, FieldPanel("hero_heading"), FieldPanel("hero_text"), FieldPanel("image")]
    search_fields = [*Page.search_fields, *text_search_fields("hero_text")]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")


class StandardPage(GlasPageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    image = image_field(_("image"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("image"), FieldPanel("body")]
    search_fields = [*Page.search_fields, *text_search_fields("intro", "body")]

    class Meta:
        verbose_name = _("standard page")


class ContactFormField(TranslatableMixin, AbstractFormField):
    """A field of the contact form. Its label and help text are translated with the page; its
    machine name stays the same in every language, so submissions line up."""

    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")

    translatable_fields = [
        TranslatableField("label"),
        TranslatableField("help_text"),
        TranslatableField("choices"),
        TranslatableField("default_value"),
        SynchronizedField("clean_name"),
        SynchronizedField("field_type"),
        SynchronizedField("required"),
        SynchronizedField("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta, AbstractFormField.Meta):
        pass


class ContactPage(GlasPageMixin, AbstractEmailForm):
    """A contact form. The addresses it sends to are never written into the page."""

    intro = RichTextField(_("introduction"), blank=True)
    thank_you_text = RichTextField(_("thank-you text"), blank=True)

    content_panels = [
        *AbstractEmailForm.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("E-mail"),
        ),
    ]
    search_fields = [*Page.search_fields, *text_search_fields("intro")]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("contact page")

    form_builder = ContactFormBuilder

    def send_mail(self, form):
        """Hand the e-mail to the outbox, so a slow or failing mail server never blocks a visitor
        nor loses the message."""
        addresses = [address.strip() for address in self.to_address.split(",") if address.strip()]
        mail.send(
            subject=self.subject or self.title,
            body=self.render_email(form),
            recipients=addresses,
            from_email=self.from_address or "",
        )
