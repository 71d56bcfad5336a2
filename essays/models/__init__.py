from essays.models.entries import Entry
from essays.models.jury import Assignment, Score
from essays.models.pages import CompetitionIndexPage, CompetitionPage

__all__ = ["Assignment", "CompetitionIndexPage", "CompetitionPage", "Entry", "Score"]
