"""Which pages sit behind a view restriction, known without a query on most requests.

Wagtail asks the database on every page it serves (the page's ancestors and their restrictions)
and on every list of pages (`.public()`), although most sites restrict nothing or one section.
Here the paths of restricted pages are read once and kept in the shared cache under the site
tag of core/cache.py; saving or deleting a restriction, moving a page, and making an alias of a
restricted page purge that tag (core/signals.py), at once and again after the transaction
commits, so that no request keeps what it read before the commit.

Only the question "could a restriction apply here?" is answered from the cache. Where the answer
is yes, Wagtail's own check runs against the database as before, so a visitor is let in or
turned away by what is stored, not by what is cached.

A cache of each process's own (the default without CACHE_URL) would not hear of a purge made by
another process, so there the lookup is made per request, as Wagtail does
(GLAS_CACHE_VIEW_RESTRICTIONS, on when CACHE_URL points at a shared cache).
"""

import hashlib
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest
from wagtail.models import Page, PageViewRestriction

from core import cache as page_cache

# Even without any purge, what is kept is read again after this long.
KEEP_SECONDS = 300


def _read() -> dict[str, list[str]]:
    restricted = dict(PageViewRestriction.objects.values_list("page_id", "page__path"))
    paths = sorted(set(restricted.values()))
    # Wagtail gives an alias the restrictions of the page it copies: its path is checked too.
    aliases = Page.objects.filter(alias_of_id__in=restricted).values_list("path", flat=True) if restricted else []
    return {"paths": paths, "checked": sorted(set(paths) | set(aliases))}


def snapshot(request: HttpRequest | None = None) -> dict[str, Any]:
    """{"paths": restricted pages' paths, "checked": those and their aliases' paths}, read once
    per request, and kept in the shared cache between requests when that is safe."""
    found = getattr(request, "_glas_view_restrictions", None)
    if found is None:
        if getattr(settings, "GLAS_CACHE_VIEW_RESTRICTIONS", False):
            found = page_cache.site_cached("view-restrictions", _read, seconds=KEEP_SECONDS, force=True)
        else:
            # Read from the database once per request, however many lists ask without it.
            found = page_cache.per_request("view-restrictions", _read)
        if request is not None:
            request._glas_view_restrictions = found
    return found


def private_pages_q(request: HttpRequest | None = None) -> Q:
    """What Wagtail's `.public()` excludes: the restricted pages and everything below them,
    looked up once per request however many lists on the page need it."""
    query = Q()
    for path in snapshot(request)["paths"]:
        query |= Q(path__startswith=path)
    return query if query else Q(pk__in=[])


def visibility_key(private: Q) -> str:
    """A short key for the state of the view restrictions that `private_pages_q` gave: a kept
    fragment listing pages is never shared between two such states."""
    return hashlib.sha256(str(private).encode()).hexdigest()[:16]


def may_be_restricted(page: Page, request: HttpRequest | None = None) -> bool:
    """False when no restriction can apply to the page, so Wagtail's check can be skipped."""
    if page.alias_of_id:
        return True
    return any(page.path.startswith(path) for path in snapshot(request)["checked"])
