"""Charts as inline SVG drawn at build time: bars across, columns upright or a line, and the two small bars that set
a key figure beside its comparison.

Across, everything is placed in percent of the chart's width and text keeps its own size, so one drawing reads at
320 pixels and at 1,280 without a viewBox that would shrink the text; heights are in pixels. Colours are the
stylesheet's custom properties (style.css, 'Charts'), so dark mode and a newsroom's theme apply."""

from __future__ import annotations

import math
from html import escape

from ..catalogue import Catalogue
from ..model import Chart, Datum, Figure

ROW = 44  # a bar's row: its label and value on one line, the bar under them
PLOT = 168  # the height of a column or line chart's plot area
TOP, BOTTOM = 24, 26  # room above the plot (the top tick's label, values) and under it (labels)
MOST_VALUES = 8  # columns show their values when there are this many or fewer; else the ticks are the scale
MOST_LABELS = 6  # a line shows no more labels than this under its points
NARROWEST, LETTER = 300, 7.5  # the drawing's width on a 320-pixel phone, and a letter's width there, in pixels


def number_label(value: float, words: Catalogue) -> str:
    """A number as the page writes it: thousands apart as the language writes them, decimals after a point."""
    separator = words.entries.get("thousands")
    shown = f"{value:,}" if value != int(value) else f"{int(value):,}"
    return shown.replace(",", separator if isinstance(separator, str) else ",")


def pc(value: float) -> str:
    """A percentage for an SVG attribute, with no more digits than the eye can see."""
    return f"{round(value, 2):g}%"


def ticks(low: float, high: float) -> list[float]:
    """Round steps (1, 2, 2.5 or 5 times a power of ten) from at or below `low` to at or above `high`."""
    raw = (high - low or abs(high) or 1) / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start, end = math.floor(low / step) * step, math.ceil(high / step) * step
    return [round(start + i * step, 10) for i in range(round((end - start) / step) + 1)]


def text(x: str, y: float, words: str, css: str, anchor: str = "start") -> str:
    where = "" if anchor == "start" else f' text-anchor="{anchor}"'
    return f'<text x="{x}" y="{y:g}"{where} class="{css}">{escape(words)}</text>'


def bars(rows: tuple[Datum, ...], words: Catalogue) -> tuple[int, list[str]]:
    """Bars across: each row's label and value on a line, its bar under them, on a track the width of the longest."""
    most = max((datum.value for datum in rows), default=0) or 1
    parts = []
    for i, datum in enumerate(rows):
        top = i * ROW
        parts += [text("0", top + 15, datum.label, "chart-label"),
                  text("100%", top + 15, number_label(datum.value, words), "chart-value", "end"),
                  f'<rect x="0" y="{top + 22}" width="100%" height="14" class="chart-track"/>',
                  f'<rect x="0" y="{top + 22}" width="{pc(datum.value / most * 100)}" height="14" class="chart-mark"/>']
    return len(rows) * ROW, parts


def scale(scale_ticks: list[float], words: Catalogue) -> tuple[list[str], list[str], float, float]:
    """The horizontal lines of a scale, and their numbers (above each line at the left, drawn last so that a
    halo keeps them legible over the data), and the scale's lowest and highest."""
    low, high = scale_ticks[0], scale_ticks[-1]
    lines, numbers = [], []
    for tick in scale_ticks:
        y = y_of(tick, low, high)
        lines.append(f'<line x1="0" x2="100%" y1="{y:g}" y2="{y:g}" class="{"chart-axis" if tick == 0 else "chart-grid"}"/>')
        numbers.append(text("0", y - 5, number_label(tick, words), "chart-tick"))
    return lines, numbers, low, high


def shown_labels(rows: tuple[Datum, ...], most: int) -> tuple[range, bool]:
    """Which rows get their label under the plot, and whether they are crowded at the narrowest width (then every
    k-th, the first and last set inward so they stay inside the drawing)."""
    widest = max(len(datum.label) for datum in rows) * LETTER + 8
    step = max(1, math.ceil(widest * len(rows) / NARROWEST), math.ceil(len(rows) / most))
    return range(0, len(rows), step), step > 1 or widest > NARROWEST / len(rows)


def y_of(value: float, low: float, high: float) -> float:
    return round(TOP + PLOT - (value - low) / ((high - low) or 1) * PLOT, 1)


def columns(rows: tuple[Datum, ...], words: Catalogue) -> tuple[int, list[str]]:
    """Columns upright from zero on a scale, labelled under them (fewer labels when they would collide), with each
    value over its column when there are few."""
    parts, numbers, low, high = scale(ticks(0, max(datum.value for datum in rows)), words)
    slot = 100 / len(rows)
    labelled, crowded = shown_labels(rows, len(rows))
    for i, datum in enumerate(rows):
        y, middle = y_of(datum.value, low, high), pc((i + 0.5) * slot)
        parts.append(f'<rect x="{pc((i + 0.18) * slot)}" y="{y:g}" width="{pc(slot * 0.64)}" '
                     f'height="{round(TOP + PLOT - y, 1):g}" class="chart-mark"/>')
        if len(rows) <= MOST_VALUES:
            parts.append(text(middle, y - 5, number_label(datum.value, words), "chart-value", "middle"))
    for i in labelled:
        anchor = "middle" if not crowded else "start" if i == 0 else "end" if i == len(rows) - 1 else "middle"
        x = {"start": pc((i + 0.18) * slot), "end": pc((i + 0.82) * slot)}.get(anchor, pc((i + 0.5) * slot))
        parts.append(text(x, TOP + PLOT + 18, rows[i].label, "chart-label", anchor))
    return TOP + PLOT + BOTTOM, parts + numbers


def line(rows: tuple[Datum, ...], words: Catalogue) -> tuple[int, list[str]]:
    """A line through the points on a scale that holds zero when the values are all on one side of it; the last
    value written by its point (the first would meet the scale's numbers), the labels under them (fewer when they
    would collide: never more than six)."""
    values = [datum.value for datum in rows]
    parts, numbers, low, high = scale(ticks(min(0, *values), max(0, *values)), words)
    xs = [4 + i * 92 / (len(rows) - 1) for i in range(len(rows))]
    ys = [y_of(value, low, high) for value in values]
    parts += [f'<line x1="{pc(xs[i])}" y1="{ys[i]:g}" x2="{pc(xs[i + 1])}" y2="{ys[i + 1]:g}" class="chart-line"/>'
              for i in range(len(rows) - 1)]
    parts += [f'<circle cx="{pc(x)}" cy="{y:g}" r="3.5" class="chart-point"/>' for x, y in zip(xs, ys)]
    last = len(rows) - 1
    parts.append(text(pc(xs[last]), ys[last] - 9, number_label(values[last], words), "chart-value", "end"))
    labelled, _ = shown_labels(rows, MOST_LABELS)
    for i in labelled:
        anchor = "start" if i == 0 else "end" if i == last else "middle"
        parts.append(text(pc(xs[i]), TOP + PLOT + 18, rows[i].label, "chart-label", anchor))
    return TOP + PLOT + BOTTOM, parts + numbers


DRAW = {"bar": bars, "column": columns, "line": line}


def draw_chart(chart: Chart, words: Catalogue) -> str:
    """The chart as an SVG image named by its title (the figure's, id chart-ID-title) and described by its numbers."""
    height, parts = DRAW[chart.kind](chart.data, words)
    numbers = "; ".join(f"{datum.label}: {number_label(datum.value, words)}" for datum in chart.data)
    return (f'<svg class="chart-svg" data-kind="{chart.kind}" width="100%" height="{height}" role="img" '
            f'aria-labelledby="chart-{chart.id}-title" aria-describedby="chart-{chart.id}-desc">'
            f'<desc id="chart-{chart.id}-desc">{escape(f"{chart.unit}. {numbers}")}</desc>{"".join(parts)}</svg>')


def compare_bars(figure: Figure) -> str:
    """Two small bars, the figure's and the number it is compared with, at the scale of the larger; the words
    beside them say the numbers, so the drawing is hidden from screen readers."""
    assert figure.compare is not None and figure.number is not None
    most = max(figure.number, figure.compare.number) or 1
    return ('<svg class="compare-bars" width="100%" height="22" aria-hidden="true" focusable="false">'
            f'<rect y="0" width="100%" height="9" class="chart-track"/>'
            f'<rect y="0" width="{pc(figure.number / most * 100)}" height="9" class="chart-mark"/>'
            f'<rect y="13" width="100%" height="9" class="chart-track"/>'
            f'<rect y="13" width="{pc(figure.compare.number / most * 100)}" height="9" class="compare-mark"/></svg>')
