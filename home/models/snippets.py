"""Snippets shared across the site: organisations and news topics (both translatable)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index

from core.fields import image_field


class Organisation(TranslatableMixin, index.Indexed, models.Model):
    """A civil-society organisation, institution or funder named on projects and news."""

    name = models.CharField(_("name"), max_length=200)
    city = models.CharField(_("city"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    logo = image_field(_("logo"))
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_("Shown to visitors only in a form that address harvesters cannot read."),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("city"),
        FieldPanel("description"),
        FieldPanel("logo"),
        FieldPanel("website"),
        FieldPanel("contact_email"),
        FieldPanel("phone"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("locale")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Topic(TranslatableMixin, models.Model):
    """A news topic. Translatable, unlike taggit tags, which every language would share."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        allow_unicode=True,
        help_text=_("Used in filter links, e.g. ?topic=youth. Keep it the same in every language."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def __str__(self):
        return self.name
