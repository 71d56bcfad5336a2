"""Moderating comments: approving, rejecting with a reason, marking as spam, each stamped with
who and when and written to Wagtail's log; and the moderators' digest of waiting comments."""

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from consultations import notifications
from consultations.choices import Status
from consultations.models import Comment, ConsultationPage, ModerationDigest
from consultations.rules import moderators
from core import mail
from core.i18n import language_of

MODERATION_ACTIONS = {
    Status.PUBLISHED: "glas.comment.approve",
    Status.REJECTED: "glas.comment.reject",
    Status.SPAM: "glas.comment.spam",
}


def log_moderation(comment: Comment, user: Any) -> None:
    """Stamp who moderated the comment and when, and write the action to Wagtail's log."""
    comment.moderated_at = timezone.now()
    comment.moderated_by = user
    comment.save(update_fields=["status", "rejection_reason", "moderated_at", "moderated_by"])
    action = MODERATION_ACTIONS.get(comment.status)
    if action:
        data = {"reason": comment.rejection_reason} if comment.rejection_reason else None
        log(instance=comment, action=action, user=user, data=data)


def _moderate(comments: Iterable[Comment], user: Any, status: Any, reason: str = "") -> int:
    changed = 0
    to_tell = []
    with transaction.atomic():
        for comment in comments:
            if comment.status == status and comment.rejection_reason == reason:
                continue
            if comment.status != status:
                to_tell.append(comment)
            comment.status = status
            comment.rejection_reason = reason
            log_moderation(comment, user)
            changed += 1
        # The authors hear of it once the change is stored (never of a change rolled back).
        if to_tell:
            transaction.on_commit(lambda: notifications.comment_moderated(to_tell))
    return changed


def approve(comments: Iterable[Comment], user: Any) -> int:
    return _moderate(comments, user, Status.PUBLISHED)


def reject(comments: Iterable[Comment], user: Any, reason: str) -> int:
    return _moderate(comments, user, Status.REJECTED, reason)


def mark_spam(comments: Iterable[Comment], user: Any) -> int:
    return _moderate(comments, user, Status.SPAM)


def send_moderation_digest(admin_url: str) -> int:
    """An e-mail to every moderator listing the comments waiting for moderation, in the
    moderator's own language (core.i18n.language_of) with the consultations' titles in it where
    they are translated; sent only when comments have come in since the last digest. Returns the
    number of comments reported."""
    last = ModerationDigest.objects.order_by("-sent_at").first()
    waiting = Comment.objects.filter(status=Status.PENDING)
    new = waiting.filter(confirmed_at__gt=last.sent_at) if last else waiting
    if not new.exists():
        return 0
    people = list(moderators().select_related("glas_settings", "wagtail_userprofile"))
    if not people:
        return 0
    per_key = Counter(waiting.values_list("consultation_key", flat=True))
    titles: dict[Any, dict[str, str]] = {}
    for key, language, title in ConsultationPage.objects.filter(translation_key__in=per_key).values_list(
        "translation_key", "locale__language_code", "title"
    ):
        titles.setdefault(key, {})[language] = title
    by_language: dict[str, list[str]] = {}
    for person in people:
        by_language.setdefault(language_of(person), []).append(person.email)
    total = sum(per_key.values())
    for language, recipients in sorted(by_language.items()):
        with translation.override(language):
            per_consultation = sorted(
                (versions.get(language) or versions.get(settings.LANGUAGE_CODE) or next(iter(versions.values())), n)
                for key, n in per_key.items()
                if (versions := titles.get(key))
            )
            body = render_to_string(
                "consultations/email/moderation_digest.txt",
                {"total": total, "per_consultation": per_consultation, "admin_url": admin_url},
            )
            subject = _("%(count)d comments wait for moderation") % {"count": total}
        mail.send(subject=subject, body=body, recipients=recipients)
    ModerationDigest.objects.create(comment_count=waiting.count(), recipient_count=len(people))
    return total
