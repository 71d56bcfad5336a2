from essays.models.entries import Entry
from essays.models.jury import Assignment, Award, Score
from essays.models.pages import CompetitionIndexPage, CompetitionPage
from essays.models.ranking import RankingSettings

__all__ = ["Assignment", "Award", "CompetitionIndexPage", "CompetitionPage", "Entry", "RankingSettings", "Score"]
