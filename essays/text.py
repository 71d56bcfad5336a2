"""Essays as text: counting words in any script, recognising an uploaded file by its content
(never by its name), and reading the text out of PDF, DOCX and ODT files."""

import io
import re
import zipfile
from xml.etree import ElementTree

WORD = re.compile(r"\w+(?:[-'’]\w+)*")
WORDPROCESSING = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ODF_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


class UnreadableFile(Exception):
    """The file is not what it claims to be, or its text cannot be read."""


def count_words(text):
    """Words in Cyrillic, Latin or any other script; a hyphenated or apostrophed word is one."""
    return len(WORD.findall(text or ""))


def detect_type(head, file):
    """'pdf', 'docx' or 'odt' from the file's bytes, or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
                return "odt"
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return "docx"
    except zipfile.BadZipFile:
        return None
    return None


def _paragraphs_text(root, paragraph_tag, text_tags):
    paragraphs = []
    for paragraph in root.iter(paragraph_tag):
        paragraphs.append("".join(node.text or "" for node in paragraph.iter() if node.tag in text_tags))
    return "\n".join(p.strip() for p in paragraphs if p.strip())


def _xml(archive, name):
    # The standard parser does not expand external entities; essays are small.
    return ElementTree.fromstring(archive.read(name))


def extract_text(file, file_type):
    """The plain text of an uploaded essay, one paragraph per line."""
    file.seek(0)
    data = io.BytesIO(file.read())
    try:
        if file_type == "pdf":
            from pypdf import PdfReader

            reader = PdfReader(data)
            return "\n".join((page.extract_text() or "").strip() for page in reader.pages).strip()
        with zipfile.ZipFile(data) as archive:
            if file_type == "docx":
                return _paragraphs_text(
                    _xml(archive, "word/document.xml"), f"{WORDPROCESSING}p", {f"{WORDPROCESSING}t"}
                )
            if file_type == "odt":
                root = _xml(archive, "content.xml")
                return _paragraphs_text_odt(root)
    except Exception as error:  # a damaged file in any of the three formats
        raise UnreadableFile(str(error)) from error
    raise UnreadableFile(file_type)


def _odt_node_text(node):
    if node.tag == f"{ODF_TEXT}s":
        text = " " * int(node.get(f"{ODF_TEXT}c", "1"))
    elif node.tag in (f"{ODF_TEXT}tab", f"{ODF_TEXT}line-break"):
        text = " "
    else:
        text = node.text or ""
    return text + "".join(_odt_node_text(child) + (child.tail or "") for child in node)


def _paragraphs_text_odt(root):
    lines = [_odt_node_text(node).strip() for node in root.iter() if node.tag in (f"{ODF_TEXT}p", f"{ODF_TEXT}h")]
    return "\n".join(line for line in lines if line)


def mentions(text, *needles):
    """The needles (the student's name, the school) found in the text, ignoring case."""
    haystack = (text or "").casefold()
    found = []
    for needle in needles:
        needle = (needle or "").strip()
        if len(needle) < 3:
            continue
        parts = [needle, *needle.split()]
        if any(len(part) >= 4 and part.casefold() in haystack for part in parts) or needle.casefold() in haystack:
            found.append(needle)
    return found
