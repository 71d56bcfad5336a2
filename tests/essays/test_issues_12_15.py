"""Issues #12 and #15 in the essays app: the jurors' e-mails, the page's phase text, ranking
settings beside the ranking, the school stop list, pending uploads, bounded DOCX reading, one
entry per form post, clean copies without active content, and consent again for a new minor."""

import datetime
import io
import os
import re
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject
from wagtail.models import PageLogEntry

from core.models import PersonalSettings
from essays import text as essay_text
from essays.choices import EntryStatus
from essays.forms import PENDING_PREFIX
from essays.jury import assign_jurors, declare_conflict
from essays.models import Assignment, Entry, RankingSettings
from essays.ranking import rank_entries
from tests.essay_files import make_docx, make_pdf
from tests.essays.test_entries import ESSAY, enter_url, good_data, minor_birth_date
from tests.factories import UserFactory, juror, make_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def competition(competitions):
    return competitions["open"]


@pytest.fixture
def private_root(settings, tmp_path):
    settings.GLAS_PRIVATE_ROOT = tmp_path
    return tmp_path


# 1. Jurors' e-mails --------------------------------------------------------------------------


def test_each_juror_gets_one_email_per_batch_in_their_language(competition, mailoutbox):
    anna, boris = juror("anna"), juror("boris")
    anna.email, boris.email = "anna@example.org", "boris@example.org"
    anna.save(), boris.save()
    PersonalSettings.objects.create(user=anna, email_language="mk")
    competition.jury.set([anna, boris])
    competition.save_revision().publish()
    for n in range(3):
        make_entry(competition, title=f"Essay {n}", name="Secret Student")
    assign_jurors(competition)
    assert len(mailoutbox) == 2
    to_anna = next(m for m in mailoutbox if m.to == ["anna@example.org"])
    to_boris = next(m for m in mailoutbox if m.to == ["boris@example.org"])
    assert "My neighbour [mk]" in to_anna.subject and "/mk/jury/" in to_anna.body
    assert "3 entries of “My neighbour” have been assigned to you" in to_boris.body
    assert "/en/jury/" in to_boris.body and "/account/e-mails/" in to_boris.body
    assert "Secret Student" not in to_anna.body + to_boris.body
    assign_jurors(competition)
    assert len(mailoutbox) == 2  # nothing new, nothing sent


def test_a_reassigned_entry_is_announced_without_the_student(competition, mailoutbox):
    members = [juror(f"j{n}") for n in range(3)]
    for m in members:
        m.email = f"{m.username}@example.org"
        m.save()
    competition.jury.set(members)
    competition.jurors_per_entry = 2
    competition.save_revision().publish()
    make_entry(competition, name="Secret Student", school="Gimnazija Zef Lush Marku")
    assign_jurors(competition)
    mailoutbox.clear()
    first = Assignment.objects.first()
    declare_conflict(first, "She is my niece.")
    [mail] = mailoutbox
    assert first.juror.email not in mail.to
    assert "conflict of interest" in mail.body
    for secret in ("Secret Student", "Zef Lush", "niece", first.juror.username):
        assert secret not in mail.body


# 2. Phase text -------------------------------------------------------------------------------


def test_the_public_page_follows_the_phase(client, competition):
    assert "Enter the competition" in client.get(competition.url).content.decode()
    competition.opens_at = timezone.now() - datetime.timedelta(days=20)
    competition.deadline = timezone.now() - datetime.timedelta(days=1)
    competition.save_revision().publish()
    judging = client.get(competition.url).content.decode()
    assert "the jury is reading them" in judging
    competition.results_published_at = timezone.now()
    competition.save_revision().publish()
    results = client.get(competition.url).content.decode()
    assert "the jury is reading" not in results
    assert 'id="results-heading"' in results and "Results published" in results


# 3. Ranking settings -------------------------------------------------------------------------


def coordinator():
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Competition coordinators"))
    return user


def test_the_coordinator_switches_normalisation_beside_the_ranking_and_it_is_logged(client, competition):
    client.force_login(coordinator())
    url = reverse("essays_ranking", args=[competition.pk])
    revisions = competition.revisions.count()
    response = client.post(url, {"normalisation": "zscore", "min_scores_for_normalisation": "3"})
    assert response.status_code == 302
    settings = RankingSettings.objects.get(competition_key=competition.translation_key)
    assert settings.normalisation == "zscore" and settings.min_scores_for_normalisation == 3
    assert competition.revisions.count() == revisions  # the page is not republished
    assert rank_entries(competition).normalised
    log = PageLogEntry.objects.get(action="glas.essays.ranking_settings")
    assert log.data["normalisation"] == "zscore" and log.data["before"]["normalisation"] == "none"
    assert "Per-juror z-score" in client.get(url).content.decode()
    export = client.get(url + "?export=csv").content.decode()
    assert "Normalised" in export


def test_bad_ranking_settings_are_refused(client, competition):
    client.force_login(coordinator())
    url = reverse("essays_ranking", args=[competition.pk])
    response = client.post(url, {"normalisation": "zscore", "min_scores_for_normalisation": "1"})
    assert response.status_code == 400
    assert not RankingSettings.objects.exists()


@pytest.mark.parametrize("role", [None, "Editors", "Translators", "Moderators", "Jury"])
def test_only_coordinators_change_the_ranking_settings(client, competition, role):
    if role:
        user = UserFactory()
        user.groups.add(Group.objects.get(name=role))
        client.force_login(user)
    response = client.post(reverse("essays_ranking", args=[competition.pk]), {"normalisation": "zscore"})
    assert response.status_code in (302, 403)
    assert not RankingSettings.objects.exists()


def test_a_reader_of_entries_without_coordination_sees_the_ranking_but_cannot_change_it(client, competition):
    from django.contrib.auth.models import Permission

    user = UserFactory()
    user.user_permissions.add(
        Permission.objects.get(codename="view_entry"), Permission.objects.get(codename="access_admin")
    )
    client.force_login(user)
    url = reverse("essays_ranking", args=[competition.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Save the ranking settings" not in page.content.decode()
    assert client.post(url, {"normalisation": "zscore", "min_scores_for_normalisation": "3"}).status_code in (302, 403)
    assert not RankingSettings.objects.exists()


def test_the_page_editor_no_longer_has_the_normalisation_field(competition):
    from wagtail.admin.panels import get_edit_handler

    form_class = get_edit_handler(type(competition)).get_form_class()
    assert "normalisation" not in form_class.base_fields


# 4. Score sheets grouped by competition ------------------------------------------------------


def test_the_jurors_sheets_are_grouped_by_competition_in_their_language(client, competitions):
    member = juror("anna")
    first, second = competitions["open"], competitions["closed"]
    for page in (first, second):
        page.jury.set([member])
        page.save_revision().publish()
        make_entry(page, title=f"Essay of {page.slug}")
        assign_jurors(page)
    client.force_login(member)
    html = client.get("/mk" + reverse("essays:my_competitions")[3:]).content.decode()
    assert "My neighbour [mk]" in html and "Last year&#x27;s competition" in html
    sections = html.split('class="border rounded p-3 mb-4 jury-competition"')[1:]
    assert len(sections) == 2
    by_title = {("My neighbour [mk]" in section): section for section in sections}
    assert "Essay of neighbour" in by_title[True] and "Essay of last-year" not in by_title[True]
    assert "Essay of last-year" in by_title[False]


# 5. Anonymity check --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, school",
    [
        ("Our secondary school has a big library.", "Secondary School Goce Delčev"),
        ("Во нашето средно училиште има библиотека.", "СОУ „Гоце Делчев“"),
        ("Në shkollën e mesme kemi bibliotekë. Shkolla është e madhe.", "Shkolla e mesme Naim Frashëri"),
        ("В нашето училище и гимназия има библиотека.", "СОУ „Христо Ботев“"),
    ],
)
def test_ordinary_words_of_the_school_name_do_not_warn(text, school):
    assert essay_text.mentions(text, "Marija Kostova", school) == []


@pytest.mark.parametrize(
    "text, school, found",
    [
        ("I love the Goce Delčev school.", "Secondary School Goce Delčev", "Goce Delčev"),
        ("Училиштето „Гоце Делчев“ е старо.", "СОУ „Гоце Делчев“", "Гоце Делчев"),
        ("Gjimnazi Naim Frashëri është i vjetër.", "Shkolla e mesme Naim Frashëri", "Naim Frashëri"),
        ("Гимназия „Христо Ботев“ е стара.", "СОУ „Христо Ботев“", "Христо Ботев"),
    ],
)
def test_the_distinctive_school_name_warns(text, school, found):
    assert essay_text.mentions(text, "Marija Kostova", school) == [found]


def test_the_students_own_first_or_last_name_warns():
    assert essay_text.mentions("Kostova wrote this.", "Marija Kostova", "") == ["Marija Kostova"]
    assert essay_text.mentions("Марија пишува.", "Марија Костова", "") == ["Марија Костова"]
    assert essay_text.mentions("Kostovalandia is a place.", "Marija Kostova", "") == []


# 6. Error summary ----------------------------------------------------------------------------


def test_the_entry_form_has_the_error_summary_and_the_anonymity_warning_in_it(client, competition):
    html = client.post(enter_url(competition), good_data(title="")).content.decode()
    assert 'id="error-summary"' in html and 'href="#id_title"' in html
    assert "Nothing you wrote has been lost." in html
    warned = client.post(enter_url(competition), good_data(text=ESSAY + " Ana Petrovska")).content.decode()
    assert "alert-warning error-summary" in warned and 'href="#id_confirm_anonymity"' in warned


def test_the_score_form_and_the_guardian_form_have_the_error_summary(client, competition):
    member = juror("anna")
    competition.jury.set([member])
    competition.save_revision().publish()
    entry = make_entry(competition)
    assign_jurors(competition)
    client.force_login(member)
    url = reverse("essays:score_entry", args=[competition.translation_key, entry.jury_code])
    html = client.post(url, {"submit": "1"}).content.decode()
    assert 'id="error-summary"' in html and "Some criteria have no points yet" in html


# 7. bdi --------------------------------------------------------------------------------------


def test_student_names_are_isolated_in_bdi(client, competition):
    from essays.models import Award

    entry = make_entry(competition, name="علي حسن", publish_name=True)
    Award.objects.create(entry=entry, place=1)
    competition.results_published_at = timezone.now()
    competition.opens_at = timezone.now() - datetime.timedelta(days=20)
    competition.deadline = timezone.now() - datetime.timedelta(days=1)
    competition.save_revision().publish()
    assert "<bdi>علي حسن, Gymnasium Nikola Karev</bdi>" in client.get(competition.url).content.decode()


# 8. Pending uploads --------------------------------------------------------------------------


def pending_files(root):
    folder = root / PENDING_PREFIX
    return sorted(folder.iterdir()) if folder.exists() else []


def docx_upload(name="essay.docx"):
    return SimpleUploadedFile(name, make_docx([ESSAY]))


def test_a_session_keeps_a_bounded_number_of_pending_files(client, competition, private_root, settings):
    settings.GLAS_PENDING_UPLOADS_PER_SESSION = 2
    settings.GLAS_ENTRY_RATE_PER_IP = settings.GLAS_ENTRY_RATE_PER_EMAIL = 100
    for n in range(5):
        data = {**good_data(text="", privacy=None), "file": docx_upload(f"essay{n}.docx")}
        assert client.post(enter_url(competition), data).status_code == 400
    assert len(pending_files(private_root)) == 2


def test_pending_files_expire_by_command_and_on_the_next_use(client, competition, private_root):
    data = {**good_data(text="", privacy=None), "file": docx_upload()}
    client.post(enter_url(competition), data)
    [old] = pending_files(private_root)
    past = (timezone.now() - datetime.timedelta(days=2)).timestamp()
    os.utime(old, (past, past))
    call_command("expire_pending_uploads")
    assert pending_files(private_root) == []
    client.post(enter_url(competition), {**data, "file": docx_upload()})
    [second] = pending_files(private_root)
    os.utime(second, (past, past))
    other = client.__class__()
    other.post(enter_url(competition), {**data, "file": docx_upload("other.docx")})
    assert second not in pending_files(private_root) and len(pending_files(private_root)) == 1


def test_failed_posts_count_toward_the_entry_rate_limit(client, competition, private_root, settings):
    settings.GLAS_ENTRY_RATE_PER_EMAIL = 2
    for _n in range(2):
        client.post(enter_url(competition), {**good_data(text="", privacy=None), "file": docx_upload()})
    refused = client.post(enter_url(competition), {**good_data(text="", privacy=None), "file": docx_upload()})
    assert "several entries in a short time" in refused.content.decode()
    assert len(pending_files(private_root)) == 2
    assert client.post(enter_url(competition), good_data()).status_code == 400
    assert Entry.objects.count() == 0


# 9. Bounded DOCX reading ---------------------------------------------------------------------


def big_docx(megabytes):
    body = "<w:p><w:r><w:t>" + "a " * (megabytes * 512 * 1024) + "</w:t></w:r></w:p>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            + body
            + "</w:body></w:document>",
        )
    return buffer.getvalue()


def test_a_small_docx_that_unpacks_to_more_than_20_mb_is_refused():
    data = big_docx(21)
    assert len(data) < 200 * 1024
    with pytest.raises(essay_text.TooMuchToRead) as refused:
        essay_text.extract_text(io.BytesIO(data), "docx")
    assert refused.value.limit == "bytes"


def test_reading_stops_at_the_cap_even_when_the_sizes_in_the_archive_lie(monkeypatch):
    monkeypatch.setattr(essay_text, "MAX_UNPACKED_BYTES", 10**12)  # the declared sizes pass
    with pytest.raises(essay_text.TooMuchToRead):
        essay_text.extract_text(io.BytesIO(big_docx(21)), "docx")


def test_too_many_characters_or_too_long_are_refused(monkeypatch):
    monkeypatch.setattr(essay_text, "MAX_CHARACTERS", 100)
    with pytest.raises(essay_text.TooMuchToRead) as refused:
        essay_text.extract_text(io.BytesIO(make_docx([ESSAY, ESSAY])), "docx")
    assert refused.value.limit == "characters"
    monkeypatch.setattr(essay_text, "MAX_CHARACTERS", 10**6)
    monkeypatch.setattr(essay_text, "MAX_SECONDS", -1)
    with pytest.raises(essay_text.TooMuchToRead) as late:
        essay_text.extract_text(io.BytesIO(make_docx([ESSAY])), "docx")
    assert late.value.limit == "time"


def test_the_student_reads_why_in_their_language(client, competition):
    upload = SimpleUploadedFile("essay.docx", big_docx(21))
    html = client.post("/mk" + enter_url(competition)[3:], {**good_data(text=""), "file": upload}).content.decode()
    assert 'id="error-summary"' in html and "10 MB" in html  # the message is in gettext, for translation


# 10. One entry per form post ------------------------------------------------------------------


def test_a_double_click_stores_one_entry_and_sends_one_receipt(client, competition, mailoutbox):
    form = client.get(enter_url(competition)).content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', form).group(1)
    first = client.post(enter_url(competition), good_data(form_token=token))
    second = client.post(enter_url(competition), good_data(form_token=token))
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Entry.objects.count() == 1 and len(mailoutbox) == 1
    assert "has been received" in client.get(second["Location"]).content.decode()
    # Another student on the same token (a cached form) makes an entry of her own.
    other = client.post(enter_url(competition), good_data(form_token=token, email="mira@example.org"))
    assert other["Location"] != first["Location"] and Entry.objects.count() == 2


# 11. Clean copies ----------------------------------------------------------------------------


def hostile_pdf():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(["Every morning the old shoemaker."]))))
    from pypdf.generic import ArrayObject, FloatObject

    script = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1")})
    writer.root_object[NameObject("/Names")] = DictionaryObject(
        {
            NameObject("/JavaScript"): DictionaryObject(
                {NameObject("/Names"): ArrayObject([TextStringObject("hi"), writer._add_object(script)])}
            )
        }
    )
    writer.add_attachment("payload.exe", b"MZ...")
    writer.add_attachment("payload.exe", b"MZ...")
    js = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("x")})
    writer.root_object[NameObject("/OpenAction")] = writer._add_object(js)
    launch = DictionaryObject({NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc")})
    uri = DictionaryObject({NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject("http://x")})
    page = writer.pages[0]
    page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): writer._add_object(launch)})

    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(10), FloatObject(10)]),
            NameObject("/A"): uri,
        }
    )
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_the_clean_pdf_has_no_javascript_actions_or_attachments():
    original = PdfReader(io.BytesIO(hostile_pdf()))
    assert "/OpenAction" in original.trailer["/Root"] and "/AA" in original.pages[0]
    assert {"/JavaScript", "/EmbeddedFiles"} <= set(original.trailer["/Root"]["/Names"].keys())
    clean = PdfReader(io.BytesIO(essay_text.strip_metadata(hostile_pdf(), "pdf")))
    root = clean.trailer["/Root"]
    assert "/OpenAction" not in root and "/AA" not in root
    names = root.get("/Names", {})
    assert "/JavaScript" not in names and "/EmbeddedFiles" not in names
    page = clean.pages[0]
    assert "/AA" not in page
    for annotation in page.get("/Annots", []):
        assert "/A" not in annotation.get_object()
    assert "Every morning the old shoemaker" in page.extract_text()


def hostile_docx():
    plain = zipfile.ZipFile(io.BytesIO(make_docx([ESSAY])))
    parts = {name: plain.read(name) for name in plain.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"<w:body>",
        b'<w:body><w:p><w:hyperlink xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        b'r:id="rId9"><w:r><w:t>link</w:t></w:r></w:hyperlink></w:p>'
        b'<w:p><w:r><w:object><o:OLEObject xmlns:o="urn:schemas-microsoft-com:office:office" r:id="rId8"/>'
        b"</w:object></w:r></w:p>",
    )
    parts["word/_rels/document.xml.rels"] = (
        b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId9" '
        b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" '
        b'Target="http://evil.example/track" TargetMode="External"/>'
        b'<Relationship Id="rId8" '
        b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject" '
        b'Target="embeddings/oleObject1.bin"/>'
        b'<Relationship Id="rId7" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
        b'Target="vbaProject.bin"/>'
        b'<Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" '
        b'Target="settings.xml"/></Relationships>'
    )
    parts["word/settings.xml"] = (
        b'<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        b'<w:attachedTemplate r:id="rId1"/></w:settings>'
    )
    parts["word/_rels/settings.xml.rels"] = (
        b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" '
        b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" '
        b'Target="http://evil.example/template.dotm" TargetMode="External"/></Relationships>'
    )
    parts["word/vbaProject.bin"] = b"macro"
    parts["word/embeddings/oleObject1.bin"] = b"ole"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_the_clean_docx_has_no_remote_template_external_links_macros_or_ole():
    clean = zipfile.ZipFile(io.BytesIO(essay_text.strip_metadata(hostile_docx(), "docx")))
    names = clean.namelist()
    assert "word/vbaProject.bin" not in names and not any(n.startswith("word/embeddings/") for n in names)
    everything = b"".join(clean.read(n) for n in names)
    for trace in (b'TargetMode="External"', b"evil.example", b"attachedTemplate", b"vbaProject", b"OLEObject"):
        assert trace not in everything
    assert b'r:id="rId9"' not in clean.read("word/document.xml")
    assert "Every morning the old shoemaker" in essay_text.extract_text(
        io.BytesIO(essay_text.strip_metadata(hostile_docx(), "docx")), "docx"
    )


# 12. Consent again for a new minor -----------------------------------------------------------


def test_an_edit_that_makes_the_student_a_minor_asks_the_guardian_again(client, competition, mailoutbox):
    client.post(enter_url(competition), good_data())
    entry = Entry.objects.get()
    assert entry.status == EntryStatus.SUBMITTED
    link = re.search(r"https?://\S+/entry/\S+/", mailoutbox[0].body).group(0)
    member = juror("anna")
    competition.jury.set([member])
    competition.save_revision().publish()
    assign_jurors(competition)
    mailoutbox.clear()
    data = good_data(
        birth_date=minor_birth_date().isoformat(),
        guardian_name="Vesna Petrovska",
        guardian_email="vesna@example.org",
        guardian_consent="on",
    )
    assert client.post(link, data).status_code == 302
    entry.refresh_from_db()
    assert entry.status == EntryStatus.AWAITING_GUARDIAN and entry.guardian_token_hash
    assert [m.to for m in mailoutbox] == [["vesna@example.org"]]
    client.force_login(member)
    listing = client.get(reverse("essays:my_competitions")).content.decode()
    assert entry.jury_code not in listing
    consent = re.search(r"https?://\S+/guardian/\S+/", mailoutbox[0].body).group(0)
    client.post(consent, {"consent": "on"})
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED
