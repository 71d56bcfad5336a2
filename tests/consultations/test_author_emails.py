"""What a comment's author hears by e-mail, in the comment's own language: published, rejected
with the reason, answered with the decision, the report out; each e-mail with the link to the
author's comments and the signed link that stops them; and nothing after an opt-out or for spam."""

import datetime
import re

import pytest
from django.db import transaction
from django.utils import timezone, translation

from consultations import notifications
from consultations.choices import Decision, RejectionReason, Status
from consultations.models import ReportSubscription
from consultations.moderation import approve, mark_spam, reject
from consultations.responses import record_response
from consultations.subscriptions import notify_report_subscribers
from core import optout
from core.models import MailOptOut
from tests.conftest import translate
from tests.consultations.test_comments import in_language, paragraphs
from tests.factories import CommentFactory, UserFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["mk", "sq", "bg"]
TITLES = {"mk": "Youth strategy [mk]", "sq": "Youth strategy [sq]", "bg": "Youth strategy [bg]"}


def label(choice, language):
    with translation.override(language):
        text = str(choice.label)
    with translation.override("en"):
        assert text != str(choice.label), f"{choice} has no {language} translation"
    return text


def links(mail):
    return re.findall(r"https?://\S+", mail.body)


@pytest.fixture
def moderator():
    return UserFactory(username="mira")


def waiting(page, language, **fields):
    version = in_language(page, language)
    fields = {"status": Status.PENDING, "email": f"author-{language}@example.org", **fields}
    return CommentFactory(consultation=version, language=language, **fields)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_author_hears_in_the_comments_language_that_it_is_published(
    consultations, moderator, mailoutbox, django_capture_on_commit_callbacks, language
):
    comment = waiting(consultations["open"], language, text="Paid internships, see www.spam.example for more.")
    with django_capture_on_commit_callbacks(execute=True):
        assert approve([comment], moderator) == 1
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [comment.email]
    assert TITLES[language] in mail.subject and TITLES[language] in mail.body
    assert f"/{language}/consultations/youth-strategy/#c-{comment.pk}" in mail.body
    assert "spam.example" not in mail.body  # the quote carries no link
    assert any(f"/{language}/my-comments/list/" in link for link in links(mail))
    assert any(f"/{language}/my-comments/stop/" in link for link in links(mail))


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_rejected_comments_author_reads_the_reason_in_their_language(
    consultations, moderator, mailoutbox, django_capture_on_commit_callbacks, language
):
    comment = waiting(consultations["open"], language)
    with django_capture_on_commit_callbacks(execute=True):
        reject([comment], moderator, RejectionReason.ABUSIVE)
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert label(RejectionReason.ABUSIVE, language) in body
    assert str(RejectionReason.ABUSIVE.label) not in body  # not the English label
    assert TITLES[language] in body


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_answered_comments_author_reads_the_decision_response_and_changed_paragraph(
    consultations, moderator, mailoutbox, django_capture_on_commit_callbacks, language
):
    page = consultations["open"]
    comment = waiting(page, language, status=Status.PUBLISHED)
    comment.decision = Decision.PARTLY
    comment.response = "Прифатено делумно: канцеларијата ќе работи во сабота."
    comment.response_paragraph_id = paragraphs(page)[3].block_id
    comment.save()
    with django_capture_on_commit_callbacks(execute=True):
        record_response(comment, moderator)
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert label(Decision.PARTLY, language) in body
    assert comment.response in body
    assert re.search(r"\b4\b", body.split(comment.response)[1])  # paragraph 4 of the new version
    with translation.override(language):
        assert translation.gettext("Official response") in body


def test_nothing_is_sent_when_the_moderation_did_not_change_the_status(
    consultations, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    comment = waiting(consultations["open"], "mk", status=Status.PUBLISHED)
    with django_capture_on_commit_callbacks(execute=True):
        assert approve([comment], moderator) == 0
    assert mailoutbox == []


def test_nothing_is_sent_before_the_commit_nor_when_the_moderation_is_rolled_back(
    consultations, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    comment = waiting(consultations["open"], "mk")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        approve([comment], moderator)
        assert mailoutbox == []  # only once the change is stored
    for callback in callbacks:  # the commit
        callback()
    assert len(mailoutbox) == 1
    other = waiting(consultations["open"], "sq")
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            reject([other], moderator, RejectionReason.OTHER)
            raise RuntimeError("the request failed")
    assert [mail.to for mail in mailoutbox] == [[comment.email]]  # nothing for the rolled-back one


def test_spam_and_unconfirmed_or_addressless_comments_get_no_mail(
    consultations, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    page = consultations["open"]
    spam = waiting(page, "mk")
    unconfirmed = CommentFactory(consultation=page, status=Status.UNCONFIRMED, confirmed_at=None)
    offline = CommentFactory(consultation=page, status=Status.PENDING, email="")
    with django_capture_on_commit_callbacks(execute=True):
        mark_spam([spam], moderator)
        approve([unconfirmed, offline], moderator)
    assert mailoutbox == []


def test_an_address_that_opted_out_hears_nothing_more(
    consultations, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    comment = waiting(consultations["open"], "sq")
    optout.opt_out("Author-SQ@example.org")  # any case
    assert not MailOptOut.objects.filter(address_hash__contains="author").exists()
    with django_capture_on_commit_callbacks(execute=True):
        approve([comment], moderator)
        comment.response = "Po."
        comment.save()
        record_response(comment, moderator)
    assert mailoutbox == []


def test_the_stop_link_opts_the_address_out_after_a_confirming_click(
    client, consultations, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    comment = waiting(consultations["open"], "bg")
    with django_capture_on_commit_callbacks(execute=True):
        approve([comment], moderator)
    stop = next(link for link in links(mailoutbox[0]) if "/my-comments/stop/" in link)
    assert "author" not in stop and "example.org" not in stop  # the link names no address
    assert client.get(stop).status_code == 200
    assert not optout.is_opted_out(comment.email)  # a mail scanner's GET does nothing
    response = client.post(stop)
    assert response.status_code == 200
    assert optout.is_opted_out(comment.email)
    forged = stop.rstrip("/")[:-3] + "abc/"
    assert client.get(forged).status_code == 400


def closed_with_report(consultations):
    page = consultations["closed"]
    versions = {"en": page}
    for code in LANGUAGES:
        versions[code] = translate(page, code, title=f"Old plan [{code}]")
    for version in versions.values():
        version.report_published_at = timezone.now() - datetime.timedelta(hours=1)
        version.save_revision().publish()
    return versions


@pytest.mark.parametrize("language", LANGUAGES)
def test_authors_hear_once_that_the_report_is_out_in_their_language(consultations, mailoutbox, language):
    versions = closed_with_report(consultations)
    comment = CommentFactory(consultation=versions[language], language=language, email="mira@example.org")
    CommentFactory(consultation=versions[language], language=language, email="MIRA@example.org")  # same person
    CommentFactory(consultation=versions["en"], status=Status.SPAM, email="spam@example.org")
    CommentFactory(consultation=versions["en"], status=Status.UNCONFIRMED, confirmed_at=None, email="u@example.org")
    assert notify_report_subscribers("https://glas.example.org") == 1
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to[0].lower() == comment.email
    assert f"Old plan [{language}]" in mail.subject
    assert f"https://glas.example.org/{language}/consultations/old-plan/report/" in mail.body
    assert "/my-comments/stop/" in mail.body
    assert notify_report_subscribers("https://glas.example.org") == 0  # once per address
    assert len(mailoutbox) == 1


def test_a_subscriber_who_also_commented_gets_one_report_email(consultations, mailoutbox):
    versions = closed_with_report(consultations)
    CommentFactory(consultation=versions["mk"], language="mk", email="ana@example.org")
    ReportSubscription.objects.create(
        consultation=versions["mk"], email="ana@example.org", language="mk", confirmed_at=timezone.now()
    )
    assert notify_report_subscribers("https://glas.example.org") == 1
    assert len(mailoutbox) == 1
    assert notify_report_subscribers("https://glas.example.org") == 0


def test_an_author_who_opted_out_gets_no_report_email(consultations, mailoutbox):
    versions = closed_with_report(consultations)
    CommentFactory(consultation=versions["bg"], language="bg", email="ana@example.org")
    optout.opt_out("ana@example.org")
    assert notify_report_subscribers("https://glas.example.org") == 0
    assert mailoutbox == []


def test_the_excerpt_is_short_and_carries_no_link():
    text = "Read https://evil.example/x and www.evil.example or evil.example/path now. " + "word " * 100
    quote = notifications.excerpt(text)
    assert len(quote) <= notifications.EXCERPT_CHARS
    assert "evil" not in quote and "http" not in quote
    assert quote.endswith("…")
    assert notifications.excerpt("Section 1.2, e.g. the third line.") == "Section 1.2, e.g. the third line."
