"""The benchmark's tables: rows of samples (median, min–max, peak memory) and targets met or missed, computed
from the measurements, in Markdown so that docs/performance.md can take the output as it is."""

from __future__ import annotations

import statistics
from dataclasses import dataclass


def amount(value: float, unit: str) -> str:
    """Seconds as milliseconds, ratios with a times sign, megabytes as they are."""
    if unit == "s":
        return f"{value * 1000:,.0f} ms"
    if unit == "x":
        return f"{value:.2f}×"
    return f"{value:,.0f} {unit}"


@dataclass(frozen=True, slots=True)
class Row:
    what: str
    samples: list[float]  # seconds ("s") or ratios ("x"), one a run; none for a row that is only memory
    unit: str
    megabytes: int | None  # the peak memory of the runs, when measured
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    def cells(self) -> list[str]:
        spread = f"{amount(min(self.samples), self.unit)} – {amount(max(self.samples), self.unit)}" \
            if len(self.samples) > 1 else ""
        return [self.what, amount(self.median, self.unit) if self.samples else "", spread,
                "" if self.megabytes is None else f"{self.megabytes:,} MB", self.note]


@dataclass(frozen=True, slots=True)
class Target:
    what: str
    measured: float | None  # None when it was not measured
    limit: float  # met when measured < limit
    unit: str
    note: str = ""
    holds: bool = True  # a condition besides the number (e.g. byte-identical output)

    def cells(self) -> list[str]:
        if self.measured is None:
            return [self.what, f"< {amount(self.limit, self.unit)}", self.note, "not measured"]
        met = self.measured < self.limit and self.holds
        shown = amount(self.measured, self.unit) + (f" ({self.note})" if self.note else "")
        return [self.what, f"< {amount(self.limit, self.unit)}", shown, "met" if met else "**missed**"]


def markdown(title: str, header: list[str], rows: list[list[str]], right: set[int]) -> str:
    widths = [max(len(cells[i]) for cells in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.rjust(w) if i in right else c.ljust(w)
                                 for i, (c, w) in enumerate(zip(cells, widths))) + " |"
    rule = "|" + "|".join("-" * (w + 1) + (":" if i in right else "-") for i, w in enumerate(widths)) + "|"
    return "\n".join([f"### {title}", "", line(header), rule, *map(line, rows), ""])


def table(title: str, rows: list[Row]) -> str:
    return markdown(title, ["what", "median", "min – max", "peak memory", "note"],
                    [row.cells() for row in rows], {1, 2, 3})


def targets_table(targets: list[Target]) -> str:
    return markdown("Targets (issue 17; met when the median is under the target)",
                    ["target", "under", "measured (median)", "met?"], [t.cells() for t in targets], {1, 2})
