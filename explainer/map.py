"""The regions map: an inline SVG of Ukraine marking regions, drawn at build time from a schematic in the repo."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path

GEODATA = json.loads((Path(__file__).parent / "geodata" / "ukraine-schematic.json").read_text(encoding="utf-8"))
WEST, NORTH, MIDDLE_LATITUDE, SCALE = 21.8, 52.6, 48.5, 40.0
Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class MapMark:
    region_id: str  # a key of the schematic's regions: luhansk, donetsk, kherson, zaporizhzhia
    name: str
    href: str  # page-relative link to the region's description


def project(lon: float, lat: float) -> Point:
    """Equirectangular projection, squeezed by cos(latitude) so shapes keep their proportions."""
    return (round((lon - WEST) * math.cos(math.radians(MIDDLE_LATITUDE)) * SCALE, 1), round((NORTH - lat) * SCALE, 1))


def path(ring: list[list[float]]) -> str:
    points = [project(lon, lat) for lon, lat in ring]
    return "M" + "L".join(f"{x:g} {y:g}" for x, y in points) + "Z"


def centre(ring: list[list[float]]) -> Point:
    xs, ys = zip(*(project(lon, lat) for lon, lat in ring))
    return round(sum(xs) / len(xs), 1), round(sum(ys) / len(ys), 1)


def draw_map(marks: Iterable[MapMark], title: str, description: str, id_prefix: str = "map") -> str:
    """An accessible SVG: the country, each marked region as a labelled link, Kyiv, and a 'schematic' note."""
    width, height = project(40.5, 44.0)
    parts = [f'<svg class="map" viewBox="0 0 {width:g} {height:g}" role="group" '
             f'aria-labelledby="{id_prefix}-title {id_prefix}-desc">',
             f'<title id="{id_prefix}-title">{escape(title)}</title>',
             f'<desc id="{id_prefix}-desc">{escape(description)}</desc>',
             f'<path class="map-land" d="{path(GEODATA["country"])}"/>']
    for mark in (m for m in marks if m.region_id in GEODATA["regions"]):  # like the social card: unknown ones left out
        ring = GEODATA["regions"][mark.region_id]
        x, y = centre(ring)
        parts.append(f'<a href="{escape(mark.href)}" aria-label="{escape(mark.name)}">'
                     f'<path class="map-marked" d="{path(ring)}"/>'
                     f'<text class="map-label" x="{x:g}" y="{y:g}" text-anchor="middle">{escape(mark.name)}</text></a>')
    for city, (lon, lat) in sorted(GEODATA["cities"].items()):
        x, y = project(lon, lat)
        parts.append(f'<circle class="map-city" cx="{x:g}" cy="{y:g}" r="3"/>'
                     f'<text class="map-label" x="{x + 6:g}" y="{y + 4:g}">{escape(city)}</text>')
    parts.append(f'<text class="map-note" x="6" y="{height - 6:g}">Schematic: outlines approximate</text></svg>')
    return "".join(parts)
