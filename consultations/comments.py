"""A citizen's comment from the form to the count: saved unconfirmed, confirmed from the e-mailed
link, then published or queued for the moderators; and how many comments one person may send."""

from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from consultations.choices import Channel, Moderation, Status
from consultations.drafts import take_snapshot
from consultations.models import Comment
from consultations.notifications import excerpt
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


CONFIRMATIONS_PER_ADDRESS_PER_DAY = 10
DAY = 86400
SESSION_SENT = "glas_comment_sent"
SESSION_OWN = "glas_own_comments"
OWN_KEPT = 50
SESSION_SALT = "glas.consultations.comment-sent"


def _confirmation_counters(email: str) -> list[ratelimit.Counter]:
    limit = getattr(settings, "GLAS_CONFIRMATIONS_PER_ADDRESS_PER_DAY", CONFIRMATIONS_PER_ADDRESS_PER_DAY)
    return [("recipient", email, limit)]


def confirmations_limited(email: str) -> bool:
    """True when this address has had the day's number of confirmation e-mails: nobody can make
    the site write to someone's address over and over."""
    return ratelimit.is_limited("confirmations", _confirmation_counters(email))


def already_sent(page: Any, form_token: str, email: str) -> Comment | None:
    """The comment an earlier post of the same form stored (a double click), or None."""
    if not form_token:
        return None
    key = tokens.form_post_key(form_token, email)
    return Comment.objects.for_consultation(page).filter(submission_key=key).first()


def submit_comment(request: HttpRequest, page: Any, comment: Comment, form_token: str = "") -> bool:
    """Save an online comment as unconfirmed and send the confirmation link to its author. The
    comment is kept even when the address has had too many confirmation e-mails today; then no
    e-mail goes and False is returned (the visitor is told to ask for the link again later)."""
    comment.consultation = page
    comment.consultation_key = page.translation_key
    comment.language = page.locale.language_code
    comment.channel = Channel.ONLINE
    comment.status = Status.UNCONFIRMED
    comment.consent_at = timezone.now()
    take_snapshot(comment, page)
    token = tokens.issue_token(comment, settings.GLAS_CONFIRMATION_HOURS)
    if form_token:
        comment.submission_key = tokens.form_post_key(form_token, comment.email)
    try:
        with transaction.atomic():
            comment.save()
    except IntegrityError:  # the same form posted twice at once: the other post stored it
        earlier = already_sent(page, form_token, comment.email)
        if earlier is None:
            raise
        remember(request, earlier)
        return True
    remember(request, comment)
    return _send_confirmation(request, page, comment, token)


def _send_confirmation(request: HttpRequest, page: Any, comment: Comment, token: str) -> bool:
    if confirmations_limited(comment.email):
        return False
    ratelimit.count("confirmations", _confirmation_counters(comment.email), DAY)
    with translation.override(comment.language or page.locale.language_code):
        context = {
            "page": page,
            "comment": comment,
            "quote": excerpt(comment.text),
            "confirm_url": route_url(page, "confirm", token, request=request),
            "hours": settings.GLAS_CONFIRMATION_HOURS,
        }
        mail.send(
            subject=_("Please confirm your comment on “%(title)s”") % {"title": page.title},
            body=render_to_string("consultations/email/confirm_comment.txt", context),
            recipients=[comment.email],
        )
    return True


def resend_confirmation(request: HttpRequest, page: Any, comment: Comment) -> bool:
    """Send the confirmation link of a still unconfirmed comment again. Only a hash of the link
    is stored, so the link itself cannot be sent twice: the comment's token is renewed (a fresh
    link, a fresh expiry) and only the newest link works. False when today's limit is reached."""
    if confirmations_limited(comment.email):
        return False
    token = tokens.issue_token(comment, settings.GLAS_CONFIRMATION_HOURS)
    updated = Comment.objects.filter(pk=comment.pk, status=Status.UNCONFIRMED).update(
        token_hash=comment.token_hash, token_expires_at=comment.token_expires_at
    )
    return bool(updated) and _send_confirmation(request, page, comment, token)


def correct_email(request: HttpRequest, page: Any, comment: Comment, email: str) -> bool:
    """Change the address of a still unconfirmed comment (its author mistyped it) and send a new
    link there; the link sent to the old address stops working. False when the new address has
    had today's number of confirmation e-mails (the address is changed all the same)."""
    comment.email = email
    token = tokens.issue_token(comment, settings.GLAS_CONFIRMATION_HOURS)
    updated = Comment.objects.filter(pk=comment.pk, status=Status.UNCONFIRMED).update(
        email=email, token_hash=comment.token_hash, token_expires_at=comment.token_expires_at
    )
    if not updated:
        return False
    remember(request, comment)
    return _send_confirmation(request, page, comment, token)


def remember(request: HttpRequest, comment: Comment) -> None:
    """Keep in the visitor's session (never in a URL) which comments it wrote, and, signed, the
    comment and address of the last one for the "check your e-mail" page."""
    own = [pk for pk in request.session.get(SESSION_OWN, []) if pk != comment.pk][-(OWN_KEPT - 1) :]
    request.session[SESSION_OWN] = [*own, comment.pk]
    request.session[SESSION_SENT] = signing.dumps({"pk": comment.pk, "email": comment.email}, salt=SESSION_SALT)


def sent_comment(request: HttpRequest, page: Any) -> Comment | None:
    """The still unconfirmed comment this session has just written on this consultation (its
    address as the session knows it), or None: another session never gets it."""
    value = request.session.get(SESSION_SENT)
    if not value:
        return None
    try:
        data = signing.loads(value, salt=SESSION_SALT)
    except signing.BadSignature:
        return None
    comment = (
        Comment.objects.for_consultation(page)
        .filter(pk=data.get("pk"), status=Status.UNCONFIRMED, email=data.get("email"))
        .first()
    )
    return comment if comment is not None and comment.pk in request.session.get(SESSION_OWN, []) else None


def own_waiting(request: HttpRequest, page: Any) -> list[Comment]:
    """This session's own comments on the consultation that the public does not see yet (waiting
    for e-mail confirmation or for moderation). No query for a visitor without any."""
    # Without a session cookie the session is not even read: reading it would add "Vary: Cookie"
    # and keep the public page out of the page cache (core/cache.py).
    session = getattr(request, "session", None)
    if session is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return []
    pks = session.get(SESSION_OWN)
    if not pks:
        return []
    return list(
        Comment.objects.for_consultation(page).filter(pk__in=pks, status__in=[Status.UNCONFIRMED, Status.PENDING])
    )


def own_waiting_by_paragraph(request: HttpRequest, page: Any) -> dict[str, list[Comment]]:
    """This session's waiting comments on the page, by paragraph block id ("" for the whole
    draft); empty, without a query, for a visitor without any."""
    by_paragraph: dict[str, list[Comment]] = {}
    for comment in own_waiting(request, page):
        by_paragraph.setdefault(comment.paragraph_id, []).append(comment)
    return by_paragraph


def mask_email(address: str) -> str:
    """An address as the "check your e-mail" page names it: a•••@g•••.com."""
    local, _at, domain = address.partition("@")
    name, dot, tld = domain.rpartition(".")
    if not dot:
        name, tld = domain, ""
    masked_domain = (name[:1] + "•••" if name else "") + (f".{tld}" if tld else "")
    return f"{local[:1]}•••@{masked_domain}"


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


def confirm_comment(page: Any, comment: Comment) -> bool:
    """Count a confirmed comment: published at once under post-moderation, otherwise queued.

    Atomic: one conditional UPDATE moves the comment out of "unconfirmed", so of two
    confirmations at the same moment (a double click, two tabs) exactly one succeeds and returns
    True; the other returns False and the instance shows the comment as it is now."""
    now = timezone.now()
    status = Status.PUBLISHED if page.moderation == Moderation.POST else Status.PENDING
    updated = Comment.objects.filter(pk=comment.pk, status=Status.UNCONFIRMED).update(
        confirmed_at=now, token_hash="", token_expires_at=None, status=status
    )
    if not updated:
        comment.refresh_from_db()
        return False
    comment.confirmed_at, comment.token_hash, comment.token_expires_at, comment.status = now, "", None, status
    # The same values once more through save(), so that what listens for saved comments (the
    # purge of the cached page when it is published) hears of it.
    comment.save(update_fields=["confirmed_at", "token_hash", "token_expires_at", "status"])
    return True
