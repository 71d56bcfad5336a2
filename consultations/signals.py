"""Purge the cached consultation pages when a comment appears, goes or is answered; keep the text
of the draft's newest version when a consultation is published."""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published

from consultations.models import Comment, ConsultationPage
from consultations.versions import keep_published_text
from core import cache, frontend_cache


def purge_comments(page: ConsultationPage) -> None:
    """What a comment that appears, goes or is answered changes: the consultation's comments in
    every language (its pages and kept fragments that show them) and the lists above that count
    them. What the page keeps of itself otherwise (its head, its links to its translations)
    stays."""
    cache.purge_part(page, "comments")


def purge_consultation(instance: Comment, **kwargs: Any) -> None:
    public = instance.is_or_was_public
    instance.saved_status = instance.status
    if not public:
        return
    page = ConsultationPage.objects.filter(translation_key=instance.consultation_key).first()
    if page is not None:
        # Again after the commit: a page rendered in between must not be kept as current.
        purge_comments(page)
        transaction.on_commit(lambda: purge_comments(page))
        frontend_cache.purge_page(page)  # a CDN in front, when one is configured (after the commit)


def keep_version_text(sender: Any, instance: ConsultationPage, **kwargs: Any) -> None:
    keep_published_text(instance)


def connect() -> None:
    page_published.connect(keep_version_text, sender=ConsultationPage, dispatch_uid="glas-draft-version-text")
    post_save.connect(purge_consultation, sender=Comment, dispatch_uid="glas-cache-comment-save")
    post_delete.connect(purge_consultation, sender=Comment, dispatch_uid="glas-cache-comment-delete")
