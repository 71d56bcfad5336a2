"""Purge the page cache when what the public sees changes (see home/cache.py)."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from home import cache


def purge_published_page(instance, **kwargs):
    cache.purge_page(instance)


def purge_moved_page(instance, **kwargs):
    # The old parent no longer lists it: purge it too, and the menu may have changed.
    cache.purge_page(instance)
    parent_before = kwargs.get("parent_page_before")
    if parent_before is not None:
        cache.purge_page(parent_before)
    cache.purge(cache.SITE)


def purge_site(**kwargs):
    cache.purge(cache.SITE)


def connect():
    from home.models import Organisation, Topic

    page_published.connect(purge_published_page, dispatch_uid="glas-cache-published")
    page_unpublished.connect(purge_published_page, dispatch_uid="glas-cache-unpublished")
    page_slug_changed.connect(purge_moved_page, dispatch_uid="glas-cache-slug")
    post_page_move.connect(purge_moved_page, dispatch_uid="glas-cache-move")
    for model in (Organisation, Topic):
        post_save.connect(purge_site, sender=model, dispatch_uid=f"glas-cache-save-{model.__name__}")
        post_delete.connect(purge_site, sender=model, dispatch_uid=f"glas-cache-delete-{model.__name__}")
