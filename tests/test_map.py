"""The regions map: an accessible, self-contained SVG that links every marked region."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from explainer.map import MapMark, draw_map

MARKS = [MapMark("luhansk", "Luhansk", "regions.html#region-luhansk"),
         MapMark("kherson", "Kherson", "regions.html#region-kherson")]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


def test_the_map_is_labelled_for_screen_readers():
    root = parse(draw_map(MARKS, "Map of Ukraine", "Two regions & more", id_prefix="m1"))
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "group" and root.get("aria-labelledby") == "m1-title m1-desc"
    assert root.find(f"{ns}title").get("id") == "m1-title" and root.find(f"{ns}title").text == "Map of Ukraine"
    assert root.find(f"{ns}desc").text == "Two regions & more"


def test_each_mark_is_a_named_link_to_its_region():
    root = parse(draw_map(MARKS, "t", "d"))
    links = root.findall("{http://www.w3.org/2000/svg}a")
    assert [(a.get("href"), a.get("aria-label")) for a in links] == [(m.href, m.name) for m in MARKS]
    assert all(a.find("{http://www.w3.org/2000/svg}path").get("class") == "map-marked" for a in links)


def test_the_drawing_fits_its_view_box_and_says_it_is_a_schematic():
    svg = draw_map(MARKS, "t", "d")
    root = parse(svg)
    _, _, width, height = map(float, root.get("viewBox").split())
    numbers = [float(n) for p in root.iter("{http://www.w3.org/2000/svg}path")
               for n in p.get("d").replace("M", " ").replace("L", " ").replace("Z", " ").split()]
    assert all(0 <= x <= width for x in numbers[0::2]) and all(0 <= y <= height for y in numbers[1::2])
    assert "Schematic" in svg and root.get("width") is None, "scales with the page instead of a fixed size"
    assert len(svg) < 15_000


def test_the_map_is_deterministic_and_escapes_text():
    hostile = [MapMark("donetsk", "<script>x</script>", 'r.html#a" onload="x')]
    svg = draw_map(hostile, "<b>", "&")
    assert svg == draw_map(hostile, "<b>", "&")
    assert "<script>" not in svg and '" onload' not in svg and "&lt;b&gt;" in svg
