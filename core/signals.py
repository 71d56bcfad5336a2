"""Purge the page cache when what the public sees changes (see core/cache.py). Apps whose
snippets every page shows (home's organisations and topics) connect them to purge_site."""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from core import cache, frontend_cache


def purge_published_page(instance: Page, **kwargs: Any) -> None:
    # Again after the commit, so that a visitor served in between does not keep the old page.
    cache.purge_page(instance)
    transaction.on_commit(lambda: cache.purge_page(instance))


def purge_moved_page(instance: Page, **kwargs: Any) -> None:
    # The old parent no longer lists it: purge it too, and the menu may have changed.
    cache.purge_page(instance)
    parent_before = kwargs.get("parent_page_before")
    if parent_before is not None:
        cache.purge_page(parent_before)
    purge_site()


def purge_site(**kwargs: Any) -> None:
    """Purge every page: what every page shows (the menu, the organisations) has changed."""
    # Now, and again once the change is committed: a request that read the old rows in between
    # must not keep them under the new token (the view restrictions are kept under this tag).
    cache.purge(cache.SITE)
    transaction.on_commit(lambda: cache.purge(cache.SITE))


def purge_site_for_new_alias(instance: Any, created: bool = False, **kwargs: Any) -> None:
    """An alias takes the view restrictions of the page it copies (core/restrictions.py)."""
    if isinstance(instance, Page) and instance.alias_of_id:
        if PageViewRestriction.objects.filter(page_id=instance.alias_of_id).exists():
            purge_site()


def purge_site_on_change(model: type, name: str) -> None:
    """Purge every page whenever a row of `model` is saved or deleted."""
    post_save.connect(purge_site, sender=model, dispatch_uid=f"glas-cache-save-{name}")
    post_delete.connect(purge_site, sender=model, dispatch_uid=f"glas-cache-delete-{name}")


def connect() -> None:
    page_published.connect(purge_published_page, dispatch_uid="glas-cache-published")
    page_unpublished.connect(purge_published_page, dispatch_uid="glas-cache-unpublished")
    page_slug_changed.connect(purge_moved_page, dispatch_uid="glas-cache-slug")
    post_page_move.connect(purge_moved_page, dispatch_uid="glas-cache-move")
    post_save.connect(purge_site_for_new_alias, dispatch_uid="glas-cache-alias")
    # The CDN in front, when there is one (GLAS_FRONTEND_CACHE): the same pages, after the commit.
    page_published.connect(frontend_cache.purge_published_page, dispatch_uid="glas-cdn-published")
    page_unpublished.connect(frontend_cache.purge_published_page, dispatch_uid="glas-cdn-unpublished")
    page_slug_changed.connect(frontend_cache.purge_moved_page, dispatch_uid="glas-cdn-slug")
    post_page_move.connect(frontend_cache.purge_moved_page, dispatch_uid="glas-cdn-move")
    for model in (PageViewRestriction, Site):
        purge_site_on_change(model, model.__name__)
