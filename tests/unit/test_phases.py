"""Consultation phases come from the dates, with the boundaries where people expect them."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from consultations.phases import Phase, phase_at

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
def test_phase_at_the_boundaries(now, expected):
    assert phase_at(now, OPENS, CLOSES, REPORT) == expected


def test_closed_stays_closed_without_a_report():
    assert phase_at(CLOSES + timedelta(days=400), OPENS, CLOSES, None) == Phase.CLOSED


def test_boundaries_hold_across_time_zones():
    # Midnight in Skopje is 23:00 UTC the day before (winter time).
    just_before = datetime(2026, 11, 30, 22, 59, 59, tzinfo=ZoneInfo("UTC"))
    assert phase_at(just_before, OPENS, CLOSES) == Phase.UPCOMING
    assert phase_at(just_before + SECOND, OPENS, CLOSES) == Phase.OPEN
