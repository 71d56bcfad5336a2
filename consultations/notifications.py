"""What a comment's author hears by e-mail after the comment is confirmed: that it is published,
that it was rejected and why, that it was answered, and that the consultation's report is out.

Every such e-mail goes through the outbox (core/mail.py), in the comment's own language, only
for a confirmed comment with an e-mail address (never for spam), and never to an address that
opted out (core/optout.py); each carries a link to the author's comments (consultations/mine.py)
and a signed link that stops these e-mails. The confirmation e-mail of a new comment is not one
of them: the visitor has just asked for it (consultations/comments.py)."""

import re
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from consultations import mine
from consultations.choices import Decision, RejectionReason, Status
from consultations.models import Comment, ConsultationPage
from core import mail, optout
from core.links import absolute_url
from core.pages import route_url

EXCERPT_CHARS = 200
# What looks like a link in a quote: a scheme, "www.", or a name with a dot and a top-level
# domain of letters (example.com, example.com/path). A quote in our e-mail must not carry links.
URL_LIKE = re.compile(
    r"(?:\b[a-z][a-z0-9+.-]*://\S*|\bwww\.\S*|\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?::\d+)?(?:/\S*)?)", re.IGNORECASE
)


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """A short quote of what someone wrote, safe to put in an e-mail: anything that looks like a
    link is taken out (an e-mail from us must not carry someone else's link), spaces are single,
    and it is cut at a word to at most `limit` characters."""
    quoted = re.sub(r"\s+", " ", URL_LIKE.sub("[…]", text or "")).strip()
    if len(quoted) <= limit:
        return quoted
    cut = quoted[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,.;:") + "…"


def may_write_to(comment: Comment) -> bool:
    """Only the author of a confirmed comment with an address, not marked as spam, who has not
    asked us to stop."""
    return bool(
        comment.email
        and comment.confirmed_at
        and comment.status != Status.SPAM
        and not optout.is_opted_out(comment.email)
    )


def page_in(page: Any, language: str) -> Any:
    """The consultation's version in `language` where it is live, else the page itself."""
    version = (
        ConsultationPage.objects.live()
        .filter(translation_key=page.translation_key, locale__language_code=language)
        .first()
    )
    return version or page


def _send(address: str, language: str, subject: str, template: str, context: dict[str, Any]) -> None:
    """Render and queue one author e-mail; call inside translation.override(language)."""
    context = {
        **context,
        "mine_url": mine.mine_url(address, language),
        "stop_url": mine.stop_url(address, language),
    }
    mail.send(subject=subject, body=render_to_string(template, context), recipients=[address])


def _comment_context(comment: Comment, page: Any) -> dict[str, Any]:
    return {
        "page": page,
        "comment": comment,
        "quote": excerpt(comment.text),
        "comment_url": absolute_url(f"{page.url}#c-{comment.pk}"),
    }


def comment_moderated(comments: Iterable[Comment]) -> int:
    """Tell each author that their comment was published or rejected (with the reason); called
    after the moderation's transaction has committed, with the comments whose status changed.
    Returns how many e-mails were queued."""
    sent = 0
    for comment in comments:
        if comment.status not in (Status.PUBLISHED, Status.REJECTED) or not may_write_to(comment):
            continue
        with translation.override(comment.language):
            page = page_in(comment.consultation, comment.language)
            context = _comment_context(comment, page)
            if comment.status == Status.PUBLISHED:
                subject = _("Your comment on “%(title)s” is published") % {"title": page.title}
                template = "consultations/email/comment_published.txt"
            else:
                reason = comment.rejection_reason or RejectionReason.OTHER
                context["reason"] = str(RejectionReason(reason).label)
                subject = _("Your comment on “%(title)s” was not published") % {"title": page.title}
                template = "consultations/email/comment_rejected.txt"
            _send(comment.email, comment.language, subject, template, context)
        sent += 1
    return sent


def comment_answered(comment: Comment) -> bool:
    """Tell the author the official response to their comment, its decision and, where given,
    the number of the paragraph of the new version that changed. True when an e-mail was queued."""
    if not comment.response or not may_write_to(comment):
        return False
    with translation.override(comment.language):
        page = page_in(comment.consultation, comment.language)
        context = _comment_context(comment, page)
        context["decision"] = str(Decision(comment.decision).label) if comment.decision else ""
        context["response"] = comment.response
        if comment.response_paragraph_id:
            numbers = {p.block_id: p.number for s in page.sections() for p in s.paragraphs}
            context["paragraph_number"] = numbers.get(comment.response_paragraph_id)
        subject = _("Your comment on “%(title)s” has been answered") % {"title": page.title}
        _send(comment.email, comment.language, subject, "consultations/email/comment_answered.txt", context)
    return True


def report_notice(key: Any, address: str) -> tuple[str, str, str]:
    """What identifies "this address heard that this consultation's report is out"."""
    return ("report", str(key), address)


def notify_report_authors(base_url: str, pages: Iterable[Any]) -> int:
    """Tell the authors of confirmed comments on these consultations (whose report is out) that
    the report is published: once per address and consultation (core.optout.first_time keeps
    that across runs, and the subscribers' e-mail counts: consultations/subscriptions.py), in
    the language of the author's latest comment on it. Returns how many e-mails were queued."""
    by_key: dict[Any, dict[str, Any]] = {}
    for page in pages:
        by_key.setdefault(page.translation_key, {})[page.locale.language_code] = page
    if not by_key:
        return 0
    authors = (
        Comment.objects.filter(consultation_key__in=by_key, confirmed_at__isnull=False)
        .exclude(Q(email="") | Q(status=Status.SPAM))
        .order_by("-created_at", "-pk")
        .values_list("consultation_key", "email", "language")
    )
    latest: dict[tuple[Any, str], str] = {}
    for key, address, language in authors:
        latest.setdefault((key, address.lower()), language)
    done = optout.sent_before(optout.notice_hash(*report_notice(key, address)) for key, address in latest)
    sent = 0
    for (key, address), language in latest.items():
        if optout.notice_hash(*report_notice(key, address)) in done:
            continue
        if optout.is_opted_out(address) or not optout.first_time(*report_notice(key, address)):
            continue
        versions = by_key[key]
        page = versions.get(language) or versions.get(settings.LANGUAGE_CODE) or next(iter(versions.values()))
        with translation.override(language):
            context = {"page": page, "report_url": base_url.rstrip("/") + route_url(page, "report")}
            subject = _("The report on “%(title)s” is published") % {"title": page.title}
            _send(address, language, subject, "consultations/email/report_published_author.txt", context)
        sent += 1
    return sent
