from essays.models.entries import Entry
from essays.models.pages import CompetitionIndexPage, CompetitionPage

__all__ = ["CompetitionIndexPage", "CompetitionPage", "Entry"]
