"""Word counts in every script, file types recognised by content, text read out of files."""

import io

import pytest

from essays.text import UnreadableFile, count_words, detect_type, extract_text, mentions
from tests.essay_files import make_docx, make_odt, make_pdf


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Мојот сосед од соседната улица е столар.", 7),  # Macedonian
        ("Fqinji im nga rruga tjetër është marangoz.", 7),  # Albanian, with ë
        ("Съседът ми от съседната улица е дърводелец.", 7),  # Bulgarian
        ("Half-past seven, the neighbour's dog — barking!", 6),  # hyphen and apostrophe keep words whole
        ("  \n\t ", 0),
        ("In 2026 we met 3 times.", 6),
    ],
)
def test_words_are_counted_in_any_script(text, words):
    assert count_words(text) == words


def as_file(data):
    return io.BytesIO(data)


@pytest.mark.parametrize(
    ("maker", "kind"),
    [(make_docx, "docx"), (make_odt, "odt"), (make_pdf, "pdf")],
)
def test_file_types_are_recognised_and_their_text_read(maker, kind):
    data = maker(["My neighbour from the next street", "He mends shoes for the whole street."])
    file = as_file(data)
    assert detect_type(data[:8], file) == kind
    text = extract_text(file, kind)
    assert "My neighbour from the next street" in text
    assert count_words(text) == 13


def test_cyrillic_and_albanian_text_comes_out_of_docx_and_odt():
    paragraphs = ["Мојот сосед од соседната улица", "Fqinji im është marangoz"]
    for maker, kind in ((make_docx, "docx"), (make_odt, "odt")):
        text = extract_text(as_file(maker(paragraphs)), kind)
        assert text.splitlines() == paragraphs


@pytest.mark.parametrize(
    "data",
    [b"MZ\x90\x00 an executable", b"PK\x03\x04 not really a zip", b"plain text pretending to be a PDF"],
)
def test_files_that_only_claim_a_type_are_not_recognised(data):
    assert detect_type(data[:8], as_file(data)) is None


def test_a_zip_that_is_not_a_document_is_not_recognised():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.jpg", b"...")
    assert detect_type(buffer.getvalue()[:8], as_file(buffer.getvalue())) is None


def test_a_damaged_file_is_reported_as_unreadable():
    data = make_docx(["text"])[:200]
    with pytest.raises(UnreadableFile):
        extract_text(as_file(data), "docx")


def test_mentions_of_the_students_name_or_school_are_found():
    text = "Во нашето училиште „Никола Карев“ секој го знае Петровска."
    assert mentions(text, "Ана Петровска", "СУГС „Никола Карев“") == ["Ана Петровска", "Никола Карев"]
    assert mentions("Нешто сосема друго.", "Ана Петровска", "Никола Карев") == []


def test_the_copy_for_jurors_has_no_author_in_docx():
    import zipfile

    from essays.text import strip_metadata

    data = make_docx(["Text of the essay"], author="Ana Petrovska")
    assert b"Ana Petrovska" in zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml")
    clean = strip_metadata(data, "docx")
    archive = zipfile.ZipFile(io.BytesIO(clean))
    assert all(b"Petrovska" not in archive.read(name) for name in archive.namelist())
    assert extract_text(io.BytesIO(clean), "docx") == "Text of the essay"


def test_the_copy_for_jurors_has_no_author_in_odt_and_pdf():
    import zipfile

    from pypdf import PdfReader, PdfWriter

    from essays.text import strip_metadata

    odt = make_odt(["Essay"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(odt)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        target.writestr(
            "meta.xml",
            "<office:document-meta><office:meta><dc:creator>Ana Petrovska</dc:creator>"
            "</office:meta></office:document-meta>",
        )
    clean = strip_metadata(buffer.getvalue(), "odt")
    assert b"Petrovska" not in b"".join(
        zipfile.ZipFile(io.BytesIO(clean)).read(n) for n in zipfile.ZipFile(io.BytesIO(clean)).namelist()
    )
    assert detect_type(clean[:8], io.BytesIO(clean)) == "odt"

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(["Essay text"]))))
    writer.add_metadata({"/Author": "Ana Petrovska", "/Producer": "Glas tests"})
    signed = io.BytesIO()
    writer.write(signed)
    clean_pdf = strip_metadata(signed.getvalue(), "pdf")
    assert b"Petrovska" not in clean_pdf
    assert "Essay text" in extract_text(io.BytesIO(clean_pdf), "pdf")


def test_a_zip_bomb_is_refused_without_being_unpacked():
    import zipfile

    from essays.text import MAX_UNPACKED_BYTES

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (MAX_UNPACKED_BYTES + 1))
    data = buffer.getvalue()
    assert len(data) < 100_000  # tiny on disk
    assert detect_type(data[:8], io.BytesIO(data)) == "docx"
    with pytest.raises(UnreadableFile):
        extract_text(io.BytesIO(data), "docx")
