"""Students enter an essay competition: the competition page, the entry form with its checks,
files, the guardian's consent for minors, the receipt and the secret edit link, the deadline."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.models import Locale

from essays.choices import EntryStatus
from essays.models import Entry
from tests.essay_files import make_docx, make_odt, make_pdf

pytestmark = pytest.mark.django_db

ESSAY = (
    "Every morning the old shoemaker opens his small shop at the corner of our street. "
    "He knows every family by the shoes they bring him, and he never forgets a promise."
)  # 31 words


def adult_birth_date():
    today = timezone.localdate()
    return today.replace(year=today.year - 18) - datetime.timedelta(days=2)


def minor_birth_date():
    today = timezone.localdate()
    return today.replace(year=today.year - 16)


def good_data(**changes):
    data = {
        "name": "Ana Petrovska",
        "email": "ana@example.org",
        "birth_date": adult_birth_date().isoformat(),
        "school": "Gymnasium Nikola Karev",
        "grade": "4",
        "municipality": "Kratovo",
        "title": "The shoemaker",
        "language": "en",
        "text": ESSAY,
        "originality": "on",
        "privacy": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def enter_url(page):
    return page.url + page.reverse_subpage("enter")


@pytest.fixture
def competition(competitions):
    return competitions["open"]


def test_the_competition_page_shows_the_call_dates_prizes_and_rubric(client, competition):
    html = client.get(competition.url).content.decode()
    assert "Open for entries" in html
    assert "Entries close in" in html
    assert "First prize" in html and "EUR 300" in html
    assert "Idea" in html and "Structure" in html
    assert "Ties are broken by the median" in html
    assert enter_url(competition) in html


def test_the_index_lists_competitions_by_phase(client, competitions):
    html = client.get(competitions["index"].url).content.decode()
    assert html.index("My neighbour") < html.index("Future competition") < html.index("Last year")


def test_an_adult_enters_with_typed_text_and_gets_a_receipt_with_an_edit_link(client, competition, mailoutbox):
    response = client.post(enter_url(competition), good_data())
    assert response.status_code == 302
    entry = Entry.objects.get()
    assert entry.status == EntryStatus.SUBMITTED
    assert entry.word_count == 31
    assert entry.consent_version == competition.consent_version
    assert entry.privacy_consent_at and entry.originality_declared_at
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["ana@example.org"]
    assert entry.receipt_code in mailoutbox[0].body
    link = re.search(r"https?://\S+/entry/\S+/", mailoutbox[0].body).group(0)
    receipt = client.get(response["Location"])
    assert receipt.status_code == 200
    assert entry.receipt_code in receipt.content.decode()
    assert link.endswith(response["Location"].split("?")[0])


def test_a_minor_needs_the_guardian_and_the_entry_waits_for_their_consent(client, competition, mailoutbox):
    missing = client.post(enter_url(competition), good_data(birth_date=minor_birth_date().isoformat()))
    assert missing.status_code == 400
    assert "need a parent" in missing.content.decode()
    response = client.post(
        enter_url(competition),
        good_data(
            birth_date=minor_birth_date().isoformat(),
            guardian_name="Marija Petrovska",
            guardian_email="marija@example.org",
            guardian_consent="on",
        ),
    )
    assert response.status_code == 302
    entry = Entry.objects.get()
    assert entry.status == EntryStatus.AWAITING_GUARDIAN
    guardian_mail = next(m for m in mailoutbox if m.to == ["marija@example.org"])
    link = re.search(r"https?://\S+/guardian/\S+/", guardian_mail.body).group(0)
    assert client.get(link).status_code == 200
    assert client.post(link, {}).status_code == 400  # the box must be ticked
    client.post(link, {"consent": "on"})
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED and entry.guardian_confirmed_at
    assert client.post(link, {"consent": "on"}).status_code == 400  # used


def test_word_limits_are_checked_on_the_server(client, competition):
    short = client.post(enter_url(competition), good_data(text="Too short to count."))
    assert short.status_code == 400
    assert "The essay has 4 words; it must have between 20 and 200." in short.content.decode()
    long = client.post(enter_url(competition), good_data(text="word " * 201))
    assert long.status_code == 400
    assert Entry.objects.count() == 0


def test_errors_come_in_the_visitors_language_and_keep_what_was_typed(client, competition):
    mk = competition.get_translation(Locale.objects.get(language_code="mk"))
    response = client.post(enter_url(mk), good_data(privacy=None, text="Кратко."))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Gymnasium Nikola Karev" in html and "Кратко." in html
    assert "Ве молиме" in html


@pytest.mark.parametrize(
    ("maker", "name"), [(make_docx, "essay.docx"), (make_odt, "essay.odt"), (make_pdf, "essay.pdf")]
)
def test_an_essay_can_be_a_file_whose_words_are_counted(client, competition, maker, name):
    upload = SimpleUploadedFile(name, maker([ESSAY]))
    response = client.post(enter_url(competition), {**good_data(text=""), "file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = Entry.objects.get()
    assert entry.word_count == 31
    assert entry.file_type == name.rsplit(".", 1)[1]
    assert "shoemaker" in entry.file_text
    assert "/media/" not in entry.file.path and entry.file.path.startswith(str(entry.file.storage.location))


def test_a_file_is_checked_by_its_content_not_its_name(client, competition):
    fake = SimpleUploadedFile("essay.docx", b"MZ\x90\x00 this is an executable")
    response = client.post(enter_url(competition), {**good_data(text=""), "file": fake})
    assert response.status_code == 400
    assert "we look at its content, not its name" in response.content.decode()


def test_a_file_over_the_size_limit_is_refused(client, competition):
    competition.max_file_mb = 1
    competition.save_revision().publish()
    big = SimpleUploadedFile("essay.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10))
    response = client.post(enter_url(competition), {**good_data(text=""), "file": big})
    assert response.status_code == 400
    assert "the limit is 1 MB" in response.content.decode()


def test_a_50_mb_upload_is_refused_with_its_size_and_the_rest_of_the_form_is_kept(client, competition):
    huge = SimpleUploadedFile("essay.pdf", b"%PDF-1.4\n" + b"0" * (50 * 1024 * 1024))
    response = client.post(enter_url(competition), {**good_data(text=""), "file": huge})
    html = response.content.decode()
    assert response.status_code == 400
    assert "The file is 50.0 MB; the limit is 5 MB." in html
    assert "Gymnasium Nikola Karev" in html
    assert not Entry.objects.exists()


def test_an_upload_is_read_no_further_than_the_site_ceiling(rf, settings):
    from core.uploads import SizeLimitUploadHandler, TooLargeUpload

    settings.GLAS_MAX_UPLOAD_MB = 1
    handler = SizeLimitUploadHandler(rf.post("/"))
    handler.new_file("file", "essay.pdf", "application/pdf", None)
    chunk = b"0" * (256 * 1024)
    passed = [handler.receive_data_chunk(chunk, n * len(chunk)) for n in range(8)]
    assert sum(len(data) for data in passed if data) == 1024 * 1024
    upload = handler.file_complete(8 * len(chunk))
    assert isinstance(upload, TooLargeUpload) and upload.size == 2 * 1024 * 1024 and upload.read() == b""


def test_an_uploaded_file_is_kept_when_another_field_has_an_error(client, competition):
    upload = SimpleUploadedFile("essay.docx", make_docx([ESSAY]))
    first = client.post(enter_url(competition), {**good_data(text="", originality=None), "file": upload})
    html = first.content.decode()
    assert first.status_code == 400
    assert "is kept; you do not need to upload it again" in html
    kept = re.search(r'name="pending_upload" value="([^"]+)"', html).group(1)
    second = client.post(enter_url(competition), {**good_data(text=""), "pending_upload": kept})
    assert second.status_code == 302
    assert Entry.objects.get().file_type == "docx"


def test_the_form_warns_when_the_essay_names_the_student_or_school(client, competition):
    text = ESSAY + " My teachers at Gymnasium Nikola Karev liked it."
    response = client.post(enter_url(competition), good_data(text=text))
    assert response.status_code == 400
    assert "The jury must not be able to tell who wrote it" in response.content.decode()
    assert 'name="confirm_anonymity"' in response.content.decode()
    assert client.post(enter_url(competition), good_data(text=text, confirm_anonymity="on")).status_code == 302


def test_the_student_edits_the_entry_through_the_secret_link_until_the_deadline(client, competition):
    response = client.post(enter_url(competition), good_data())
    edit_url = response["Location"].split("?")[0]
    changed = client.post(edit_url, good_data(title="The shoemaker of our street"))
    assert changed.status_code == 302
    assert Entry.objects.get().title == "The shoemaker of our street"
    competition.deadline = timezone.now() - datetime.timedelta(minutes=1)
    competition.opens_at = competition.deadline - datetime.timedelta(days=10)
    competition.save_revision().publish()
    late = client.post(edit_url, good_data(title="Too late"))
    assert late.status_code == 403
    assert Entry.objects.get().title == "The shoemaker of our street"
    page = client.get(edit_url).content.decode()
    assert "can no longer be changed" in page and 'name="title"' not in page


def test_a_wrong_secret_link_finds_nothing(client, competition):
    assert client.get(competition.url + competition.reverse_subpage("edit", args=["not-a-token"])).status_code == 404


def test_no_entries_before_opening_or_after_the_deadline(client, competitions):
    for key in ("upcoming", "closed"):
        page = competitions[key]
        assert 'name="title"' not in client.get(enter_url(page)).content.decode()
        response = client.post(enter_url(page), good_data())
        assert response.status_code == 403
    assert Entry.objects.count() == 0


def test_the_honeypot_and_the_rate_limit_stop_floods(client, competition, settings):
    settings.GLAS_ENTRY_RATE_PER_EMAIL = 2  # the failed post counts too
    assert client.post(enter_url(competition), good_data(website="x")).status_code == 400
    assert client.post(enter_url(competition), good_data()).status_code == 302
    limited = client.post(enter_url(competition), good_data(title="Second"))
    assert limited.status_code == 400
    assert "several entries in a short time" in limited.content.decode()
    assert Entry.objects.count() == 1


def test_age_outside_the_range_is_refused(client, competition):
    today = timezone.localdate()
    too_young = today.replace(year=today.year - 11).isoformat()
    response = client.post(enter_url(competition), good_data(birth_date=too_young))
    assert response.status_code == 400
    assert "for students aged 14 to 19" in response.content.decode()


def test_the_home_page_invites_students_to_open_competitions(client, competitions, site_tree):
    html = client.get("/en/").content.decode()
    assert "Write for a prize" in html and "My neighbour" in html
    assert "Future competition" not in html


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("essay.pdf", b"<html><body><script>alert(1)</script></body></html>"),  # HTML named .pdf
        ("essay.docx", b"MZ\x90\x00\x03\x00\x00\x00 renamed executable"),
        ("../../../etc/passwd.docx", b"root:x:0:0:root:/root:/bin/bash"),  # path traversal, not a document
    ],
)
def test_files_that_are_not_documents_are_refused_with_a_clear_message(client, competition, name, content):
    response = client.post(enter_url(competition), {**good_data(text=""), "file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert "we look at its content, not its name" in response.content.decode()
    assert Entry.objects.count() == 0


def test_a_docx_zip_bomb_is_refused_with_a_clear_message(client, competition):
    import io
    import zipfile

    from essays.text import MAX_UNPACKED_BYTES

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (MAX_UNPACKED_BYTES + 1))
    upload = SimpleUploadedFile("essay.docx", buffer.getvalue())
    response = client.post(enter_url(competition), {**good_data(text=""), "file": upload})
    assert response.status_code == 400
    assert "This file unpacks to more than 10 MB" in response.content.decode()
    assert Entry.objects.count() == 0
