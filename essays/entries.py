"""A student's entry from the form to the jury: saved with its receipt and secret edit link,
the guardian asked to consent for a minor, and how many entries one person may send."""

from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import salted_hmac
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


def _edit_token_for(form_token: str, email: str) -> str:
    """The edit link's secret for an entry sent with a one-time form token: derived from it with
    the site's secret key, so that a second post of the same form finds the same link (the entry
    stores only its hash, and nothing stored derives it)."""
    return salted_hmac(
        "glas.essays.edit-link", f"{form_token}|{email.strip().lower()}", algorithm="sha256"
    ).hexdigest()


def already_received(page: Any, form: Any) -> tuple[Entry, str] | None:
    """The entry and edit token of an earlier post of the same form (a double click), or None."""
    form_token = form.cleaned_data.get("form_token") or ""
    if not form_token:
        return None
    email = form.cleaned_data["email"]
    entry = Entry.objects.for_competition(page).filter(submission_key=tokens.form_post_key(form_token, email)).first()
    return (entry, _edit_token_for(form_token, email)) if entry else None


def submit_entry(request: HttpRequest, page: Any, form: Any) -> tuple[Entry, str, bool]:
    """Save a new entry, send the student the receipt and the edit link, and for a minor ask the
    guardian to consent; the entry reaches the jury only once the guardian has. A second post of
    the same form saves and sends nothing: (entry, edit token, whether it is new)."""
    earlier = already_received(page, form)
    if earlier:
        return (*earlier, False)
    entry = form.save(commit=False)
    entry.competition = page
    entry.competition_key = page.translation_key
    form_token = form.cleaned_data.get("form_token") or ""
    if form_token:
        entry.submission_key = tokens.form_post_key(form_token, entry.email)
        edit_token = _edit_token_for(form_token, entry.email)
    else:
        edit_token = tokens.new_token()
    entry.edit_token_hash = tokens.hash_token(edit_token)
    minor = rules.needs_guardian(entry)
    if minor:
        entry.status = EntryStatus.AWAITING_GUARDIAN
    else:
        entry.guardian_name = entry.guardian_email = ""
        entry.status = EntryStatus.SUBMITTED
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:  # the same form's other post got there first
        earlier = already_received(page, form)
        if earlier is None:
            raise
        return (*earlier, False)
    edit_url = route_url(page, "edit", edit_token, request=request)
    mail.send(
        subject=_("Your entry to “%(title)s”: receipt %(code)s") % {"title": page.title, "code": entry.receipt_code},
        body=render_to_string(
            "essays/email/receipt.txt", {"page": page, "entry": entry, "edit_url": edit_url}, request=request
        ),
        recipients=[entry.email],
    )
    if minor:
        ask_guardian(request, page, entry)
    return entry, edit_token, True


def ask_guardian(request: HttpRequest, page: Any, entry: Entry) -> None:
    """Ask the entry's guardian (again) to consent: a fresh link, and the entry waits, away from
    the jury, until it is given."""
    guardian_token = tokens.new_token()
    entry.guardian_token_hash = tokens.hash_token(guardian_token)
    entry.guardian_confirmed_at = None
    entry.status = EntryStatus.AWAITING_GUARDIAN
    entry.save(update_fields=["guardian_token_hash", "guardian_confirmed_at", "status", "updated_at"])
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


def review_consent_after_edit(request: HttpRequest, page: Any, entry: Entry, guardian_email_before: str) -> bool:
    """After the student changed the entry: if the student is now a minor without a guardian's
    consent (a birth date corrected, or another guardian named), the consent starts again and the
    entry leaves the jury until it is given. Returns whether the guardian was asked."""
    if entry.status not in (EntryStatus.SUBMITTED, EntryStatus.AWAITING_GUARDIAN):
        return False
    if not rules.needs_guardian(entry):
        return False
    new_guardian = (guardian_email_before or "").strip().lower() != entry.guardian_email.strip().lower()
    if entry.status == EntryStatus.SUBMITTED and entry.guardian_confirmed_at is not None and not new_guardian:
        return False
    if entry.status == EntryStatus.AWAITING_GUARDIAN and not new_guardian:
        return False  # already asked; that link still works
    ask_guardian(request, page, entry)
    return True


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
