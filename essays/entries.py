"""A student's entry from the form to the jury: saved with its receipt and secret edit link,
the guardian asked to consent for a minor, and how many entries one person may send."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from core import mail, ratelimit, tokens
from core.pages import route_url
from essays import rules
from essays.choices import EntryStatus
from essays.models import Entry


def _counters(request: HttpRequest, email: str) -> list[ratelimit.Counter]:
    return ratelimit.posting_counters(
        ratelimit.client_ip(request), email, settings.GLAS_ENTRY_RATE_PER_IP, settings.GLAS_ENTRY_RATE_PER_EMAIL
    )


def rate_limited(request: HttpRequest, email: str) -> bool:
    """True when this address or e-mail has already sent the allowed number of entries in the
    current window (GLAS_ENTRY_RATE_PER_IP / _PER_EMAIL per GLAS_ENTRY_RATE_WINDOW s)."""
    return ratelimit.is_limited("essays", _counters(request, email))


def count_post(request: HttpRequest, email: str) -> None:
    ratelimit.count("essays", _counters(request, email), settings.GLAS_ENTRY_RATE_WINDOW)


def submit_entry(request: HttpRequest, page: Any, form: Any) -> tuple[Entry, str]:
    """Save a new entry, send the student the receipt and the edit link, and for a minor ask the
    guardian to consent; the entry reaches the jury only once the guardian has."""
    entry = form.save(commit=False)
    entry.competition = page
    entry.competition_key = page.translation_key
    edit_token = tokens.new_token()
    entry.edit_token_hash = tokens.hash_token(edit_token)
    guardian_token = ""
    if rules.needs_guardian(entry):
        guardian_token = tokens.new_token()
        entry.guardian_token_hash = tokens.hash_token(guardian_token)
        entry.status = EntryStatus.AWAITING_GUARDIAN
    else:
        entry.guardian_name = entry.guardian_email = ""
        entry.status = EntryStatus.SUBMITTED
    entry.save()
    edit_url = route_url(page, "edit", edit_token, request=request)
    mail.send(
        subject=_("Your entry to “%(title)s”: receipt %(code)s") % {"title": page.title, "code": entry.receipt_code},
        body=render_to_string(
            "essays/email/receipt.txt", {"page": page, "entry": entry, "edit_url": edit_url}, request=request
        ),
        recipients=[entry.email],
    )
    if guardian_token:
        mail.send(
            subject=_("Please confirm your consent: %(name)s's essay for “%(title)s”")
            % {"name": entry.name, "title": page.title},
            body=render_to_string(
                "essays/email/guardian.txt",
                {
                    "page": page,
                    "entry": entry,
                    "confirm_url": route_url(page, "guardian", guardian_token, request=request),
                },
                request=request,
            ),
            recipients=[entry.guardian_email],
        )
    return entry, edit_token


def entry_for_token(page: Any, token: str, field: str = "edit_token_hash") -> Entry | None:
    if not token:
        return None
    return (
        Entry.objects.for_competition(page)
        .filter(**{field: tokens.hash_token(token)})
        .exclude(status__in=[EntryStatus.WITHDRAWN, EntryStatus.DISQUALIFIED])
        .first()
    )


def confirm_guardian(entry: Entry) -> Entry:
    entry.guardian_confirmed_at = timezone.now()
    entry.guardian_token_hash = ""
    entry.status = EntryStatus.SUBMITTED
    entry.save(update_fields=["guardian_confirmed_at", "guardian_token_hash", "status", "updated_at"])
    return entry
