"""The content's pictures, checked and tied to the rest (part of validate): a map's geodata file into model objects,
the map's names against its outlines, and the social card's picture in assets/."""

from __future__ import annotations

import math
import struct
from typing import Any

from .load import Document, Loaded
from .strict_yaml import MarkedDict, MarkedList
from .model import Geodata, Locator, MapText, Projection, Region, Shape, Site, Spot
from .problems import Position, Problem, did_you_mean

REMAKE = "make the file again with tools/make_geodata.py (see docs/map.md)"
MAX_UNITS = 100_000  # the largest size and farthest point of a geodata file, in drawing units (Russia's is about 4,000 wide)
MAX_ASPECT = 10  # the most times a drawing may be wider than tall, or taller than wide


class Malformed(Exception):
    """The geodata file does not have the shape tools/make_geodata.py writes."""


def point(value: Any, where: str, low: int = -MAX_UNITS) -> tuple[int, int]:
    if not (isinstance(value, list) and len(value) == 2 and all(type(v) is int for v in value)):
        raise Malformed(f"{where}: expected a point [x, y] of whole numbers")
    if not all(low <= v <= MAX_UNITS for v in value):
        raise Malformed(f"{where}: expected whole numbers from {low:,} to {MAX_UNITS:,}")
    return value[0], value[1]


def size(value: Any) -> tuple[int, int]:
    """The drawing's width and height: neither zero, nor out of all proportion to the other."""
    width, height = point(value, "size", low=1)
    if max(width, height) > MAX_ASPECT * min(width, height):
        raise Malformed(f"size: the drawing is more than {MAX_ASPECT} times as wide as tall, or as tall as wide")
    return width, height


def shape(value: Any, where: str, name: str = "") -> Shape:
    if not isinstance(value, dict) or not isinstance(value.get("rings"), list) or not value["rings"]:
        raise Malformed(f"{where}: expected a mapping with 'rings'")
    rings = []
    for i, ring in enumerate(value["rings"]):
        if not isinstance(ring, list) or len(ring) < 3:
            raise Malformed(f"{where}.rings[{i}]: expected a list of at least three points")
        rings.append(tuple(point(p, f"{where}.rings[{i}]") for p in ring))
    label = value.get("label")
    return Shape(str(value.get("name", name)), tuple(rings), None if label is None else point(label, f"{where}.label"))


def spots(value: Any, where: str) -> tuple[Spot, ...]:
    if not isinstance(value, list) or not all(isinstance(v, dict) and isinstance(v.get("name"), str) for v in value):
        raise Malformed(f"{where}: expected a list of mappings with 'name' and 'at'")
    return tuple(Spot(v["name"], point(v.get("at"), f"{where}.at")) for v in value)


def projection(value: Any) -> Projection | None:
    """How longitudes and latitudes become drawing units, when the file says (files made before it did not)."""
    if value is None:
        return None
    if not isinstance(value, dict) or not all(
            type(value.get(k)) in (int, float) and math.isfinite(value[k]) for k in ("west", "north")):
        raise Malformed("projection: expected 'west' and 'north' in degrees, and 'per_degree'")
    scale = value.get("per_degree")
    if not (isinstance(scale, list) and len(scale) == 2 and all(type(v) in (int, float) and 0 < v < MAX_UNITS
                                                                 for v in scale)):
        raise Malformed("projection.per_degree: expected two positive numbers of drawing units per degree")
    return Projection(float(value["west"]), float(value["north"]), (float(scale[0]), float(scale[1])))


def locator(value: Any) -> Locator | None:
    """The small map of the country in its region, when the file has one."""
    if value is None:
        return None
    if not isinstance(value, dict) or not all(isinstance(value.get(k), list) for k in ("land", "country", "frame")):
        raise Malformed("locator: expected a mapping with 'size', 'land', 'country' and 'frame'")
    return Locator(size(value.get("size")), shape({"rings": value["land"]}, "locator.land").rings,
                   shape({"rings": value["country"]}, "locator.country").rings,
                   shape({"rings": [value["frame"]]}, "locator.frame").rings[0])


def read_geodata(document: Document, problems: list[Problem]) -> Geodata | None:
    """The geodata file as model objects, or one problem saying what is wrong with it."""
    data = document.data
    try:
        if not isinstance(data, dict):
            raise Malformed("expected a JSON object")
        missing = [key for key in ("size", "country", "regions", "neighbours") if key not in data]
        if missing:
            raise Malformed(f"missing {', '.join(repr(k) for k in missing)}")
        if not isinstance(data["regions"], dict) or not isinstance(data["neighbours"], list):
            raise Malformed("'regions' must be an object and 'neighbours' a list")
        return Geodata(
            file=document.file, size=size(data["size"]), country=shape(data["country"], "country"),
            regions=tuple((key, shape(value, f"regions.{key}", key)) for key, value in sorted(data["regions"].items())),
            neighbours=tuple(shape(n, f"neighbours[{i}]") for i, n in enumerate(data["neighbours"])),
            places=spots(data.get("places", []), "places"), waters=spots(data.get("waters", []), "waters"),
            credit=str(data.get("credit", "")), projection=projection(data.get("projection")),
            locator=locator(data.get("locator")))
    except Malformed as error:
        problems.append(Problem(document.file, 1, 1, f"not a geodata file: {error}", REMAKE))
        return None


def position(data: Any, *keys: str | int) -> Position:
    """Where a value inside site.yaml starts: the deepest of the keys that has a position."""
    found = getattr(data, "pos", Position(1, 1))
    for key in keys:
        if isinstance(data, MarkedDict) and isinstance(key, str) and key in data:
            found, data = data.value_pos[key], data[key]
        elif isinstance(data, MarkedList) and isinstance(key, int) and key < len(data):
            found, data = data.item_pos[key], data[key]
        else:
            break
    return found


def check_map(site: Site | None, site_file: str, site_data: Any, files: dict[str, Geodata | None],
              regions: list[tuple[Region, str, int, int]]) -> tuple[Geodata | None, list[Problem]]:
    """The geodata site.map names, and a problem for each name the map cannot draw: a missing file, an area
    without an outline, a region without one that says nothing about it. No map block: no map, no problem."""
    if site is None or site.map is None:
        return None, []
    name = site.map.geodata
    if name not in files:
        known = [f for f in files]
        return None, [Problem(site_file, *position(site_data, "map", "geodata"),
                              f"map.geodata: there is no content/{name}",
                              did_you_mean(name, known) if known else
                              "make it with tools/make_geodata.py (see docs/map.md)")]
    geodata = files[name]
    if geodata is None:  # its own problem is reported already
        return None, []
    keys = [key for key, _ in geodata.regions]
    problems = [Problem(site_file, *position(site_data, "map", "areas", i, "outline"),
                        f"map.areas: '{area.outline}' has no outline in content/{name}",
                        did_you_mean(area.outline, keys) if keys else f"add it: {REMAKE} and --region")
                for i, area in enumerate(site.map.areas) if geodata.outline(area.outline) is None]
    problems += check_layers(site.map, geodata, site_file, site_data)
    problems += [Problem(file, line, col, f"region '{region.id}' has no outline in content/{name}",
                         f"add it with tools/make_geodata.py --region {region.id}=CODE (see docs/map.md), or say why "
                         "it is not drawn with 'not_on_map:'")
                 for region, file, line, col in regions
                 if region.not_on_map is None and geodata.outline(region.id) is None]
    return geodata, problems


def geodata_names(geodata: Geodata) -> list[str]:
    """Every name the geodata file writes on the map."""
    spots = [*geodata.places, *geodata.waters]
    return [geodata.country.name, *(n.name for n in geodata.neighbours), *(s.name for s in spots), geodata.credit]


def check_layers(map_text: MapText, geodata: Geodata, site_file: str, site_data: Any) -> list[Problem]:
    """A problem for each control area without an outline, each city the map cannot place, a renamed name the
    geodata does not write, and an inset the geodata has no locator for. (A control area without a date or a source
    is the loader's problem: both are required.)"""
    at = lambda *keys: (site_file, *position(site_data, "map", *keys))  # noqa: E731
    keys = [key for key, _ in geodata.regions]
    problems = []
    for i, area in enumerate(map_text.control):
        if geodata.outline(area.outline) is None:
            problems.append(Problem(*at("control", i, "outline"), f"map.control: '{area.outline}' has no outline in "
                                    f"content/{map_text.geodata}", did_you_mean(area.outline, keys) if keys else REMAKE))
    if map_text.cities and not map_text.city_sources:
        problems.append(Problem(*at("cities"), "map.cities: say where the cities' positions come from",
                                "add 'city_sources:' with at least one source id"))
    if map_text.cities and geodata.projection is None:
        problems.append(Problem(*at("cities"), f"map.cities: content/{map_text.geodata} does not say how to place "
                                "longitudes and latitudes", REMAKE))
    width, height = geodata.size
    for i, city in enumerate(map_text.cities):
        x, y = geodata.projection.point(city.lon, city.lat) if geodata.projection else (0.0, 0.0)
        if geodata.projection and not (0 <= x <= width and 0 <= y <= height):
            problems.append(Problem(*at("cities", i), f"map.cities: {city.name} at {city.lon}, {city.lat} is off the "
                                    "map", "check the longitude (east) and latitude (north), in that order"))
    known = geodata_names(geodata)
    problems += [Problem(*at("names", i, "geodata"), f"map.names: content/{map_text.geodata} writes no '{name.geodata}'",
                         did_you_mean(name.geodata, known)) for i, name in enumerate(map_text.names)
                 if name.geodata not in known]
    if map_text.locator is not None and geodata.locator is None:
        problems.append(Problem(*at("locator"), f"map.locator: content/{map_text.geodata} has no locator map",
                                "make the file again with tools/make_geodata.py --locator (see docs/map.md)"))
    return problems


def site_image(site: Site | None, site_file: str, site_data: Any, loaded: Loaded) -> tuple[bytes | None, list[Problem]]:
    """The bytes of the picture site.image names, or the problem that it is not in assets/."""
    if site is None or site.image is None:
        return None, []
    found = next((asset.data for asset in loaded.assets if asset.uri == site.image.file), None)
    if found is not None and picture_size(found) is not None:
        return found, []
    if found is not None:
        return None, [Problem(site_file, *position(site_data, "image", "file"),
                              f"image.file: assets/{site.image.file} is not a PNG or JPEG picture",
                              "save it as PNG or JPEG, best 1200 by 630 pixels")]
    return None, [Problem(site_file, *position(site_data, "image", "file"),
                          f"image.file: there is no assets/{site.image.file}",
                          did_you_mean(site.image.file, [a.uri for a in loaded.assets if a.uri.endswith(
                              (".png", ".jpg", ".jpeg"))]))]


def picture_size(data: bytes) -> tuple[str, int, int] | None:
    """The media type, width and height of a PNG or JPEG picture, or None when the bytes are neither."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return "image/png", width, height
    at = 2 if data[:3] == b"\xff\xd8\xff" else len(data)
    while at + 9 <= len(data) and data[at] == 0xFF:  # JPEG segments, up to the frame header that holds the size
        marker = data[at + 1]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[at + 5:at + 9])
            return "image/jpeg", width, height
        at += 2 + struct.unpack(">H", data[at + 2:at + 4])[0]
    return None
