"""Template tags of every page: the language versions, the menu, the pager, the home page's
sections and the footer's links, protected e-mail links, and parts of pages kept in the cache."""

import base64
import json
from typing import Any

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.base import FilterExpression
from django.urls import translate_url
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from wagtail.models import Page

from core import cache as page_cache
from core import sections
from core.i18n import language_name, page_translations
from core.links import absolute_url as absolute_url_of
from core.restrictions import private_pages_q
from core.routing import site_for_request

register = template.Library()


@register.simple_tag(takes_context=True)
def language_versions(context: template.Context) -> list[dict[str, Any]]:
    """This page in every site language: code, name in that language, URL (None if the page
    is not translated yet) and whether it is the current one. On one of a page's own routes (its
    report, its comment form on a paragraph, a student's receipt) each URL leads to the same
    route of the translation, with the same query."""
    request = context.get("request")
    page = context.get("page")
    current = get_language()
    if isinstance(page, Page) and page.id:
        versions = page_translations(page, request)
        route = _own_route(page, request)
        for version in versions:
            if version["url"] and route:
                version["url"] += route
    else:
        path = request.get_full_path() if request else "/"
        versions = [
            {"code": code, "name": language_name(code), "url": translate_url(path, code)}
            for code, _name in settings.LANGUAGES
        ]
    for version in versions:
        version["current"] = version["code"] == current
        version["absolute_url"] = absolute_url_of(version["url"], request) if version["url"] else None
    return versions


def _own_route(page: Page, request: Any) -> str:
    """The part of the request's path (and its query) after the page's own URL: "report/",
    "comment/?paragraph=…", or "" on the page itself."""
    if request is None:
        return ""
    own = page.get_url(request) or ""
    path = request.path
    if not own or not path.startswith(own) or path == own:
        return ""
    query = request.META.get("QUERY_STRING", "")
    return path[len(own) :] + (f"?{query}" if query else "")


@register.simple_tag(takes_context=True)
def canonical_url(context: template.Context) -> str | None:
    """The page's one address: its own URL, or the route's on one of its own routes (a report has
    its own canonical), on GLAS_BASE_URL or the request's host."""
    request = context.get("request")
    page = context.get("page")
    if not isinstance(page, Page) or not page.id:
        return None
    own = page.get_url(request)
    if not own:
        return None
    if request is not None and request.path.startswith(own):
        return absolute_url_of(request.path, request)
    return absolute_url_of(own, request)


@register.filter
def page_numbers(page_obj: Any) -> list[int | None]:
    """The page numbers a pager shows: the first and last, two either side of the current one,
    and None where numbers are left out. Works out only those, not all of a long list."""
    paginator = page_obj.paginator
    return [
        None if number == paginator.ELLIPSIS else number
        for number in paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
    ]


@register.simple_tag
def first_field(page: Any, *names: str) -> Any:
    """The first of the page's fields `names` that has a value, or "": for the description of
    every page type from whichever field it has. A look-up in the template that misses (a page
    type without a lead) has Django list the page's attributes, a good part of a millisecond."""
    for name in names:
        value = getattr(page, name, None)
        if value:
            return value
    return ""


@register.simple_tag
def default_version(versions: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The version for x-default: the site's default language, else the first translated."""
    translated = [v for v in versions if v["url"]]
    for version in translated:
        if version["code"] == settings.LANGUAGE_CODE:
            return version
    return translated[0] if translated else None


@register.simple_tag
def protected_email(address: str, css_class: str = "") -> str:
    """An e-mail link that is not in the HTML as plain text: the address is stored encoded
    and put together by static/js/site.js; without JavaScript a note says how to see it."""
    if not address:
        return ""
    encoded = base64.b64encode(address[::-1].encode()).decode()
    return format_html(
        '<a class="js-protected-email {}" href="#" data-address="{}">{}</a>',
        css_class,
        encoded,
        gettext("Show e-mail address (needs JavaScript)"),
    )


@register.simple_tag(takes_context=True)
def absolute_url(context: template.Context, url: str) -> str:
    return absolute_url_of(url, context.get("request")) if url else url


@register.simple_tag(takes_context=True)
def main_menu(context: template.Context) -> dict[str, Any]:
    """The home page of the visitor's language, its children shown in menus, and the feed of the
    first of them that has one (a page type names its feed route in `menu_feed_route`)."""
    request = context.get("request")
    if request is None:
        return {"home": None, "items": [], "news_feed_url": None}
    cached = getattr(request, "_glas_main_menu", None)
    if cached is not None:
        return cached
    site = site_for_request(request)
    home, items, news_feed_url = None, [], None
    if site is not None:

        def build() -> tuple[Any, list[Any], str | None]:
            home = site.root_page.localized
            children = list(home.get_children().live().exclude(private_pages_q(request)).in_menu())
            feed = None
            for child in children:
                route = getattr(child.specific_class, "menu_feed_route", None)
                if route and feed is None:
                    feed = child.get_url(request) + child.specific_class.get_resolver().reverse(route)
            return home, children, feed

        # Everyone sees the same menu, signed in or not (pages behind a view restriction are left
        # out for all): kept in the cache until a page in the menu is published, unpublished or
        # moved (core/cache.py). Nothing here looks at request.user, which would touch the session.
        key = f"menu:{site.pk}:{get_language()}"
        home, children, news_feed_url = page_cache.site_cached(key, build)
        current_path = getattr(context.get("page"), "path", "")
        items = [
            {"page": child, "active": bool(current_path) and current_path.startswith(child.path)} for child in children
        ]
    menu = {"home": home, "items": items, "news_feed_url": news_feed_url}
    request._glas_main_menu = menu
    return menu


@register.simple_tag(takes_context=True)
def home_sections(context: template.Context, home_page: Page) -> list[sections.BuiltSection]:
    """The sections that the apps registered for the home page (core/sections.py). A section
    that says when it changes by the clock is kept rendered in the cache, for everyone, until
    then, until the home page's tag is purged (publishing any page below it) or the site's, or an
    hour; the others are built on every request."""
    request = context.get("request")
    built = []
    for section in sections.registered_sections():
        token = page_cache.site_token() if _keeping(context) else None
        if section.changes_at is None or token is None or not home_page.pk:
            built.append(sections.BuiltSection(section.name, section.template, section.build(home_page, request)))
            continue
        built.append(_kept_section(context, section, home_page, token))
    return built


def _kept_section(
    context: template.Context, section: sections.HomeSection, home_page: Page, site_token: str
) -> sections.BuiltSection:
    def build() -> tuple[Any, str]:
        section_context = section.build(home_page, context.get("request"))
        until = section.changes_at(section_context, timezone.now()) if section.changes_at else None
        return until, str(_render(context, section.template, section_context))

    def fresh(kept: tuple[Any, str]) -> bool:
        return kept[0] is None or kept[0] > timezone.now()

    parts = ["home-section", section.name, str(home_page.pk), get_language() or "", site_token]
    key = page_cache.fragment_key(*parts)
    _until, html = page_cache.tag_cached(page_cache.page_tag(home_page.pk), key, build, FRAGMENT_SECONDS, fresh)
    return sections.BuiltSection(section.name, section.template, {}, html=html)


def _render(context: template.Context, template_name: str, section_context: dict[str, Any]) -> str:
    with context.push(**section_context):
        return context.template.engine.get_template(template_name).render(context)


@register.simple_tag(takes_context=True)
def render_section(context: template.Context, section: sections.BuiltSection) -> str:
    """One home page section: its template, with its own context over the page's."""
    if section.html is not None:
        return mark_safe(section.html)  # rendered by the template engine, escaped there
    return _render(context, section.template, section.context)


JSON_LD_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def structured_data(context: template.Context, page: Any) -> str:
    """The page as schema.org data for search engines (JSON-LD), where the page type describes
    itself in `structured_data(request)`: news articles, events."""
    describe = getattr(page, "structured_data", None)
    if not callable(describe):
        return ""
    data = {"@context": "https://schema.org", **describe(context.get("request"))}
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_LD_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag
def footer_links() -> list[dict[str, str]]:
    return sections.footer_links()


FRAGMENT_SECONDS = page_cache.FRAGMENT_SECONDS


def _keeping(context: template.Context) -> bool:
    """Whether kept fragments are read and stored here (core.cache.keeps_fragments)."""
    return page_cache.keeps_fragments(context.get("request"))


class PageFragmentNode(template.Node):
    def __init__(
        self,
        nodelist: template.NodeList,
        name: str,
        page: FilterExpression,
        vary_on: list[FilterExpression],
        purged_by: FilterExpression | None = None,
        part: str | None = None,
    ) -> None:
        self.nodelist, self.name, self.page, self.vary_on = nodelist, name, page, vary_on
        self.purged_by, self.part = purged_by, part

    def render(self, context: template.Context) -> str:
        page = self.page.resolve(context)
        # The page whose tag ends the fragment: the page itself, or one above it whose tag every
        # page below purges too (an article's neighbours are its section's business).
        owner = self.purged_by.resolve(context) if self.purged_by is not None else page
        # The site's token is part of the key: what every page shows (the organisations, the
        # topics, the view restrictions) changing ends every fragment too.
        token = page_cache.site_token() if _keeping(context) and getattr(page, "pk", None) else None
        if token is None:
            return self.nodelist.render(context)
        seconds, now = FRAGMENT_SECONDS, timezone.now()
        moment = page_cache.next_change(page, now)
        if moment is not None:
            seconds = min(seconds, int((moment - now).total_seconds()))
        parts = [
            self.name,
            str(page.pk),
            get_language() or "",
            token,
            *(str(v.resolve(context)) for v in self.vary_on),
        ]
        key = page_cache.fragment_key(*parts)
        if self.part is not None:
            tag = page_cache.part_tag(page, self.part)
        else:
            tag = page_cache.page_tag(getattr(owner, "pk", None) or page.pk)
        return page_cache.tag_cached(tag, key, lambda: self.nodelist.render(context), seconds)


@register.tag
def page_fragment(parser: template.base.Parser, token: template.base.Token) -> PageFragmentNode:
    """{% page_fragment "name" page [vary_on ...] %}...{% endpage_fragment %}: the part between
    is rendered once and kept in the cache, for every visitor, signed in or not, until the page's
    cache tag is purged (publishing it or one of its pages, a comment on it; core/cache.py), the
    site's (a snippet every page shows, a view restriction), its next phase change, or an hour.
    Only for parts that show the same to everyone; the language and whatever is named after the
    page are part of the key. `purged_by=<page>` ends it with
    that page's tag instead (a page above, which every page below it purges when published);
    `part="<name>"` with the tag of one of the page's `cache_parts` (its comments), which the
    page's publishing purges too (core/cache.py part_tag)."""
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a name and a page")
    purged_by = part = None
    while bits[-1].startswith(("purged_by=", "part=")):
        option, _, value = bits.pop().partition("=")
        if option == "part":
            part = value.strip("\"'")
        else:
            purged_by = parser.compile_filter(value)
    if purged_by is not None and part is not None:
        raise template.TemplateSyntaxError(f"{bits[0]} takes purged_by or part, not both")
    nodelist = parser.parse(("endpage_fragment",))
    parser.delete_first_token()
    return PageFragmentNode(
        nodelist,
        bits[1].strip("\"'"),
        parser.compile_filter(bits[2]),
        [parser.compile_filter(b) for b in bits[3:]],
        purged_by,
        part,
    )
