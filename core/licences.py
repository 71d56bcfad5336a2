"""Licences under which a site's open data may be published: the consultations' comments,
answers and figures in the API and the download. Their names are the licences' own, the same in
every language; each has the address of its legal text."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Licence(models.TextChoices):
    CC_BY = "CC-BY-4.0", "Creative Commons Attribution 4.0 International (CC BY 4.0)"
    CC_BY_SA = "CC-BY-SA-4.0", "Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0)"
    CC0 = "CC0-1.0", "Creative Commons Zero 1.0 Universal (CC0 1.0)"
    ODC_BY = "ODC-BY-1.0", "Open Data Commons Attribution License 1.0 (ODC-By)"


DEFAULT_LICENCE = Licence.CC_BY

LICENCE_URLS = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
    Licence.ODC_BY: "https://opendatacommons.org/licenses/by/1-0/",
}


def licence_url(code: str) -> str:
    return LICENCE_URLS.get(Licence(code), "") if code in Licence.values else ""


def licence_name(code: str) -> str:
    return Licence(code).label if code in Licence.values else code


def licence_field() -> models.CharField:
    """The licence of a page's open data (its identifier is the SPDX one)."""
    return models.CharField(
        _("licence of the open data"),
        max_length=20,
        choices=Licence.choices,
        default=DEFAULT_LICENCE,
        help_text=_("Under which terms others may reuse the published comments, answers and figures."),
    )
