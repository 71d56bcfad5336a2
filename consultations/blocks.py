"""The draft document of a consultation: a flat stream of section headings and paragraphs.

Each paragraph is a top-level StreamField block, so its block id is stable and shared by every
translation (wagtail-localize keeps block ids): comments are anchored to that id.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class DraftBlock(blocks.StreamBlock):
    section = blocks.CharBlock(
        label=_("Section heading"), icon="title", help_text=_("Starts a new section of the draft.")
    )
    paragraph = blocks.RichTextBlock(label=_("Paragraph"), features=["bold", "italic", "link", "ol", "ul"])
