"""A new version of a competition's cached ranking whenever something it is made of changes:
a score, a score sheet (submitted, unlocked, a conflict declared), an entry (withdrawn,
disqualified, corrected), the ranking settings, or the competition page (its rubric and key
criterion). Bulk writes send no signals: essays/jury.py calls `ranking_changed` after them."""

from typing import Any

from django.db.models.signals import post_delete, post_save

from essays.models import Assignment, CompetitionPage, Entry, RankingSettings, Score
from essays.ranking import ranking_changed


def _changed(competition_key: Any) -> None:
    if competition_key is not None:
        ranking_changed(competition_key)


def score_changed(instance: Score, **kwargs: Any) -> None:
    key = Entry.objects.filter(assignments=instance.assignment_id).values_list("competition_key", flat=True).first()
    _changed(key)


def assignment_changed(instance: Assignment, **kwargs: Any) -> None:
    key = Entry.objects.filter(pk=instance.entry_id).values_list("competition_key", flat=True).first()
    _changed(key)


def entry_changed(instance: Entry, **kwargs: Any) -> None:
    _changed(instance.competition_key)


def settings_changed(instance: RankingSettings, **kwargs: Any) -> None:
    _changed(instance.competition_key)


def page_changed(instance: CompetitionPage, **kwargs: Any) -> None:
    _changed(instance.translation_key)


def connect() -> None:
    for model, receiver in (
        (Score, score_changed),
        (Assignment, assignment_changed),
        (Entry, entry_changed),
        (RankingSettings, settings_changed),
        (CompetitionPage, page_changed),
    ):
        name = model.__name__.lower()
        post_save.connect(receiver, sender=model, dispatch_uid=f"glas-ranking-{name}-save")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"glas-ranking-{name}-delete")
