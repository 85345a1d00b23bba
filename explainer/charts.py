"""Charts' rows (part of validate): the CSV files under content/ read into cells with their positions, each chart's
rows checked for what its kind can draw, and a chart that names a CSV file given the rows of its two columns.

A CSV file's positions are line:column, the column counting cells (the first cell is 1), as a spreadsheet shows
them."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, replace
from typing import Any

from .model import Chart, Datum
from .problems import Problem, did_you_mean
from .scalars import NUMBER_HINT, Invalid, prose
from .strict_yaml import MarkedDict

NUMBER = re.compile(r"-?\d+(\.\d+)?", re.ASCII)
CELLS_HINT = ("give every row one cell per column of the header row; wrap a cell that holds a comma in double "
              "quotes")
Series = dict[tuple[str, str, str], tuple[Datum, ...]]  # (csv, label column, value column) -> the rows drawn


@dataclass(frozen=True, slots=True)
class Table:
    """A CSV file under content/: its header row and each row after it with the line it starts on."""

    file: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]


def read_table(text: str, file: str, problems: list[Problem]) -> Table | None:
    """The CSV file's header and rows, with a problem for each row that has more or fewer cells than the header
    (blank lines are skipped)."""
    lines = iter(text.splitlines(keepends=True))
    reader = csv.reader(lines, strict=True)
    read: list[tuple[int, tuple[str, ...]]] = []
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                read.append((start, tuple(row)))
            start = reader.line_num + 1
    except csv.Error as error:
        problems.append(Problem(file, start, 1, f"the row cannot be read as CSV: {error}", CELLS_HINT))
        return None
    if not read:
        problems.append(Problem(file, 0, 0, "the file has no header row", "write the columns' names on line 1"))
        return None
    (_, header), rows = read[0], read[1:]
    for line, cells in rows:
        if len(cells) != len(header):
            col = len(header) + 1 if len(cells) > len(header) else max(len(cells), 1)  # the first extra, or the last
            problems.append(Problem(file, line, col,
                                    f"the row has {len(cells)} cells and the header {len(header)}", CELLS_HINT))
    return Table(file, tuple(cell.strip() for cell in header), tuple(rows))


def misfit(kind: str, values: tuple[float, ...]) -> tuple[int, str, str] | None:
    """The first value (by index, -1 for all of them) a chart of this kind cannot draw, what is wrong and the fix."""
    if kind == "line" and len(values) < 2:
        return -1, "a line chart needs at least two points", "add rows, or make it a bar or column chart"
    if kind != "line":
        for i, value in enumerate(values):
            if value < 0:
                return i, f"a {kind} chart starts at zero and draws no negative value ({value:g})", \
                    "make it a line chart, or chart the values as they are above zero"
    return None


def check_chart(values: dict[str, Any]) -> list[tuple[str, str, str]]:
    """A chart has its rows in charts.yaml (data) or in a CSV file (csv, with the two columns to draw)."""
    data, file = values.get("data", ()), values.get("csv")
    columns = [name for name in ("label_column", "value_column") if values.get(name)]
    if data and file:
        return [("data: a chart has its rows in data or in csv, not both", "data", "remove one of them")]
    if not data and not file:
        return [("data: the chart has no rows", "id", "add 'data:' with label and value rows, or 'csv:' with "
                 "'label_column:' and 'value_column:'")]
    if file and len(columns) < 2:
        missing = "label_column" if "label_column" not in columns else "value_column"
        return [(f"csv: the chart needs '{missing}' to know which column to draw", "csv",
                 f"add '{missing}:' with the header of that column in {file}")]
    if data and columns:
        return [(f"{columns[0]}: columns are for a chart with csv", columns[0], "remove it, or use csv: instead of data")]
    return []


def chart_rows(charts: list[tuple[str, MarkedDict, Chart]], tables: dict[str, Table | None]) -> tuple[Series, list[Problem]]:
    """The rows of each chart that names a CSV file (given as its file, its mapping in charts.yaml and the chart),
    with a problem for a file that is not there, a column it does not have, a cell that is no number, and rows
    (its own or the file's) that its kind cannot draw."""
    series: Series = {}
    problems: list[Problem] = []
    for file, raw, chart in charts:
        if chart.csv is None and (wrong := misfit(chart.kind, tuple(datum.value for datum in chart.data))):
            at, message, hint = wrong
            line, col = raw.value_pos["data"] if at < 0 else raw["data"][at].value_pos["value"]
            problems.append(Problem(file, line, col, f"data: {message}", hint))
        if chart.csv is None or chart.label_column is None or chart.value_column is None:
            continue
        if chart.csv not in tables:
            known = [name for name in tables]
            problems.append(Problem(file, *raw.value_pos["csv"], f"csv: there is no content/{chart.csv}",
                                    did_you_mean(chart.csv, known) if known else
                                    f"save the rows as content/{chart.csv}, or correct the path"))
            continue
        table = tables[chart.csv]
        if table is None:  # its own problem is reported already
            continue
        missing = [Problem(file, *raw.value_pos[name], f"{name}: content/{chart.csv} has no column '{column}'",
                           did_you_mean(column, table.header))
                   for name, column in (("label_column", chart.label_column), ("value_column", chart.value_column))
                   if column not in table.header]
        if missing:
            problems += missing
            continue
        lines, rows, found = column_rows(chart, table)
        series[chart.csv, chart.label_column, chart.value_column] = rows
        wrong = None if found else misfit(chart.kind, tuple(datum.value for datum in rows))
        if wrong and wrong[0] >= 0:
            found.append(Problem(table.file, lines[wrong[0]], table.header.index(chart.value_column) + 1,
                                 wrong[1], wrong[2]))
        elif wrong:
            found.append(Problem(file, *raw.value_pos["csv"], f"csv: {wrong[1]}", wrong[2]))
        problems += found
    return series, problems


def column_rows(chart: Chart, table: Table) -> tuple[list[int], tuple[Datum, ...], list[Problem]]:
    """The chart's two columns of the table as its rows (with the line of each), and a problem for each label or
    number that does not fit."""
    assert chart.label_column is not None and chart.value_column is not None
    label_at, value_at = table.header.index(chart.label_column), table.header.index(chart.value_column)
    lines, rows, problems = [], [], []
    for line, cells in table.rows:
        if max(label_at, value_at) >= len(cells):  # a short row is reported already
            continue
        try:
            label = prose(cells[label_at])
        except Invalid as error:
            problems.append(Problem(table.file, line, label_at + 1, f"{chart.label_column}: {error.message}",
                                    error.hint or "write the row's label"))
            continue
        written = cells[value_at].strip()
        if not NUMBER.fullmatch(written):
            shown = f"'{written}'" if written else "an empty cell"
            problems.append(Problem(table.file, line, value_at + 1,
                                    f"{chart.value_column}: expected a number, got {shown}", NUMBER_HINT))
            continue
        lines.append(line)
        rows.append(Datum(label, float(written) if "." in written else int(written)))
    if not rows and not problems:
        problems.append(Problem(table.file, 0, 0, "the file has no rows under its header", "add a row per bar or point"))
    return lines, tuple(rows), problems


def with_rows(chart: Any, series: Series) -> Any:
    """The chart with the rows of its CSV file (a chart with its own rows, or one that did not fit, as it is)."""
    if not isinstance(chart, Chart) or chart.csv is None:
        return chart
    key = (chart.csv, chart.label_column or "", chart.value_column or "")
    return replace(chart, data=series.get(key, ()))
