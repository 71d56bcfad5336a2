"""Essays as text: counting words in any script, recognising an uploaded file by its content
(never by its name), and reading the text out of PDF, DOCX and ODT files."""

import io
import re
import zipfile
from xml.etree import ElementTree

from pypdf import PdfReader, PdfWriter

WORD = re.compile(r"\w+(?:[-'’]\w+)*")
WORDPROCESSING = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ODF_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


# A document that unpacks to more than this is refused unread (a "zip bomb" is a few kilobytes
# that unpack to gigabytes).
MAX_UNPACKED_BYTES = 30 * 1024 * 1024


class UnreadableFile(Exception):
    """The file is not what it claims to be, or its text cannot be read."""


def _check_unpacked_size(archive):
    if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
        raise UnreadableFile("the document unpacks to more than the limit")


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
            if (
                "mimetype" in names
                and archive.getinfo("mimetype").file_size < 100
                and archive.read("mimetype").strip() == ODT_MIMETYPE
            ):
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
            reader = PdfReader(data)
            return "\n".join((page.extract_text() or "").strip() for page in reader.pages).strip()
        with zipfile.ZipFile(data) as archive:
            _check_unpacked_size(archive)
            if file_type == "docx":
                return _paragraphs_text(
                    _xml(archive, "word/document.xml"), f"{WORDPROCESSING}p", {f"{WORDPROCESSING}t"}
                )
            if file_type == "odt":
                root = _xml(archive, "content.xml")
                return _paragraphs_text_odt(root)
    except UnreadableFile:
        raise
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


DOCX_CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"/>'
)
DOCX_APP = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"/>'
)
ODT_META = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.2">'
    "<office:meta/></office:document-meta>"
)
AUTHOR_ATTRIBUTE = re.compile(rb'(w:author|w:initials)="[^"]*"')
CREATOR_ELEMENT = re.compile(rb"<dc:creator>.*?</dc:creator>|<dc:date>.*?</dc:date>", re.S)


def strip_metadata(data, file_type):
    """A copy of the file without who wrote, edited or owns it: document properties (author,
    company, last modified by), and the authors of tracked changes and comments."""
    if file_type == "pdf":
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
        writer.metadata = None
        if "/Metadata" in writer.root_object:
            del writer.root_object["/Metadata"]
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
    source = zipfile.ZipFile(io.BytesIO(data))
    _check_unpacked_size(source)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            name = info.filename
            if file_type == "docx":
                if name == "docProps/core.xml":
                    content = DOCX_CORE.encode()
                elif name == "docProps/app.xml":
                    content = DOCX_APP.encode()
                elif name == "docProps/custom.xml":
                    continue
                elif name.endswith(".xml"):
                    content = AUTHOR_ATTRIBUTE.sub(rb'\1=""', content)
            elif file_type == "odt":
                if name == "meta.xml":
                    content = ODT_META.encode()
                elif name.endswith(".xml"):
                    content = CREATOR_ELEMENT.sub(b"", content)
            compress = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            target.writestr(info.filename, content, compress_type=compress)
    return out.getvalue()
