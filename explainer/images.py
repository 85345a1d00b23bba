"""Pictures as content (docs/content.md): a picture's file checked as Pillow reads it; its renditions (each width in
WebP, with a JPEG fallback, or PNG for a picture with transparency), named after the file's bytes and the settings
before any is made; the <figure> that shows them; and their bytes, encoded without the file's metadata (EXIF, GPS,
XMP, comments) and kept across builds in a cache under $XDG_CACHE_HOME."""

from __future__ import annotations

import hashlib
import io
import os
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from markdown.serializers import to_html_string
from markupsafe import Markup
from PIL import Image, ImageOps
from PIL import __version__ as PILLOW_VERSION

from .model import Picture
from .project import cache_home, private

SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}  # what Pillow must find the file to be
MAX_PIXELS = 50_000_000
WIDTHS = (390, 780, 1280)  # a phone's screen, twice that for sharp screens, a wide screen's column
ENCODING: dict[str, dict[str, int | bool]] = {
    "webp": {"quality": 78, "method": 6},
    "jpeg": {"quality": 82, "optimize": True, "progressive": True},
    "png": {"optimize": True},
}
EXTENSIONS = {"webp": "webp", "jpeg": "jpg", "png": "png"}
SETTINGS = repr((WIDTHS, sorted(ENCODING.items()), PILLOW_VERSION)).encode()  # new settings, new names
COLUMN = "(min-width: 48rem) 40rem, 100vw"  # how wide a picture in the reading column is drawn
WIDE = "(min-width: 64rem) 60rem, (min-width: 48rem) 40rem, 100vw"  # the lead art, wider than the column
ROTATED = {5, 6, 7, 8}  # EXIF orientations that turn the picture a quarter: its width is its height


@dataclass(frozen=True, slots=True)
class Rendition:
    """One file made from a picture: its width in one format."""

    uri: str  # in the output folder: images/bridge-390.1a2b3c4d5e.webp
    cached: str  # its name in the cache: the source's digest with the settings, the width and the format
    width: int
    height: int
    kind: str  # webp, jpeg or png


@dataclass(frozen=True, slots=True)
class PictureView:
    """A picture as pages show it: its words, its intrinsic size and its renditions."""

    picture: Picture
    width: int  # of the largest rendition: the size the page writes, so nothing moves as it loads
    height: int
    renditions: tuple[Rendition, ...]  # each width in WebP, then each in the fallback format

    def html(self, root_uri: str, lazy: bool = True, wide: bool = False) -> Markup:
        """The <figure> for a layout, on a page `root_uri` leads back from."""
        return Markup(to_html_string(self.figure(root_uri, lazy, wide)))

    def figure(self, root_uri: str, lazy: bool = True, wide: bool = False) -> ET.Element:
        """<figure class="picture">: a <picture> with the WebP sizes and the fallback's, the <img> with its size
        and words (lazy unless it is the first thing a reader sees), the caption and the credit."""
        sizes = WIDE if wide else COLUMN
        modern, fallback = self.renditions[:len(self.renditions) // 2], self.renditions[len(self.renditions) // 2:]
        figure = ET.Element("figure", {"class": "picture wide-picture" if wide else "picture"})
        picture = ET.SubElement(figure, "picture")
        ET.SubElement(picture, "source", {"type": "image/webp", "srcset": srcset(modern, root_uri), "sizes": sizes})
        ET.SubElement(picture, "img", {
            "src": root_uri + fallback[-1].uri, "srcset": srcset(fallback, root_uri), "sizes": sizes,
            "width": str(self.width), "height": str(self.height), "alt": self.picture.alt,
            **({"loading": "lazy", "decoding": "async"} if lazy else {"fetchpriority": "high"})})
        caption = ET.SubElement(figure, "figcaption")
        if self.picture.caption:
            ET.SubElement(caption, "span", {"class": "picture-caption"}).text = self.picture.caption + " "
        credit = ET.SubElement(caption, "span", {"class": "picture-credit"})
        licence = f" ({self.picture.licence})" if self.picture.licence else ""
        if self.picture.source:
            link = ET.SubElement(credit, "a", {"href": self.picture.source})
            link.text, link.tail = self.picture.credit, licence or None
        else:
            credit.text = self.picture.credit + licence
        return figure


def srcset(renditions: Iterable[Rendition], root_uri: str) -> str:
    return ", ".join(f"{root_uri}{r.uri} {r.width}w" for r in renditions)


def unusable(data: bytes) -> tuple[str, str] | None:
    """What is wrong with a picture file's bytes (after its quoted path) and how to fix it; None when Pillow reads
    the whole picture."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in FORMATS:
                    return (f"is a {image.format} picture, not JPEG, PNG or WebP",
                            "save it as JPEG (a photograph) or PNG (a drawing)")
                if image.width * image.height > MAX_PIXELS:
                    return (f"has {image.width * image.height / 1e6:.0f} million pixels; a picture may have "
                            f"{MAX_PIXELS // 1_000_000} million", f"scale it down: {WIDTHS[-1] * 2:,} pixels wide is plenty")
                image.load()
    except Exception as error:  # Pillow's errors for a broken file are of many kinds (OSError, SyntaxError, …)
        return f"cannot be read as a picture ({error})", "export it again as JPEG, PNG or WebP"
    return None


def picture_view(picture: Picture, data: bytes) -> PictureView:
    """The picture's renditions and intrinsic size, read from the file's header (nothing is encoded here)."""
    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
        if image.getexif().get(0x0112) in ROTATED:
            width, height = height, width
        fallback = "png" if image.has_transparency_data else "jpeg"
    key = hashlib.blake2b(data + SETTINGS, digest_size=5).hexdigest()
    largest = min(width, WIDTHS[-1])
    widths = [w for w in WIDTHS if w < largest] + [largest]
    renditions = tuple(
        Rendition(f"images/{picture.id}-{w}.{key}.{EXTENSIONS[kind]}", f"{key}-{w}.{EXTENSIONS[kind]}",
                  w, max(1, round(height * w / width)), kind)
        for kind in ("webp", fallback) for w in widths)
    return PictureView(picture, renditions[-1].width, renditions[-1].height, renditions)


def picture_views(pictures: Iterable[Picture], files: Iterable[tuple[str, bytes]]) -> dict[str, PictureView]:
    """Each picture's view, by its id."""
    data = dict(files)
    return {picture.id: picture_view(picture, data[picture.file]) for picture in pictures}


def rendered(pictures: Iterable[Picture], files: Iterable[tuple[str, bytes]]) -> dict[str, bytes]:
    """The bytes of every picture's renditions, by their URI: from the cache where an earlier build made them."""
    data, cache = dict(files), cache_folder()
    found: dict[str, bytes] = {}
    for picture in pictures:
        found |= encoded(picture_view(picture, data[picture.file]), data[picture.file], cache)
    return found


def encoded(view: PictureView, data: bytes, cache: Path | None) -> dict[str, bytes]:
    """Each rendition's bytes, encoding only those the cache does not hold (and keeping them there)."""
    found = {r.uri: cached for r in view.renditions if (cached := read_cached(cache, r.cached)) is not None}
    missing = [r for r in view.renditions if r.uri not in found]
    if missing:
        source = prepared(data)
        for rendition in missing:
            found[rendition.uri] = encode(source, rendition)
            keep(cache, rendition.cached, found[rendition.uri])
    return found


def prepared(data: bytes) -> Image.Image:
    """The picture turned upright as its EXIF orientation says, in RGB (RGBA with transparency), with nothing of
    the file's metadata left to be saved again (EXIF with GPS, XMP, ICC profile, comments)."""
    with Image.open(io.BytesIO(data)) as opened:
        alpha = opened.has_transparency_data
        upright = ImageOps.exif_transpose(opened)
    image = upright.convert("RGBA" if alpha else "RGB")
    image.info.clear()
    return image


def encode(image: Image.Image, rendition: Rendition) -> bytes:
    """One rendition's bytes: the picture scaled to its width, saved in its format with the fixed settings."""
    if image.size != (rendition.width, rendition.height):
        image = image.resize((rendition.width, rendition.height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format=rendition.kind.upper(), **ENCODING[rendition.kind])
    return out.getvalue()


def cache_folder() -> Path | None:
    """Where renditions are kept between builds (shared by projects: a name says what made it), or None where it
    cannot be made or others could write in it."""
    folder = cache_home() / "images"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return folder if private(folder) else None
    except OSError:
        return None


def read_cached(cache: Path | None, name: str) -> bytes | None:
    try:
        return (cache / name).read_bytes() if cache else None
    except OSError:
        return None


def keep(cache: Path | None, name: str, data: bytes) -> None:
    """Put a rendition in the cache whole (written aside, then renamed); a cache that cannot be written is skipped."""
    if cache is None:
        return
    aside = cache / f".{name}.{os.getpid()}"
    try:
        aside.write_bytes(data)
        os.replace(aside, cache / name)
    except OSError:
        with suppress(OSError):
            aside.unlink(missing_ok=True)
