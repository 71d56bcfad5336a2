"""Arbitrary input to the comment and essay forms: never a server error, never a partial record.

Hypothesis draws text from all of Unicode (Cyrillic, right-to-left scripts, emoji, control
characters including NUL) and lengths well past the limits."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consultations.models import Comment
from essays.models import Entry

pytestmark = pytest.mark.django_db

ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=6000)
SHORT_TEXT = st.text(st.characters(codec="utf-8"), max_size=300)
FIELD_VALUES = st.one_of(SHORT_TEXT, ANY_TEXT, st.sampled_from(["", "x" * 70000, "\x00", "ﷺ‮evil", "🙂" * 50]))
EXAMPLES = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@EXAMPLES
@given(
    data=st.fixed_dictionaries(
        {
            "stance": st.one_of(st.sampled_from(["support", "oppose", "change", "question"]), SHORT_TEXT),
            "text": ANY_TEXT,
            "proposed_wording": FIELD_VALUES,
            "author_name": FIELD_VALUES,
            "email": st.one_of(st.emails(), SHORT_TEXT),
            "organisation": FIELD_VALUES,
            "municipality": FIELD_VALUES,
            "consent": st.sampled_from(["on", "", "\x00"]),
            "paragraph": SHORT_TEXT,
            "reply_to": SHORT_TEXT,
        }
    )
)
def test_the_comment_form_never_fails_and_keeps_only_whole_comments(client, consultations, data):
    page = consultations["open"]
    before = Comment.objects.count()
    response = client.post(page.url + page.reverse_subpage("comment"), data)
    assert response.status_code in (302, 400, 429)
    stored = Comment.objects.count() - before
    if response.status_code == 302:
        assert stored == 1
        comment = Comment.objects.latest("pk")
        assert comment.text.strip() and "\x00" not in comment.text and comment.email
    else:
        assert stored == 0


@EXAMPLES
@given(
    data=st.fixed_dictionaries(
        {
            "name": FIELD_VALUES,
            "email": st.one_of(st.emails(), SHORT_TEXT),
            "birth_date": st.one_of(st.dates().map(str), SHORT_TEXT),
            "school": FIELD_VALUES,
            "grade": FIELD_VALUES,
            "municipality": FIELD_VALUES,
            "title": FIELD_VALUES,
            "language": st.one_of(st.sampled_from(["mk", "sq", "en"]), SHORT_TEXT),
            "text": ANY_TEXT,
            "originality": st.sampled_from(["on", ""]),
            "privacy": st.sampled_from(["on", ""]),
            "guardian_name": FIELD_VALUES,
            "guardian_email": st.one_of(st.emails(), SHORT_TEXT),
            "guardian_consent": st.sampled_from(["on", ""]),
            "pending_upload": SHORT_TEXT,
        }
    ),
    upload=st.one_of(st.none(), st.binary(max_size=2000)),
    filename=st.sampled_from(["essay.docx", "../../etc/passwd", "essay.pdf\x00.exe", "эссе.odt", ""]),
)
def test_the_entry_form_never_fails_and_keeps_only_whole_entries(client, competitions, data, upload, filename):
    page = competitions["open"]
    before = Entry.objects.count()
    payload = dict(data)
    if upload is not None and filename:
        payload["file"] = SimpleUploadedFile(filename, upload)
    response = client.post(page.url + page.reverse_subpage("enter"), payload)
    assert response.status_code in (302, 400)
    stored = Entry.objects.count() - before
    assert stored == (1 if response.status_code == 302 else 0)
