"""What each page's social card says and where it is published, decided before anything is drawn: the page's
headline, the brand (publisher, short title, date) in the theme's colours, named by a digest of all that and of
the font, so a card's address changes whenever its picture would (formats/card.py draws it)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import PIL

from .catalogue import Catalogue
from .load import Asset
from .model import Explainer, PartialDate
from .visuals import picture_size

WIDTH, HEIGHT = 1200, 630
FONTS = Path(__file__).resolve().parent / "fonts"
FONT_FILES = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf")
DESIGN = 1  # raise when formats/card.py draws differently, so every card gets a new address
# The theme's custom properties a card is drawn in (their light values), and the default theme's values.
COLOURS = {"panel": "#f4f2ed", "text": "#161616", "muted": "#57534c", "accent": "#0b4f9c"}


@dataclass(frozen=True, slots=True)
class Brand:
    """What every drawn card of the site shows besides its headline, and in which colours."""

    publisher: str
    name: str  # the explainer's short title
    date: str  # when it was last changed, in the site's words
    colours: tuple[tuple[str, str], ...]  # (role, '#rrggbb'), the roles of COLOURS


@dataclass(frozen=True, slots=True)
class Face:
    """A drawn card: the page's headline and the site's brand."""

    headline: str
    brand: Brand


@dataclass(frozen=True, slots=True)
class SocialCard:
    """The picture a page's og:image names: a drawn card (`face`), or the content's own picture (no face)."""

    uri: str  # site-relative, with a digest in the name
    alt: str
    type: str = "image/png"
    width: int = WIDTH
    height: int = HEIGHT
    face: Face | None = None


def theme_colours(assets: Iterable[Asset]) -> tuple[tuple[str, str], ...]:
    """The card's colours from the theme's theme.css (a property's light value when it has two), each role the
    default theme's where the stylesheet does not set it in #rgb or #rrggbb."""
    css = next((a.data.decode("utf-8", "replace") for a in assets if a.uri == "theme.css"), "")
    found = []
    for role, default in COLOURS.items():
        match = re.search(rf"--{role}:\s*(?:light-dark\(\s*)?(#[0-9a-fA-F]{{6}}|#[0-9a-fA-F]{{3}})\b", css)
        value = match.group(1).lower() if match else default
        found.append((role, "#" + "".join(c * 2 for c in value[1:]) if len(value) == 4 else value))
    return tuple(found)


def brand_of(explainer: Explainer, words: Catalogue, assets: Iterable[Asset]) -> Brand:
    site, modified = explainer.site, explainer.modified
    date = words.date(PartialDate(modified.year, modified.month, modified.day))
    return Brand(site.publisher.name, site.name, date, theme_colours(assets))


@lru_cache(maxsize=1)
def font_digest() -> str:
    """A digest of the fonts and of the Pillow that draws with them: either changing may change every card."""
    digest = hashlib.sha256(f"{PIL.__version__} {DESIGN}".encode())
    for name in FONT_FILES:
        digest.update((FONTS / name).read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=1 << 15)  # a pure function of its arguments, asked again for every page at every rebuild
def drawn(headline: str, brand: Brand) -> SocialCard:
    """The card of a page with this headline, named by what it shows and what draws it."""
    face = Face(" ".join(headline.split()), brand)
    key = hashlib.sha256(repr((face, font_digest())).encode()).hexdigest()[:10]
    return SocialCard(f"assets/social-card.{key}.png", face.headline, face=face)


def own_picture(explainer: Explainer) -> SocialCard | None:
    """The content's own picture (site.image), when it names one."""
    image = explainer.site.image
    if image is None or explainer.image is None:
        return None
    kind, width, height = picture_size(explainer.image)  # type: ignore[misc]
    extension = "png" if kind == "image/png" else "jpg"
    key = hashlib.sha256(explainer.image).hexdigest()[:10]
    return SocialCard(f"assets/social-card.{key}.{extension}", image.alt, kind, width, height)
