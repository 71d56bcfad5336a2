"""The privacy walk: every endpoint of the schema, with every id and language, page by page,
and the downloads unpacked; none of what a citizen or a student did not make public may appear
in any answer (e-mail addresses, names hidden by their authors, tokens, moderation and redaction
details, rejected, pending and spam comments, restricted pages, unconsented students' names)."""

import io
import json
import zipfile

import pytest
from django.conf import settings

from consultations.models import Comment
from essays.models import Entry
from tests.opendata.conftest import PRIVATE

pytestmark = pytest.mark.django_db

# Keys in a comment that the API must never have, whatever their value.
PRIVATE_FIELDS = {
    "email",
    "token_hash",
    "token_expires_at",
    "submission_key",
    "rejection_reason",
    "redaction_reason",
    "consent_at",
    "confirmed_at",
    "moderated_at",
    "moderated_by",
    "responded_by",
    "status",
    "receipt_code",
    "birth_date",
    "guardian_name",
    "guardian_email",
}


def texts_of(response):
    """The answer as text: JSON, or every file of a ZIP."""
    if response["Content-Type"] == "application/zip":
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        return [archive.read(name).decode("utf-8-sig") for name in archive.namelist()]
    return [response.content.decode()]


def keys_in(value):
    if isinstance(value, dict):
        for name, inner in value.items():
            yield name
            yield from keys_in(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from keys_in(inner)


def every_url(client, open_data):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    ids = [
        str(page.translation_key)
        for page in (open_data["reported"], open_data["open"], open_data["hidden"], open_data["competition"])
    ]
    languages = [""] + [code for code, _name in settings.LANGUAGES]
    for path in schema["paths"]:
        for filled in [path.replace("{key}", key) for key in ids] if "{key}" in path else [path]:
            for language in languages:
                yield filled, {"language": language, "page_size": 200} if language else {"page_size": 200}


def test_no_private_value_appears_in_any_answer(client, open_data):
    private = PRIVATE + list(Entry.objects.values_list("receipt_code", flat=True))
    walked = 0
    for path, params in every_url(client, open_data):
        response = client.get(path, params)
        assert response.status_code in (200, 404), (path, params, response.status_code)
        walked += response.status_code == 200
        for text in texts_of(response):
            for value in private:
                assert value not in text, (value, path, params)
            if response["Content-Type"].startswith("application/json"):
                assert not PRIVATE_FIELDS & set(keys_in(json.loads(text))), (path, params)
    assert walked > 20  # the walk did reach the data, not only 404s


def test_only_published_comments_under_published_comments_are_listed(client, open_data):
    listed = {comment["id"] for comment in client.get("/api/v1/comments/", {"page_size": 200}).json()["results"]}
    public = {open_data["shown"].pk, open_data["anonymous"].pk}
    public |= set(Comment.objects.filter(parent=open_data["shown"]).values_list("pk", flat=True))
    # ... and the comments of the other (public) consultations of the fixture, of which there are none.
    assert listed == public
