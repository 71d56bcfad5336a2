"""Phases come from the dates, with the boundaries where people expect them: one function for
consultations and competitions, each in its own words."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from consultations.choices import PHASES as CONSULTATION_PHASES
from consultations.choices import Phase
from core.phases import first_after, phase_at
from essays.choices import PHASES as COMPETITION_PHASES
from essays.choices import Phase as CompetitionPhase

SKOPJE = ZoneInfo("Europe/Skopje")
OPENS = datetime(2026, 12, 1, 0, 0, tzinfo=SKOPJE)
CLOSES = datetime(2026, 12, 31, 23, 59, tzinfo=SKOPJE)
REPORT = datetime(2027, 2, 1, 12, 0, tzinfo=SKOPJE)
SECOND = timedelta(seconds=1)


@pytest.mark.parametrize(
    "now,expected",
    [
        (OPENS - SECOND, Phase.UPCOMING),
        (OPENS, Phase.OPEN),
        (CLOSES - SECOND, Phase.OPEN),
        (CLOSES, Phase.CLOSED),
        (REPORT - SECOND, Phase.CLOSED),
        (REPORT, Phase.REPORT_PUBLISHED),
    ],
)
def test_consultation_phase_at_the_boundaries(now, expected):
    assert phase_at(now, OPENS, CLOSES, REPORT, CONSULTATION_PHASES) == expected


@pytest.mark.parametrize(
    "now,expected",
    [
        (OPENS - SECOND, CompetitionPhase.UPCOMING),
        (OPENS, CompetitionPhase.OPEN),
        (CLOSES - SECOND, CompetitionPhase.OPEN),
        (CLOSES, CompetitionPhase.JUDGING),
        (REPORT - SECOND, CompetitionPhase.JUDGING),
        (REPORT, CompetitionPhase.RESULTS),
    ],
)
def test_competition_phase_at_the_boundaries(now, expected):
    assert phase_at(now, OPENS, CLOSES, REPORT, COMPETITION_PHASES) == expected


def test_closed_stays_closed_without_a_report():
    assert phase_at(CLOSES + timedelta(days=400), OPENS, CLOSES, None, CONSULTATION_PHASES) == Phase.CLOSED


def test_boundaries_hold_across_time_zones():
    # Midnight in Skopje is 23:00 UTC the day before (winter time).
    just_before = datetime(2026, 11, 30, 22, 59, 59, tzinfo=ZoneInfo("UTC"))
    assert phase_at(just_before, OPENS, CLOSES, None, CONSULTATION_PHASES) == Phase.UPCOMING
    assert phase_at(just_before + SECOND, OPENS, CLOSES, None, CONSULTATION_PHASES) == Phase.OPEN


def test_next_change_is_the_first_moment_still_to_come():
    assert first_after(OPENS, OPENS - SECOND, CLOSES, REPORT, None) == CLOSES
    assert first_after(REPORT, OPENS, CLOSES, REPORT) is None
