"""Placing a map's labels at build time so that none collides with another: each label's box is measured from
a font's advance widths, then put at the free spot nearest its anchor, with a leader line when it had to move."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# Advance widths of DejaVu Sans Bold, the widest common sans-serif, in hundredths of an em, for ' ' to '~':
# estimated boxes are then no smaller than the text any reader's system font draws.
ADVANCES = (35, 46, 52, 84, 70, 100, 87, 31, 46, 46, 52, 84, 38, 42, 38, 37, 70, 70, 70, 70, 70, 70, 70, 70, 70, 70,
            40, 40, 84, 84, 84, 58, 100, 77, 76, 73, 83, 68, 68, 82, 84, 37, 37, 77, 64, 100, 84, 85, 73, 85, 77, 72,
            68, 81, 77, 110, 77, 72, 73, 46, 37, 46, 84, 50, 50, 67, 72, 59, 72, 68, 44, 72, 71, 34, 34, 67, 34, 104,
            71, 69, 72, 72, 49, 60, 48, 71, 65, 92, 65, 65, 58, 71, 37, 71, 84)
WIDE = set("ЖЩШЮМЫжщшюмы")  # Cyrillic letters wider than any Latin one but M and W
ASCENT, DESCENT = 0.95, 0.25  # of the font size, above and below the baseline: the box a browser measures
GAP = 0.25  # of the font size: the least room between two labels (a browser's box may be a little taller)
Box = tuple[float, float, float, float]  # left, top, right, bottom
BESIDE = 8  # the spots right beside a dot that a city's name tries first, with no leader line
BANDS = 256  # horizontal bands the edges of the rings a label avoids are filed by


def advance(char: str) -> float:
    """One character's advance in ems (bold, so no weight draws it wider)."""
    base = unicodedata.normalize("NFD", char)[0]
    if " " <= base <= "~":
        return ADVANCES[ord(base) - 32] / 100
    if char in WIDE:
        return 1.35
    return 0.9 if char.isupper() else 0.75 if char.isalpha() else 0.5


def text_width(text: str, size: float, spacing: float = 0.0) -> float:
    """The width of a line of text at a font size, with letter spacing in ems."""
    return sum(advance(c) + spacing for c in text) * size


@dataclass(frozen=True, slots=True)
class Label:
    """A name to write near a point: what kind it is sets its style; optional ones are left out when crowded."""

    text: str
    anchor: tuple[float, float]
    kind: str  # a class name part: marked, area, place, country, water, neighbour, credit
    scale: float = 1.0  # font size relative to the tier's
    spacing: float = 0.0  # letter spacing in ems
    upper: bool = False
    optional: bool = False
    beside: bool = False  # a dot at the anchor: the label goes beside it, never on it
    fixed: bool = False  # written where it is (its anchor is the left end of its baseline)
    avoid: Rings | None = None  # rings the label must stay off (a neighbour's, the country)


@dataclass(frozen=True, slots=True)
class Placed:
    label: Label
    x: float  # the centre of the text
    baseline: float
    size: float
    leader: tuple[float, float, float, float] | None  # from the anchor to the edge of the box

    @property
    def shown(self) -> str:
        return self.label.text.upper() if self.label.upper else self.label.text

    @property
    def box(self) -> Box:
        """The box the text takes, as place() reckoned it."""
        half = text_width(self.shown, self.size, self.label.spacing) / 2
        return self.x - half, self.baseline - ASCENT * self.size, self.x + half, self.baseline + DESCENT * self.size


def box_at(cx: float, cy: float, width: float, size: float) -> Box:
    """The box of a label centred on cx, cy (cy is the middle of the box, not the baseline)."""
    half = (ASCENT + DESCENT) * size / 2
    return cx - width / 2, cy - half, cx + width / 2, cy + half


def overlaps(a: Box, b: Box, gap: float) -> bool:
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


def inside(box: Box, width: float, height: float) -> bool:
    return box[0] >= 2 and box[1] >= 2 and box[2] <= width - 2 and box[3] <= height - 2


class Rings:
    """Rings a label must stay off, their edges filed by horizontal band: a line across them meets only its band's."""

    def __init__(self, rings: Iterable[tuple[tuple[int, int], ...]]) -> None:
        edges = [(x0, y0, x1, y1) for ring in rings
                 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]) if y0 != y1]
        top, bottom = min((min(e[1], e[3]) for e in edges), default=0), max((max(e[1], e[3]) for e in edges), default=0)
        self.height = max(1.0, (bottom - top) / BANDS)
        self.bands: dict[int, list[tuple[int, int, int, int]]] = {}
        for edge in edges:
            for band in range(self.band(min(edge[1], edge[3])), self.band(max(edge[1], edge[3])) + 1):
                self.bands.setdefault(band, []).append(edge)

    def band(self, y: float) -> int:
        return math.floor(y / self.height)

    def crossings(self, y: float) -> list[float]:
        """Where the line across at y crosses the rings' edges."""
        return [x0 + (y - y0) * (x1 - x0) / (y1 - y0) for x0, y0, x1, y1 in self.bands.get(self.band(y), ())
                if (y0 <= y) != (y1 <= y)]


def off(box: Box, rings: Rings) -> bool:
    """True when none of 21 points spread over the box (corners, edges, middle) lies inside the rings (even-odd
    rule). The points lie on three lines across the box: each line's crossings with the rings are found once."""
    xs = [box[0] + (box[2] - box[0]) * i / 6 for i in range(7)]
    for j in range(3):
        crossings = rings.crossings(box[1] + (box[3] - box[1]) * j / 2)
        if any(sum(x < crossing for crossing in crossings) % 2 for x in xs):
            return False
    return True


def candidates(label: Label, width: float, size: float, reach: float) -> Iterable[tuple[float, float]]:
    """Centres to try, nearest the anchor first: beside a dot, or on the anchor and then in widening rings."""
    x, y = label.anchor
    if label.beside:  # BESIDE spots around the dot, then farther off like any other label
        half, dot = width / 2, 0.45 * size
        for dx, dy in ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1)):
            yield x + dx * (half + dot), y + dy * size
    else:
        yield x, y
    step = size / 2
    for ring in range(1, int(reach / step) + 1):
        for i in range(16):
            angle = math.pi * i / 8
            yield x + math.cos(angle) * ring * step * 1.8, y + math.sin(angle) * ring * step


def leader(anchor: tuple[float, float], box: Box, size: float) -> tuple[float, float, float, float] | None:
    """A line from the anchor to the nearest point of the box, or None when the box holds the anchor."""
    ax, ay = anchor
    nx, ny = min(max(ax, box[0]), box[2]), min(max(ay, box[1]), box[3])
    if math.hypot(ax - nx, ay - ny) < 0.3 * size:
        return None
    return ax, ay, nx, ny


def place(labels: Iterable[Label], width: float, height: float, size: float,
          keep_off: Iterable[Box] = ()) -> list[Placed]:
    """Every required label, and each optional one that fits near its anchor, with no two boxes closer than GAP
    and none on the boxes to keep off (an inset). Labels are placed in the order given, the most important first."""
    labels = list(labels)
    taken: list[Box] = [box_at(*lab.anchor, 0.7 * size, 0.6 * size) for lab in labels if lab.beside]  # the dots, haloed
    taken += keep_off
    placed = []
    for label in labels:
        font = size * label.scale
        shown = label.text.upper() if label.upper else label.text
        text = text_width(shown, font, label.spacing)
        if label.fixed:
            x, y = label.anchor
            taken.append((x, y - ASCENT * font, x + text, y + DESCENT * font))
            placed.append(Placed(label, x + text / 2, y, font, None))
            continue
        reach = 2.5 * font if label.optional else max(width, height)
        for tried, (cx, cy) in enumerate(candidates(label, text, font, reach)):
            box = box_at(cx, cy, text, font)
            if not inside(box, width, height) or any(overlaps(box, other, GAP * font) for other in taken):
                continue
            if label.avoid is not None and not off(box, label.avoid):
                continue
            taken.append(box)
            line = None if label.beside and tried < BESIDE else leader(label.anchor, box, font)
            placed.append(Placed(label, cx, cy + (ASCENT - DESCENT) / 2 * font, font, line))
            break
    return placed
