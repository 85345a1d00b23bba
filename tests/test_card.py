"""The social card in its three cases, by real builds: the content's picture, the map, the title on a colour."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from lxml import html

from helpers import command
from explainer.formats.card import title_card

BASE_URL = "https://news.example/story/"


def decoded(data: bytes) -> tuple[int, int, list[bytes], bytes]:
    """Width, height, rows of palette indexes and the palette of an 8-bit palette PNG, checking every chunk's CRC."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = {}, 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        assert struct.unpack(">I", data[at + 8 + length:at + 12 + length])[0] == zlib.crc32(kind + body)
        chunks[kind] = body
        at += 12 + length
    width, height, depth, colour_type = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (depth, colour_type) == (8, 3) and b"IEND" in chunks
    raw = zlib.decompress(chunks[b"IDAT"])
    assert len(raw) == height * (width + 1) and all(raw[y * (width + 1)] == 0 for y in range(height))
    rows = [raw[y * (width + 1) + 1:(y + 1) * (width + 1)] for y in range(height)]
    return width, height, rows, chunks[b"PLTE"]


def card(output: Path) -> tuple[html.HtmlElement, bytes]:
    """The home page and the bytes of the card its og:image names."""
    page = html.fromstring((output / "index.html").read_bytes())
    [url] = page.xpath("//meta[@property='og:image']/@content")
    return page, (output / url.removeprefix(BASE_URL)).read_bytes()


def meta(page: html.HtmlElement, name: str) -> str:
    [value] = page.xpath(f"//meta[@property='og:image:{name}']/@content")
    return value


def built(content: Path, output: Path, cwd: Path | None = None) -> Path:
    args = ("--content", str(content), "--output", str(output), "--base-url", BASE_URL)
    result = command(*args, cwd=cwd) if cwd else command(*args)
    assert result.returncode == 0, result.stderr
    return output


def test_the_map_card_draws_the_map_with_the_maps_own_name_as_alt_text(mini, tmp_path):
    page, data = card(built(mini, tmp_path / "one"))
    width, height, rows, palette = decoded(data)
    assert (width, height) == (1200, 630) and (meta(page, "width"), meta(page, "height")) == ("1200", "630")
    assert meta(page, "type") == "image/png" and meta(page, "alt") == "Map of the region"
    used = {i for row in rows for i in row}
    assert len(used) >= 6, "background, band, sea, neighbours, the country and the marked region"
    assert data == card(built(mini, tmp_path / "two"))[1], "the same content gives the same bytes"


def test_without_a_map_or_a_picture_the_card_is_the_title_on_a_colour(mini, tmp_path):
    site = mini / "site.yaml"
    site.write_text(site.read_text().split("map:")[0], encoding="utf-8")
    page, data = card(built(mini, tmp_path / "one"))
    width, height, rows, palette = decoded(data)
    assert (width, height) == (1200, 630) and meta(page, "alt") == "Test headline"
    background = palette[0:3]
    inked = [y for y, row in enumerate(rows[18:], 18) if any(i != 0 for i in row)]
    assert inked and 18 < inked[0] and inked[-1] < 630 - 18, "the title is written inside the card"
    assert background != palette[15 * 3:16 * 3], "text in a colour apart from the background"
    assert data == card(built(mini, tmp_path / "two"))[1]
    assert title_card("Новини: Київ, Їжак, Єнакієве, Ґанок") != title_card("Новини"), "Cyrillic is written too"


def test_the_contents_own_picture_is_the_card_with_its_alt_text_and_real_size(project, tmp_path):
    picture = title_card("A picture of our own")  # any PNG made for the test
    (project / "assets" / "cover.png").write_bytes(picture)
    site = project / "content" / "site.yaml"
    line = len(site.read_text(encoding="utf-8").splitlines()) + 2  # where the file name will be
    site.write_text(site.read_text(encoding="utf-8") + "image:\n  file: cover.png\n  alt: A chart of the call-up\n",
                    encoding="utf-8")
    page, data = card(built(project / "content", tmp_path / "dist", cwd=project))
    assert data == picture and meta(page, "alt") == "A chart of the call-up" and meta(page, "type") == "image/png"
    assert (meta(page, "width"), meta(page, "height")) == ("1200", "630")
    site.write_text(site.read_text(encoding="utf-8").replace("file: cover.png", "file: covr.png"), encoding="utf-8")
    result = command("--output", str(tmp_path / "again"), cwd=project)
    assert result.returncode == 1
    assert f"content/site.yaml:{line}:9: error: image.file: there is no assets/covr.png; did you mean 'cover.png'?" \
        in result.stderr


@pytest.mark.parametrize("data", [b"<svg/>", title_card("A picture")[:16]], ids=["svg", "a PNG cut at 16 bytes"])
def test_a_picture_that_is_not_a_png_or_jpeg_is_an_error(project, tmp_path, data):
    (project / "assets" / "cover.png").write_bytes(data)
    site = project / "content" / "site.yaml"
    line = len(site.read_text(encoding="utf-8").splitlines()) + 2
    site.write_text(site.read_text(encoding="utf-8") + "image:\n  file: cover.png\n  alt: A chart\n", encoding="utf-8")
    result = command("--output", str(tmp_path / "dist"), cwd=project)
    assert result.returncode == 1 and not (tmp_path / "dist").exists()
    assert f"content/site.yaml:{line}:9: error: image.file: assets/cover.png is not a PNG or JPEG picture; save it as " \
           "PNG or JPEG, best 1200 by 630 pixels" in result.stderr
