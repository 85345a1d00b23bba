"""The social cards, by real builds: each page's own card with its headline, in glyphs for every letter of French,
Polish and Ukrainian; the same bytes for the same content; kept across builds; the content's own picture."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from lxml import etree, html
from PIL import Image

from helpers import MINI, command, snapshot, write_tree
from explainer.formats.card import font
from explainer.plan import TIMELINE_PAGE_LIMIT

BASE_URL = "https://news.example/story/"
HEADLINES = ("Évacuation à Kherson", "Łódź", "Запоріжжя")
NOTDEF = "\U0010fffd"  # a character no font has: drawn as the font's notdef glyph (the empty box)
MANY_EVENTS = "".join(  # past the limit: the timeline gets a page a year
    f"- id: e-{n}\n  date: {2021 + n % 2}-0{1 + n % 9}-1{n % 9}\n  title: Event {n}\n  summary: S.\n"
    f"  category: military\n  sources: [nbc]\n" for n in range(TIMELINE_PAGE_LIMIT + 1))


def card(output: Path, uri: str = "index.html") -> tuple[html.HtmlElement, bytes]:
    """A page and the bytes of the card its og:image names."""
    page = html.fromstring((output / uri).read_bytes())
    [url] = page.xpath("//meta[@property='og:image']/@content")
    assert page.xpath("//meta[@name='twitter:image']/@content") == [url]
    return page, (output / url.removeprefix(BASE_URL)).read_bytes()


def meta(page: html.HtmlElement, name: str) -> str:
    [value] = page.xpath(f"//meta[@property='og:image:{name}']/@content")
    return value


def built(content: Path, output: Path, cwd: Path | None = None) -> Path:
    args = ("--content", str(content), "--output", str(output), "--base-url", BASE_URL)
    result = command(*args, cwd=cwd) if cwd else command(*args)
    assert result.returncode == 0, result.stderr
    return output


def with_pages(content: Path, titles: dict[str, str]) -> Path:
    """The content with a standalone page of each title (file name -> title)."""
    return write_tree(content, {f"pages/{name}.md": f"---\ntitle: {title}\n---\nSome words.\n"
                                for name, title in titles.items()})


def picture(size: tuple[int, int] = (1200, 630)) -> bytes:
    """A PNG made for the test."""
    found = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(found, "PNG")
    return found.getvalue()


@pytest.mark.parametrize("bold", [True, False], ids=["headline", "brand line"])
def test_every_letter_of_a_french_polish_or_ukrainian_headline_has_a_glyph_of_its_own(bold):
    typeface = font(bold, 72)
    notdef, question = typeface.getmask(NOTDEF), typeface.getmask("?")
    for char in "".join(HEADLINES).replace(" ", ""):
        drawn = typeface.getmask(char)
        assert drawn.getbbox() is not None, f"{char!r} draws something"
        for other in (notdef, question):
            assert (drawn.size, bytes(drawn)) != (other.size, bytes(other)), f"{char!r} is not the box or '?'"


def test_a_headline_with_diacritics_and_cyrillic_is_drawn_in_its_own_letters(mini, tmp_path):
    headline = ", ".join(HEADLINES)
    stand_ins = {name: "".join(c if c.isascii() else mark for c in headline)
                 for name, mark in (("question", "?"), ("box", NOTDEF))}
    output = built(with_pages(mini, {"letters": headline, **stand_ins}), tmp_path / "dist")
    page, letters = card(output, "pages/letters.html")
    assert meta(page, "alt") == headline, "the alt text is the headline the card shows"
    others = [card(output, f"pages/{name}.html")[1] for name in stand_ins]
    assert len({letters, *others}) == 3, "not the card where each letter is '?' or the box"
    drawn = Image.open(io.BytesIO(letters))
    assert drawn.size == (1200, 630) and drawn.mode == "P"


def test_every_indexable_page_names_its_own_card_1200_by_630(mini, tmp_path):
    (mini / "timeline.yaml").write_text(MINI["timeline.yaml"] + MANY_EVENTS, encoding="utf-8")
    output = built(with_pages(mini, {"about": "About us", "long": "A very long headline " * 12}), tmp_path / "dist")
    sitemap = etree.fromstring((output / "sitemap.xml").read_bytes())
    uris = [url.removeprefix(BASE_URL) or "index.html" for url in sitemap.xpath("//*[local-name()='loc']/text()")]
    assert {"index.html", "timeline.html", "timeline-2021.html", "timeline-2022.html", "quotes.html",
            "regions.html", "sources.html", "pages/index.html", "pages/about.html", "pages/long.html"} <= set(uris)
    cards = {}
    for uri in uris:
        page, data = card(output, uri)
        assert Image.open(io.BytesIO(data)).size == (1200, 630)
        assert (meta(page, "width"), meta(page, "height"), meta(page, "type")) == ("1200", "630", "image/png")
        cards[uri] = data
    assert len(set(cards.values())) == len(uris), "each page its own card"
    assert card(output, "404.html")[1] == cards["index.html"], "the 404 page shares the home page's"
    assert meta(card(output, "index.html")[0], "alt") == "Test headline"
    assert meta(card(output, "pages/long.html")[0], "alt") == " ".join(["A very long headline"] * 12)


def test_the_same_content_gives_the_same_cards_byte_for_byte(mini, tmp_path, monkeypatch):
    first = built(mini, tmp_path / "one")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-cache"))  # drawn again, not taken from a cache
    second = built(mini, tmp_path / "two")
    cards = {name: data for name, data in snapshot(first / "assets").items() if name.startswith("social-card.")}
    assert len(cards) == 5, "home, timeline, quotes, regions, sources"
    assert cards == {name: data for name, data in snapshot(second / "assets").items() if name in cards}


def test_a_second_build_takes_its_cards_from_the_cache_and_the_cache_forgets_old_ones(mini, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    first = built(with_pages(mini, {"about": "About us"}), tmp_path / "one")
    kept = {path.name: path for path in (tmp_path / "cache").rglob("social-card.*.png")}
    assert set(kept) == {name for name in snapshot(first / "assets") if name.startswith("social-card.")}
    about = card(first, "pages/about.html")[1]
    [path] = [path for path in kept.values() if path.read_bytes() == about]
    path.write_bytes(picture((1200, 630)))  # a card no drawing would make: only the cache can give it
    second = built(mini, tmp_path / "two")
    assert card(second, "pages/about.html")[1] == picture((1200, 630)), "the card came from the cache"
    assert card(second, "index.html")[1] == card(first, "index.html")[1]
    with_pages(mini, {"about": "About the desk"})
    built(mini, tmp_path / "three")
    now = {path.name for path in (tmp_path / "cache").rglob("social-card.*.png")}
    assert path.name not in now and len(now) == len(kept), "the old title's card is gone, the new one kept"


def test_the_contents_own_picture_is_the_home_cards_with_its_alt_text_and_real_size(project, tmp_path):
    own = picture()
    (project / "assets" / "cover.png").write_bytes(own)
    site = project / "content" / "site.yaml"
    line = len(site.read_text(encoding="utf-8").splitlines()) + 2  # where the file name will be
    site.write_text(site.read_text(encoding="utf-8") + "image:\n  file: cover.png\n  alt: A chart of the call-up\n",
                    encoding="utf-8")
    output = built(project / "content", tmp_path / "dist", cwd=project)
    page, data = card(output)
    assert data == own and meta(page, "alt") == "A chart of the call-up" and meta(page, "type") == "image/png"
    assert (meta(page, "width"), meta(page, "height")) == ("1200", "630")
    timeline, drawn = card(output, "timeline.html")
    assert drawn != own and meta(timeline, "alt") == "Timeline", "the other pages' cards are drawn"
    site.write_text(site.read_text(encoding="utf-8").replace("file: cover.png", "file: covr.png"), encoding="utf-8")
    result = command("--output", str(tmp_path / "again"), cwd=project)
    assert result.returncode == 1
    assert f"content/site.yaml:{line}:9: error: image.file: there is no assets/covr.png; did you mean 'cover.png'?" \
        in result.stderr


@pytest.mark.parametrize("data", [b"<svg/>", picture()[:16]], ids=["svg", "a PNG cut at 16 bytes"])
def test_a_picture_that_is_not_a_png_or_jpeg_is_an_error(project, tmp_path, data):
    (project / "assets" / "cover.png").write_bytes(data)
    site = project / "content" / "site.yaml"
    line = len(site.read_text(encoding="utf-8").splitlines()) + 2
    site.write_text(site.read_text(encoding="utf-8") + "image:\n  file: cover.png\n  alt: A chart\n", encoding="utf-8")
    result = command("--output", str(tmp_path / "dist"), cwd=project)
    assert result.returncode == 1 and not (tmp_path / "dist").exists()
    assert f"content/site.yaml:{line}:9: error: image.file: assets/cover.png is not a PNG or JPEG picture; save it as " \
           "PNG or JPEG, best 1200 by 630 pixels" in result.stderr


def test_without_a_base_url_no_card_is_drawn_as_no_page_could_name_one(mini, tmp_path):
    """og:image takes only an absolute address: a site built without a base URL gets no cards to carry."""
    result = command("--content", str(mini), "--output", str(tmp_path / "dist"))
    assert result.returncode == 0, result.stderr
    assert not list((tmp_path / "dist" / "assets").glob("social-card.*"))
    page = html.fromstring((tmp_path / "dist" / "index.html").read_bytes())
    assert page.xpath("//meta[@property='og:image' or @name='twitter:image']") == []
    assert "social-card" not in (tmp_path / "dist" / "_headers").read_text(encoding="utf-8")
