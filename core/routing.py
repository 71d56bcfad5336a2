"""Finding the page for a URL in one query instead of two per level of the path.

Wagtail's own walk (Page.route) asks the database for each level: the child with the next slug,
then that child's specific page. Here every page on the path is read at once, then the rest of
the path goes to the deepest one, as Wagtail's walk would hand it on. What this relies on in
Wagtail (checked against 8.0): a page's `url_path` is its parent's plus its slug and "/";
`RoutablePageMixin.get_resolver()` resolves a page's own routes; a page type that overrides
`route()` walks on its own. tests/core/test_routing.py compares this with Wagtail's walk.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.utils.translation import get_language
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site

from core import cache as page_cache


class OneQueryRouting:
    """For a site's root page (the home page of each language)."""

    def route(self, request: HttpRequest, path_components: list[str]) -> Any:
        """Find every page on the path in one query, then hand the rest of the path to the
        deepest one. The walk stops, as Wagtail's does, at a page whose own routes
        (RoutablePageMixin) match the rest, and falls back to Wagtail's walk at a page type
        with a route() of its own."""
        root: Any = self
        if not path_components:
            return super().route(request, path_components)  # type: ignore[misc]
        prefixes = [root.url_path + "/".join(path_components[:n]) + "/" for n in range(1, len(path_components) + 1)]
        found = {
            page.url_path: page
            # The slugs let the database use their index instead of reading the whole section.
            for page in Page.objects.filter(
                slug__in=path_components, url_path__in=prefixes, path__startswith=root.path, depth__gt=root.depth
            )
        }
        current, parent, used = root, None, 0
        while used < len(path_components):
            if current is not root and _walks_on_its_own(current, path_components[used:]):
                break
            child = found.get(prefixes[used])
            if child is None:
                if current is root:
                    raise Http404
                break
            # Read with the path already: treebeard's get_parent() keeps its answer here, so the
            # templates (an article's section, a project's home page) ask no more.
            child._cached_parent_obj = current
            current, parent, used = child, current, used + 1
        specific = current.specific
        if parent is not None:
            specific._cached_parent_obj = parent
        return specific.route(request, path_components[used:])


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
        site, home = kept_site_and_home(request)
        request._wagtail_site = site
        if site is None or home is None:
            request._wagtail_route_for_request = None
            return
        # As Page.route_for_request does, from the kept home page.
        components = [component for component in view_args[0].split("/") if component]
        try:
            request._wagtail_route_for_request = home.route(request, components)
        except Http404:
            request._wagtail_route_for_request = None
