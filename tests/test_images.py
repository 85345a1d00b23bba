"""Pictures as content: a picture in pictures.yaml shown as the home page's lead art, in a section's text and with
an event, in WebP and JPEG or PNG widths with its size written, lazy below the fold, published without its file's
metadata, the same bytes from every clean build, encoded once and then taken from the cache; each mistake in one an
error at its place. Every build here is the real command on real files."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from lxml import html as lxml_html
from PIL import Image

from helpers import MINI, REPO, build, command, error_lines, snapshot, write_tree

PICTURES = """\
- id: bridge
  file: pictures/bridge.jpg
  alt: A steel bridge over a grey river, seen from the bank.
  caption: The bridge before it closed.
  credit: "Photo: Ann Writer/Test News"
  licence: CC BY 4.0
  source: https://example.com/photo
- id: plan
  file: pictures/plan.png
  alt: A drawing of the repair plan.
  credit: Test News
"""
LEAD = MINI["site.yaml"] + "lead: bridge\n"
SECTION = MINI["sections/announcement.md"] + "\n![](picture:plan)\n\nMore text.\n"
EVENT = MINI["timeline.yaml"].replace("  featured: true\n", "  featured: true\n  picture: plan\n", 1)
LATITUDE = (55.0, 45.0, 21.5)  # the place the photograph was taken, which must never be published


def photograph(width: int = 1600, height: int = 900, orientation: int = 1) -> bytes:
    """A JPEG as a camera leaves it: EXIF with the camera, the orientation and GPS, a comment and XMP."""
    image = Image.new("RGB", (width, height), (90, 120, 160))
    image.paste((200, 60, 40), (0, 0, width // 4, height // 4))  # a corner that shows which way is up
    exif = Image.Exif()
    exif[0x0110], exif[0x0112] = "Test Camera", orientation
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", LATITUDE, "E", (37.0, 37.0, 6.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"Taken at home", xmp=b"<x:xmpmeta>GPSLatitude 55,45N</x:xmpmeta>")
    return out.getvalue()


def drawing() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (500, 300), (200, 0, 0, 128)).save(out, "PNG")
    return out.getvalue()


def picture_content(content: Path, **files: str) -> Path:
    """The mini content with two pictures shown: the photograph as lead art, the drawing in a section and with an
    event; `files` replace any of those content files."""
    write_tree(content, {"pictures.yaml": PICTURES, "site.yaml": LEAD, "sections/announcement.md": SECTION,
                         "timeline.yaml": EVENT, **files})
    (content / "pictures").mkdir(exist_ok=True)
    (content / "pictures" / "bridge.jpg").write_bytes(photograph())
    (content / "pictures" / "plan.png").write_bytes(drawing())
    return content


def figures(page: Path) -> list[lxml_html.HtmlElement]:
    return lxml_html.fromstring(page.read_bytes()).xpath("//figure[contains(@class, 'picture')]")


def test_a_picture_is_lead_art_in_a_section_and_with_an_event_with_its_words_and_credit(mini, tmp_path):
    outcome = build(picture_content(mini), tmp_path / "dist")
    assert outcome.returncode == 0, outcome.stderr
    lead, in_text, with_event = figures(tmp_path / "dist" / "index.html")
    assert lead.xpath("string(.//img/@alt)") == "A steel bridge over a grey river, seen from the bank."
    assert lead.xpath("string(.//figcaption)") == "The bridge before it closed. Photo: Ann Writer/Test News (CC BY 4.0)"
    assert lead.xpath(".//figcaption//a/@href") == ["https://example.com/photo"]
    assert in_text.getparent().get("id") == "announcement", "the section's picture is in the section"
    assert in_text.xpath("string(.//img/@alt)") == "A drawing of the repair plan."
    assert with_event.xpath("ancestor::article[@data-event-id='address']"), "the event's picture is on its card"
    [on_timeline] = figures(tmp_path / "dist" / "timeline.html")
    assert on_timeline.xpath("string(.//figcaption)") == "Test News"


def test_each_picture_has_webp_and_fallback_sizes_with_its_width_and_height_written(mini, tmp_path):
    assert build(picture_content(mini), tmp_path / "dist").returncode == 0
    dist = tmp_path / "dist"
    lead, in_text, _ = figures(dist / "index.html")
    for figure, kind, widths in ((lead, "JPEG", [390, 780, 1280]), (in_text, "PNG", [390, 500])):
        [source], [img] = figure.xpath(".//picture/source"), figure.xpath(".//img")  # lxml reads no void <source>
        assert source.get("type") == "image/webp" and source.get("sizes") == img.get("sizes")
        for srcset, format in ((source.get("srcset"), "WEBP"), (img.get("srcset"), kind)):
            listed = [entry.split() for entry in srcset.split(", ")]
            assert [int(w.rstrip("w")) for _, w in listed] == widths
            for uri, width in listed:
                with Image.open(dist / uri) as published:
                    assert (published.format, published.width) == (format, int(width.rstrip("w")))
        with Image.open(dist / img.get("src")) as largest:
            assert (img.get("width"), img.get("height")) == (str(largest.width), str(largest.height))
    assert (lead.xpath("string(.//img/@width)"), lead.xpath("string(.//img/@height)")) == ("1280", "720")


def test_the_lead_art_loads_at_once_and_the_pictures_below_the_fold_lazily(mini, tmp_path):
    assert build(picture_content(mini), tmp_path / "dist").returncode == 0
    lead, in_text, with_event = figures(tmp_path / "dist" / "index.html")
    [img] = lead.xpath(".//img")
    assert img.get("loading") is None and img.get("fetchpriority") == "high"
    assert [figure.xpath("string(.//img/@loading)") for figure in (in_text, with_event)] == ["lazy", "lazy"]


def test_a_photographs_exif_gps_comment_and_xmp_are_never_published(mini, tmp_path):
    content = picture_content(mini)
    with Image.open(content / "pictures" / "bridge.jpg") as source:  # the test's photograph carries them all
        assert source.getexif().get_ifd(0x8825)[2] == LATITUDE and source.info["comment"] and source.info["xmp"]
    assert build(content, tmp_path / "dist").returncode == 0
    published = sorted((tmp_path / "dist" / "images").glob("bridge-*"))
    assert {path.suffix for path in published} == {".jpg", ".webp"} and len(published) == 6
    for path in published:
        with Image.open(path) as image:
            assert not image.getexif() and not image.getexif().get_ifd(0x8825), path.name
            assert not {"exif", "xmp", "comment", "icc_profile"} & image.info.keys(), path.name
        data = path.read_bytes()
        assert b"Exif" not in data and b"GPS" not in data and b"Test Camera" not in data and b"home" not in data


def test_a_photograph_taken_sideways_is_published_upright(mini, tmp_path):
    content = picture_content(mini)
    (content / "pictures" / "bridge.jpg").write_bytes(photograph(1600, 900, orientation=6))  # turned 90° clockwise
    assert build(content, tmp_path / "dist").returncode == 0
    [img] = figures(tmp_path / "dist" / "index.html")[0].xpath(".//img")
    assert (img.get("width"), img.get("height")) == ("900", "1600")
    with Image.open(tmp_path / "dist" / img.get("src")) as upright:
        assert upright.size == (900, 1600)
        assert upright.convert("RGB").getpixel((upright.width - 5, 5))[0] > 150, "the red corner is now top right"


def test_two_clean_builds_publish_the_same_bytes(mini, tmp_path, monkeypatch):
    content = picture_content(mini)
    made = []
    for run in ("first", "second"):
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / f"cache-{run}"))  # nothing cached: encoded each time
        assert build(content, tmp_path / run).returncode == 0
        made.append(snapshot(tmp_path / run))
    assert len([uri for uri in made[0] if uri.startswith("images/")]) == 10
    assert made[0] == made[1]


def test_a_second_build_takes_each_picture_from_the_cache_under_xdg_cache_home(mini, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    content = picture_content(mini)
    assert build(content, tmp_path / "dist").returncode == 0
    cached = {path.name: path.stat() for path in (tmp_path / "cache" / "explainer" / "images").iterdir()}
    assert len(cached) == 10
    renditions = {path.name: path for path in (tmp_path / "dist" / "images").iterdir()}
    [(name, lead_390)] = [(name, path) for name, path in renditions.items() if name.startswith("bridge-390.")
                          and name.endswith(".webp")]
    in_cache = tmp_path / "cache" / "explainer" / "images" / f"{name.split('.')[1]}-390.webp"
    assert in_cache.read_bytes() == lead_390.read_bytes()
    marked = b"RIFF\x00\x00\x00\x00WEBP made by no encoder: the cache's own bytes"
    in_cache.write_bytes(marked)
    cached[in_cache.name] = in_cache.stat()
    assert build(content, tmp_path / "again").returncode == 0  # a new output folder: nothing to keep from the last
    assert (tmp_path / "again" / "images" / name).read_bytes() == marked, "taken from the cache, not encoded again"
    for path in (tmp_path / "cache" / "explainer" / "images").iterdir():
        now, before = path.stat(), cached[path.name]
        assert (now.st_ino, now.st_mtime_ns) == (before.st_ino, before.st_mtime_ns), f"{path.name} was written again"


def gif() -> bytes:
    out = io.BytesIO()
    Image.new("P", (20, 20)).save(out, "GIF")
    return out.getvalue()


ERRORS = {
    "no alt text": (
        {"pictures.yaml": PICTURES.replace("  alt: A drawing of the repair plan.\n", "")},
        r"content/pictures\.yaml:8:3: error: missing required field 'alt'; add 'alt:' \(What the picture shows"),
    "no credit": (
        {"pictures.yaml": PICTURES.replace("  credit: Test News\n", "")},
        r"content/pictures\.yaml:8:3: error: missing required field 'credit'; add 'credit:' \(Who made it"),
    "alt text that is the caption": (
        {"pictures.yaml": PICTURES.replace("seen from the bank.", "seen from the bank").replace(
            "The bridge before it closed.", "A steel bridge over a grey river, seen from the bank.")},
        r"content/pictures\.yaml:3:8: error: alt: the alt text repeats the caption, so a reader who cannot see the "
        r"picture learns nothing of it; say what the picture shows in 'alt:'"),
    "lead art that is not in pictures.yaml": (
        {"site.yaml": MINI["site.yaml"] + "lead: brige\n"},
        r"content/site\.yaml:30:7: error: lead: 'brige' is not in pictures; did you mean 'bridge'\?$"),
    "an event's picture that is not in pictures.yaml": (
        {"timeline.yaml": EVENT.replace("picture: plan", "picture: plans")},
        r"content/timeline\.yaml:10:12: error: picture: 'plans' is not in pictures; did you mean 'plan'\?$"),
    "a section's picture that is not in pictures.yaml": (
        {"sections/announcement.md": SECTION.replace("picture:plan", "picture:plam")},
        r"content/sections/announcement\.md:7:5: error: link: 'picture:plam' is not in pictures; did you mean "
        r"'plan'\?$"),
    "alt text in a section's brackets": (
        {"sections/announcement.md": SECTION.replace("![](picture:plan)", "![The plan](picture:plan)")},
        r"content/sections/announcement\.md:7:13: error: link: 'picture:plan' has alt text in its brackets, which "
        r"comes from pictures\.yaml; write !\[\]\(picture:plan\)"),
    "a picture inside a sentence": (
        {"sections/announcement.md": SECTION.replace("![](picture:plan)", "See ![](picture:plan) here.")},
        r"content/sections/announcement\.md:7:9: error: link: 'picture:plan' is not alone in its paragraph; put the "
        r"picture on a line of its own"),
    "a file that is not there": (
        {"pictures.yaml": PICTURES.replace("pictures/plan.png", "pictures/plans.png")},
        r"content/pictures\.yaml:9:9: error: file: 'pictures/plans\.png' names no file in content/; save the picture "
        r"as content/pictures/plans\.png, or correct the path$"),
    "a file that is no picture": (
        {"pictures.yaml": PICTURES.replace("pictures/plan.png", "pictures/notes.png"),
         "pictures/notes.png": "These are notes, not a picture.\n"},
        r"content/pictures\.yaml:9:9: error: file: 'pictures/notes\.png' cannot be read as a picture \(.*\); export "
        r"it again as JPEG, PNG or WebP$"),
    "a GIF saved with a .png name": (
        {"pictures.yaml": PICTURES.replace("pictures/plan.png", "pictures/moving.png")},
        r"content/pictures\.yaml:9:9: error: file: 'pictures/moving\.png' is a GIF picture, not JPEG, PNG or WebP; "
        r"save it as JPEG \(a photograph\) or PNG \(a drawing\)$"),
    "a file of another kind": (
        {"pictures.yaml": PICTURES.replace("pictures/plan.png", "pictures/plan.gif")},
        r"content/pictures\.yaml:9:9: error: file: 'pictures/plan\.gif' is not a \.jpg or \.jpeg or \.png or \.webp "
        r"file; e\.g\. pictures/bridge\.jpg$"),
}


@pytest.mark.parametrize("case", ERRORS, ids=list(ERRORS))
def test_each_mistake_in_a_picture_is_one_error_at_its_place(mini, tmp_path, case):
    files, expected = ERRORS[case]
    picture_content(mini, **files)
    (mini / "pictures" / "moving.png").write_bytes(gif())
    outcome = build(mini, tmp_path / "dist")
    assert outcome.returncode == 1
    lines = [match.group(0) for match in error_lines(outcome.stderr)]
    assert len(lines) == 1 and re.match(expected, lines[0]), outcome.stderr
    assert not (tmp_path / "dist").exists()


def test_the_visuals_example_shows_lead_art_a_credited_picture_a_chart_and_an_embed_within_its_budgets(tmp_path):
    result = command("build", "--project", str(REPO / "examples" / "visuals"), "--output", str(tmp_path / "dist"))
    assert result.returncode == 0, result.stderr
    home = tmp_path / "dist" / "index.html"
    page = lxml_html.fromstring(home.read_bytes())
    [lead] = page.xpath("//article[@class='explainer']/figure[contains(@class, 'wide-picture')]")
    assert "CC BY 4.0" in lead.xpath("string(.//figcaption)")
    assert page.xpath("//section[contains(@class, 'prose')]//figure[@class='picture']"), "a picture in the text"
    assert page.xpath("//figure[@class='chart']"), "a chart"
    [video] = page.xpath("//figure[@id='embed-inspection-video']")
    assert video.xpath(".//a/@href") == ["https://www.youtube.com/watch?v=aqz-KE-bpKQ"], "a facade: a link, no frame"
    assert not page.xpath("//iframe") and "youtube" not in " ".join(page.xpath("//img/@src")).lower()
    assert os.path.getsize(home) < 100_000, "the home page's HTML stays under 100 KB before its pictures"
    lead_390 = [uri for entry in lead.xpath(".//@srcset") for uri, width in
                [item.split() for item in entry.split(", ")] if width == "390w"]
    assert len(lead_390) == 2 and all(os.path.getsize(tmp_path / "dist" / uri) < 120_000 for uri in lead_390)
