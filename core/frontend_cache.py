"""Purging a CDN or caching proxy (Wagtail's frontend cache backends) when pages change.

Off unless WAGTAILFRONTENDCACHE is set (config/settings.py builds it from GLAS_FRONTEND_CACHE).
Glas does not install wagtail.contrib.frontend_cache as an app: its own signal handlers purge
only the page that was published. Glas purges, after the change is committed, what its own
page cache purges (core/cache.py, purge_page): the page in every language and every page above
each language version (the lists that show it, up to the home page); a page in the menu also
purges every page in the menu. A moved page, or one whose slug changed, is purged at its old
address too, with the pages below it. Other pages show a change of the menu once their
GLAS_CDN_MAX_AGE has passed.

The purge runs as a django-tasks task (Wagtail's purge_urls_from_cache_task): in the worker
with the database backend, at once with the immediate one. A purge that fails is logged and
never stops an editor from publishing.
"""

import copy
import logging
from collections.abc import Iterable
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.db import transaction
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.models import Page

logger = logging.getLogger(__name__)
# A moved section purges at most this many old addresses below it; the rest expire by age.
MAX_MOVED_DESCENDANTS = 500


def enabled() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def pages_shown_with(page: Page) -> list[Page]:
    """The pages whose copies show `page`: the same set of pages as core.cache.purge_page."""
    versions = list(Page.objects.filter(translation_key=page.translation_key).only("path", "depth", "show_in_menus"))
    paths: set[str] = set()
    for version in versions:
        paths.update(version.path[: step * Page.steplen] for step in range(2, version.depth + 1))
    pages = list(Page.objects.filter(path__in=paths)) if paths else []
    if page.pk not in {shown.pk for shown in pages}:
        pages.append(page)
    if page.show_in_menus or any(version.show_in_menus for version in versions):
        known = {shown.pk for shown in pages}
        pages.extend(menu for menu in Page.objects.live().filter(show_in_menus=True) if menu.pk not in known)
    return pages


def page_urls(pages: Iterable[Page]) -> set[str]:
    """Each page's full URL with the extra paths it caches (Page.get_cached_paths)."""
    cache_object = SimpleNamespace()  # Wagtail keeps the sites' root paths on it
    urls: set[str] = set()
    for page in pages:
        base = page.get_full_url(cache_object)
        if base is None:
            continue
        specific = page.specific_deferred
        urls.update(base + path.lstrip("/") for path in specific.get_cached_paths())
    return urls


def moved_urls(page: Page, url_path_before: str) -> set[str]:
    """The old addresses of a page that moved (or changed its slug) and of the pages below it."""
    before = copy.copy(page)
    before.url_path = url_path_before
    old_base, new_base = before.get_full_url(), page.get_full_url()
    if not old_base or not new_base or old_base == new_base:
        return set()
    urls = {old_base}
    below = page.get_descendants().live()[:MAX_MOVED_DESCENDANTS]
    for url in page_urls(below):
        if url.startswith(new_base):
            urls.add(old_base + url[len(new_base) :])
    return urls


def purge_urls(urls: Iterable[str]) -> None:
    try:
        purge_urls_from_cache(sorted(urls))
    except Exception:  # the CDN, or the queue in front of it, may fail: publishing must not
        logger.exception("Could not purge the frontend cache")


def purge_after_commit(urls: Iterable[str]) -> None:
    pending = set(urls)
    if pending:
        transaction.on_commit(lambda: purge_urls(pending))


def purge_page(page: Page) -> None:
    """Purge, once the change is committed, every copy that shows `page` (no-op when off). For an
    app whose own records change a page, as core.cache.purge_page is (a comment approved)."""
    if enabled():
        purge_after_commit(page_urls(pages_shown_with(page)))


def purge_published_page(instance: Page, **kwargs: Any) -> None:
    """Published or unpublished (deleting a live page unpublishes it first)."""
    purge_page(instance)


def purge_moved_page(instance: Page, **kwargs: Any) -> None:
    """Moved (post_page_move) or given a new slug (page_slug_changed)."""
    if not enabled():
        return
    pages = pages_shown_with(instance)
    parent_before = kwargs.get("parent_page_before")
    if parent_before is not None:
        pages += pages_shown_with(parent_before)
    urls = page_urls(pages)
    before = kwargs.get("instance_before")
    url_path_before = kwargs.get("url_path_before") or (before.url_path if before is not None else None)
    if url_path_before:
        urls |= moved_urls(instance, url_path_before)
    purge_after_commit(urls)
