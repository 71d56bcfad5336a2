"""Versions of a consultation's draft (consultations/models/versions.py): keeping each version's
text per language when the page is published, the list of versions a reader sees, and the
comparison of two versions paragraph by paragraph with word-level insertions and deletions.

Paragraphs are matched by their StreamField block id, which every version and every translation
share, so a comment stays beside its paragraph whatever changed around it."""

import difflib
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Q

from consultations.choices import Decision, Status
from consultations.drafts import plain_text
from consultations.models.comments import Comment
from consultations.models.versions import DraftVersionText, newest_row


def raw_blocks(page: Any) -> list[dict[str, Any]]:
    """The page's draft as plain data: a list of {id, type, value}."""
    return [{"id": block["id"], "type": block["type"], "value": block["value"]} for block in page.draft.raw_data]


def keep_published_text(page: Any) -> DraftVersionText:
    """On publishing: the page's draft becomes the text of its newest version in its language.
    Texts of older versions are never written again: they are the record of what was consulted."""
    row = newest_row(page)
    text, _created = DraftVersionText.objects.update_or_create(
        consultation_key=page.translation_key,
        number=row.number if row else 1,
        language=page.locale.language_code,
        defaults={"blocks": raw_blocks(page), "version_key": row.translation_key if row else None},
    )
    return text


def first_published(page: Any) -> datetime | None:
    """The day of a first version that has no row of its own: when the page was first published,
    or when the consultation opened if that was earlier (a page moved or imported later)."""
    dates = [value for value in (page.first_published_at, page.opens_at) if value]
    return min(dates, default=None)


@dataclass
class VersionInfo:
    number: int
    published_at: datetime | None
    summary: str
    available: bool  # its text exists in the reader's language
    current: bool = False


def version_list(page: Any) -> list[VersionInfo]:
    """Every version of the consultation, oldest first, with the summary in the page's language
    and whether its text can be read in that language. Two queries."""
    language = page.locale.language_code
    texts = list(
        DraftVersionText.objects.filter(consultation_key=page.translation_key).values_list("number", "language")
    )
    kept = {number for number, text_language in texts if text_language == language}
    all_numbers = {number for number, _language in texts}
    rows = {row.number: row for row in page.draft_versions.all() if row.number}
    versions = []
    for number in sorted(all_numbers | set(rows)):
        row = rows.get(number)
        published = row.published_at if row else (first_published(page) if number == 1 else None)
        versions.append(
            VersionInfo(
                number=number,
                published_at=published,
                summary=row.summary if row else "",
                available=number in kept,
            )
        )
    if versions:
        versions[-1].current = True
    return versions


@dataclass
class NumberedParagraph:
    number: int
    block_id: str
    html: str
    text: str
    section_number: int
    section_heading: str


def numbered_paragraphs(blocks: list[dict[str, Any]]) -> list[NumberedParagraph]:
    """The paragraphs of a kept draft, numbered as the page numbers them (page.sections())."""
    paragraphs: list[NumberedParagraph] = []
    section_number, heading = 0, ""
    for block in blocks:
        if block["type"] == "section":
            section_number += 1
            heading = block["value"]
            continue
        paragraphs.append(
            NumberedParagraph(
                number=len(paragraphs) + 1,
                block_id=block["id"],
                html=block["value"],
                text=plain_text(block["value"]),
                section_number=section_number,
                section_heading=heading,
            )
        )
    return paragraphs


def version_text(page: Any, number: int) -> list[dict[str, Any]] | None:
    """The kept draft of version `number` in the page's language, or None."""
    kept = DraftVersionText.objects.filter(
        consultation_key=page.translation_key, number=number, language=page.locale.language_code
    ).first()
    return kept.blocks if kept else None


# Words, runs of white space and single punctuation marks: a word diff keeps spaces as they were.
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


@dataclass
class Segment:
    kind: str  # "same", "inserted" or "deleted"
    text: str


def word_diff(before: str, after: str) -> list[Segment]:
    """The words of `after` with those added and those taken from `before` marked, in order."""
    old, new = _TOKENS.findall(before), _TOKENS.findall(after)
    segments: list[Segment] = []

    def add(kind: str, tokens: list[str]) -> None:
        if not tokens:
            return
        if segments and segments[-1].kind == kind:
            segments[-1].text += "".join(tokens)
        else:
            segments.append(Segment(kind, "".join(tokens)))

    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            add("same", old[i1:i2])
        else:
            add("deleted", old[i1:i2])
            add("inserted", new[j1:j2])
    return segments


@dataclass
class ParagraphChange:
    kind: str  # "same", "changed", "added" or "removed"
    block_id: str
    before: NumberedParagraph | None
    after: NumberedParagraph | None
    segments: list[Segment] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)  # answered comments that led to the change

    @property
    def old_side(self) -> list[Segment]:
        return [segment for segment in self.segments if segment.kind != "inserted"]

    @property
    def new_side(self) -> list[Segment]:
        return [segment for segment in self.segments if segment.kind != "deleted"]

    @property
    def section_heading(self) -> str:
        return (self.after or self.before).section_heading  # type: ignore[union-attr]

    @property
    def section_number(self) -> int:
        return (self.after or self.before).section_number  # type: ignore[union-attr]


@dataclass
class Comparison:
    earlier: int
    later: int
    paragraphs: list[ParagraphChange]

    def count(self, kind: str) -> int:
        return sum(1 for paragraph in self.paragraphs if paragraph.kind == kind)

    @property
    def changed(self) -> int:
        return self.count("changed")

    @property
    def added(self) -> int:
        return self.count("added")

    @property
    def removed(self) -> int:
        return self.count("removed")

    @property
    def comment_count(self) -> int:
        return sum(len(paragraph.comments) for paragraph in self.paragraphs)


ACCEPTED = (Decision.ACCEPTED, Decision.PARTLY)


def comments_behind_changes(page: Any, block_ids: list[str], earlier: int, later: int) -> dict[str, list[Comment]]:
    """Block id → the published, answered comments that changed that paragraph in a version after
    `earlier` up to `later`: accepted (or partly) and pointing at it, written on an earlier version."""
    if not block_ids:
        return {}
    comments = (
        Comment.objects.for_consultation(page)
        .filter(status=Status.PUBLISHED, decision__in=ACCEPTED, response_paragraph_id__in=block_ids)
        .filter(Q(draft_version__lt=later) | Q(draft_version__isnull=True))
        .exclude(draft_version__lt=earlier)
        .order_by("created_at", "pk")
    )
    found: dict[str, list[Comment]] = {}
    for comment in comments:
        found.setdefault(comment.response_paragraph_id, []).append(comment)
    return found


def compare(page: Any, earlier: int, later: int, with_comments: bool = True) -> Comparison | None:
    """Version `earlier` against version `later` in the page's language, paragraph by paragraph in
    the order of the later one, removed paragraphs where they stood. None when either text is
    missing in this language."""
    before_blocks, after_blocks = version_text(page, earlier), version_text(page, later)
    if before_blocks is None or after_blocks is None:
        return None
    before = numbered_paragraphs(before_blocks)
    after = numbered_paragraphs(after_blocks)
    before_by_id = {paragraph.block_id: paragraph for paragraph in before}
    after_ids = {paragraph.block_id for paragraph in after}
    changes: list[ParagraphChange] = []
    # Removed paragraphs go after the paragraph that preceded them in the earlier version.
    removed_after: dict[str | None, list[NumberedParagraph]] = {}
    previous: str | None = None
    for paragraph in before:
        if paragraph.block_id in after_ids:
            previous = paragraph.block_id
        else:
            removed_after.setdefault(previous, []).append(paragraph)

    def add_removed(anchor: str | None) -> None:
        for gone in removed_after.get(anchor, []):
            changes.append(ParagraphChange("removed", gone.block_id, gone, None, [Segment("deleted", gone.text)]))

    add_removed(None)
    for paragraph in after:
        old = before_by_id.get(paragraph.block_id)
        if old is None:
            changes.append(
                ParagraphChange("added", paragraph.block_id, None, paragraph, [Segment("inserted", paragraph.text)])
            )
        elif old.text != paragraph.text:
            changes.append(
                ParagraphChange("changed", paragraph.block_id, old, paragraph, word_diff(old.text, paragraph.text))
            )
        else:
            changes.append(
                ParagraphChange("same", paragraph.block_id, old, paragraph, [Segment("same", paragraph.text)])
            )
        if old is not None:
            add_removed(paragraph.block_id)
    if with_comments:
        touched = [change.block_id for change in changes if change.kind in ("changed", "added")]
        behind = comments_behind_changes(page, touched, earlier, later)
        for change in changes:
            change.comments = behind.get(change.block_id, [])
    return Comparison(earlier=earlier, later=later, paragraphs=changes)


@dataclass
class VersionChanges:
    version: VersionInfo
    comparison: Comparison | None


def changes_by_version(page: Any, versions: list[VersionInfo] | None = None) -> list[VersionChanges]:
    """For the report: each version after the first against the one before it, in the page's
    language, with the comments that led to its changes."""
    versions = version_list(page) if versions is None else versions
    return [
        VersionChanges(version=later, comparison=compare(page, earlier.number, later.number))
        for earlier, later in zip(versions, versions[1:], strict=False)
    ]
