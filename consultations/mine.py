""" "My comments" without an account: a citizen asks for a link by e-mail, and the signed link
(valid for MINE_LINK_DAYS days, nothing stored) lists every comment sent from that address on
every consultation, with its status and the official answer; and the signed "stop these e-mails"
link of the author e-mails (core/optout.py).

The link carries the address, signed and base64-wrapped (not encrypted): it goes only to that
address, and it expires. The "stop" link carries only the address's hash."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from consultations.choices import Decision, RejectionReason, Status
from consultations.models import Comment, ConsultationPage
from core import mail, optout, ratelimit
from core.links import absolute_url

SALT = "glas.consultations.mine"
MINE_LINK_DAYS = 7
EXCERPT_CHARS = 200


def mine_token(address: str) -> str:
    """A signed, dated token for the address's list of comments."""
    signed = signing.TimestampSigner(salt=SALT).sign(address.strip().lower())
    return urlsafe_base64_encode(signed.encode())


def address_from_token(token: str, days: int = MINE_LINK_DAYS) -> str | None:
    """The address behind a token of mine_token() no older than `days`, else None (altered,
    made up or expired)."""
    try:
        signed = urlsafe_base64_decode(token).decode()
        return signing.TimestampSigner(salt=SALT).unsign(signed, max_age=days * 86400)
    except (signing.BadSignature, ValueError, UnicodeDecodeError):
        return None


def _url(name: str, token: str, language: str, request: HttpRequest | None) -> str:
    with translation.override(language):
        return absolute_url(reverse(name, args=[token]), request)


def mine_url(address: str, language: str, request: HttpRequest | None = None) -> str:
    return _url("consultations:mine_list", mine_token(address), language, request)


def stop_url(address: str, language: str, request: HttpRequest | None = None) -> str:
    return _url("consultations:stop_mail", optout.optout_token(address), language, request)


def request_url(language: str) -> str:
    """The page where anyone asks for the link to their comments."""
    with translation.override(language):
        return reverse("consultations:mine")


def _counters(ip: str, address: str) -> list[ratelimit.Counter]:
    return ratelimit.posting_counters(
        ip, address, settings.GLAS_COMMENT_RATE_PER_IP, settings.GLAS_COMMENT_RATE_PER_EMAIL
    )


def send_link(request: HttpRequest, address: str, language: str) -> bool:
    """E-mail the link to the address's comments, in `language`, if comments were sent from it
    (the visitor is told the same either way: nobody learns whether an address commented), and
    unless this address or client asked too often. False when rate-limited."""
    counters = _counters(ratelimit.client_ip(request), address)
    if ratelimit.is_limited("mine", counters):
        return False
    ratelimit.count("mine", counters, settings.GLAS_COMMENT_RATE_WINDOW)
    if not comments_of(address).exists():
        return True
    with translation.override(language):
        context = {"mine_url": mine_url(address, language, request), "days": MINE_LINK_DAYS}
        mail.send(
            subject=_("Your comments on the consultations"),
            body=render_to_string("consultations/email/my_comments_link.txt", context),
            recipients=[address],
        )
    return True


def comments_of(address: str) -> Any:
    """Every comment sent from this address (spam aside), newest first."""
    return (
        Comment.objects.filter(email__iexact=address.strip())
        .exclude(status=Status.SPAM)
        .select_related("consultation", "consultation__locale")
        .order_by("-created_at", "-pk")
    )


@dataclass
class MyComment:
    comment: Comment
    title: str
    url: str
    excerpt: str
    status: str
    reason: str
    decision: str
    paragraph_number: int | None


def my_comments(address: str, language: str) -> list[MyComment]:
    """The address's comments for its list: each consultation's title in `language` where that
    version exists, the paragraph, a short excerpt, the status (with the rejection reason) and
    the official answer with its decision."""
    comments = list(comments_of(address))
    keys = {c.consultation_key for c in comments}
    versions: dict[Any, Any] = {}
    for page in ConsultationPage.objects.live().filter(translation_key__in=keys, locale__language_code=language):
        versions[page.translation_key] = page
    rows = []
    for comment in comments:
        page = versions.get(comment.consultation_key) or comment.consultation
        text = " ".join(comment.text.split())
        rows.append(
            MyComment(
                comment=comment,
                title=page.title,
                url=page.url + (f"#c-{comment.pk}" if comment.status == Status.PUBLISHED else ""),
                excerpt=text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1].rstrip() + "…",
                status=str(Status(comment.status).label),
                reason=str(RejectionReason(comment.rejection_reason).label) if comment.rejection_reason else "",
                decision=str(Decision(comment.decision).label) if comment.decision else "",
                paragraph_number=comment.paragraph_number,
            )
        )
    return rows
