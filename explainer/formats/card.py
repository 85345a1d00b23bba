"""The social card: the content's own picture (site.image) when it names one, else a 1200x630 map of the marked
regions, else the title on a colour; the last two drawn with the standard library."""

from __future__ import annotations

import hashlib
import json
import math
import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..model import Explainer, Geodata, Ring
from ..visuals import picture_size

WIDTH, HEIGHT = 1200, 630
BAND = 18  # height of the accent band at the top, in pixels
NAVY, GOLD = (0x14, 0x24, 0x3b), (0xf2, 0xb1, 0x34)
# The map card's colours, as on the light map: background, band, sea, neighbours, country, marked, stripes, edges.
MAP_PALETTE = (NAVY, GOLD, (0xd3, 0xe1, 0xea), (0xe8, 0xe4, 0xdb), (0xfd, 0xfb, 0xf6), (0xc0, 0x39, 0x2b),
               (0x6b, 0x61, 0x55), (0x8a, 0x82, 0x76))
BACKGROUND, ACCENT, SEA, LAND, COUNTRY, MARKED, STRIPE, EDGE = range(8)
SHADES = 16  # the title card's shades from the background to the text colour (anti-aliasing)
MARGIN = 72  # the title card's margin, in pixels
Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class SocialCard:
    uri: str  # site-relative, with a content hash in the name
    data: bytes
    alt: str
    type: str = "image/png"
    width: int = WIDTH
    height: int = HEIGHT


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(rows: list[bytearray], palette: Iterable[tuple[int, int, int]]) -> bytes:
    """An 8-bit palette PNG of the rows (each a bytearray of palette indexes)."""
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 3, 0, 0, 0)
    raw = b"".join(b"\x00" + bytes(row) for row in rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"PLTE", bytes(c for rgb in palette for c in rgb))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def blank(colour: int) -> list[bytearray]:
    """A card of one colour with the accent band on top."""
    return [bytearray([ACCENT if y < BAND else colour]) * WIDTH for y in range(HEIGHT)]


def fill(rows: list[bytearray], rings: Iterable[list[Point]], colour: int, striped: bool = False) -> None:
    """Paint the shape (even-odd rule) scanline by scanline; striped paints diagonal stripes instead."""
    rings = [r for r in rings if r]
    edges = [(x0, y0, x1 - x0, y1 - y0, y1) for ring in rings for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1])]
    if not edges:
        return
    ys = [y for ring in rings for _, y in ring]
    rows_of: dict[int, list[tuple[float, float, float, float, float]]] = {}  # each row's edges, give or take one
    for edge in edges:
        low, high = sorted((edge[1], edge[4]))
        for y in range(max(BAND, math.floor(low - 0.5)), min(HEIGHT, math.ceil(high - 0.5) + 1)):
            rows_of.setdefault(y, []).append(edge)
    for y in range(max(BAND, int(min(ys))), min(HEIGHT, int(max(ys)) + 1)):  # only the rows it spans
        middle = y + 0.5
        crossings = sorted(x0 + (middle - y0) * dx / dy for x0, y0, dx, dy, y1 in rows_of.get(y, ())
                           if (y0 <= middle) != (y1 <= middle))
        for start, end in zip(crossings[::2], crossings[1::2]):
            start, end = max(0, round(start)), min(WIDTH, round(end))
            if striped:
                for x in range(start, end):
                    if (x + y) % 9 < 3:
                        rows[y][x] = colour
            elif end > start:
                rows[y][start:end] = bytes([colour]) * (end - start)


def outline(rows: list[bytearray], rings: Iterable[list[Point]], colour: int) -> None:
    """Draw the rings' edges one pixel wide."""
    for ring in rings:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
            steps = max(1, int(max(abs(x1 - x0), abs(y1 - y0))))
            for i in range(steps + 1):
                x, y = int(x0 + (x1 - x0) * i / steps), int(y0 + (y1 - y0) * i / steps)
                if 0 <= x < WIDTH and BAND <= y < HEIGHT:
                    rows[y][x] = colour


@lru_cache(maxsize=4)
def map_card(geodata: Geodata, marked: tuple[str, ...], areas: tuple[str, ...]) -> bytes:
    """The map as on the page, without labels, fitted to the card's height and centred on the background."""
    width, height = geodata.size
    scale = (HEIGHT - BAND) / height
    left = (WIDTH - width * scale) / 2

    def fitted(rings: Iterable[Ring]) -> list[list[Point]]:
        return [[(left + x * scale, BAND + y * scale) for x, y in ring] for ring in rings]
    rows = blank(BACKGROUND)
    fill(rows, [[(left, BAND), (left + width * scale, BAND), (left + width * scale, HEIGHT), (left, HEIGHT)]], SEA)
    neighbours = fitted(r for n in geodata.neighbours for r in n.rings)
    country = fitted(geodata.country.rings)
    fill(rows, neighbours, LAND)
    outline(rows, neighbours, EDGE)
    fill(rows, country, COUNTRY)
    for key in marked:
        fill(rows, fitted(geodata.outline(key).rings), MARKED)  # type: ignore[union-attr]
    for key in marked:
        outline(rows, fitted(geodata.outline(key).rings), COUNTRY)  # type: ignore[union-attr]
    for key in areas:
        fill(rows, fitted(geodata.outline(key).rings), STRIPE, striped=True)  # type: ignore[union-attr]
    outline(rows, country, EDGE)
    for x in (int(left), int(left + width * scale)):  # the map's sides, where the neighbours are cut
        for y in range(BAND, HEIGHT):
            if 0 <= x < WIDTH:
                rows[y][x] = EDGE
    return png(rows, MAP_PALETTE)


@lru_cache(maxsize=1)
def glyphs() -> dict[str, list]:
    """The stroke font (see tools/make_font.py): character -> [advance, polylines]."""
    text = (Path(__file__).resolve().parent.parent / "fonts" / "hershey.json").read_text(encoding="utf-8")
    return json.loads(text)["glyphs"]


def glyph(char: str) -> list:
    font = glyphs()
    substitute = {"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"', "–": "-", "—": "-",
                  "\u00a0": " "}.get(char, char)
    return font.get(substitute, font["?"])


def advance(word: str) -> int:
    return sum(glyph(c)[0] for c in word)


def wrapped(title: str, size: float) -> list[str]:
    """The title in lines no wider than the card's text width, at a capital height of `size` pixels."""
    room = (WIDTH - 2 * MARGIN) * 21 / size
    lines: list[str] = []
    for word in title.split():
        if lines and advance(lines[-1] + " " + word) <= room:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def stroke(cover: list[bytearray], x0: float, y0: float, x1: float, y1: float, pen: float) -> None:
    """A round-ended line `pen` pixels wide, anti-aliased: each pixel keeps the most coverage any line gives it."""
    dx, dy = x1 - x0, y1 - y0
    length = dx * dx + dy * dy
    reach = pen / 2 + 1
    for y in range(max(0, int(min(y0, y1) - reach)), min(HEIGHT, int(max(y0, y1) + reach) + 1)):
        row = cover[y]
        for x in range(max(0, int(min(x0, x1) - reach)), min(WIDTH, int(max(x0, x1) + reach) + 1)):
            px, py = x + 0.5 - x0, y + 0.5 - y0
            t = max(0.0, min(1.0, (px * dx + py * dy) / length)) if length else 0.0
            shade = int((pen / 2 + 0.5 - math.hypot(px - t * dx, py - t * dy)) * (SHADES - 1))
            if shade > row[x]:
                row[x] = min(shade, SHADES - 1)


@lru_cache(maxsize=2)
def title_card(title: str) -> bytes:
    """The title, as large as fits in five lines, in white on the background colour."""
    size = 64.0
    while size > 24 and (len(wrapped(title, size)) > 5 or len(wrapped(title, size)) * size * 1.55 > HEIGHT - 2 * MARGIN):
        size -= 4
    lines, scale, pen = wrapped(title, size), size / 21, max(2.0, size / 16)
    cover = [bytearray(WIDTH) for _ in range(HEIGHT)]
    top = BAND + (HEIGHT - BAND - len(lines) * size * 1.55) / 2 - scale
    for number, line in enumerate(lines):
        x, y = float(MARGIN), top + number * size * 1.55
        for char in line:
            width, polylines = glyph(char)
            for points in polylines:
                xy = [(x + points[i] * scale, y + points[i + 1] * scale) for i in range(0, len(points), 2)]
                for (ax, ay), (bx, by) in zip(xy, xy[1:]) if len(xy) > 1 else [(xy[0], xy[0])]:
                    stroke(cover, ax, ay, bx, by, pen)
            x += width * scale
    for y in range(BAND):
        cover[y][:] = bytes([SHADES]) * WIDTH  # the band, in the colour after the shades
    palette = [tuple(round(a + (b - a) * i / (SHADES - 1)) for a, b in zip(NAVY, (255, 255, 255))) for i in range(SHADES)]
    return png(cover, [*palette, GOLD])  # type: ignore[list-item]


def social_card(explainer: Explainer) -> SocialCard:
    """The card: the content's picture, else the map, else the title; its alt text always from the content."""
    site, geodata = explainer.site, explainer.geodata
    if site.image is not None and explainer.image is not None:
        kind, width, height = picture_size(explainer.image)  # type: ignore[misc]
        extension = "png" if kind == "image/png" else "jpg"
        return SocialCard(f"assets/social-card.{digest(explainer.image)}.{extension}", explainer.image, site.image.alt,
                          kind, width, height)
    if site.map is not None and geodata is not None:
        marked = tuple(r.id for r in explainer.regions if r.not_on_map is None and geodata.outline(r.id))
        data = map_card(geodata, marked, tuple(a.outline for a in site.map.areas))
        return SocialCard(f"assets/social-card.{digest(data)}.png", data, site.map.title)
    data = title_card(site.title)
    return SocialCard(f"assets/social-card.{digest(data)}.png", data, site.title)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:10]
