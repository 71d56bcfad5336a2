"""Fixed vocabularies of essay competitions."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Phase(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open for entries")
    JUDGING = "judging", _("Judging")
    RESULTS = "results", _("Results published")


# In the order of core.phases.phase_at: upcoming, open, closed (judging), concluded (results).
PHASES = (Phase.UPCOMING, Phase.OPEN, Phase.JUDGING, Phase.RESULTS)


class EntryStatus(models.TextChoices):
    AWAITING_GUARDIAN = "awaiting-guardian", _("Waiting for the guardian's consent")
    SUBMITTED = "submitted", pgettext_lazy("entry status", "Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DISQUALIFIED = "disqualified", _("Disqualified")


class Normalisation(models.TextChoices):
    NONE = "none", _("None: the mean of the jurors' weighted totals")
    ZSCORE = "zscore", _("Per-juror z-score, rescaled to the rubric's range")


# Languages an essay may be written in (wider than the site's languages).
ESSAY_LANGUAGES = [
    ("mk", _("Macedonian")),
    ("sq", _("Albanian")),
    ("bg", _("Bulgarian")),
    ("en", _("English")),
    ("tr", _("Turkish")),
    ("sr", _("Serbian")),
    ("bs", _("Bosnian")),
    ("rom", _("Romani")),
]

FILE_TYPES = [
    ("pdf", "PDF"),
    ("docx", "DOCX (Word)"),
    ("odt", "ODT (LibreOffice, OpenOffice)"),
]
