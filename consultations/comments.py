"""A citizen's comment from the form to the count: saved unconfirmed, confirmed from the e-mailed
link, then published or queued for the moderators; and how many comments one person may send."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.choices import Channel, Moderation, Status
from consultations.drafts import take_snapshot
from consultations.models import Comment
from core import mail, ratelimit, tokens
from core.pages import route_url


def _counters(ip: str, email: str) -> list[ratelimit.Counter]:
    return ratelimit.posting_counters(
        ip, email, settings.GLAS_COMMENT_RATE_PER_IP, settings.GLAS_COMMENT_RATE_PER_EMAIL
    )


def rate_limited(ip: str, email: str) -> bool:
    """True when this address or e-mail has already posted the allowed number of comments in
    the current window (GLAS_COMMENT_RATE_PER_IP / _PER_EMAIL per GLAS_COMMENT_RATE_WINDOW s)."""
    return ratelimit.is_limited("comments", _counters(ip, email))


def count_post(ip: str, email: str) -> None:
    ratelimit.count("comments", _counters(ip, email), settings.GLAS_COMMENT_RATE_WINDOW)


def submit_comment(request: HttpRequest, page: Any, comment: Comment) -> Comment:
    """Save an online comment as unconfirmed and send the confirmation link to its author."""
    comment.consultation = page
    comment.consultation_key = page.translation_key
    comment.language = page.locale.language_code
    comment.channel = Channel.ONLINE
    comment.status = Status.UNCONFIRMED
    comment.consent_at = timezone.now()
    take_snapshot(comment, page)
    token = tokens.issue_token(comment, settings.GLAS_CONFIRMATION_HOURS)
    comment.save()
    context = {
        "page": page,
        "comment": comment,
        "confirm_url": route_url(page, "confirm", token, request=request),
        "hours": settings.GLAS_CONFIRMATION_HOURS,
    }
    mail.send(
        subject=_("Please confirm your comment on “%(title)s”") % {"title": page.title},
        body=render_to_string("consultations/email/confirm_comment.txt", context),
        recipients=[comment.email],
    )
    return comment


class TokenError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def comment_for_token(page: Any, token: str) -> Comment:
    """The unconfirmed comment a confirmation token belongs to, or a TokenError saying why not."""
    comment = (
        Comment.objects.filter(consultation_key=page.translation_key, token_hash=tokens.hash_token(token))
        .exclude(token_hash="")
        .first()
    )
    if comment is None or comment.status != Status.UNCONFIRMED:
        raise TokenError(_("This confirmation link is not valid or has already been used."))
    if comment.token_expires_at and comment.token_expires_at < timezone.now():
        raise TokenError(_("This confirmation link has expired. Please write your comment again."))
    return comment


def confirm_comment(page: Any, comment: Comment) -> Comment:
    """Count a confirmed comment: published at once under post-moderation, otherwise queued."""
    comment.confirmed_at = timezone.now()
    comment.token_hash = ""
    comment.token_expires_at = None
    comment.status = Status.PUBLISHED if page.moderation == Moderation.POST else Status.PENDING
    comment.save(update_fields=["confirmed_at", "token_hash", "token_expires_at", "status"])
    return comment
