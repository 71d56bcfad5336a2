"""Uploads in S3 buckets (django-storages against a real SeaweedFS server, tests/s3server.py):
nothing lands on local disk, the essays' bucket answers no anonymous reader, pictures are public,
documents go through Wagtail's checked view, and a site on disk can move its files over."""

import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail_factories import ImageFactory

from essays.models import Entry
from tests.essay_files import make_pdf
from tests.essays.test_admin import login
from tests.essays.test_entries import ESSAY, enter_url, good_data
from tests.factories import make_entry
from tests.s3server import MEDIA_BUCKET, PRIVATE_BUCKET

pytestmark = pytest.mark.django_db


def anonymous_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def files_on_disk(*folders: Path) -> list[Path]:
    return [path for folder in folders if folder.exists() for path in folder.rglob("*") if path.is_file()]


def test_an_essay_file_goes_to_the_private_bucket_which_answers_no_anonymous_reader(
    client, competitions, s3, settings
):
    upload = SimpleUploadedFile("essay.pdf", make_pdf([ESSAY]))
    response = client.post(enter_url(competitions["open"]), {**good_data(text=""), "file": upload})
    assert response.status_code == 302, response.content.decode()[:1000]
    entry = Entry.objects.get()
    assert entry.file.name in s3.keys(PRIVATE_BUCKET)
    assert not s3.keys(MEDIA_BUCKET)
    assert files_on_disk(settings.MEDIA_ROOT, settings.GLAS_PRIVATE_ROOT) == []
    # Straight from the server, without Glas's key: refused, the object and the bucket listing.
    assert anonymous_status(f"{s3.endpoint}/{PRIVATE_BUCKET}/{entry.file.name}") == 403
    assert anonymous_status(f"{s3.endpoint}/{PRIVATE_BUCKET}/") == 403
    # The coordinator gets it through the checked view, streamed from the bucket.
    login(client, "Competition coordinators")
    download = client.get(f"/admin/essays/entries/{entry.pk}/file/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_staff_without_the_coordinators_role_get_no_essay_file_from_the_bucket(client, competitions, s3):
    entry = make_entry(competitions["open"])
    entry.file.save("essays/x/essay.pdf", ContentFile(b"%PDF-1.4 secret"))
    login(client, "Editors")
    response = client.get(f"/admin/essays/entries/{entry.pk}/file/")
    assert response.status_code in (302, 403)  # Wagtail sends a refused editor to the dashboard
    assert not getattr(response, "streaming", False)


def test_pictures_and_their_renditions_are_in_the_public_bucket_and_nowhere_on_disk(s3, settings):
    image = ImageFactory()
    rendition = image.get_rendition("fill-200x100")
    keys = s3.keys(MEDIA_BUCKET)
    assert image.file.name in keys and rendition.file.name in keys
    assert rendition.url.startswith(f"{s3.endpoint}/{MEDIA_BUCKET}/images/")
    assert anonymous_status(rendition.url) == 200
    assert files_on_disk(settings.MEDIA_ROOT, settings.GLAS_PRIVATE_ROOT) == []
    # The same rendition asked for again (as by the other app server) comes from the database.
    assert get_image_model().objects.get(pk=image.pk).get_rendition("fill-200x100").file.name == rendition.file.name


def test_a_document_is_served_by_wagtails_view_never_by_a_redirect_to_the_bucket(client, s3):
    document = get_document_model().objects.create(
        title="Budget", file=ContentFile(b"col1,col2\n1,2\n", name="budget.csv")
    )
    assert document.file.name in s3.keys(MEDIA_BUCKET)
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"col1,col2\n1,2\n"
    # Its object is not readable without the key: privacy set on the document is not bypassed.
    assert anonymous_status(f"{s3.endpoint}/{MEDIA_BUCKET}/{document.file.name}") == 403


def test_readiness_writes_and_reads_both_buckets(client, s3):
    response = client.get("/healthz/ready")
    assert response.status_code == 200, response.content
    assert not [key for key in s3.keys(MEDIA_BUCKET) + s3.keys(PRIVATE_BUCKET) if key.startswith(".healthz")]


def test_readiness_names_the_storage_when_the_bucket_server_does_not_answer(client, s3, settings):
    settings.STORAGES = {
        alias: {**config, "OPTIONS": {**config["OPTIONS"], "endpoint_url": "http://127.0.0.1:9"}}
        if "OPTIONS" in config
        else config
        for alias, config in settings.STORAGES.items()
    }
    response = client.get("/healthz/ready")
    assert response.status_code == 503
    assert "storage" in response.content.decode()


def test_files_on_disk_move_into_the_buckets_under_the_same_names(s3, settings):
    media, private = Path(settings.MEDIA_ROOT), Path(settings.GLAS_PRIVATE_ROOT)
    (media / "original_images").mkdir(parents=True)
    (media / "original_images" / "river.jpg").write_bytes(b"jpeg bytes")
    (private / "entries" / "2026").mkdir(parents=True)
    (private / "entries" / "2026" / "ABC.pdf").write_bytes(b"%PDF-1.4 essay")

    call_command("move_files_to_buckets", "--dry-run")
    assert s3.keys(MEDIA_BUCKET) == [] and s3.keys(PRIVATE_BUCKET) == []

    call_command("move_files_to_buckets")
    assert s3.keys(MEDIA_BUCKET) == ["original_images/river.jpg"]
    assert s3.keys(PRIVATE_BUCKET) == ["entries/2026/ABC.pdf"]
    assert storages["private"].open("entries/2026/ABC.pdf").read() == b"%PDF-1.4 essay"
    assert (media / "original_images" / "river.jpg").exists()  # the disk is untouched by default

    # Run again (after an interruption, say): nothing is copied twice; --delete clears the disk.
    call_command("move_files_to_buckets", "--delete")
    assert s3.keys(MEDIA_BUCKET) == ["original_images/river.jpg"]
    assert files_on_disk(media, private) == []


def test_moving_files_refuses_when_no_bucket_is_configured(settings):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="AWS_STORAGE_BUCKET_NAME"):
        call_command("move_files_to_buckets")
