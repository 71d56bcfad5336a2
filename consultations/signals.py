"""Purge the cached consultation pages when a comment appears, goes or is answered; keep the text
of the draft's newest version when a consultation is published."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published

from consultations.drafts import in_every_live_draft
from consultations.kept_paragraphs import paragraph_tag, removed_tag
from consultations.models import Comment, ConsultationPage
from consultations.versions import keep_published_text
from core import cache, frontend_cache


def purge_comments(page: ConsultationPage, paragraph_ids: Iterable[str] = ()) -> None:
    """What a comment that appears, goes or is answered changes: the consultation's comments in
    every language (its pages and kept fragments that show them), the kept paragraphs it is on
    (consultations/kept_paragraphs.py; none for a comment on the whole draft) and the lists above
    that count them. What the page keeps of itself otherwise (its head, its links to its
    translations, its other paragraphs) stays."""
    paragraphs = {block_id for block_id in paragraph_ids if block_id}
    tags = [paragraph_tag(page, block_id) for block_id in paragraphs]
    # A paragraph that some language version's draft lacks is removed text there: which removed
    # paragraphs have comments may have changed.
    if any(not in_every_live_draft(page, block_id) for block_id in paragraphs):
        tags.append(removed_tag(page))
    cache.purge_part(page, "comments", *tags)


def paragraphs_of(comment: Comment) -> set[str]:
    """The paragraphs whose kept HTML shows the comment: its own (and the one it was on before a
    change), and for a reply its thread's."""
    found = {comment.paragraph_id, getattr(comment, "saved_paragraph_id", None) or ""}
    if comment.parent_id:
        found.update(Comment.objects.filter(pk=comment.parent_id).values_list("paragraph_id", flat=True))
    return found - {""}


def purge_consultation(instance: Comment, **kwargs: Any) -> None:
    public = instance.is_or_was_public
    paragraphs = paragraphs_of(instance) if public else set()
    instance.saved_status, instance.saved_paragraph_id = instance.status, instance.paragraph_id
    if not public:
        return
    page = ConsultationPage.objects.filter(translation_key=instance.consultation_key).first()
    if page is not None:
        # Again after the commit: a page rendered in between must not be kept as current.
        purge_comments(page, paragraphs)
        transaction.on_commit(lambda: purge_comments(page, paragraphs))
        frontend_cache.purge_page(page)  # a CDN in front, when one is configured (after the commit)


def keep_version_text(sender: Any, instance: ConsultationPage, **kwargs: Any) -> None:
    keep_published_text(instance)


def connect() -> None:
    page_published.connect(keep_version_text, sender=ConsultationPage, dispatch_uid="glas-draft-version-text")
    post_save.connect(purge_consultation, sender=Comment, dispatch_uid="glas-cache-comment-save")
    post_delete.connect(purge_consultation, sender=Comment, dispatch_uid="glas-cache-comment-delete")
