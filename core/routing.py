"""Finding the page for a URL in two queries instead of two per level of the path, or in none.

Wagtail's own walk (Page.route) asks the database for each level: the child with the next slug,
then that child's specific page. Here every page on the path is read at once, then the rest of
the path goes to the deepest one, as Wagtail's walk would hand it on. With a shared cache
(GLAS_CACHE_ROUTING) the pages found for a page's address are kept with their cache tags'
tokens, so that the next request for it reads no page at all until one of them changes.

What this relies on in Wagtail (checked against 8.0): a page's `url_path` is its parent's plus its slug and "/";
`RoutablePageMixin.get_resolver()` resolves a page's own routes; a page type that overrides
`route()` walks on its own. tests/core/test_routing.py compares this with Wagtail's walk.
"""

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.utils.translation import get_language
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site

from core import cache as page_cache

logger = logging.getLogger(__name__)


class OneQueryRouting:
    """For a site's root page (the home page of each language)."""

    def route(self, request: HttpRequest, path_components: list[str]) -> Any:
        """Find every page on the path in one query, then hand the rest of the path to the
        deepest one. The walk stops, as Wagtail's does, at a page whose own routes
        (RoutablePageMixin) match the rest, and falls back to Wagtail's walk at a page type
        with a route() of its own. With GLAS_CACHE_ROUTING the pages found are kept for the
        path (kept_walk): no query at all until one of them is published, moved or deleted."""
        root: Any = self
        if not path_components:
            return super().route(request, path_components)  # type: ignore[misc]
        if getattr(settings, "GLAS_CACHE_ROUTING", False):
            chain, used = kept_walk(request, root, path_components)
        else:
            chain, used = walk(root, path_components)
        return chain[-1].route(request, path_components[used:])


def walk(root: Page, path_components: list[str]) -> tuple[list[Page], int]:
    """The pages on the path below `root` down to the one that takes the rest of it, the last
    one specific, each knowing its parent; and how many components they used. Raises Http404
    when not even the first is found."""
    prefixes = [root.url_path + "/".join(path_components[:n]) + "/" for n in range(1, len(path_components) + 1)]
    found = {
        page.url_path: page
        # The slugs let the database use their index instead of reading the whole section.
        for page in Page.objects.filter(
            slug__in=path_components, url_path__in=prefixes, path__startswith=root.path, depth__gt=root.depth
        )
    }
    chain: list[Page] = []
    current: Page = root
    while len(chain) < len(path_components):
        used = len(chain)
        if current is not root and _walks_on_its_own(current, path_components[used:]):
            break
        child = found.get(prefixes[used])
        if child is None:
            if current is root:
                raise Http404
            break
        chain.append(child)
        current = child
    chain[-1] = chain[-1].specific
    _link(root, chain)
    return chain, len(chain)


def _link(root: Page, chain: list[Page]) -> None:
    """Tell each page of the chain its parent: treebeard's get_parent() keeps its answer here,
    so the templates (an article's section, a project's home page) ask no more."""
    for parent, page in zip([root, *chain], chain, strict=False):
        page._cached_parent_obj = parent


ROUTE_SECONDS = 3600


def route_key(request: HttpRequest, path_components: list[str]) -> str:
    """The key of the kept walk of a path: the host and language choose the home page."""
    hostname = split_domain_port(request.get_host())[0]
    return page_cache.fragment_key("route", hostname, str(request.get_port()), get_language() or "", *path_components)


def _tags(ids: list[int]) -> list[str]:
    """What ends a kept walk: a change of any page on it (its row's tag, not its page tag,
    which a comment or a page published below purges too), or a purge of the site (the purge
    of everything)."""
    return [page_cache.SITE, *(page_cache.row_tag(pk) for pk in ids)]


def kept_walk(request: HttpRequest, root: Page, path_components: list[str]) -> tuple[list[Page], int]:
    """walk(), kept in the shared cache for the path with the tokens of the tags of the pages
    found: publishing, unpublishing, moving or deleting any of them purges its row's tag
    (core/cache.py purge_page, row_tag), and the path is walked anew; so does a purge of the
    site. The kept entry and its pages' tokens are read in the request's first round trip to
    the cache (page_cache.prefetch, prefetch_page); no query. Only a page's own address is
    kept: not a path that ends in one of its routes, nor one not found.

    On a miss the path is walked and kept with the tokens of its pages as the request read them
    before the walk. When it had not read them yet, they are read now (made if missing) and the
    path is walked again before keeping it: what a publish changed after the first walk is then
    either in the second walk or has a newer token than the one kept."""
    key = route_key(request, path_components)
    try:
        entry = page_cache.with_site_values(key)
        if entry is not None:
            kept_home, kept_ids, kept_tokens, kept_chain, kept_used = entry
            if kept_home == root.pk and page_cache.tag_tokens(_tags(kept_ids)) == kept_tokens:
                _link(root, kept_chain)
                return kept_chain, kept_used
    except Exception:
        logger.warning("Cache unreachable", exc_info=True)
        return walk(root, path_components)
    earlier = page_cache.tokens_read()
    chain, used = walk(root, path_components)
    if used < len(path_components):
        # The rest is a page's own route (a form, a report, a feed): kept, such paths would be
        # as many as anyone cares to make up. Only a page's own address is kept.
        return chain, used
    ids = [page.pk for page in chain]
    tags = _tags(ids)
    if all(tag in earlier for tag in tags):
        # The tokens were read before the walk (in the request's first round trip, or to check
        # the entry that was out of date): what the walk read is at least as new. Kept as it is.
        tokens: list[str | None] = [earlier[tag] for tag in tags]
        again, used_again = chain, used
    else:
        try:
            tokens = page_cache.tag_tokens(tags, make=True)
        except Exception:
            logger.warning("Cache unreachable", exc_info=True)
            return chain, used
        again, used_again = walk(root, path_components)
    if [page.pk for page in again] != ids or None in tokens:
        return again, used_again
    for page in again:
        del page._cached_parent_obj  # linked again when read: not a copy of the home page each
    try:
        page_cache.keep(key, (root.pk, ids, tokens, again, used_again), ROUTE_SECONDS)
    except Exception:
        logger.warning("Could not keep the route %s", key, exc_info=True)
    _link(root, again)
    return again, used_again


def _walks_on_its_own(page: Page, rest: list[str]) -> bool:
    """Whether the rest of the path is the page's business: a route() of its own, or one of its
    RoutablePageMixin routes that matches the rest."""
    page_class = page.specific_class
    if page_class is None:
        return True
    routable = issubclass(page_class, RoutablePageMixin)
    if page_class.route is not Page.route and not routable:
        return True
    if routable and page.live:
        try:
            page_class.get_resolver().resolve("/" + "/".join(rest) + "/")
            return True
        except Http404:
            pass
    return False


def kept_site_and_home(request: HttpRequest) -> tuple[Site | None, Page | None]:
    """The request's site and its home page in the active language, as Wagtail would look them
    up (two or three queries on every page), kept in the shared cache under the site tag: saving
    or deleting a site, and publishing, unpublishing or moving a home page purge it
    (core/signals.py, core/cache.py purge_page)."""

    def build() -> tuple[Site | None, Page | None]:
        site = Site.find_for_request(request)
        return site, (site.root_page.localized.specific if site is not None else None)

    # get_host() has been checked against ALLOWED_HOSTS by now: no key for a made-up host.
    hostname = split_domain_port(request.get_host())[0]
    name = f"site-home:{hostname}:{request.get_port()}:{get_language()}"
    return page_cache.site_cached(name, build, force=True)


def site_for_request(request: HttpRequest) -> Site | None:
    """The request's site, as Site.find_for_request gives it: with GLAS_CACHE_ROUTING from the
    shared cache (kept_site_and_home), so that a view that is not a page (the jury's pages, the
    forms' pages) finds it without the query and the cache read of Wagtail's look-up. Wagtail's
    own look-ups later in the request (page URLs) read what is set on the request here."""
    if not hasattr(request, "_wagtail_site") and getattr(settings, "GLAS_CACHE_ROUTING", False):
        request._wagtail_site = kept_site_and_home(request)[0]
    return Site.find_for_request(request)


class KeptRoutingMiddleware:
    """Wagtail's page view finds the site and its home page before it walks the path: here they
    come from the shared cache (kept_site_and_home), and the walk starts from the home page kept
    there. On with GLAS_CACHE_ROUTING (a shared cache: with one per process, another process
    would not hear of a purge); without it, or for any other view, Wagtail looks up as it does."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        from wagtail import views  # imports the page model: not before the apps are ready

        self.get_response, self.serve = get_response, views.serve

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: tuple[Any, ...], view_kwargs: Any
    ) -> None:
        if view_func is not self.serve or not getattr(settings, "GLAS_CACHE_ROUTING", False):
            return
        if hasattr(request, "_wagtail_route_for_request") or not view_args:
            return
        # As Page.route_for_request does, from the kept home page.
        components = [component for component in view_args[0].split("/") if component]
        # The walk kept for this path (kept_walk) comes in the same round trip as the site, with
        # what the page read from the cache the last time (its route's tags, its fragments).
        key = route_key(request, components)
        if components:
            page_cache.prefetch(key)
        page_cache.prefetch_page(key)
        site, home = kept_site_and_home(request)
        request._wagtail_site = site
        if site is None or home is None:
            request._wagtail_route_for_request = None
            return
        try:
            request._wagtail_route_for_request = home.route(request, components)
        except Http404:
            request._wagtail_route_for_request = None
