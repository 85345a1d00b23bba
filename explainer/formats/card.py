"""The social cards' pictures: each page's headline under the publisher's name, with the short title and the date
below, drawn with Pillow in the bundled Noto Sans (Latin with its diacritics, Greek, Cyrillic) as a 1200x630
palette PNG; the same card gives the same bytes. Cards are kept in a cache folder across builds and the missing
ones drawn across cores (cards.py decides what each says and its address)."""

from __future__ import annotations

import os
import struct
import tempfile
import zlib
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .. import parallel
from ..cards import FONTS, HEIGHT, WIDTH, Brand, Face, SocialCard

MARGIN = 72  # on the left and right, in pixels
BAND = 12  # the accent band along the top
BRAND_BASELINE, FOOTER_BASELINE = 100, 566
HEADLINE_TOP, HEADLINE_BOTTOM = 150, 500  # the headline's lines stay between these
HEADLINE_SIZES = (72, 64, 56, 48)  # the largest that fits in the lines there is room for, else the last, cut
LEADING = 1.2
SHADES = 16  # of each ink over the background (anti-aliasing)
ELLIPSIS = "…"
ROWS = (HEADLINE_TOP - 20, HEADLINE_BOTTOM + 10)  # the headline's rows, in the text colour: accents and descenders
INKS = ("accent", "text", "muted")  # the theme's colours the card is drawn in, besides the background (COLOURS)
ACCENT, TEXT, MUTED = range(3)


@lru_cache(maxsize=16)
def font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    """The bundled font at a size, laid out by Pillow's own engine (not libraqm, which may or may not be there),
    so the same text always gives the same pixels."""
    name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
    return ImageFont.truetype(str(FONTS / name), size, layout_engine=ImageFont.Layout.BASIC)


def shortened(text: str, typeface: ImageFont.FreeTypeFont, width: float) -> str:
    """The text, cut at the end with an ellipsis when it is wider than `width`."""
    return text if typeface.getlength(text) <= width else ellipsized(text, typeface, width)


def ellipsized(text: str, typeface: ImageFont.FreeTypeFont, width: float) -> str:
    """The text ending in an ellipsis, cut as much as it takes to be no wider than `width`."""
    while text and typeface.getlength(text.rstrip() + ELLIPSIS) > width:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS


def wrapped(text: str, typeface: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """The text in lines no wider than `width`, broken between words (inside a word only when it alone is wider)."""
    lines: list[str] = []
    for word in text.split():
        if lines and typeface.getlength(lines[-1] + " " + word) <= width:
            lines[-1] += " " + word
            continue
        lines.append("")
        for char in word:
            if lines[-1] and typeface.getlength(lines[-1] + char) > width:
                lines.append("")
            lines[-1] += char
    return lines


def headline_lines(headline: str) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The headline at the largest size whose lines fit, else at the smallest, its last line ending in an ellipsis."""
    width = WIDTH - 2 * MARGIN
    for size in HEADLINE_SIZES:
        typeface = font(True, size)
        room = int((HEADLINE_BOTTOM - HEADLINE_TOP) // (size * LEADING))
        lines = wrapped(headline, typeface, width)
        if len(lines) <= room:
            return typeface, lines
    return typeface, [*lines[:room - 1], ellipsized(lines[room - 1], typeface, width)]


def shades(ink: int) -> list[int]:
    """A lookup from a letter's coverage (0 to 255) to the palette: the background, or a shade of the ink."""
    first = 1 + ink * SHADES
    return [0] + [first + value * (SHADES - 1) // 255 for value in range(1, 256)]


@lru_cache(maxsize=4)
def frame(brand: Brand) -> Image.Image:
    """What every card of a brand shares, in palette indexes: the band, the publisher's name above the headline's
    rows, the short title and the date below them."""
    picture = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(picture)
    width, bold, small = WIDTH - 2 * MARGIN, font(True, 30), font(False, 28)
    draw.text((MARGIN, BRAND_BASELINE), shortened(brand.publisher, bold, width), 255, bold, anchor="ls")
    draw.text((WIDTH - MARGIN, FOOTER_BASELINE), brand.date, 255, small, anchor="rs")
    room = width - small.getlength(brand.date) - 48
    draw.text((MARGIN, FOOTER_BASELINE), shortened(brand.name, small, room), 255, small, anchor="ls")
    for ink, box in ((ACCENT, (0, 0, WIDTH, ROWS[0])), (MUTED, (0, ROWS[1], WIDTH, HEIGHT))):
        picture.paste(picture.crop(box).point(shades(ink)), box)
    picture.paste(1 + ACCENT * SHADES + SHADES - 1, (0, 0, WIDTH, BAND))  # the band: the accent at full strength
    return picture


def headline_picture(headline: str) -> Image.Image:
    """The headline's rows (ROWS), each pixel the palette index of its shade of the text colour."""
    picture = Image.new("L", (WIDTH, ROWS[1] - ROWS[0]), 0)
    draw = ImageDraw.Draw(picture)
    typeface, lines = headline_lines(headline)
    step = round(typeface.size * LEADING)
    for number, line in enumerate(lines):
        draw.text((MARGIN, HEADLINE_TOP - ROWS[0] + typeface.size + number * step), line, 255, typeface, anchor="ls")
    return picture.point(shades(TEXT))


def rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


@lru_cache(maxsize=4)
def palette(brand: Brand) -> bytes:
    """The background, then SHADES steps from it to each ink, in the order of INKS."""
    colours = dict(brand.colours)
    background = rgb(colours["panel"])
    found = list(background)
    for role in INKS:
        ink = rgb(colours[role])
        for step in range(1, SHADES + 1):
            found += [round(b + (i - b) * step / SHADES) for b, i in zip(background, ink)]
    return bytes(found)


def draw(face: Face) -> bytes:
    """The card as an 8-bit palette PNG: the brand's frame with the headline in its rows."""
    picture = frame(face.brand).copy()
    picture.paste(headline_picture(face.headline), (0, ROWS[0]))
    return png(picture.tobytes(), palette(face.brand))


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(indexes: bytes, colours: bytes) -> bytes:
    """An 8-bit palette PNG of WIDTH x HEIGHT palette indexes, row by row, written with the standard library."""
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 3, 0, 0, 0)
    raw = b"".join(b"\x00" + indexes[y * WIDTH:(y + 1) * WIDTH] for y in range(HEIGHT))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"PLTE", colours)
            + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


def card_files(cards: Iterable[SocialCard], picture: bytes | None, folder: Path | None,
               last: Mapping[str, bytes]) -> dict[str, bytes]:
    """Every card's bytes by its address: the content's own picture as it is; a drawn card from the last build,
    else from the cache folder, else drawn now (across cores when there are many) and kept there. The folder
    then forgets the cards this build does not have."""
    found: dict[str, bytes] = {}
    missing: dict[str, Face] = {}
    for card in {card.uri: card for card in cards}.values():
        data = picture if card.face is None else last.get(card.uri) or cached(folder, card.uri)
        if data is not None:
            found[card.uri] = data
        elif card.face is not None:
            missing[card.uri] = card.face
    drawn = [data for batch in parallel.render_all(draw, list(missing.values())) for data in batch]
    for uri, data in zip(missing, drawn):
        found[uri] = data
        keep(folder, uri, data)
    forget_others(folder, {uri.rpartition("/")[2] for uri in found})
    return found


def cached(folder: Path | None, uri: str) -> bytes | None:
    try:
        return (folder / uri.rpartition("/")[2]).read_bytes() if folder else None
    except OSError:
        return None


def keep(folder: Path | None, uri: str, data: bytes) -> None:
    """Save a card in the cache folder whole (written aside, then renamed); a folder that cannot be written is
    skipped: the next build draws the card again."""
    if folder is None:
        return
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, folder / uri.rpartition("/")[2])
    except OSError:
        pass


def forget_others(folder: Path | None, names: set[str]) -> None:
    """Remove the cache folder's cards that are not among `names`, so it holds no more than one build's."""
    if folder is None or not folder.is_dir():
        return
    for path in folder.iterdir():
        if path.name not in names:
            path.unlink(missing_ok=True)
