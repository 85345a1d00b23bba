"""The regions map: an inline SVG of Ukraine marking regions, drawn at build time from Natural Earth data in the repo."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from importlib import resources

# Made by tools/make_geodata.py (see docs/map.md): rings of [x, y] drawing units, y down, already projected.
GEODATA = json.loads(resources.files("explainer").joinpath("geodata", "ukraine.json").read_text(encoding="utf-8"))
Ring = list[list[int]]


@dataclass(frozen=True, slots=True)
class MapMark:
    region_id: str  # a key of the geodata's regions: luhansk, donetsk, kherson, zaporizhzhia
    name: str
    href: str  # page-relative link to the region's description


def path(rings: list[Ring]) -> str:
    """SVG path data for closed rings: each starts absolute, then steps relative to the point before (shorter)."""
    parts = []
    for ring in rings:
        steps = " ".join(f"{x - px} {y - py}" for (px, py), (x, y) in zip(ring, ring[1:]))
        parts.append(f"M{ring[0][0]} {ring[0][1]}l{steps.replace(' -', '-')}z")
    return "".join(parts)


def region_link(mark: MapMark) -> str:
    """One marked region's shape, as a link named after the region."""
    return (f'<a href="{escape(mark.href)}" aria-label="{escape(mark.name)}">'
            f'<path class="map-marked" d="{path(GEODATA["regions"][mark.region_id]["rings"])}"/></a>')


def region_label(mark: MapMark) -> str:
    """The region's name at its centre; drawn after every shape so that no neighbour covers it."""
    x, y = GEODATA["regions"][mark.region_id]["label"]
    return f'<text class="map-label" x="{x}" y="{y + 4}" text-anchor="middle">{escape(mark.name)}</text>'


def draw_map(marks: Iterable[MapMark], title: str, description: str, id_prefix: str = "map") -> str:
    """An accessible SVG: the country, each marked region as a labelled link, Kyiv, and the data's origin."""
    width, height = GEODATA["size"]
    parts = [f'<svg class="map" viewBox="0 0 {width} {height}" role="group" '
             f'aria-labelledby="{id_prefix}-title {id_prefix}-desc">',
             f'<title id="{id_prefix}-title">{escape(title)}</title>',
             f'<desc id="{id_prefix}-desc">{escape(description)}</desc>',
             f'<path class="map-land" d="{path(GEODATA["land"])}"/>']
    shown = [m for m in marks if m.region_id in GEODATA["regions"]]  # unknown ones are left out, as on the card
    parts += [region_link(m) for m in shown]
    # The links already carry the names; the labels are for the eye (and let clicks through, see style.css).
    parts += ['<g aria-hidden="true">', *(region_label(m) for m in shown), '</g>']
    for city, (x, y) in sorted(GEODATA["cities"].items()):
        parts.append(f'<circle class="map-city" cx="{x}" cy="{y}" r="3"/>'
                     f'<text class="map-label" x="{x + 6}" y="{y + 4}">{escape(city)}</text>')
    parts.append(f'<text class="map-note" x="4" y="{height - 6}">Natural Earth boundaries, simplified</text></svg>')
    return "".join(parts)
