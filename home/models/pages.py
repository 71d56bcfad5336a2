"""The home page, standard pages and the contact form page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home.blocks import BodyBlock
from home.models.fields import image_field


def localised_link(page, linked_page):
    """A linked page in the language of the page that links to it.

    wagtail-localize keeps page links pointing at the source page in every translation, so a
    link is resolved when shown: to the linked page's translation when there is one.
    """
    if linked_page is None or linked_page.locale_id == page.locale_id:
        return linked_page
    return linked_page.get_translation_or_none(page.locale_id) or linked_page


class GlasPageMixin:
    """What every public page offers its templates: a picture for link previews."""

    def social_image(self):
        return getattr(self, "image", None)

    def get_view_restrictions(self):
        # Wagtail reads the ancestors and their restrictions for every page it serves; where the
        # restricted paths show that none can apply, that is skipped (home/restrictions.py).
        from wagtail.models import PageViewRestriction

        from home.restrictions import may_be_restricted

        if not may_be_restricted(self):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class IndexPage(GlasPageMixin, Page):
    """A section's front page (news, projects, events): one per language, under the home page."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1

    class Meta:
        abstract = True


class HomePage(GlasPageMixin, Page):
    hero_heading = models.CharField(_("hero heading"), max_length=200, blank=True)
    hero_text = models.TextField(_("hero text"), blank=True)
    image = image_field(_("hero image"))

    content_panels = [*Page.content_panels, FieldPanel("hero_heading"), FieldPanel("hero_text"), FieldPanel("image")]
    search_fields = [*Page.search_fields, index.SearchField("hero_text")]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Find every page on the path in one query, then hand the rest of the path to the
        deepest one, as Wagtail's own walk would (it asks the database twice per level).

        Wagtail's walk lets each page on the way route the rest itself; so the walk stops, as
        Wagtail's does, at a page whose own routes (RoutablePageMixin) match the rest, and falls
        back to Wagtail's walk at a page type with a route() of its own."""
        from django.http import Http404
        from wagtail.contrib.routable_page.models import RoutablePageMixin

        if not path_components:
            return super().route(request, path_components)
        prefixes = [self.url_path + "/".join(path_components[:n]) + "/" for n in range(1, len(path_components) + 1)]
        found = {
            page.url_path: page
            # The slugs let the database use their index instead of reading the whole section.
            for page in Page.objects.filter(
                slug__in=path_components, url_path__in=prefixes, path__startswith=self.path, depth__gt=self.depth
            )
        }
        current, used = self, 0
        while used < len(path_components):
            if current is not self:
                page_class = current.specific_class
                if page_class is None or (
                    page_class.route is not Page.route and not issubclass(page_class, RoutablePageMixin)
                ):
                    break  # a route() of its own: let it walk
                if issubclass(page_class, RoutablePageMixin) and current.live:
                    try:
                        page_class.get_resolver().resolve("/" + "/".join(path_components[used:]) + "/")
                        break  # its own route matches the rest of the path
                    except Http404:
                        pass
            child = found.get(prefixes[used])
            if child is None:
                if current is self:
                    raise Http404
                break
            child._cached_parent_obj = current
            current, used = child, used + 1
        return current.specific.route(request, path_components[used:])

    def get_context(self, request, *args, **kwargs):
        from home.services import home_page_sections

        context = super().get_context(request, *args, **kwargs)
        context.update(home_page_sections(self, request))
        return context


class StandardPage(GlasPageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    image = image_field(_("image"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("image"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

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
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("contact page")

    @property
    def form_builder(self):
        from home.forms import ContactFormBuilder

        return ContactFormBuilder

    def send_mail(self, form):
        """Hand the e-mail to the outbox, so a slow or failing mail server never blocks a visitor
        nor loses the message."""
        from home import mail

        addresses = [address.strip() for address in self.to_address.split(",") if address.strip()]
        mail.send(
            subject=self.subject or self.title,
            body=self.render_email(form),
            recipients=addresses,
            from_email=self.from_address or "",
        )
