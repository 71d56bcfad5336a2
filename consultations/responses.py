"""Official responses: the authority's answer to a comment, with its decision and the paragraph
of the next version that changed because of it."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from consultations import notifications
from consultations.models import Comment


def record_response(comment: Comment, user: Any, previous_response: str = "") -> None:
    """Stamp who answered and when, and log it, when a response was written or changed; and tell
    the comment's author, after the commit."""
    if comment.response and comment.response != previous_response:
        comment.responded_at = timezone.now()
        comment.responded_by = user
        comment.save(update_fields=["responded_at", "responded_by"])
        log(instance=comment, action="glas.comment.respond", user=user, data={"decision": comment.decision})
        # The author hears of the answer once it is stored (consultations/notifications.py).
        transaction.on_commit(lambda: notifications.comment_answered(comment))
