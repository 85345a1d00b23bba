"""How the timeline shows time passing: where a year begins, the gaps worth marking, and the key day."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from .model import Event, PartialDate

# Where in its month a date known only to the month is placed when measuring a gap.
DAY_IN_MONTH = {"early": 5, "mid": 15, "late": 25, None: 1}
MARKED_FROM_DAYS = 7  # a shorter pause between two dates is not marked
APPROXIMATE_FROM_DAYS = 28  # nor a shorter one when a date is known only to the month: it could be much shorter


@dataclass(frozen=True, slots=True)
class Gap:
    """Time passed since the previous date on the timeline: '3 weeks', 'about 7 months'."""

    count: int
    unit: Literal["day", "week", "month", "year"]
    approximate: bool  # one of the two dates is known only to the month or the year


@dataclass(frozen=True, slots=True)
class DayMark:
    """What the timeline draws before and beside one date: a new year, a gap, the key day."""

    year: int | None  # the year, when this date is the first of its year on the timeline
    gap: Gap | None  # the time since the previous date, when it is long enough to mark
    key: bool  # this is the story's key day (site.key_date)


def anchor(event: Event) -> str:
    """The date group an event belongs to, as the timeline's anchors name it: '2022-09-21', '2022-09-mid'."""
    return "-".join(filter(None, (event.date.iso, event.qualifier)))


def placed(day: PartialDate, qualifier: str | None) -> date:
    """A calendar day to measure from: the date itself, or a day in its month or year."""
    return date(day.year, day.month or 1, day.day or DAY_IN_MONTH.get(qualifier, 1))


def gap_between(earlier: Event, later: Event) -> Gap | None:
    """The gap between two events' dates in the unit a reader would use, or None when it is short."""
    days = (placed(later.date, later.qualifier) - placed(earlier.date, earlier.qualifier)).days
    approximate = earlier.date.precision != "day" or later.date.precision != "day"
    if days < (APPROXIMATE_FROM_DAYS if approximate else MARKED_FROM_DAYS):
        return None
    if days < 60:
        return Gap(round(days / 7), "week", approximate) if days >= 14 else Gap(days, "day", approximate)
    months = round(days / 30.44)
    return Gap(months, "month", approximate) if months < 24 else Gap(round(days / 365.25), "year", approximate)


def day_marks(events: Iterable[Event], key_date: PartialDate | None) -> dict[str, DayMark]:
    """For each date group on the timeline (by anchor), its year break, gap and whether it is the key day."""
    marks: dict[str, DayMark] = {}
    previous: Event | None = None
    for event in events:
        group = anchor(event)
        if group not in marks:
            new_year = previous is None or previous.date.year != event.date.year
            marks[group] = DayMark(event.date.year if new_year else None,
                                   gap_between(previous, event) if previous else None,
                                   key_date is not None and event.date == key_date and not event.qualifier)
        previous = event
    return marks
