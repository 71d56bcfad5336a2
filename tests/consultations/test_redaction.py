"""A moderator redacts a comment: the public reads the corrected text with the reason, the
original is kept on record for moderators, and the action is in Wagtail's log."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, ModelLogEntry

from consultations.choices import Status
from consultations.models import Comment, CommentRedaction
from core import roles
from tests.factories import CommentFactory, UserFactory

pytestmark = pytest.mark.django_db

PHONE = "Call me on 070 123 456, the youth office is a good idea."
REDACTED = "Call me on [removed], the youth office is a good idea."


def url(name, *args):
    return reverse(Comment.snippet_viewset.get_url_name(name), args=args)


def user_in(role):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def open_page(consultations):
    return consultations["open"]


@pytest.fixture
def comment(open_page):
    mk = open_page.get_translation(Locale.objects.get(language_code="mk"))
    block_id = next(p.block_id for s in mk.sections() for p in s.paragraphs)
    return CommentFactory(consultation=mk, paragraph_id=block_id, text=PHONE, proposed_wording="Call 070 123 456.")


def redact(client, comment, **changes):
    data = {"text": REDACTED, "proposed_wording": "Call the office.", "reason": "a telephone number removed"}
    return client.post(url("redact", comment.pk), {**data, **changes})


def test_a_moderator_redacts_and_the_original_is_kept(client, comment):
    moderator = user_in(roles.MODERATORS)
    client.force_login(moderator)
    form = client.get(url("redact", comment.pk))
    assert form.status_code == 200
    assert PHONE in form.content.decode()  # prefilled with the current text

    response = redact(client, comment)
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.text == REDACTED
    assert comment.proposed_wording == "Call the office."
    assert comment.redaction_reason == "a telephone number removed"
    record = CommentRedaction.objects.get(comment=comment)
    assert record.original_text == PHONE
    assert record.original_proposed_wording == "Call 070 123 456."
    assert record.redacted_by == moderator
    entry = ModelLogEntry.objects.get(action="glas.comment.redact", object_id=str(comment.pk))
    assert entry.user == moderator
    assert entry.data["reason"] == "a telephone number removed"


def test_a_second_redaction_keeps_both_originals_and_nothing_is_deleted(client, comment):
    client.force_login(user_in(roles.MODERATORS))
    redact(client, comment)
    redact(client, comment, text="The youth office is a good idea.", reason="an insult removed")
    originals = list(CommentRedaction.objects.filter(comment=comment).values_list("original_text", flat=True))
    assert originals == [PHONE, REDACTED]
    with pytest.raises(Exception):  # noqa: B017 the record protects the comment
        Comment.objects.filter(pk=comment.pk).delete()


def test_moderators_see_the_original_in_the_inspect_view(client, comment):
    client.force_login(user_in(roles.MODERATORS))
    redact(client, comment)
    html = client.get(url("inspect", comment.pk)).content.decode()
    assert REDACTED in html
    assert "070 123 456" in html  # the original, for moderators
    assert "a telephone number removed" in html
    assert url("redact", comment.pk) in html  # the Redact button


def test_the_public_page_shows_the_redacted_text_and_the_note_in_macedonian(client, comment):
    client.force_login(user_in(roles.MODERATORS))
    redact(client, comment)
    client.logout()
    html = client.get(comment.consultation.url).content.decode()
    assert '<html lang="mk">' in html
    assert REDACTED in html
    assert "070 123 456" not in html
    with translation.override("mk"):
        note = translation.gettext("Edited by the moderator: %(reason)s") % {"reason": "a telephone number removed"}
    assert note in html


def test_the_report_shows_the_redacted_text_and_the_note(client, consultations):
    page = consultations["closed"]
    page.report_published_at = page.closes_at + datetime.timedelta(days=5)
    page.save_revision().publish()
    block_id = next(p.block_id for s in page.sections() for p in s.paragraphs)
    comment = CommentFactory(consultation=page, paragraph_id=block_id, text=PHONE)
    CommentRedaction.record(comment, None, REDACTED, "", "a telephone number removed")
    html = client.get(page.url + page.reverse_subpage("report")).content.decode()
    assert REDACTED in html
    assert "070 123 456" not in html
    assert "Edited by the moderator: a telephone number removed" in html


def test_the_reason_is_required_and_nothing_is_lost(client, comment):
    client.force_login(user_in(roles.MODERATORS))
    response = redact(client, comment, reason="")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please give the reason for the redaction" in html
    assert REDACTED in html  # what the moderator typed is still there
    comment.refresh_from_db()
    assert comment.text == PHONE
    assert not CommentRedaction.objects.exists()


def test_an_unchanged_text_is_not_a_redaction(client, comment):
    client.force_login(user_in(roles.MODERATORS))
    response = redact(client, comment, text=PHONE, proposed_wording="Call 070 123 456.")
    assert "nothing to redact" in response.content.decode()
    assert not CommentRedaction.objects.exists()


@pytest.mark.parametrize("role", [roles.EDITORS, roles.TRANSLATORS, roles.JURY, None])
def test_only_moderators_may_redact(client, comment, role):
    if role:
        client.force_login(user_in(role))
    assert client.get(url("redact", comment.pk)).status_code in (302, 403)
    assert redact(client, comment).status_code in (302, 403)
    comment.refresh_from_db()
    assert comment.text == PHONE
    assert not CommentRedaction.objects.exists()


def test_the_listing_offers_redact_to_moderators_only(client, comment):
    comment.status = Status.PENDING
    comment.save()
    client.force_login(user_in(roles.MODERATORS))
    assert url("redact", comment.pk) in client.get(url("list")).content.decode()


def test_exports_show_the_public_text_and_the_reason(client, comment):
    client.force_login(user_in(roles.MODERATORS))
    redact(client, comment)
    response = client.get(url("list"), {"export": "csv"})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert rows[0]["Comment"] == REDACTED
    assert rows[0]["Redacted"] == "a telephone number removed"
    assert "070 123 456" not in content
