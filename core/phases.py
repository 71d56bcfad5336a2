"""Phases from dates: a consultation or a competition is never told its phase, it reads it from
its dates. Both have four: before it opens, open, after it closes, and concluded (the report or
the results published); each app names them in its own vocabulary."""

from collections.abc import Sequence
from datetime import datetime
from typing import TypeVar

P = TypeVar("P")


def phase_at(
    now: datetime, opens_at: datetime, closes_at: datetime, concluded_at: datetime | None, phases: Sequence[P]
) -> P:
    """The phase at a moment, from `phases` = (upcoming, open, closed, concluded): open from
    `opens_at` (inclusive) until `closes_at` (exclusive), then closed until `concluded_at`, if one
    is set."""
    upcoming, open_, closed, concluded = phases
    if now < opens_at:
        return upcoming
    if now < closes_at:
        return open_
    if concluded_at is not None and now >= concluded_at:
        return concluded
    return closed


def first_after(now: datetime, *moments: datetime | None) -> datetime | None:
    """The earliest of the moments still to come (a page's next phase change), or None."""
    return min((moment for moment in moments if moment is not None and moment > now), default=None)
