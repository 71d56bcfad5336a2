""" "My comments" without an account: the e-mailed, signed link that lists every comment sent from
an address on every consultation, the same answer whether or not the address commented, expired
and forged links refused, and the switch that stops the e-mails about one's comments."""

import re
import time

import pytest
from django.core import signing
from django.utils import translation
from django.utils.http import urlsafe_base64_encode

from consultations import mine
from consultations.choices import Decision, RejectionReason, Status
from core import optout
from tests.consultations.test_comments import in_language, paragraphs
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def ask(client, address, language="mk"):
    return client.post(f"/{language}/my-comments/", {"email": address})


def link_in(mail):
    return re.search(r"https?://\S+/my-comments/list/\S+/", mail.body).group(0)


@pytest.fixture
def written(consultations):
    page = consultations["open"]
    mk, sq = in_language(page, "mk"), in_language(page, "sq")
    target = paragraphs(page)[1]
    return {
        "published": CommentFactory(
            consultation=mk,
            email="ana@example.org",
            text="Published words.",
            paragraph_id=target.block_id,
            decision=Decision.ACCEPTED,
            response="We agree and change paragraph 2.",
        ),
        "pending": CommentFactory(
            consultation=sq, email="Ana@Example.org", status=Status.PENDING, text="Waiting words."
        ),
        "rejected": CommentFactory(
            consultation=mk,
            email="ana@example.org",
            status=Status.REJECTED,
            rejection_reason=RejectionReason.OFF_TOPIC,
            text="Rejected words.",
        ),
        "unconfirmed": CommentFactory(
            consultation=mk,
            email="ana@example.org",
            status=Status.UNCONFIRMED,
            confirmed_at=None,
            text="Unsure words.",
        ),
        "spam": CommentFactory(consultation=mk, email="ana@example.org", status=Status.SPAM, text="Spam words."),
        "other": CommentFactory(consultation=mk, email="someone@example.org", text="Someone else's words."),
    }


def test_the_request_page_has_a_form_and_the_answer_is_the_same_for_any_address(client, written, mailoutbox):
    assert client.get("/mk/my-comments/").status_code == 200
    with_comments = ask(client, "ana@example.org")
    without = ask(client, "nobody@example.org")
    assert with_comments.status_code == without.status_code == 200
    strip = lambda html: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)  # noqa: E731
    assert strip(with_comments.content.decode()) == strip(without.content.decode())
    assert [m.to for m in mailoutbox] == [["ana@example.org"]]  # nobody else gets mail from us


@pytest.mark.parametrize("language", ["mk", "sq", "bg"])
def test_the_link_is_sent_in_the_visitors_language(client, written, mailoutbox, language):
    ask(client, "ana@example.org", language)
    mail = mailoutbox[0]
    with translation.override(language):
        assert mail.subject == translation.gettext("Your comments on the consultations")
    assert f"/{language}/my-comments/list/" in link_in(mail)
    listing = client.get(link_in(mail)).content.decode()
    assert f'lang="{language}"' in listing and f"Youth strategy [{language}]" in listing


def test_the_link_lists_every_comment_with_status_reason_and_answer(client, written, mailoutbox):
    ask(client, "ana@example.org", "sq")
    response = client.get(link_in(mailoutbox[0]))
    html = response.content.decode()
    assert response.status_code == 200
    for kept in ("Published words.", "Waiting words.", "Rejected words.", "Unsure words."):
        assert kept in html
    assert "Spam words." not in html and "Someone else" not in html
    assert "Youth strategy [sq]" in html  # the title in the visitor's language version
    with translation.override("sq"):
        for text in (
            Status.PENDING.label,
            Status.UNCONFIRMED.label,
            Status.REJECTED.label,
            RejectionReason.OFF_TOPIC.label,
            Decision.ACCEPTED.label,
        ):
            assert str(text) in html
    assert "We agree and change paragraph 2." in html
    assert f'#c-{written["published"].pk}"' in html
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]


def test_an_expired_or_forged_link_is_refused(client, written, monkeypatch):
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now - (mine.MINE_LINK_DAYS + 1) * 86400)
    expired_token = mine.mine_token("ana@example.org")
    monkeypatch.setattr(signing.time, "time", lambda: now - (mine.MINE_LINK_DAYS - 1) * 86400)
    recent_token = mine.mine_token("ana@example.org")
    monkeypatch.undo()
    expired = client.get(f"/en/my-comments/list/{expired_token}/")
    assert expired.status_code == 400 and "Published words." not in expired.content.decode()
    assert 'href="/en/my-comments/"' in expired.content.decode()  # ask for a new one
    assert "Published words." in client.get(f"/en/my-comments/list/{recent_token}/").content.decode()
    forged = signing.TimestampSigner(salt="another").sign("ana@example.org")
    assert client.get(f"/en/my-comments/list/{urlsafe_base64_encode(forged.encode())}/").status_code == 400
    assert client.get("/en/my-comments/list/not-a-token/").status_code == 400


def test_the_switch_on_the_list_stops_and_restarts_the_emails(client, written):
    url = f"/en/my-comments/list/{mine.mine_token('ana@example.org')}/"
    client.post(url, {"mail": "off"})
    assert optout.is_opted_out("ana@example.org")
    assert 'value="on"' in client.get(url).content.decode()
    client.post(url, {"mail": "on"})
    assert not optout.is_opted_out("ana@example.org")


def test_asking_too_often_is_refused(client, written, mailoutbox, settings):
    settings.GLAS_COMMENT_RATE_PER_EMAIL = 2
    for _ in range(2):
        assert ask(client, "ana@example.org").status_code == 200
    response = ask(client, "ana@example.org")
    assert response.status_code == 429
    assert "data-error-summary" in response.content.decode()
    assert len(mailoutbox) == 2


def test_a_bad_address_gets_the_error_summary(client):
    response = ask(client, "not-an-address")
    assert response.status_code == 400
    assert 'href="#id_email"' in response.content.decode()


def test_the_consultation_page_links_to_my_comments(client, consultations):
    html = client.get(in_language(consultations["open"], "mk").url).content.decode()
    assert 'href="/mk/my-comments/"' in html
