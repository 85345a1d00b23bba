"""A timeline from a spreadsheet: content/timeline.csv in the columns of Knight Lab's TimelineJS template, with
the explainer's own fields as extra columns, read into the marked data timeline.yaml gives (see docs/content.md).

Positions are the spreadsheet's: a row is a record (the header is row 1, a quoted cell may span several text lines,
a blank line is an empty row, as a spreadsheet shows it) and a column is its number (printed as its letter)."""

from __future__ import annotations

import calendar
import csv
import re
from bisect import bisect_right
from dataclasses import MISSING, fields

from .archieml import ids as listed_ids
from .model import Event
from .problems import Position, Problem, column_letter, did_you_mean
from .strict_yaml import MarkedDict, MarkedList

# The columns that hold each field of an event: the first is its own; Group stands for Category, Places for Regions.
HOLDERS = {"id": ("ID",), "date": ("Year",), "time": ("Time",), "title": ("Headline",), "summary": ("Text",),
           "category": ("Category", "Group"), "sources": ("Sources",), "people": ("People",),
           "regions": ("Regions", "Places"), "qualifier": ("Qualifier",), "featured": ("Featured",)}
DATE_PARTS = ("Month", "Day")  # with Year, the event's date
LISTS = ("sources", "people", "regions")  # ids, separated by commas
# TimelineJS's columns the explainer has no place for, with why: a value in one is a note, never dropped silently.
UNUSED = {**dict.fromkeys(("End Year", "End Month", "End Day", "End Time"),
                          "an event has one date; say how long it lasted in the Text"),
          "Display Date": "the explainer writes the date from Year, Month, Day and Qualifier",
          **dict.fromkeys(("Media", "Media Credit", "Media Caption", "Media Thumbnail", "Alt Text", "Background"),
                          "the explainer's timeline shows no media"),
          "Group": "the Category column gives the category"}
TYPE = "Type"  # TimelineJS's: blank for an event, 'title' or 'era' for a slide the explainer makes itself
COLUMNS = (*(name for names in HOLDERS.values() for name in names), *DATE_PARTS, *UNUSED, TYPE)
WHOLE = re.compile(r"\d{1,4}", re.ASCII)
CSV_HINT = ("wrap a cell that holds a comma, a quotation mark or a line break in double quotes, and double "
            "each quotation mark inside it")

EVENT_FIELDS = {f.name: f for f in fields(Event)}  # read once: every empty cell asks


class MarkedRow(MarkedDict):
    """A row as timeline.yaml's item: each field at its cell, the header of the column that holds it (problems name
    it), and the fields whose cells the sheet already found wrong (a bad Day makes no date: no 'missing date' too)."""

    __slots__ = ("columns", "reported")
    columns: dict[str, str]
    reported: set[str]


class Sheet(MarkedList):
    """The rows of a timeline.csv as timeline.yaml's list, with the problems reading its cells found (validate
    reports them with its own) and where each cell starts in the text."""

    __slots__ = ("problems", "starts", "cells")
    problems: list[Problem]
    starts: list[int]  # the character of the text where each cell's value starts, ascending
    cells: list[Position]  # the row and column of each

    def cell_at(self, offset: int) -> Position:
        """The row and column of the cell a character of the text is in."""
        return self.cells[max(bisect_right(self.starts, offset) - 1, 0)]


class Lines:
    """The text's lines for csv.reader, which reads no further than the record it makes: `end` is where that
    record ends."""

    def __init__(self, text: str) -> None:
        self.text, self.end = text, 0

    def __iter__(self) -> Lines:
        return self

    def __next__(self) -> str:
        if self.end >= len(self.text):
            raise StopIteration
        start, self.end = self.end, (self.text.find("\n", self.end) + 1) or len(self.text)
        return self.text[start:self.end]


def holds_timeline(file: str) -> bool:
    """True for the timeline's spreadsheet: timeline.csv, or a .csv in a timeline/ folder (any other .csv holds
    a chart's rows)."""
    parts = file.split("/")
    return parts[-1] == "timeline.csv" or len(parts) > 1 and parts[-2] == "timeline"


def read_sheet(text: str, file: str) -> tuple[Sheet | None, list[Problem]]:
    """A timeline.csv's rows as timeline.yaml's items, or the problem that keeps the CSV from being read."""
    rows, starts = [], []
    lines = Lines(text)
    reader = csv.reader(lines, strict=True)
    start = 0
    try:
        for cells in reader:
            rows.append(cells)
            starts.append(cell_starts(text, start, cells))
            start = lines.end
    except csv.Error as error:
        return None, [Problem(file, len(rows) + 1, 0, f"the row is not valid CSV: {error}", CSV_HINT)]
    sheet = Sheet()
    sheet.pos, sheet.item_pos, sheet.item_at, sheet.problems = Position(1, 1), [], [], []
    sheet.starts = [at for row in starts for at in row]
    sheet.cells = [Position(number, col) for number, row in enumerate(starts, 1) for col in range(1, len(row) + 1)]
    header = header_columns(rows[0], rows[1:], file, sheet.problems)
    if header is None:
        return sheet, []
    for number, (cells, at) in enumerate(zip(rows[1:], starts[1:]), 2):
        if any(cell.strip() for cell in cells) and is_event(cells, number, header, file, sheet.problems):
            sheet.append(event_row(cells, at, number, header, file, sheet.problems))
            sheet.item_pos.append(Position(number, 1))
            sheet.item_at.append(at[0])
    sheet.problems += unused(rows[1:], header, file)
    return sheet, []


def cell_starts(text: str, start: int, cells: list[str]) -> list[int]:
    """Where each cell's value starts in the text, for a record that starts at `start`."""
    found = []
    for value in cells:
        quoted = text.startswith('"', start)
        found.append(start + quoted)
        start += (len(value) + value.count('"') + 2 if quoted else len(value)) + 1  # and the comma
    return found


def header_columns(header: list[str], rows: list[list[str]], file: str,
                   problems: list[Problem]) -> dict[str, int] | None:
    """Each column's name by its place (0-based), or None when a column an event needs is missing: one problem
    for each such column, and none for each row."""
    by_name: dict[str, int] = {}
    canonical = {name.casefold(): name for name in COLUMNS}
    for index, written in enumerate(header):
        name = canonical.get(" ".join(written.split()).casefold())
        where = (file, 1, index + 1)
        if not written.strip():
            if any(index < len(row) and row[index].strip() for row in rows):
                problems.append(Problem(*where, "the column has no name", "write its name in row 1, e.g. 'People'"))
        elif name is None:
            problems.append(Problem(*where, f"unknown column '{written.strip()}'",
                                    did_you_mean(written.strip(), COLUMNS)))
        elif name in by_name:
            problems.append(Problem(*where, f"the column '{name}' is there twice (first in column "
                                    f"{column_letter(by_name[name] + 1)})", "keep one of them"))
        else:
            by_name[name] = index
    for field_name, holders in HOLDERS.items():
        if len(found := [name for name in holders if name in by_name]) == 2 and "Group" not in found:
            problems.append(Problem(file, 1, by_name[found[1]] + 1, f"the columns '{found[0]}' and '{found[1]}' "
                                    f"both hold the {field_name}", "keep one of them"))
    missing = [f for f in EVENT_FIELDS.values() if f.default is MISSING and not set(HOLDERS[f.name]) & set(by_name)]
    for f in missing:
        problems.append(Problem(file, 1, len(header) + 1, f"the column '{HOLDERS[f.name][0]}' is missing",
                                f"add it: {f.metadata['doc'].rstrip('.')}"))
    return None if missing else by_name


def is_event(cells: list[str], number: int, header: dict[str, int], file: str, problems: list[Problem]) -> bool:
    """An event's row: its Type is blank. A TimelineJS title or era slide is a note, as the explainer makes its own."""
    kind = cell(cells, header.get(TYPE)).strip().casefold()
    where = (file, number, header.get(TYPE, 0) + 1)
    if kind in ("title", "era"):
        problems.append(Problem(*where, f"Type: the row is TimelineJS's {kind} slide, which the explainer does "
                                "not show", "the headline comes from site.yaml, and the timeline has no eras; delete the row if you like",
                                "note"))
    elif kind:
        problems.append(Problem(*where, f"Type: expected an empty cell for an event, got '{kind}'",
                                "leave Type empty (TimelineJS's 'title' and 'era' rows are left out)"))
    return not kind


def cell(cells: list[str], index: int | None) -> str:
    """A row's cell in a column, empty where the row stops short or the column is not there."""
    return cells[index] if index is not None and index < len(cells) else ""


def event_row(cells: list[str], at: list[int], number: int, header: dict[str, int], file: str,
              problems: list[Problem]) -> MarkedRow:
    """One row as an event's fields, each at its cell."""
    row = MarkedRow()
    row.pos, row.key_pos, row.value_pos, row.value_at, row.columns, row.reported = \
        Position(number, 1), {}, {}, {}, {}, set()
    for field_name, holders in HOLDERS.items():
        name = next((name for name in holders if name in header), None)
        if name is None:
            continue
        index = header[name]
        value = cell(cells, index).strip()
        offset = at[index] + cell(cells, index).find(value) if index < len(at) else at[-1]
        where = (file, number, index + 1)
        row.columns[field_name] = name
        if field_name == "date":
            value = event_date(cells, number, header, file, problems) or ""
        if not value and required(field_name):
            row.reported.add(field_name)
            if field_name != "date":  # event_date said why
                problems.append(Problem(*where, f"{name}: the cell is empty", f"every event needs it: "
                                        f"{doc(field_name)}"))
            continue
        if value:
            row[field_name] = ids(value, offset, where[1:]) if field_name in LISTS else \
                {"true": True, "false": False}.get(value.casefold(), value) if field_name == "featured" else value
            row.key_pos[field_name] = row.value_pos[field_name] = Position(number, index + 1)
            row.value_at[field_name] = offset
    return row


def required(field_name: str) -> bool:
    return EVENT_FIELDS[field_name].default is MISSING


def doc(field_name: str) -> str:
    return str(EVENT_FIELDS[field_name].metadata["doc"]).rstrip(".")


def ids(value: str, offset: int, pos: tuple[int, int]) -> MarkedList:
    """A cell of ids separated by commas as a list (as ArchieML reads one), each at the cell."""
    found = listed_ids(value, offset, Position(*pos))
    found.item_pos = [Position(*pos)] * len(found)
    return found


def event_date(cells: list[str], number: int, header: dict[str, int], file: str,
               problems: list[Problem]) -> str | None:
    """The date from Year, Month and Day as YYYY-MM-DD, YYYY-MM or YYYY, or None and the problem at its cell."""
    made = date_of(*(cell(cells, header.get(name)).strip() for name in ("Year", *DATE_PARTS)))
    if isinstance(made, str):
        return made
    name, message, hint = made
    problems.append(Problem(file, number, header.get(name, 0) + 1, f"{name}: {message}", hint))
    return None


def date_of(year: str, month: str, day: str) -> str | tuple[str, str, str]:
    """The date the cells give, or the column that is wrong, what is wrong with it and how to fix it."""
    if not year:
        return "Year", "the cell is empty", "every event needs a year, e.g. 2022"
    if not WHOLE.fullmatch(year) or int(year) < 1:
        return "Year", f"expected a year such as 2022, got '{year}'", "write the year in digits"
    if not month:
        return f"{int(year):04d}" if not day else \
            ("Day", "a day needs a month", "write the month in the Month column, or remove the day")
    if not WHOLE.fullmatch(month) or not 1 <= int(month) <= 12:
        return "Month", f"expected a month from 1 to 12, got '{month}'", "write its number, e.g. 9 for September"
    if not day:
        return f"{int(year):04d}-{int(month):02d}"
    name, days = calendar.month_name[int(month)], calendar.monthrange(int(year), int(month))[1]
    if not WHOLE.fullmatch(day) or not 1 <= int(day) <= days:
        return "Day", f"{day} is not a day of {name}", f"{name} {int(year)} has {days} days"
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def unused(rows: list[list[str]], header: dict[str, int], file: str) -> list[Problem]:
    """A note for each TimelineJS column the explainer has no place for, at its first filled cell."""
    found = []
    for name, why in UNUSED.items():
        index = header.get(name)
        if index is None or name == "Group" and "Category" not in header:
            continue
        number = next((n for n, cells in enumerate(rows, 2) if cell(cells, index).strip()), None)
        if number is not None:
            found.append(Problem(file, number, index + 1, f"{name}: the column is not used, so its cells are "
                                 "left out", why, "note"))
    return found
