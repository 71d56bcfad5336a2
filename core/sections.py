"""The home page's sections and the footer's links, filled by the apps that have them.

The home page knows no feature app: each app that has something to show there (the open
consultations, the open competitions, the latest news) registers a section with Wagtail's hook
`register_home_section`, and an app with pages of its own for signed-in people (the jury's)
registers a footer link with `register_footer_link`. An app taken out of INSTALLED_APPS takes
its section and its link with it.

    @hooks.register("register_home_section")
    def open_consultations():
        return HomeSection("consultations", "consultations/includes/home_section.html", build, order=10)
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from wagtail import hooks
from wagtail.models import Page

HOME_SECTION_HOOK = "register_home_section"
FOOTER_LINK_HOOK = "register_footer_link"


@dataclass(frozen=True)
class HomeSection:
    """A part of the home page: its template, and what the template needs, built for the home
    page of one language (a fixed number of queries)."""

    name: str
    template: str
    build: Callable[[Page, HttpRequest | None], dict[str, Any]]
    order: int = 100
    # When what the built section shows changes by the clock alone (an event is over), or None.
    # A section that says so is kept rendered in the cache until then, or until a page below the
    # home page is published or the site is purged; one without it is built on every request.
    changes_at: Callable[[dict[str, Any], datetime], datetime | None] | None = None


@dataclass(frozen=True)
class FooterLink:
    label: str
    url: Callable[[], str]
    order: int = 100


@dataclass(frozen=True)
class BuiltSection:
    name: str
    template: str
    context: dict[str, Any]
    html: str | None = None  # already rendered (kept in the cache)


def registered_sections() -> list[HomeSection]:
    return sorted((register() for register in hooks.get_hooks(HOME_SECTION_HOOK)), key=lambda s: s.order)


def home_sections(home_page: Page, request: HttpRequest | None = None) -> list[BuiltSection]:
    """The registered sections in their order, each with its context for this home page."""
    return [BuiltSection(s.name, s.template, s.build(home_page, request)) for s in registered_sections()]


def footer_links() -> list[dict[str, str]]:
    links = sorted((register() for register in hooks.get_hooks(FOOTER_LINK_HOOK)), key=lambda link: link.order)
    return [{"label": str(link.label), "url": link.url()} for link in links]
