"""A consultation's draft as rows of data: one row per paragraph, with its section. The API's
paragraphs endpoint and the open-data download both read these rows, so that the two never
differ. A row names the draft it comes from only by the page given: when a consultation has
several versions of its draft, the caller passes the version's page (or its draft) instead."""

from typing import Any

from consultations.drafts import plain_text

# The columns of a paragraph row, in order: the API's field names and the CSV's header.
PARAGRAPH_COLUMNS = ("section_number", "section_heading", "paragraph_number", "paragraph_id", "text")


def consultation_paragraphs(page: Any) -> list[dict[str, Any]]:
    """Every paragraph of the page's draft, in order: its section's number (0 for the paragraphs
    before the first heading) and heading, its number in the document, its block id (which every
    language version shares, and which comments name as `paragraph_id`) and its plain text."""
    return [
        {
            "section_number": section.number,
            "section_heading": section.heading,
            "paragraph_number": paragraph.number,
            "paragraph_id": paragraph.block_id,
            "text": plain_text(paragraph.text),
        }
        for section in page.sections()
        for paragraph in section.paragraphs
    ]
