"""Opting out of the e-mails about one's comments: only a hash of the address is kept, any case
of the address counts, the signed link carries no address and cannot be forged, and a one-time
notice is recorded once."""

import hashlib

import pytest

from core import optout
from core.models import MailOptOut

pytestmark = pytest.mark.django_db


def test_opting_out_keeps_only_a_hash_of_the_lower_cased_address():
    optout.opt_out(" Ana@Example.org ")
    stored = MailOptOut.objects.get()
    assert stored.address_hash == hashlib.sha256(b"ana@example.org").hexdigest()
    assert optout.is_opted_out("ana@example.org") and optout.is_opted_out("ANA@EXAMPLE.ORG")
    assert not optout.is_opted_out("other@example.org") and not optout.is_opted_out("")


def test_opting_out_twice_keeps_one_record_and_opting_in_removes_it():
    optout.opt_out("ana@example.org")
    optout.opt_out("ana@example.org")
    assert MailOptOut.objects.count() == 1
    optout.opt_in("Ana@example.org")
    assert not optout.is_opted_out("ana@example.org")


def test_the_signed_token_carries_the_hash_not_the_address_and_refuses_forgeries():
    token = optout.optout_token("ana@example.org")
    assert "ana" not in token
    assert optout.hash_from_token(token) == optout.address_hash("ana@example.org")
    assert optout.hash_from_token(token[:-2] + "xx") is None
    assert optout.hash_from_token("made-up") is None


def test_a_notice_is_first_only_once():
    assert optout.first_time("report", "key", "Ana@example.org") is True
    assert optout.first_time("report", "key", "ana@example.org") is False
    assert optout.first_time("report", "other-key", "ana@example.org") is True
    assert optout.sent_before([optout.notice_hash("report", "key", "ana@example.org")]) == {
        optout.notice_hash("report", "key", "ana@example.org")
    }
