"""What every page type of Glas shares: the page mixin, the section front page, links resolved in
the page's language, URLs of a page's own routes, and routes handled by an app's views."""

from collections.abc import Callable
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from core.links import absolute_url
from core.restrictions import may_be_restricted


class CountedBy:
    """A queryset for a paginator whose count (a callable) comes from a cheaper query of the same
    rows, from the cache, or from an aggregate already made (the news index, a juror's list)."""

    def __init__(self, queryset: Any, count: Callable[[], int]) -> None:
        self.queryset, self._count = queryset, count

    def count(self) -> int:
        return self._count()

    def __getitem__(self, key: Any) -> Any:
        return self.queryset[key]


def localised_link(page: Page, linked_page: Page | None) -> Page | None:
    """A linked page in the language of the page that links to it.

    wagtail-localize keeps page links pointing at the source page in every translation, so a
    link is resolved when shown: to the linked page's translation when there is one.
    """
    if linked_page is None or linked_page.locale_id == page.locale_id:
        return linked_page
    return linked_page.get_translation_or_none(page.locale_id) or linked_page


class GlasPageMixin:
    """What every public page offers its templates: a picture for link previews, and a view
    restriction check that skips the database where no restriction can apply."""

    def social_image(self) -> Any:
        return getattr(self, "image", None)

    def get_view_restrictions(self) -> QuerySet:
        # Wagtail reads the ancestors and their restrictions for every page it serves; where the
        # restricted paths show that none can apply, that is skipped (core/restrictions.py).
        if not may_be_restricted(self):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()  # type: ignore[misc]


class IndexPage(GlasPageMixin, Page):
    """A section's front page (news, projects, events, consultations, competitions): one per
    language. Each app says where its index may stand (parent_page_types)."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count_per_parent = 1

    class Meta:
        abstract = True


def route_url(page: Any, name: str, *args: Any, request: HttpRequest | None = None) -> str:
    """The URL of one of a routable page's own routes (its report, its comment form); absolute,
    for e-mails and feeds, when the request is given (on GLAS_BASE_URL when it is set)."""
    url = page.url + page.reverse_subpage(name, args=args)
    return absolute_url(url, request) if request is not None else url


def routed_view(dotted_path: str) -> Callable[..., HttpResponse]:
    """A page route handled by a view function `view(request, page, *args)` of the app's views
    module, found by its dotted path when first called. Views import the models, so the models
    must not import the views; this keeps the route table on the page where Wagtail wants it.

        comment_route = path("comment/", name="comment")(routed_view("consultations.views.comment"))
    """

    def route(page: Page, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return import_string(dotted_path)(request, page, *args, **kwargs)

    route.__name__ = dotted_path.rsplit(".", 1)[-1]
    return route


def text_search_fields(*names: str) -> list[index.BaseField]:
    """Search fields for a page's own text: each field is searched by whole words and also by
    the beginning of a word (an AutocompleteField), so that "работодав" finds "работодавците"
    in the body, not only in titles. PostgreSQL and SQLite have no stemmer for mk, sq or bg."""
    return [field for name in names for field in (index.SearchField(name), index.AutocompleteField(name))]
