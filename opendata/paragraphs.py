"""A consultation's draft as rows of data: one row per paragraph, with its section. The API's
paragraphs endpoint and the open-data download both read these rows, so that the two never
differ. Each row names the version of the draft it belongs to."""

from typing import Any

from consultations.drafts import plain_text
from consultations.models.versions import newest_number
from consultations.versions import numbered_paragraphs

# The columns of a paragraph row, in order: the API's field names and the CSV's header.
PARAGRAPH_COLUMNS = ("version", "section_number", "section_heading", "paragraph_number", "paragraph_id", "text")


def consultation_paragraphs(page: Any) -> list[dict[str, Any]]:
    """Every paragraph of the page's draft, in order: the version of the draft it is (the current
    one), its section's number (0 for the paragraphs before the first heading) and heading, its
    number in the document, its block id (which every language version and every version of the
    draft share, and which comments name as `paragraph_id`) and its plain text."""
    current = newest_number(page)
    return [
        {
            "version": current,
            "section_number": section.number,
            "section_heading": section.heading,
            "paragraph_number": paragraph.number,
            "paragraph_id": paragraph.block_id,
            "text": plain_text(paragraph.text),
        }
        for section in page.sections()
        for paragraph in section.paragraphs
    ]


def version_paragraphs(number: int, blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The same rows for a kept version of the draft (consultations/versions.py)."""
    return [
        {
            "version": number,
            "section_number": paragraph.section_number,
            "section_heading": paragraph.section_heading,
            "paragraph_number": paragraph.number,
            "paragraph_id": paragraph.block_id,
            "text": paragraph.text,
        }
        for paragraph in numbered_paragraphs(blocks)
    ]
