"""Finding the page for a URL in one query instead of two per level of the path.

Wagtail's own walk (Page.route) asks the database for each level: the child with the next slug,
then that child's specific page. Here every page on the path is read at once, then the rest of
the path goes to the deepest one, as Wagtail's walk would hand it on. What this relies on in
Wagtail (checked against 8.0): a page's `url_path` is its parent's plus its slug and "/";
`RoutablePageMixin.get_resolver()` resolves a page's own routes; a page type that overrides
`route()` walks on its own. tests/core/test_routing.py compares this with Wagtail's walk.
"""

from typing import Any

from django.http import Http404, HttpRequest
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page


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
            current, parent, used = child, current, used + 1
        specific = current.specific
        if parent is not None and parent is not root:
            # Read with the path already: treebeard's get_parent() keeps its answer here, so the
            # page's templates (an article's section) ask no more.
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
