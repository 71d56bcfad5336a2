"""Consultation logic that is neither a view nor a model method: comment threads beside the
draft, confirmation tokens, rate limits, moderation actions, report figures and e-mails."""

import hashlib
import html
import re
import secrets
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.db.models import Case, Count, F, Value, When, Window
from django.db.models.functions import RowNumber
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from consultations.choices import Channel, Decision, Moderation, Stance, Status
from consultations.models import Comment, ConsultationPage, ModerationDigest, ReportSubscription
from home import mail, ratelimit

UNSUBSCRIBE_SALT = "glas.consultations.unsubscribe"


# --- The draft and its comments -------------------------------------------------------------


def plain_text(value):
    """The words of a rich-text paragraph, without markup and with single spaces."""
    source = getattr(value, "source", value) or ""
    return re.sub(r"\s+", " ", html.unescape(strip_tags(source))).strip()


def paragraph_texts(page):
    """Block id → plain text of every paragraph of a page's draft."""
    return {block.id: plain_text(block.value) for block in page.draft if block.block_type == "paragraph"}


def find_paragraph(page, block_id):
    """(section, paragraph) for a block id of the page's draft, or (None, None)."""
    for section in page.sections():
        for paragraph in section.paragraphs:
            if paragraph.block_id == block_id:
                return section, paragraph
    return None, None


def take_snapshot(comment, page):
    """Record where the comment was made and the paragraph's text as it read at that moment."""
    section, paragraph = find_paragraph(page, comment.paragraph_id) if comment.paragraph_id else (None, None)
    if paragraph is None:
        comment.paragraph_id = ""
        comment.paragraph_number = comment.section_number = None
        comment.section_heading = comment.paragraph_text = ""
        return
    comment.paragraph_number = paragraph.number
    comment.section_number = section.number or None
    comment.section_heading = section.heading
    comment.paragraph_text = plain_text(paragraph.text)


# How many threads the draft shows under a paragraph (and on the whole draft); the rest are on
# the paragraph's own page, so that a draft with thousands of comments stays light on a phone.
THREADS_SHOWN = 3
GENERAL_THREADS_SHOWN = 10


@dataclass
class ParagraphView:
    number: int
    block_id: str
    text: object
    comments: list = field(default_factory=list)  # the threads loaded: all, or only the newest
    count: int = 0  # published comments with their replies
    threads: int = 0  # top-level comments

    @property
    def shown(self):
        return self.comments[-THREADS_SHOWN:]

    @property
    def more(self):
        return max(0, self.threads - THREADS_SHOWN)


@dataclass
class SectionView:
    number: int
    heading: str
    block_id: str
    paragraphs: list = field(default_factory=list)


@dataclass
class DraftView:
    sections: list
    general: list
    removed: list
    total: int
    general_threads: int = 0

    @property
    def general_shown(self):
        return self.general[-GENERAL_THREADS_SHOWN:]

    @property
    def general_more(self):
        return max(0, self.general_threads - GENERAL_THREADS_SHOWN)

    def paragraph(self, block_id):
        for section in self.sections:
            for paragraph in section.paragraphs:
                if paragraph.block_id == block_id:
                    return paragraph
        return None


def _current_texts_by_language(page):
    """Language code → {block id → plain text} for every live language version of the page."""
    versions = ConsultationPage.objects.live().filter(translation_key=page.translation_key).select_related("locale")
    return {version.locale.language_code: paragraph_texts(version) for version in versions}


def _threads(top, replies, page):
    """Hang the replies on their comments and flag comments whose paragraph has changed since."""
    by_parent = defaultdict(list)
    for reply in replies:
        by_parent[reply.parent_id].append(reply)
    for comment in top:
        comment.thread_replies = by_parent.get(comment.pk, [])
    if top:
        texts = _current_texts_by_language(page)
        for comment in (*top, *replies):
            comment.paragraph_changed = False
            if comment.paragraph_id and comment.paragraph_text:
                current = texts.get(comment.language, {}).get(comment.paragraph_id)
                comment.paragraph_changed = current is not None and current != comment.paragraph_text
    return top


def published_threads(page):
    """Published comments on every language version, as top-level comments carrying their
    published replies in `thread_replies`. Two queries, whatever the number of comments."""
    comments = list(Comment.objects.for_consultation(page).published().order_by("created_at", "pk"))
    top = [comment for comment in comments if not comment.parent_id]
    return _threads(top, [comment for comment in comments if comment.parent_id], page), len(comments)


def _newest_threads(page, known, limit, everything_on):
    """Only the threads a page shows, and complete counts, without loading every comment: the
    newest `limit` threads of each paragraph (GENERAL_THREADS_SHOWN on the draft as a whole), all
    threads of the paragraph `everything_on` and, on the draft page, of removed paragraphs. The
    database counts and picks (a window function); five queries whatever the number of comments."""
    published = Comment.objects.for_consultation(page).published()
    top_level = published.filter(parent__isnull=True)
    threads = Counter(dict(top_level.values_list("paragraph_id").annotate(n=Count("pk")).order_by()))
    replies = Counter(
        dict(
            published.filter(parent__status=Status.PUBLISHED)
            .values_list("parent__paragraph_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
    )
    counts = threads + replies
    everything = 1_000_000_000
    caps = [When(paragraph_id="", then=Value(max(limit, GENERAL_THREADS_SHOWN) if limit else 0))]
    if everything_on is not None:
        caps.insert(0, When(paragraph_id=everything_on, then=Value(everything)))
    caps.append(When(paragraph_id__in=list(known), then=Value(limit)))
    newest_first = [F("created_at").desc(), F("pk").desc()]
    chosen = (
        top_level.annotate(
            newest=Window(RowNumber(), partition_by=[F("paragraph_id")], order_by=newest_first),
            cap=Case(*caps, default=Value(everything if limit else 0)),
        )
        .filter(newest__lte=F("cap"))
        .values_list("pk", flat=True)
    )
    # The window runs over ids only; the few comments shown are read whole afterwards.
    wanted = list(chosen) if limit or everything_on is not None else []
    top = list(Comment.objects.filter(pk__in=wanted).order_by("created_at", "pk"))
    shown_replies = list(published.filter(parent_id__in=[c.pk for c in top]).order_by("created_at", "pk"))
    total = sum(counts.values())
    return _threads(top, shown_replies, page), total, threads, counts


def draft_with_comments(page, limit=None, everything_on=None):
    """The draft's sections and paragraphs, each paragraph with its published comments; comments
    on the whole draft; and comments on paragraphs that are no longer in the draft.

    With `limit`, each paragraph carries only its newest `limit` threads (the consultation page)
    and the paragraph `everything_on` all of its threads (its own page); counts stay complete."""
    sections = page.sections()
    known = {paragraph.block_id: paragraph.number for section in sections for paragraph in section.paragraphs}
    if limit is None and everything_on is None:
        top, total = published_threads(page)
        threads = Counter(comment.paragraph_id for comment in top)
        counts = Counter()
        for comment in top:
            counts[comment.paragraph_id] += 1 + len(comment.thread_replies)
    else:
        top, total, threads, counts = _newest_threads(page, known, limit or 0, everything_on)
    by_paragraph = defaultdict(list)
    general = []
    for comment in top:
        (by_paragraph[comment.paragraph_id] if comment.paragraph_id else general).append(comment)
    views = []
    for section in sections:
        view = SectionView(number=section.number, heading=section.heading, block_id=section.block_id)
        for paragraph in section.paragraphs:
            view.paragraphs.append(
                ParagraphView(
                    number=paragraph.number,
                    block_id=paragraph.block_id,
                    text=paragraph.text,
                    comments=by_paragraph.get(paragraph.block_id, []),
                    count=counts[paragraph.block_id],
                    threads=threads[paragraph.block_id],
                )
            )
        views.append(view)
    removed = [c for block_id, comments in by_paragraph.items() if block_id not in known for c in comments]
    for comment in top:
        for answered in (comment, *comment.thread_replies):
            answered.response_paragraph_number = known.get(answered.response_paragraph_id)
    return DraftView(sections=views, general=general, removed=removed, total=total, general_threads=threads[""])


# --- Tokens, rate limits, client address ----------------------------------------------------


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(instance, hours):
    """Give the instance a fresh single-use token (only its hash is stored); return the token."""
    token = secrets.token_urlsafe(32)
    instance.token_hash = hash_token(token)
    instance.token_expires_at = timezone.now() + timedelta(hours=hours)
    return token


def _counters(ip, email):
    return [("ip", ip, settings.GLAS_COMMENT_RATE_PER_IP), ("email", email, settings.GLAS_COMMENT_RATE_PER_EMAIL)]


def rate_limited(ip, email):
    """True when this address or e-mail has already posted the allowed number of comments in
    the current window (GLAS_COMMENT_RATE_PER_IP / _PER_EMAIL per GLAS_COMMENT_RATE_WINDOW s)."""
    return ratelimit.is_limited("comments", _counters(ip, email))


def count_post(ip, email):
    ratelimit.count("comments", _counters(ip, email), settings.GLAS_COMMENT_RATE_WINDOW)


client_ip = ratelimit.client_ip


# --- Submitting and confirming --------------------------------------------------------------


def absolute_route_url(request, page, name, *args):
    return request.build_absolute_uri(page.url + page.reverse_subpage(name, args=args))


def submit_comment(request, page, comment):
    """Save an online comment as unconfirmed and send the confirmation link to its author."""
    comment.consultation = page
    comment.consultation_key = page.translation_key
    comment.language = page.locale.language_code
    comment.channel = Channel.ONLINE
    comment.status = Status.UNCONFIRMED
    comment.consent_at = timezone.now()
    take_snapshot(comment, page)
    token = issue_token(comment, settings.GLAS_CONFIRMATION_HOURS)
    comment.save()
    context = {
        "page": page,
        "comment": comment,
        "confirm_url": absolute_route_url(request, page, "confirm", token),
        "hours": settings.GLAS_CONFIRMATION_HOURS,
    }
    mail.send(
        subject=_("Please confirm your comment on “%(title)s”") % {"title": page.title},
        body=render_to_string("consultations/email/confirm_comment.txt", context),
        recipients=[comment.email],
    )
    return comment


class TokenError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def comment_for_token(page, token):
    """The unconfirmed comment a confirmation token belongs to, or a TokenError saying why not."""
    comment = (
        Comment.objects.filter(consultation_key=page.translation_key, token_hash=hash_token(token))
        .exclude(token_hash="")
        .first()
    )
    if comment is None or comment.status != Status.UNCONFIRMED:
        raise TokenError(_("This confirmation link is not valid or has already been used."))
    if comment.token_expires_at and comment.token_expires_at < timezone.now():
        raise TokenError(_("This confirmation link has expired. Please write your comment again."))
    return comment


def confirm_comment(page, comment):
    """Count a confirmed comment: published at once under post-moderation, otherwise queued."""
    comment.confirmed_at = timezone.now()
    comment.token_hash = ""
    comment.token_expires_at = None
    comment.status = Status.PUBLISHED if page.moderation == Moderation.POST else Status.PENDING
    comment.save(update_fields=["confirmed_at", "token_hash", "token_expires_at", "status"])
    return comment


# --- Moderation -----------------------------------------------------------------------------


MODERATION_ACTIONS = {
    Status.PUBLISHED: "glas.comment.approve",
    Status.REJECTED: "glas.comment.reject",
    Status.SPAM: "glas.comment.spam",
}


def log_moderation(comment, user):
    """Stamp who moderated the comment and when, and write the action to Wagtail's log."""
    comment.moderated_at = timezone.now()
    comment.moderated_by = user
    comment.save(update_fields=["status", "rejection_reason", "moderated_at", "moderated_by"])
    action = MODERATION_ACTIONS.get(comment.status)
    if action:
        data = {"reason": comment.rejection_reason} if comment.rejection_reason else None
        log(instance=comment, action=action, user=user, data=data)


def _moderate(comments, user, status, reason=""):
    changed = 0
    with transaction.atomic():
        for comment in comments:
            if comment.status == status and comment.rejection_reason == reason:
                continue
            comment.status = status
            comment.rejection_reason = reason
            log_moderation(comment, user)
            changed += 1
    return changed


def approve(comments, user):
    return _moderate(comments, user, Status.PUBLISHED)


def reject(comments, user, reason):
    return _moderate(comments, user, Status.REJECTED, reason)


def mark_spam(comments, user):
    return _moderate(comments, user, Status.SPAM)


def record_response(comment, user, previous_response=""):
    """Stamp who answered and when, and log it, when a response was written or changed."""
    if comment.response and comment.response != previous_response:
        comment.responded_at = timezone.now()
        comment.responded_by = user
        comment.save(update_fields=["responded_at", "responded_by"])
        log(instance=comment, action="glas.comment.respond", user=user, data={"decision": comment.decision})


# --- Report ---------------------------------------------------------------------------------


@dataclass
class Bar:
    label: str
    count: int
    percent: int


def _bars(counter, labels=None, total=None):
    total = total or sum(counter.values()) or 1
    items = counter.items() if labels is None else [(key, counter.get(key, 0)) for key in labels]
    return [
        Bar(label=(labels or {}).get(key, key), count=count, percent=round(100 * count / total))
        for key, count in items
    ]


# Up to this many published comments the report lists every one of them (a complete, printable
# record); above it, each paragraph lists the comments with an official answer and links to the
# page with all of its comments, so that the report stays light with thousands of comments.
REPORT_ALL_COMMENTS_UP_TO = 300


def report_figures(page):
    """Counts of the counted (published) comments by section, stance, municipality and decision,
    and each section's comments with their responses, for the report page. The figures are
    counted by the database, whatever the number of comments."""
    top_level = Comment.objects.for_consultation(page).published().filter(parent__isnull=True)
    per_paragraph = dict(top_level.values_list("paragraph_id").annotate(n=Count("pk")).order_by())
    total = sum(per_paragraph.values())
    complete = total <= REPORT_ALL_COMMENTS_UP_TO
    if complete:
        draft = draft_with_comments(page)
        answered = (
            [c for s in draft.sections for p in s.paragraphs for c in p.comments] + draft.general + draft.removed
        )
        answered = [comment for comment in answered if comment.response]
    else:
        draft = draft_with_comments(page, limit=0)
        answered = list(top_level.exclude(response="").order_by("created_at", "pk"))
        by_paragraph = defaultdict(list)
        for comment in _threads(answered, [], page):
            by_paragraph[comment.paragraph_id].append(comment)
        for section in draft.sections:
            for paragraph in section.paragraphs:
                paragraph.comments = by_paragraph.pop(paragraph.block_id, [])
        draft.general = by_paragraph.pop("", [])
        draft.removed = [comment for comments in by_paragraph.values() for comment in comments]
        known = {p.block_id: p.number for s in draft.sections for p in s.paragraphs}
        for comment in answered:
            comment.response_paragraph_number = known.get(comment.response_paragraph_id)

    by_section = Counter()
    section_names = {}
    known = set()
    for section in draft.sections:
        key = section.number
        section_names[key] = f"{section.number}. {section.heading}" if section.heading else _("Opening paragraphs")
        for paragraph in section.paragraphs:
            known.add(paragraph.block_id)
            by_section[key] += per_paragraph.get(paragraph.block_id, 0)
    section_names["general"] = _("The draft as a whole")
    by_section["general"] = per_paragraph.get("", 0)
    removed = sum(n for block_id, n in per_paragraph.items() if block_id and block_id not in known)
    if removed:
        section_names["removed"] = _("Removed text")
        by_section["removed"] = removed
    stances, municipalities, decisions = Counter(), Counter(), Counter()
    for stance, decision, municipality, n in (
        top_level.values_list("stance", "decision", "municipality").annotate(n=Count("pk")).order_by()
    ):
        stances[stance] += n
        decisions[decision or "none"] += n
        municipalities[municipality.strip() or _("Not given")] += n
    decision_labels = dict(Decision.choices) | {"none": _("Not answered yet")}
    return {
        "draft": draft,
        "complete": complete,
        "total": total,
        "answered": len(answered),
        "by_section": _bars(by_section, section_names),
        "by_stance": _bars(stances, dict(Stance.choices)),
        "by_municipality": _bars(dict(municipalities.most_common())),
        "by_decision": _bars(decisions, {k: v for k, v in decision_labels.items() if decisions.get(k)}),
    }


# --- E-mails: moderators' digest, report subscriptions ---------------------------------------


def moderators():
    User = get_user_model()
    return User.objects.filter(is_active=True, groups__name="Moderators").exclude(email="").distinct()


def send_moderation_digest(admin_url):
    """One e-mail to every moderator listing the comments waiting for moderation, sent only when
    comments have come in since the last digest. Returns the number of comments reported."""
    last = ModerationDigest.objects.order_by("-sent_at").first()
    waiting = Comment.objects.filter(status=Status.PENDING).select_related("consultation")
    new = waiting.filter(confirmed_at__gt=last.sent_at) if last else waiting
    if not new.exists():
        return 0
    recipients = list(moderators().values_list("email", flat=True))
    if not recipients:
        return 0
    per_consultation = Counter(c.consultation.title for c in waiting)
    body = render_to_string(
        "consultations/email/moderation_digest.txt",
        {
            "total": sum(per_consultation.values()),
            "per_consultation": sorted(per_consultation.items()),
            "admin_url": admin_url,
        },
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("%(count)d comments wait for moderation") % {"count": sum(per_consultation.values())}
    mail.send(subject=subject, body=body, recipients=recipients)
    ModerationDigest.objects.create(comment_count=waiting.count(), recipient_count=len(recipients))
    return sum(per_consultation.values())


def unsubscribe_token(subscription):
    """A permanent, unforgeable link token for one subscription (nothing stored). Wagtail's page
    routing accepts only letters, digits, "_" and "-" in a path, hence the base64 wrapping."""
    signed = signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(subscription.pk))
    return urlsafe_base64_encode(signed.encode())


def subscription_for_unsubscribe(token):
    try:
        pk = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(urlsafe_base64_decode(token).decode())
    except (signing.BadSignature, ValueError, UnicodeDecodeError):
        return None
    return ReportSubscription.objects.filter(pk=pk).first() if pk.isdigit() else None


def request_subscription(request, page, email):
    """Create (or renew) a subscription and send its confirmation link (double opt-in)."""
    subscription, _created = ReportSubscription.objects.get_or_create(
        consultation_key=page.translation_key,
        email=email.lower(),
        defaults={"consultation": page, "language": page.locale.language_code},
    )
    if subscription.confirmed_at:
        return subscription
    token = issue_token(subscription, settings.GLAS_CONFIRMATION_HOURS)
    subscription.save()
    context = {
        "page": page,
        "confirm_url": absolute_route_url(request, page, "notify_confirm", token),
        "unsubscribe_url": absolute_route_url(request, page, "unsubscribe", unsubscribe_token(subscription)),
        "hours": settings.GLAS_CONFIRMATION_HOURS,
    }
    mail.send(
        subject=_("Please confirm: report on “%(title)s”") % {"title": page.title},
        body=render_to_string("consultations/email/confirm_subscription.txt", context),
        recipients=[subscription.email],
    )
    return subscription


def confirm_subscription(page, token):
    subscription = ReportSubscription.objects.filter(
        consultation_key=page.translation_key, token_hash=hash_token(token), confirmed_at=None
    ).first()
    if subscription is None or subscription.token_expires_at < timezone.now():
        return None
    subscription.confirmed_at = timezone.now()
    subscription.token_hash = ""
    subscription.save(update_fields=["confirmed_at", "token_hash"])
    return subscription


def notify_report_subscribers(base_url):
    """Tell confirmed subscribers, in the language they subscribed in, that a report is out, then
    delete their address (it was kept only for this). Safe to run often, e.g. from cron."""
    now = timezone.now()
    subscriptions = list(ReportSubscription.objects.filter(confirmed_at__isnull=False))
    keys = {s.consultation_key for s in subscriptions}
    pages = (
        ConsultationPage.objects.live()
        .filter(translation_key__in=keys, report_published_at__lte=now)
        .select_related("locale")
    )
    by_key = defaultdict(dict)
    for page in pages:
        by_key[page.translation_key][page.locale.language_code] = page
    sent = []
    for subscription in subscriptions:
        versions = by_key.get(subscription.consultation_key)
        if not versions:
            continue
        page = versions.get(subscription.language) or next(iter(versions.values()))
        with translation.override(subscription.language):
            context = {"page": page, "report_url": base_url.rstrip("/") + page.url + page.reverse_subpage("report")}
            mail.send(
                subject=_("The report on “%(title)s” is published") % {"title": page.title},
                body=render_to_string("consultations/email/report_published.txt", context),
                recipients=[subscription.email],
            )
        sent.append(subscription.pk)
    ReportSubscription.objects.filter(pk__in=sent).delete()
    return len(sent)
