"""The jury's work: which juror reads which entry, conflicts of interest, and the scores."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from essays.choices import EntryStatus


class AssignmentQuerySet(models.QuerySet):
    def active(self):
        """Assignments that count: no conflict declared, entry still in the competition."""
        return self.filter(conflict_declared_at=None, entry__status=EntryStatus.SUBMITTED)


class Assignment(models.Model):
    entry = models.ForeignKey("essays.Entry", on_delete=models.CASCADE, related_name="assignments")
    juror = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jury_assignments")
    assigned_at = models.DateTimeField(default=timezone.now)
    conflict_declared_at = models.DateTimeField(_("conflict of interest declared"), null=True, blank=True)
    conflict_reason = models.TextField(_("conflict of interest"), blank=True)
    overall_comment = models.TextField(_("overall comment"), blank=True)
    submitted_at = models.DateTimeField(_("scores submitted"), null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("jury assignment")
        constraints = [models.UniqueConstraint(fields=["entry", "juror"], name="one_assignment_per_juror_and_entry")]

    def __str__(self):
        return f"{self.juror} · {self.entry.jury_code}"

    @property
    def entry_title(self):
        return f"{self.entry.jury_code} · {self.entry.title}"

    @property
    def has_conflict(self):
        return self.conflict_declared_at is not None

    @property
    def is_submitted(self):
        return self.submitted_at is not None


class Score(models.Model):
    """One juror's points for one criterion of one entry. The criterion is named by its rubric
    block id, which every language version of the competition shares."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion_id = models.CharField(max_length=64)
    points = models.PositiveSmallIntegerField(_("points"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("score")
        constraints = [models.UniqueConstraint(fields=["assignment", "criterion_id"], name="one_score_per_criterion")]


class Award(models.Model):
    """A prize or an honourable mention, confirmed by the coordinator."""

    entry = models.OneToOneField("essays.Entry", on_delete=models.CASCADE, related_name="award")
    place = models.PositiveSmallIntegerField(_("place"), null=True, blank=True)
    honourable_mention = models.BooleanField(_("honourable mention"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("award")
        ordering = ["honourable_mention", "place"]

    def public_byline(self):
        """Who wrote the winning essay, as the results page shows it: the name and school with
        the student's consent; otherwise only the entry's code (initials and a school identify a
        minor in a small town)."""
        if self.entry.publish_name:
            return f"{self.entry.name}, {self.entry.school}"
        return _("Entry %(code)s") % {"code": self.entry.jury_code}
