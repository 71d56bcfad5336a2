"""Model fields that several apps declare alike."""

from django.db import models


def image_field(verbose_name: str) -> models.ForeignKey:
    """An optional picture from the image library; deleting the picture keeps the page."""
    return models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
