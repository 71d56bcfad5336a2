""" "Stop these e-mails": an address that opts out of the e-mails about its comments (moderation,
answers, the report) is kept only as a hash, and the link in each e-mail is signed, so that it
needs nothing stored and cannot be made up for someone else's address.

The apps that send such e-mails ask is_opted_out() before queueing them (core/mail.py sends
whatever it is given: a confirmation the visitor has just asked for still goes out)."""

import hashlib
from collections.abc import Iterable

from django.db import IntegrityError, transaction

from core import tokens
from core.models import MailOptOut, NoticeSent

SALT = "glas.core.optout"


def address_hash(address: str) -> str:
    """What is kept of an address: the SHA-256 of its lower-cased, trimmed form."""
    return hashlib.sha256(address.strip().lower().encode()).hexdigest()


def opt_out(address: str) -> None:
    """Send no more such e-mails to this address (nothing happens if it has opted out already)."""
    opt_out_hash(address_hash(address))


def opt_out_hash(digest: str) -> None:
    try:
        with transaction.atomic():
            MailOptOut.objects.get_or_create(address_hash=digest)
    except IntegrityError:  # two clicks at once: the other one recorded it
        pass


def opt_in(address: str) -> None:
    """Take the address off the list again (the citizen turned the e-mails back on)."""
    MailOptOut.objects.filter(address_hash=address_hash(address)).delete()


def is_opted_out(address: str) -> bool:
    return bool(address) and MailOptOut.objects.filter(address_hash=address_hash(address)).exists()


def optout_token(address: str) -> str:
    """A permanent, unforgeable path segment for the "stop these e-mails" link of an address; it
    carries only the address's hash, so the link names no address in logs."""
    return tokens.sign_for_path(address_hash(address), SALT)


def hash_from_token(token: str) -> str | None:
    """The address hash behind a token of optout_token(), or None when it was altered."""
    digest = tokens.unsign_from_path(token, SALT)
    return digest if digest and len(digest) == 64 else None


def notice_hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(p.strip().lower() for p in parts).encode()).hexdigest()


def sent_before(digests: Iterable[str]) -> set[str]:
    """Which of these notices (notice_hash values) went out already: one query for them all."""
    return set(NoticeSent.objects.filter(key_hash__in=list(digests)).values_list("key_hash", flat=True))


def first_time(*parts: str) -> bool:
    """Record a one-time notice identified by `parts` (e.g. "report", a consultation's key, an
    address); True the first time only, so a command run twice sends it once."""
    digest = notice_hash(*parts)
    try:
        with transaction.atomic():
            _notice, created = NoticeSent.objects.get_or_create(key_hash=digest)
    except IntegrityError:
        return False
    return created
