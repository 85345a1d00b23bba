"""How the timeline shows time: year breaks, gaps in the unit a reader would use, the key day."""

from __future__ import annotations

from explainer.model import Event, Markdown, PartialDate
from explainer.timeline_view import Gap, day_marks, gap_between


def event(iso: str, qualifier: str | None = None, id: str = "") -> Event:
    parts = [int(p) for p in iso.split("-")]
    return Event(id or f"e-{iso}-{qualifier}", PartialDate(*parts), "Title", Markdown("Text."), "context", (),
                 qualifier=qualifier)


def test_gaps_are_marked_in_days_weeks_months_or_years_and_short_ones_not_at_all():
    assert gap_between(event("2022-09-20"), event("2022-09-23")) is None
    assert gap_between(event("2022-09-01"), event("2022-09-10")) == Gap(9, "day", False)
    assert gap_between(event("2022-09-01"), event("2022-09-22")) == Gap(3, "week", False)
    assert gap_between(event("2022-02-24"), event("2022-08-29")) == Gap(6, "month", False)
    assert gap_between(event("2014-03-16"), event("2022-02-24")) == Gap(8, "year", False)


def test_a_date_known_only_to_the_month_makes_the_gap_approximate_and_a_short_one_unmarked():
    assert gap_between(event("2022-08-29"), event("2022-09", "early")) is None, "early September may be the 1st"
    assert gap_between(event("2022-06", "mid"), event("2022-09-21")) == Gap(3, "month", True)
    assert gap_between(event("2014"), event("2022-02-24")) == Gap(8, "year", True)


def test_each_date_group_gets_its_year_break_gap_and_key_day():
    events = [event("2014-03-16"), event("2022-02-24"), event("2022-09", "early"), event("2022-09-21", id="a"),
              event("2022-09-21", id="b"), event("2022-09-23")]
    marks = day_marks(events, PartialDate(2022, 9, 21))
    assert list(marks) == ["2014-03-16", "2022-02-24", "2022-09-early", "2022-09-21", "2022-09-23"]
    assert [m.year for m in marks.values()] == [2014, 2022, None, None, None]
    assert [m.key for m in marks.values()] == [False, False, False, True, False]
    assert [m.gap for m in marks.values()] == [None, Gap(8, "year", False), Gap(6, "month", True), None, None]
    assert not any(m.key for m in day_marks(events, None).values())
