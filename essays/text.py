"""Essays as text: counting words in any script, recognising an uploaded file by its content
(never by its name), and reading the text out of PDF, DOCX and ODT files."""

import io
import posixpath
import re
import time
import zipfile
from xml.etree import ElementTree

from pypdf import PdfReader, PdfWriter

WORD = re.compile(r"\w+(?:[-'’]\w+)*")
WORDPROCESSING = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ODF_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


# A document whose parts declare more than this in all is refused unread (a "zip bomb" is a few
# kilobytes that unpack to gigabytes).
MAX_UNPACKED_BYTES = 30 * 1024 * 1024
# Reading the text is bounded whatever the archive declares: the XML parts are streamed with a cap
# on the bytes actually unpacked, the characters taken, and the time spent.
MAX_XML_BYTES = 10 * 1024 * 1024
MAX_CHARACTERS = 300_000
MAX_SECONDS = 5.0
CHUNK = 64 * 1024


class UnreadableFile(Exception):
    """The file is not what it claims to be, or its text cannot be read."""


class TooMuchToRead(UnreadableFile):
    """The file passes one of the limits on reading it: `limit` is "bytes", "characters" or "time"."""

    def __init__(self, limit):
        super().__init__(f"the document passes the limit on {limit}")
        self.limit = limit


class _Budget:
    """What reading one document may still take."""

    def __init__(self, max_bytes=None, max_characters=None, seconds=None):
        self.bytes_left = MAX_XML_BYTES if max_bytes is None else max_bytes
        self.characters_left = MAX_CHARACTERS if max_characters is None else max_characters
        self.deadline = time.monotonic() + (MAX_SECONDS if seconds is None else seconds)

    def take_bytes(self, count):
        self.bytes_left -= count
        if self.bytes_left < 0:
            raise TooMuchToRead("bytes")
        self.check_time()

    def take_characters(self, count):
        self.characters_left -= count
        if self.characters_left < 0:
            raise TooMuchToRead("characters")

    def check_time(self):
        if time.monotonic() > self.deadline:
            raise TooMuchToRead("time")


def _check_unpacked_size(archive):
    if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
        raise TooMuchToRead("bytes")


def _read_part(archive, name, budget):
    """A part of the archive, read in chunks and never past the budget (whatever its header says)."""
    chunks = []
    with archive.open(name) as handle:
        while chunk := handle.read(CHUNK):
            budget.take_bytes(len(chunk))
            chunks.append(chunk)
    return b"".join(chunks)


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


def _paragraphs_text(root, paragraph_tag, text_tags, budget):
    paragraphs = []
    for paragraph in root.iter(paragraph_tag):
        text = "".join(node.text or "" for node in paragraph.iter() if node.tag in text_tags)
        budget.take_characters(len(text))
        budget.check_time()
        paragraphs.append(text)
    return "\n".join(p.strip() for p in paragraphs if p.strip())


def _xml(archive, name, budget):
    """A part parsed as it is unpacked, chunk by chunk, within the budget. The standard parser
    does not expand external entities."""
    parser = ElementTree.XMLParser()
    with archive.open(name) as handle:
        while chunk := handle.read(CHUNK):
            budget.take_bytes(len(chunk))
            parser.feed(chunk)
    return parser.close()


def extract_text(file, file_type):
    """The plain text of an uploaded essay, one paragraph per line."""
    file.seek(0)
    data = io.BytesIO(file.read())
    try:
        if file_type == "pdf":
            budget = _Budget()
            texts = []
            for page in PdfReader(data).pages:
                text = (page.extract_text() or "").strip()
                budget.take_characters(len(text))
                budget.check_time()
                texts.append(text)
            return "\n".join(texts).strip()
        with zipfile.ZipFile(data) as archive:
            _check_unpacked_size(archive)
            budget = _Budget()
            if file_type == "docx":
                return _paragraphs_text(
                    _xml(archive, "word/document.xml", budget), f"{WORDPROCESSING}p", {f"{WORDPROCESSING}t"}, budget
                )
            if file_type == "odt":
                root = _xml(archive, "content.xml", budget)
                return _paragraphs_text_odt(root, budget)
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


def _paragraphs_text_odt(root, budget):
    lines = []
    for node in root.iter():
        if node.tag in (f"{ODF_TEXT}p", f"{ODF_TEXT}h"):
            line = _odt_node_text(node).strip()
            budget.take_characters(len(line))
            budget.check_time()
            lines.append(line)
    return "\n".join(line for line in lines if line)


# Ordinary words of school names, in the languages the students write in: a school named
# "СОУ Гоце Делчев" is recognised in an essay by "Гоце Делчев", never by "СОУ" or "училиште"
# (words that every essay about school life uses). Compared case-folded.
SCHOOL_STOP_WORDS = {
    "en": "school schools high secondary primary elementary middle grammar gymnasium college academy vocational "
    "technical professional municipal public state private national central first second third of the and for "
    "in at st no nr",
    "mk": "училиште училишта училиштето средно средното основно основното општинско државно приватно "
    "гимназија гимназијата јавно стручно техничко економско медицинско угостителско земјоделско "
    "уметничко музичко ликовно хемиско електротехничко машинско гимназиско "
    "соу оу ооу ду дсу сугс јоу јоусу јоуоу на за и во од",
    "sq": "shkolla shkollë shkolle shkollës shkollen shkollën e mesme mesem mesëm fillore 9-vjeçare 9-vjecare "
    "gjimnazi gjimnazin gjimnazit profesionale teknike publike private jopublike jo-publike bashkuar "
    "arsimit i të te së se dhe në ne",
    "bg": "училище училища училището средно средното основно основното общинско държавно частно "
    "гимназия гимназията профилирана езикова професионална природо-математическа математическа "
    "гимназиално обединено соу оу су пг пмг пгт ег на за и в по",
    "tr": "okul okulu lise lisesi ortaokul ortaokulu ilkokul ilkokulu anadolu meslek ve",
    "sr": "škola skola školа srednja osnovna gimnazija stručna tehnička ekonomska medicinska škola "
    "школа средња основна гимназија и у за",
    "bs": "škola skola srednja osnovna gimnazija mješovita mjesovita stručna javna ustanova ju i u za",
}
STOP_WORDS = frozenset(word for words in SCHOOL_STOP_WORDS.values() for word in words.casefold().split())
NAME_WORD = re.compile(r"[\w][\w'’.-]*")


def _distinctive(school):
    """The words of a school's name that are its own (not "school", "secondary", numbers, …)."""
    words = [w.strip(".-'’") for w in NAME_WORD.findall(school or "")]
    return [w for w in words if w and w.casefold() not in STOP_WORDS and not w.isdigit() and len(w) >= 2]


def _found(words, haystack):
    """True when the words stand in the text one after the other, as whole words."""
    pattern = r"(?<!\w)" + r"[\s\-–—.,„“”\"']*".join(re.escape(w.casefold()) for w in words) + r"(?!\w)"
    return re.search(pattern, haystack) is not None


def mentions(text, name="", school=""):
    """What of the student's own identity the essay names, ignoring case: the student's first or
    last name (whole words), and the distinctive part of the school's name (e.g. "Goce Delčev"
    of "SOU Goce Delčev"), never its ordinary words ("school", "средно", "shkolla e mesme")."""
    haystack = (text or "").casefold()
    found = []
    name = (name or "").strip()
    parts = NAME_WORD.findall(name)
    if parts and (_found(parts, haystack) or any(len(part) >= 4 and _found([part], haystack) for part in parts)):
        found.append(name)
    distinctive = _distinctive(school)
    if distinctive and sum(len(w) for w in distinctive) >= 3 and _found(distinctive, haystack):
        found.append(" ".join(distinctive))
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


# Active content and external references, dropped from the jurors' copy ---------------------------

# PDF: actions that run or reach out, and where they hide.
PDF_DROPPED_KEYS = {"/OpenAction", "/AA", "/JS", "/JavaScript", "/EmbeddedFiles", "/AcroForm", "/XFA", "/URI"}
PDF_SAFE_ACTIONS = {"/GoTo"}  # a jump within the document
PDF_DROPPED_ANNOTATIONS = {"/FileAttachment", "/Screen", "/Movie", "/Sound", "/RichMedia", "/3D", "/Widget"}

# DOCX: parts that hold macros, embedded or ActiveX objects, toolbars bound to macros.
DOCX_DROPPED_PART = re.compile(
    r"(^|/)(vbaProject\.bin|vbaData\.xml|customizations\.xml|attachedToolbars\.bin)$|"
    r"^word/(embeddings|activeX)/|^(customUI|userCustomization)/|\.bin$",
    re.I,
)
DOCX_DROPPED_RELATIONS = (
    "vbaProject",
    "oleObject",
    "package",
    "control",
    "attachedTemplate",
    "activeX",
    "subDocument",
)
DOCX_DROPPED_ELEMENTS = re.compile(
    rb"<w:attachedTemplate\b[^>]*/>|<o:OLEObject\b[^>]*/>|<o:OLEObject\b.*?</o:OLEObject>|<w:control\b[^>]*/>",
    re.S,
)
# Fields that run (DDE) or fetch (INCLUDE…, LINK): their instructions are emptied.
DOCX_ACTIVE_FIELD_TEXT = re.compile(
    rb"(<w:instrText\b[^>]*>)\s*(?:DDE|DDEAUTO|INCLUDETEXT|INCLUDEPICTURE|LINK|IMPORT|HYPERLINK)\b[^<]*(</w:instrText>)",
    re.I,
)
DOCX_ACTIVE_FIELD_ATTRIBUTE = re.compile(
    rb'w:instr="\s*(?:DDE|DDEAUTO|INCLUDETEXT|INCLUDEPICTURE|LINK|IMPORT|HYPERLINK)\b[^"]*"', re.I
)
DOCX_MACRO_TYPES = (
    (
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    (
        b"application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
)
RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# ODT: macros, scripts, embedded objects, event handlers and links out.
ODT_DROPPED_PART = re.compile(r"^(Basic|Scripts|Object \d+|Objects)/|\.bin$", re.I)
ODT_DROPPED_ELEMENTS = re.compile(
    rb"<office:scripts\b.*?</office:scripts>|<office:scripts\b[^>]*/>|"
    rb"<office:event-listeners\b.*?</office:event-listeners>|<office:event-listeners\b[^>]*/>|"
    rb"<script:event-listener\b[^>]*/>",
    re.S,
)
EXTERNAL_HREF = re.compile(rb'\s(?:xlink:href|manifest:full-path)="(?:[a-z][a-z0-9+.-]*:|//|\.\./)[^"]*"', re.I)


def _clean_pdf_object(obj, seen):
    """Drop active content from a PDF object and everything it refers to, in place."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    if isinstance(obj, IndirectObject):
        key = (obj.idnum, obj.generation)
        if key in seen:
            return
        seen.add(key)
        obj = obj.get_object()
    if isinstance(obj, DictionaryObject):
        for key in list(obj.keys()):
            if key in PDF_DROPPED_KEYS or key == "/Launch":
                del obj[key]
        action = obj.get("/A")
        if action is not None and action.get_object().get("/S") not in PDF_SAFE_ACTIONS:
            del obj["/A"]
        if obj.get("/S") in PDF_SAFE_ACTIONS and "/Next" in obj:
            del obj["/Next"]
        annotations = obj.get("/Annots")
        if annotations is not None:
            kept = ArrayObject(
                a for a in annotations.get_object() if a.get_object().get("/Subtype") not in PDF_DROPPED_ANNOTATIONS
            )
            obj[_name("/Annots")] = kept
        names = obj.get("/Names")
        if names is not None and isinstance(names.get_object(), DictionaryObject):
            for key in ("/JavaScript", "/EmbeddedFiles"):
                if key in names.get_object():
                    del names.get_object()[key]
        for key, value in list(obj.items()):
            if key != "/Parent":
                _clean_pdf_object(value, seen)
    elif isinstance(obj, ArrayObject):
        for item in obj:
            _clean_pdf_object(item, seen)


def _name(value):
    from pypdf.generic import NameObject

    return NameObject(value)


def _clean_pdf(data):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.metadata = None
    root = writer.root_object
    for key in ("/Metadata", "/OpenAction", "/AA", "/AcroForm"):
        if key in root:
            del root[key]
    _clean_pdf_object(root, set())
    for page in writer.pages:
        _clean_pdf_object(page, set())
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _rels_source(rels_name):
    """The part a relationships part belongs to: word/_rels/document.xml.rels → word/document.xml."""
    folder, filename = posixpath.split(rels_name)
    return posixpath.join(posixpath.dirname(folder), filename.removesuffix(".rels"))


def _clean_relationships(rels_name, content, dropped_parts):
    """Relationships without external targets, nor ones to dropped parts or of an active kind;
    returns (content, ids removed)."""
    root = ElementTree.fromstring(content)
    base = posixpath.dirname(_rels_source(rels_name))
    removed = set()
    for relation in list(root):
        target = relation.get("Target", "")
        resolved = (
            posixpath.normpath(posixpath.join(base, target)).lstrip("/")
            if not target.startswith("/")
            else target.lstrip("/")
        )
        if (
            relation.get("TargetMode", "").lower() == "external"
            or "://" in target
            or relation.get("Type", "").rsplit("/", 1)[-1] in DOCX_DROPPED_RELATIONS
            or resolved in dropped_parts
        ):
            root.remove(relation)
            removed.add(relation.get("Id", ""))
    ElementTree.register_namespace("", RELATIONSHIPS.strip("{}"))
    return ElementTree.tostring(root, xml_declaration=True, encoding="UTF-8"), removed


def _clean_docx_part(name, content, removed_ids):
    content = AUTHOR_ATTRIBUTE.sub(rb'\1=""', content)
    content = DOCX_DROPPED_ELEMENTS.sub(b"", content)
    content = DOCX_ACTIVE_FIELD_TEXT.sub(rb"\1\2", content)
    content = DOCX_ACTIVE_FIELD_ATTRIBUTE.sub(b'w:instr=""', content)
    for rel_id in removed_ids:
        if rel_id:
            content = re.sub(
                rb'\s[\w]+:(?:id|link|embed|pict|href)="' + re.escape(rel_id.encode()) + rb'"', b"", content
            )
    if name == "[Content_Types].xml":
        for macro, plain in DOCX_MACRO_TYPES:
            content = content.replace(macro, plain)
    return content


def strip_metadata(data, file_type):
    """The jurors' clean copy of a file: without who wrote, edited or owns it (document
    properties, the authors of tracked changes and comments), and without anything that runs or
    reaches out: scripts and actions, macros, embedded and OLE objects, remote templates and
    every external reference."""
    if file_type == "pdf":
        return _clean_pdf(data)
    source = zipfile.ZipFile(io.BytesIO(data))
    _check_unpacked_size(source)
    budget = _Budget(max_bytes=MAX_UNPACKED_BYTES, max_characters=0, seconds=MAX_SECONDS * 2)
    parts = {info.filename: _read_part(source, info.filename, budget) for info in source.infolist()}
    dropped_pattern = DOCX_DROPPED_PART if file_type == "docx" else ODT_DROPPED_PART
    dropped = {name for name in parts if dropped_pattern.search(name)}
    removed_ids = {}
    if file_type == "docx":
        for name in [n for n in parts if n.endswith(".rels") and n not in dropped]:
            parts[name], removed_ids[_rels_source(name)] = _clean_relationships(name, parts[name], dropped)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            if name in dropped:
                continue
            if file_type == "docx":
                if name == "docProps/core.xml":
                    content = DOCX_CORE.encode()
                elif name == "docProps/app.xml":
                    content = DOCX_APP.encode()
                elif name == "docProps/custom.xml":
                    continue
                elif name == "[Content_Types].xml":
                    content = _clean_docx_part(name, content, set())
                    for part in dropped:
                        content = re.sub(
                            rb'<Override\s+PartName="/' + re.escape(part.encode()) + rb'"[^>]*/>', b"", content
                        )
                elif name.endswith(".xml"):
                    content = _clean_docx_part(name, content, removed_ids.get(name, set()))
            elif file_type == "odt":
                if name == "meta.xml":
                    content = ODT_META.encode()
                elif name.endswith(".xml"):
                    content = CREATOR_ELEMENT.sub(b"", content)
                    content = ODT_DROPPED_ELEMENTS.sub(b"", content)
                    if name == "META-INF/manifest.xml":
                        for part in dropped:
                            content = re.sub(
                                rb'<manifest:file-entry\b[^>]*manifest:full-path="'
                                + re.escape(part.encode())
                                + rb'"[^>]*/>',
                                b"",
                                content,
                            )
                    else:
                        content = EXTERNAL_HREF.sub(b"", content)
            compress = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            target.writestr(name, content, compress_type=compress)
    return out.getvalue()
