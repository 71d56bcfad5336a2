"""Prizes and the rubric of a competition. A criterion is a StreamField block: its id is the same
in every translation of the page, so a juror's score names the same criterion in every language."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class PrizeBlock(blocks.StructBlock):
    place = blocks.IntegerBlock(label=_("Place"), min_value=1, help_text=_("1 for the first prize."))
    title = blocks.CharBlock(label=_("Prize"), max_length=200)
    amount = blocks.CharBlock(label=_("Amount or reward"), max_length=100, required=False)

    class Meta:
        icon = "trophy"
        label = _("Prize")


class CriterionBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Criterion"), max_length=120)
    description = blocks.TextBlock(label=_("What the jury looks for"), required=False)
    weight = blocks.DecimalBlock(label=_("Weight"), min_value=0, max_digits=5, decimal_places=2, default=1)
    max_points = blocks.IntegerBlock(label=_("Maximum points"), min_value=1, max_value=100, default=10)

    class Meta:
        icon = "list-ol"
        label = _("Criterion")


class PrizesBlock(blocks.StreamBlock):
    prize = PrizeBlock()


class RubricBlock(blocks.StreamBlock):
    criterion = CriterionBlock()
