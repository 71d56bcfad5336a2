"""Essay competition logic that is neither a view nor a model method: entries, their secret
links and the guardian's consent."""

import hashlib
import secrets

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from essays.choices import EntryStatus
from essays.forms import ADULT_AGE
from essays.models import Entry
from essays.tasks import send_email
from home import ratelimit


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def route_url(request, page, name, *args):
    return request.build_absolute_uri(page.url + page.reverse_subpage(name, args=args))


def _counters(ip, email):
    return [("ip", ip, settings.GLAS_COMMENT_RATE_PER_IP), ("email", email, settings.GLAS_COMMENT_RATE_PER_EMAIL)]


def rate_limited(request, email):
    return ratelimit.is_limited("essays", _counters(ratelimit.client_ip(request), email))


def count_post(request, email):
    ratelimit.count("essays", _counters(ratelimit.client_ip(request), email), settings.GLAS_COMMENT_RATE_WINDOW)


def needs_guardian(entry):
    return entry.age_on(timezone.localdate()) < ADULT_AGE


def submit_entry(request, page, form):
    """Save a new entry, send the student the receipt and the edit link, and for a minor ask the
    guardian to consent; the entry reaches the jury only once the guardian has."""
    entry = form.save(commit=False)
    entry.competition = page
    entry.competition_key = page.translation_key
    edit_token = secrets.token_urlsafe(32)
    entry.edit_token_hash = hash_token(edit_token)
    guardian_token = ""
    if needs_guardian(entry):
        guardian_token = secrets.token_urlsafe(32)
        entry.guardian_token_hash = hash_token(guardian_token)
        entry.status = EntryStatus.AWAITING_GUARDIAN
    else:
        entry.guardian_name = entry.guardian_email = ""
        entry.status = EntryStatus.SUBMITTED
    entry.save()
    edit_url = route_url(request, page, "edit", edit_token)
    send_email.enqueue(
        subject=_("Your entry to “%(title)s”: receipt %(code)s") % {"title": page.title, "code": entry.receipt_code},
        body=render_to_string(
            "essays/email/receipt.txt", {"page": page, "entry": entry, "edit_url": edit_url}, request=request
        ),
        recipients=[entry.email],
    )
    if guardian_token:
        send_email.enqueue(
            subject=_("Please confirm your consent: %(name)s's essay for “%(title)s”")
            % {"name": entry.name, "title": page.title},
            body=render_to_string(
                "essays/email/guardian.txt",
                {"page": page, "entry": entry, "confirm_url": route_url(request, page, "guardian", guardian_token)},
                request=request,
            ),
            recipients=[entry.guardian_email],
        )
    return entry, edit_token


def entry_for_token(page, token, field="edit_token_hash"):
    if not token:
        return None
    return (
        Entry.objects.for_competition(page)
        .filter(**{field: hash_token(token)})
        .exclude(status__in=[EntryStatus.WITHDRAWN, EntryStatus.DISQUALIFIED])
        .first()
    )


def confirm_guardian(entry):
    entry.guardian_confirmed_at = timezone.now()
    entry.guardian_token_hash = ""
    entry.status = EntryStatus.SUBMITTED
    entry.save(update_fields=["guardian_confirmed_at", "guardian_token_hash", "status", "updated_at"])
    return entry
