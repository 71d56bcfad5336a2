"""Secret links: single-use tokens of which only a hash is stored, and signed values that need
nothing stored at all (unsubscribe links, kept uploads)."""

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.core import signing
from django.utils import timezone
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode


def new_token() -> str:
    """A fresh secret for a link: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """What is stored of a token: a database leak reveals no usable link."""
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(instance: Any, hours: int) -> str:
    """Give the instance a fresh single-use token that expires after `hours` (it stores the hash
    in `token_hash` and the expiry in `token_expires_at`); return the token for the link."""
    token = new_token()
    instance.token_hash = hash_token(token)
    instance.token_expires_at = timezone.now() + timedelta(hours=hours)
    return token


def sign_for_path(value: str, salt: str) -> str:
    """A permanent, unforgeable token for `value`. Wagtail's page routing accepts only letters,
    digits, "_" and "-" in a path segment, hence the base64 wrapping of the signature."""
    signed = signing.Signer(salt=salt).sign(value)
    return urlsafe_base64_encode(signed.encode())


def unsign_from_path(token: str, salt: str) -> str | None:
    """The value behind a token of sign_for_path(), or None when it was altered or made up."""
    try:
        return signing.Signer(salt=salt).unsign(urlsafe_base64_decode(token).decode())
    except (signing.BadSignature, ValueError, UnicodeDecodeError):
        return None


def form_post_key(form_token: str, email: str) -> str:
    """What a submission keeps of its form's one-time token (a double click posts the form twice):
    a hash, bound to the e-mail address so that two people can never meet on one token."""
    return hashlib.sha256(f"{form_token}|{email.strip().lower()}".encode()).hexdigest()
