"""The "notify me" list: a confirmed address hears once, in its language, that the report is out,
and is then deleted; every e-mail carries a link that unsubscribes at once."""

from collections import defaultdict
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from consultations import notifications
from consultations.models import ConsultationPage, ReportSubscription
from core import mail, optout, tokens
from core.pages import route_url

UNSUBSCRIBE_SALT = "glas.consultations.unsubscribe"


def unsubscribe_token(subscription: ReportSubscription) -> str:
    """A permanent, unforgeable link token for one subscription (nothing stored)."""
    return tokens.sign_for_path(str(subscription.pk), UNSUBSCRIBE_SALT)


def subscription_for_unsubscribe(token: str) -> ReportSubscription | None:
    pk = tokens.unsign_from_path(token, UNSUBSCRIBE_SALT)
    return ReportSubscription.objects.filter(pk=pk).first() if pk and pk.isdigit() else None


def request_subscription(request: HttpRequest, page: Any, email: str) -> ReportSubscription:
    """Create (or renew) a subscription and send its confirmation link (double opt-in)."""
    subscription, _created = ReportSubscription.objects.get_or_create(
        consultation_key=page.translation_key,
        email=email.lower(),
        defaults={"consultation": page, "language": page.locale.language_code},
    )
    if subscription.confirmed_at:
        return subscription
    token = tokens.issue_token(subscription, settings.GLAS_CONFIRMATION_HOURS)
    subscription.save()
    context = {
        "page": page,
        "confirm_url": route_url(page, "notify_confirm", token, request=request),
        "unsubscribe_url": route_url(page, "unsubscribe", unsubscribe_token(subscription), request=request),
        "hours": settings.GLAS_CONFIRMATION_HOURS,
    }
    mail.send(
        subject=_("Please confirm: report on “%(title)s”") % {"title": page.title},
        body=render_to_string("consultations/email/confirm_subscription.txt", context),
        recipients=[subscription.email],
    )
    return subscription


def confirm_subscription(page: Any, token: str) -> ReportSubscription | None:
    subscription = ReportSubscription.objects.filter(
        consultation_key=page.translation_key, token_hash=tokens.hash_token(token), confirmed_at=None
    ).first()
    if subscription is None or subscription.token_expires_at < timezone.now():
        return None
    subscription.confirmed_at = timezone.now()
    subscription.token_hash = ""
    subscription.save(update_fields=["confirmed_at", "token_hash"])
    return subscription


def notify_report_subscribers(base_url: str) -> int:
    """Tell confirmed subscribers, in the language they subscribed in, that a report is out, then
    delete their address (it was kept only for this); then the authors of confirmed comments on
    it, once per address (consultations/notifications.py), the subscribers among them aside.
    Safe to run often, e.g. from cron. Returns how many e-mails were queued."""
    now = timezone.now()
    subscriptions = list(ReportSubscription.objects.filter(confirmed_at__isnull=False))
    keys = {s.consultation_key for s in subscriptions}
    pages = (
        ConsultationPage.objects.live()
        .filter(translation_key__in=keys, report_published_at__lte=now)
        .select_related("locale")
    )
    by_key: defaultdict[Any, dict[str, Any]] = defaultdict(dict)
    for page in pages:
        by_key[page.translation_key][page.locale.language_code] = page
    sent = []
    for subscription in subscriptions:
        versions = by_key.get(subscription.consultation_key)
        if not versions:
            continue
        page = versions.get(subscription.language) or next(iter(versions.values()))
        with translation.override(subscription.language):
            context = {"page": page, "report_url": base_url.rstrip("/") + route_url(page, "report")}
            mail.send(
                subject=_("The report on “%(title)s” is published") % {"title": page.title},
                body=render_to_string("consultations/email/report_published.txt", context),
                recipients=[subscription.email],
            )
        sent.append(subscription.pk)
        # The subscriber heard it: as a comment author they will not hear it again.
        optout.first_time(*notifications.report_notice(subscription.consultation_key, subscription.email))
    ReportSubscription.objects.filter(pk__in=sent).delete()
    authors = notifications.notify_report_authors(
        base_url,
        ConsultationPage.objects.live().filter(report_published_at__lte=now).select_related("locale"),
    )
    return len(sent) + authors
