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


def home_sections(home_page: Page, request: HttpRequest | None = None) -> list[BuiltSection]:
    """The registered sections in their order, each with its context for this home page."""
    sections = sorted((register() for register in hooks.get_hooks(HOME_SECTION_HOOK)), key=lambda s: s.order)
    return [BuiltSection(s.name, s.template, s.build(home_page, request)) for s in sections]


def footer_links() -> list[dict[str, str]]:
    links = sorted((register() for register in hooks.get_hooks(FOOTER_LINK_HOOK)), key=lambda link: link.order)
    return [{"label": str(link.label), "url": link.url()} for link in links]
