"""StreamField blocks shared by every page type: the body of news, projects, events and standard
pages, and the lists of short items that consultations and projects use."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        required=False,
        max_length=250,
        help_text=_("Describe the image for people who cannot see it; leave empty if decorative."),
    )

    class Meta:
        icon = "image"
        template = "core/blocks/image_block.html"
        label = _("Image with caption")


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=120)
    images = blocks.ListBlock(ImageBlock(), label=_("Images"), min_num=2)

    class Meta:
        icon = "image"
        template = "core/blocks/gallery_block.html"
        label = _("Gallery")


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=150)

    class Meta:
        icon = "openquote"
        template = "core/blocks/quote_block.html"
        label = _("Quote")


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=150,
        help_text=_("Leave empty to use the document's title."),
    )

    class Meta:
        icon = "doc-full"
        template = "core/blocks/document_block.html"
        label = _("Document link")


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("Heading"),
        form_classname="title",
        icon="title",
        template="core/blocks/heading_block.html",
    )
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"],
    )
    image = ImageBlock()
    gallery = GalleryBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(label=_("Embedded media"), icon="media", template="core/blocks/embed_block.html")
    document = DocumentLinkBlock()


class ListItemsBlock(blocks.StreamBlock):
    """A plain list of short translatable items (target groups, goals, results)."""

    item = blocks.CharBlock(label=_("Item"), max_length=400)
