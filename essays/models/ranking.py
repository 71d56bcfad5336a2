"""How a competition's entries are ranked, set by the coordinators beside the ranking (not on the
public page, so that changing it needs no republishing): one row per competition, shared by every
language version of its page."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from essays.choices import Normalisation


class RankingSettingsQuerySet(models.QuerySet):
    def for_competition(self, page):
        """The competition's settings, made with the defaults if it has none yet (unsaved)."""
        found = self.filter(competition_key=page.translation_key).first()
        return found or RankingSettings(competition_key=page.translation_key)


class RankingSettings(models.Model):
    competition_key = models.UUIDField(unique=True, editable=False)
    normalisation = models.CharField(
        _("normalisation"), max_length=10, choices=Normalisation.choices, default=Normalisation.NONE
    )
    min_scores_for_normalisation = models.PositiveSmallIntegerField(
        _("scores a juror needs before being normalised"), default=5
    )
    changed_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = RankingSettingsQuerySet.as_manager()

    class Meta:
        verbose_name = _("ranking settings")
        verbose_name_plural = _("ranking settings")

    def __str__(self):
        return f"{self.competition_key} · {self.normalisation}"

    @property
    def normalised(self):
        return self.normalisation == Normalisation.ZSCORE
