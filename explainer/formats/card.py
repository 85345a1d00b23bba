"""The social card: a 1200x630 PNG map of Ukraine marking the explainer's regions, drawn with the standard library."""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ..model import Explainer
from .map import GEODATA

WIDTH, HEIGHT = 1200, 630
# Palette indexes: background, land, marked region, accent band.
PALETTE = bytes((0x14, 0x24, 0x3b, 0xe8, 0xe4, 0xda, 0xc8, 0x3a, 0x2e, 0xf2, 0xb1, 0x34))
BACKGROUND, LAND, MARKED, ACCENT = 0, 1, 2, 3
BAND = 18  # height of the accent band at the top, in pixels
Ring = list[tuple[float, float]]


@dataclass(frozen=True, slots=True)
class SocialCard:
    uri: str  # site-relative, with a content hash in the name
    data: bytes
    alt: str


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(rows: list[bytearray]) -> bytes:
    """An 8-bit palette PNG of the rows (each a bytearray of palette indexes)."""
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 3, 0, 0, 0)
    raw = b"".join(b"\x00" + bytes(row) for row in rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"PLTE", PALETTE)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def fitted(rings: list[Ring]) -> list[Ring]:
    """The rings scaled and centred into the card below the band, with a margin."""
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    margin = 40
    scale = min((WIDTH - 2 * margin) / (max(xs) - min(xs)), (HEIGHT - BAND - 2 * margin) / (max(ys) - min(ys)))
    left = (WIDTH - (max(xs) - min(xs)) * scale) / 2
    top = BAND + (HEIGHT - BAND - (max(ys) - min(ys)) * scale) / 2
    return [[(left + (x - min(xs)) * scale, top + (y - min(ys)) * scale) for x, y in ring] for ring in rings]


Edge = tuple[float, float, float, float, float]  # x0, y0, x1 - x0, y1 - y0, and y1


def edges(ring: Ring) -> list[Edge]:
    return [(x0, y0, x1 - x0, y1 - y0, y1) for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1])]


def spans(ring: list[Edge], y: float) -> Iterable[tuple[int, int]]:
    """The pixel runs of one scanline inside the ring (even-odd rule)."""
    crossings = sorted(x0 + (y - y0) * dx / dy for x0, y0, dx, dy, y1 in ring if (y0 <= y) != (y1 <= y))
    for start, end in zip(crossings[::2], crossings[1::2]):
        yield max(0, round(start)), min(WIDTH, round(end))


@lru_cache(maxsize=8)
def draw(region_ids: tuple[str, ...]) -> bytes:
    """The card's PNG bytes for these marked regions."""
    land = GEODATA["land"]
    marked = [ring for r in region_ids for ring in GEODATA["regions"][r]["rings"]]
    colours, rings = [LAND] * len(land) + [MARKED] * len(marked), fitted([*land, *marked])
    rows = [bytearray([ACCENT if y < BAND else BACKGROUND]) * WIDTH for y in range(HEIGHT)]
    for colour, ring in zip(colours, rings):  # in order: a marked region is painted over the land
        ys = [y for _, y in ring]
        ring_edges = edges(ring)
        for y in range(max(BAND, int(min(ys))), min(HEIGHT, int(max(ys)) + 1)):  # only the rows it spans
            for start, end in spans(ring_edges, y + 0.5):
                rows[y][start:end] = bytes([colour]) * (end - start)
    return png(rows)


def social_card(explainer: Explainer) -> SocialCard:
    """The card for the regions the explainer covers (those the map does not know are left out), described in
    the content's words: the map's name, or the headline when there is no map."""
    shown = tuple(r.id for r in explainer.regions if r.id in GEODATA["regions"])
    data = draw(shown)
    site = explainer.site
    alt = site.map.title if site.map and shown else site.title
    return SocialCard(f"assets/social-card.{hashlib.sha256(data).hexdigest()[:10]}.png", data, alt)
