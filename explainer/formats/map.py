"""The regions map: an inline SVG drawn at build time from the content's geodata (the country, its neighbours and
the sea, the marked regions and areas, labels that never collide) with its own styles, and its legend in HTML."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape
from typing import Any

from ..model import Geodata, MapText, Region, Ring
from .labels import Box, Label, Placed, Rings, off, place

# Label sets, one shown at a time by the map's own width (a container query): (from this width in CSS pixels,
# the width the set is laid out for, the regions' label size in CSS pixels at that width).
TIERS = ((0, 360, 12.0), (480, 560, 13.0), (760, 900, 14.0))
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
LIGHT = ("--map-sea:#d3e1ea;--map-land:#e8e4db;--map-country:#fdfbf6;--map-edge:#b9b2a6;--map-border:#5f574c;"
         "--map-mark:#c0392b;--map-hatch:#6b6155;--map-text:#1a1a1a;--map-halo:#fdfbf6;--map-muted:#5e584f;"
         "--map-water:#3c5f73;--map-focus:#b35c00;--map-control:#5b1a12")
DARK = ("--map-sea:#16222b;--map-land:#282724;--map-country:#4a4740;--map-edge:#57534b;--map-border:#b0a89a;"
        "--map-mark:#e0675b;--map-hatch:#c8bfb2;--map-text:#f1efea;--map-halo:#16222b;--map-muted:#b3ada3;"
        "--map-water:#93b6cb;--map-focus:#ffb86b;--map-control:#f4b1a8")


def style(width: int, height: int) -> str:
    """The map's and its legend's styles, light and dark; nothing about them lives in the page's stylesheet."""
    tiers = "".join(f"@container (min-width:{low}px){{.map-t{i - 1}{{display:none}}.map-t{i}{{display:inline}}}}"
                    for i, (low, _, _) in enumerate(TIERS) if i)
    hidden = ",".join(f".map-t{i}" for i in range(1, len(TIERS)))
    return (
        f".map,.map-legend{{{LIGHT}}}@media (prefers-color-scheme:dark){{.map,.map-legend{{{DARK}}}}}"
        f".map{{display:block;width:100%;height:auto;aspect-ratio:{width}/{height};container-type:inline-size;"
        f"font-family:{FONT};background:var(--map-sea)}}"
        ".map path{vector-effect:non-scaling-stroke;stroke-linejoin:round}"
        ".map-sea{fill:var(--map-sea)}.map-land{fill:var(--map-land);stroke:var(--map-edge);stroke-width:1}"
        ".map-country{fill:var(--map-country);stroke:var(--map-border);stroke-width:1.25}"
        ".map-marked{fill:var(--map-mark);stroke:var(--map-country);stroke-width:1.25}"
        "a:focus-visible .map-marked,a:hover .map-marked{stroke:var(--map-focus);stroke-width:3}"
        ".map-area{stroke:var(--map-border);stroke-width:1;pointer-events:none}.map-stripe{fill:var(--map-hatch)}"
        ".map-control{fill:var(--map-control);fill-opacity:.45;stroke:var(--map-control);stroke-width:1.5;"
        "stroke-dasharray:4 2;pointer-events:none}"
        ".map-locator .map-land{stroke-width:.5}.map-locator .map-country{fill:var(--map-mark);stroke:none}"
        ".map-locator-frame{fill:none;stroke:var(--map-text);stroke-width:1.5}"
        ".map-locator-edge{fill:none;stroke:var(--map-border);stroke-width:1}"
        ".map-dot{fill:var(--map-text);stroke:var(--map-halo);stroke-width:1.5}"
        ".map-leader{stroke:var(--map-text);stroke-width:1;fill:none}"
        ".map text{fill:var(--map-text);stroke:var(--map-halo);paint-order:stroke;stroke-linejoin:round;"
        "pointer-events:none}"
        ".map-marked-label,.map-area-label{font-weight:700}.map-area-label{font-style:italic}"
        ".map-country-label,.map-neighbour-label,.map-credit-label{fill:var(--map-muted)}"
        ".map-country-label{letter-spacing:.2em}.map-neighbour-label{letter-spacing:.08em}"
        ".map-water-label{fill:var(--map-water);font-style:italic}.map-credit-label{font-style:italic}"
        f"{hidden}{{display:none}}{tiers}"
        f".map-legend{{list-style:none;margin:.5rem 0 0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;"
        f"font:.875em/1.4 {FONT}}}"
        ".map-key{display:inline-block;width:1.2em;height:.85em;margin-right:.45em;vertical-align:-.08em;"
        "border:1px solid var(--map-border)}.map-key-marked{background:var(--map-mark)}"
        ".map-key-control{background:var(--map-control);opacity:.6;border-style:dashed}"
        ".map-caveat{flex-basis:100%;font-weight:600}"
        ".map-key-area{background:repeating-linear-gradient(-45deg,var(--map-hatch) 0 2px,var(--map-country) 2px 5px)}"
    )


def path(rings: Iterable[Ring]) -> str:
    """SVG path data for closed rings: each starts absolute, then steps relative to the point before (shorter)."""
    parts = []
    for ring in rings:
        steps = " ".join(f"{x - px} {y - py}" for (px, py), (x, y) in zip(ring, ring[1:]))
        parts.append(f"M{ring[0][0]} {ring[0][1]}l{steps.replace(' -', '-')}z")
    return "".join(parts)


def drawn(regions: Iterable[Region], geodata: Geodata) -> list[Region]:
    """The regions the map draws: those with an outline and no note saying why they are not on it."""
    return [r for r in regions if r.not_on_map is None and geodata.outline(r.id) is not None]


def renamed(map_text: MapText) -> Callable[[str], str]:
    """The name the content writes for a name in the geodata file (the same when it renames nothing)."""
    names = {n.geodata: n.label for n in map_text.names}
    return lambda name: names.get(name, name)


def cities(map_text: MapText, geodata: Geodata) -> list[tuple[str, tuple[float, float]]]:
    """The cities to mark, the content's placed by the geodata's projection, then the geodata's own."""
    name, found = renamed(map_text), []
    for city in map_text.cities if geodata.projection else ():
        x, y = geodata.projection.point(city.lon, city.lat)  # type: ignore[union-attr]
        found.append((str(city.name), (round(x, 1), round(y, 1))))
    return found + [(name(p.name), (float(p.at[0]), float(p.at[1]))) for p in geodata.places]


def labels(geodata: Geodata, map_text: MapText, regions: list[Region]) -> list[Label]:
    """Every name on the map, the most important first: marked regions and areas (on their shapes), then cities
    (beside their dots) never give way."""
    width, height = geodata.size
    name = renamed(map_text)
    credit = name(geodata.credit) if geodata.credit else ""
    found = [Label(credit, (4, height - 5), "credit", 0.72, fixed=True)] if credit else []
    marks = [(r.name, geodata.outline(r.id), "marked") for r in regions]
    marks += [(a.label, geodata.outline(a.outline), "area") for a in map_text.areas]
    shapes = [(text, shape, kind) for text, shape, kind in marks if shape is not None]
    for text, shape, kind in shapes:  # on its own shape or off the others, so that no name seems to name another
        if shape.label is not None:
            others = Rings(ring for _, other, _ in shapes if other is not shape for ring in other.rings)
            found.append(Label(text, shape.label, kind, avoid=others))
    found += [Label(city, at, "place", 0.92, beside=True) for city, at in cities(map_text, geodata)]
    if geodata.country.label is not None:
        found.append(Label(name(geodata.country.name), geodata.country.label, "country", 1.0, 0.2, True, True))
    found += [Label(name(w.name), w.at, "water", 0.9, optional=True) for w in geodata.waters]
    country = Rings(geodata.country.rings)
    found += [Label(name(n.name), n.label, "neighbour", 0.78, 0.08, True, True, avoid=country)
              for n in geodata.neighbours if n.label]
    return found


def inset_box(geodata: Geodata, tier_size: float) -> Box | None:
    """Where the locator goes: the first corner (bottom left, top left, bottom right, top right: the country's
    neighbours are most often named on its top right) where it keeps off the country; a bottom corner leaves room
    for the credit. None without a locator."""
    if geodata.locator is None:
        return None
    (width, height), (w, h) = geodata.size, geodata.locator.size
    pad, bottom = 6, height - h - 6 - tier_size
    corners = [(pad, bottom), (pad, pad), (width - w - pad, bottom), (width - w - pad, pad)]
    boxes = [(float(x), float(y), float(x + w), float(y + h)) for x, y in corners]
    country = Rings(geodata.country.rings)
    return next((box for box in boxes if off(box, country)), boxes[-1])


def locator(geodata: Geodata, box: Box, clip: str) -> str:
    """The small map of the country in its region, at box and cut to it, with the main map's frame on it."""
    found = geodata.locator
    assert found is not None
    w, h = found.size
    return (f'<g class="map-locator" aria-hidden="true" transform="translate({box[0]:.0f} {box[1]:.0f})" '
            f'clip-path="url(#{clip})"><clipPath id="{clip}"><rect width="{w}" height="{h}"/></clipPath>'
            f'<rect class="map-sea" width="{w}" height="{h}"/><path class="map-land" d="{path(found.land)}"/>'
            f'<path class="map-country" d="{path(found.country)}"/>'
            f'<path class="map-locator-frame" d="{path([found.frame])}"/>'
            f'<rect class="map-locator-edge" width="{w}" height="{h}"/></g>')


def text_element(placed: Placed, tier_size: float) -> str:
    """One placed label, and its leader line when it had to move away from its anchor."""
    line = ""
    if placed.leader:
        ax, ay, bx, by = placed.leader
        line = f'<path class="map-leader" d="M{ax:.0f} {ay:.0f}L{bx:.1f} {by:.1f}"/>'
    size = "" if placed.size == tier_size else f' font-size="{placed.size:.1f}"'
    return (f'{line}<text class="map-{placed.label.kind}-label" x="{placed.x:.1f}" y="{placed.baseline:.1f}"'
            f' text-anchor="middle"{size}>{escape(placed.shown)}</text>')


def tier(index: int, names: list[Label], width: int, height: int, keep_off: Box | None) -> str:
    """One set of labels, laid out for one range of map widths."""
    _, design, pixels = TIERS[index]
    size = pixels * width / design  # drawing units that show as `pixels` CSS pixels at the design width
    placed = place(names, width, height, size, () if keep_off is None else (keep_off,))
    texts = "".join(text_element(p, size) for p in placed)
    return f'<g class="map-t{index}" font-size="{size:.1f}" stroke-width="{size * 0.28:.1f}">{texts}</g>'


def legend(map_text: MapText, regions: Iterable[Region], uri_of: Callable[[Any], str]) -> str:
    """The legend, in HTML below the map: what the marks mean, their sources, and what the map leaves out."""
    links = lambda sources: ", ".join(  # noqa: E731
        f'<a href="{escape(uri_of(s))}">{escape(s.publisher)}</a>' for s in sources)
    items = [f'<li class="map-caveat">{escape(map_text.caveat)}</li>'] if map_text.caveat else []
    items.append(f'<li><span class="map-key map-key-marked"></span>{escape(map_text.legend)}</li>')
    items += [f'<li><span class="map-key map-key-control"></span>{escape(area.legend)} ({links(area.sources)})</li>'
              for area in map_text.control]
    items += [f'<li><span class="map-key map-key-area"></span>{escape(area.legend)} ({links(area.sources)})</li>'
              for area in map_text.areas]
    if map_text.locator:
        items.append(f"<li>{escape(map_text.locator)}</li>")
    items += [f"<li>{escape(r.name)}: {escape(r.not_on_map)}</li>" for r in regions if r.not_on_map is not None]
    return f'<ul class="map-legend">{"".join(items)}</ul>'


def description(map_text: MapText) -> str:
    """The map in words: the content's description, and what the inset shows."""
    return f"{map_text.description} {map_text.locator}" if map_text.locator else map_text.description


def draw_map(map_text: MapText, geodata: Geodata, regions: Iterable[Region], uri_of: Callable[[Any], str],
             id_prefix: str = "map") -> str:
    """An accessible SVG map and its legend: the sea, the neighbours, the country, each marked region as a link
    named after it (to `uri_of(region)`, for a page at the site's root), the areas, places, and the labels."""
    regions = list(regions)
    shown = drawn(regions, geodata)
    width, height = geodata.size
    hatch = f"{id_prefix}-hatch"
    parts = [f'<svg class="map" viewBox="0 0 {width} {height}" role="group" '
             f'aria-labelledby="{id_prefix}-title {id_prefix}-desc">',
             f'<title id="{id_prefix}-title">{escape(map_text.title)}</title>',
             f'<desc id="{id_prefix}-desc">{escape(description(map_text))}</desc>',
             f"<style>{style(width, height)}</style>",
             f'<defs><pattern id="{hatch}" width="6" height="6" patternUnits="userSpaceOnUse" '
             f'patternTransform="rotate(-45)"><rect class="map-stripe" width="2" height="6"/></pattern></defs>',
             f'<rect class="map-sea" width="{width}" height="{height}"/>',
             f'<path class="map-land" d="{path(r for n in geodata.neighbours for r in n.rings)}"/>',
             f'<path class="map-country" d="{path(geodata.country.rings)}"/>']
    for region in shown:
        outline = geodata.outline(region.id)
        parts.append(f'<a href="{escape(uri_of(region))}" aria-label="{escape(region.name)}">'
                     f'<path class="map-marked" d="{path(outline.rings)}"/></a>')  # type: ignore[union-attr]
    for control in map_text.control:
        outline = geodata.outline(control.outline)
        if outline is not None:
            parts.append(f'<path class="map-control" d="{path(outline.rings)}"/>')
    for area in map_text.areas:
        outline = geodata.outline(area.outline)
        if outline is not None:
            parts.append(f'<path class="map-area" fill="url(#{hatch})" d="{path(outline.rings)}"/>')
    parts += [f'<circle class="map-dot" cx="{x:g}" cy="{y:g}" r="3"/>' for _, (x, y) in cities(map_text, geodata)]
    inset = inset_box(geodata, TIERS[0][2] * width / TIERS[0][1]) if map_text.locator else None
    # The links, the legend and the description carry the names; the labels and the inset are for the eye.
    names = labels(geodata, map_text, shown)
    parts += [locator(geodata, inset, f"{id_prefix}-locator") if inset else "", '<g aria-hidden="true">',
              *(tier(i, names, width, height, inset) for i in range(len(TIERS))), "</g></svg>",
              legend(map_text, regions, uri_of)]
    return "".join(parts)
