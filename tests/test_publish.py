"""Publishing: feed, sitemap, robots, _headers, meta tags, JSON-LD, social card, open data and embeds, parsed for real."""

from __future__ import annotations

import csv
import io
import json
import re
import struct
import zlib
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from lxml import etree
from lxml import html as lxml_html

from helpers import MINI, REPO, command, write_tree, page
from explainer.editions import split
from explainer.load import load
from explainer.typography import smarten
from explainer.model import Explainer
from explainer.project import Project
from explainer.resolve import resolve
from explainer.formats.sitemap import NO_BASE_URL
from explainer.validate import validate
from explainer.write import MARK

SCHEMAS = Path(__file__).parent / "schemas"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "http://www.w3.org/1999/xhtml"
BASE_URL = "https://news.example.org/explainers/mobilization/"
MAIN_PAGES = ("index.html", "timeline.html", "quotes.html", "regions.html", "sources.html", "404.html")
HOSTILE = "=cmd|' /C calc'!A0 </script><script>alert(1)</script><!-- &"
UPDATES = """\
- date: 2022-09-22T10:00:00+00:00
  kind: correction
  text: Corrected the number of cities ([NBC](source:nbc)).
- date: 2022-09-23T08:30:00+03:00
  kind: update
  text: Added the vote dates.
"""


def explainer_of(content: Path) -> Explainer:
    """The content as the build sees it."""
    loaded = split(load(Project.at(REPO, content)))[0]
    draft, problems = validate(loaded)
    resolved, found = resolve(draft)
    assert not loaded.problems + problems + found and resolved is not None
    return resolved


def build(content: Path, output: Path, *args: str) -> tuple[Path, str]:
    result = command("--content", str(content), "--output", str(output), *args)
    assert result.returncode == 0, result.stderr
    return output, result.stdout


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    """Whatever content/ holds, built without and with a base URL."""
    root = tmp_path_factory.mktemp("real")
    return {"relative": build(REPO / "content", root / "relative"),
            "absolute": build(REPO / "content", root / "absolute", "--base-url", BASE_URL)}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Explainer]:
    """The mini content with updates and a hostile string in the headline, a quote and a correction."""
    root = tmp_path_factory.mktemp("hostile")
    correction = json.dumps(f"`{HOSTILE}` Corrected the number of cities ([NBC](source:nbc)).")  # raw HTML: code
    files = {**MINI, "updates.yaml": UPDATES.replace("Corrected the number of cities ([NBC](source:nbc)).", correction)}
    files["site.yaml"] = MINI["site.yaml"].replace("title: Test headline", f"title: {json.dumps('Test ' + HOSTILE)}")
    files["quotes.yaml"] = MINI["quotes.yaml"].replace("text: This is not a bluff.", f"text: {json.dumps(HOSTILE)}")
    content = write_tree(root / "content", files)
    output, _ = build(content, root / "dist", "--base-url", BASE_URL)
    return output, explainer_of(content)


def json_ld(document: lxml_html.HtmlElement) -> list[dict]:
    return [json.loads(s.text) for s in document.xpath("//script[@type='application/ld+json']")]


def meta(document: lxml_html.HtmlElement, key: str) -> list[str]:
    return document.xpath(f"//meta[@property='{key}' or @name='{key}']/@content")


def test_without_a_base_url_the_build_says_once_what_it_left_out(real):
    assert real["relative"][1].count(NO_BASE_URL) == 1
    assert NO_BASE_URL not in real["absolute"][1]
    assert not (real["relative"][0] / "sitemap.xml").exists()


@pytest.mark.parametrize("kind", ["relative", "absolute"])
def test_the_feed_is_valid_atom(real, kind):
    feed = etree.parse(str(real[kind][0] / "feed.xml"))
    schema = etree.RelaxNG(etree.parse(str(SCHEMAS / "atom.rng")))
    assert schema.validate(feed), schema.error_log
    root = feed.getroot()
    assert root.findall(f"{ATOM}author"), "a feed-level author covers every entry"
    for entry in root.iter(f"{ATOM}entry"):
        assert entry.find(f"{ATOM}content") is not None or entry.find(f"{ATOM}link[@rel='alternate']") is not None


def test_the_feed_links_only_with_a_base_url_and_keeps_its_ids(real):
    relative = etree.parse(str(real["relative"][0] / "feed.xml")).getroot()
    absolute = etree.parse(str(real["absolute"][0] / "feed.xml")).getroot()
    assert relative.findall(f".//{ATOM}link") == []
    [self_link] = absolute.findall(f"{ATOM}link[@rel='self']")
    assert self_link.get("href") == BASE_URL + "feed.xml"
    ids = [[e.text for e in feed.iter(f"{ATOM}id")] for feed in (relative, absolute)]
    assert ids[0] == ids[1] and all(i.startswith("urn:uuid:") for i in ids[0])


def test_feed_entries_are_the_updates_newest_first_with_dates_from_content(hostile):
    output, explainer = hostile
    root = etree.parse(str(output / "feed.xml")).getroot()
    entries = root.findall(f"{ATOM}entry")
    newest_first = sorted(explainer.updates, key=lambda u: u.date, reverse=True)
    assert [e.findtext(f"{ATOM}updated") for e in entries] == [
        *(u.date.isoformat() for u in newest_first), explainer.site.published.isoformat()]
    assert root.findtext(f"{ATOM}updated") == "2022-09-23T08:30:00+03:00"
    assert [e.find(f"{ATOM}category").get("term") for e in entries] == ["update", "correction", "published"]
    assert entries[1].findtext(f"{ATOM}title") == "Correction, 22 September 2022, 10:00 UTC"


def test_the_sitemap_is_valid_and_lists_every_reader_page_by_absolute_url(real):
    output = real["absolute"][0]
    sitemap = etree.parse(str(output / "sitemap.xml"))
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "sitemap.xsd")))
    alternates = sitemap.findall(f".//{{{XHTML}}}link")  # the editions' hreflang links: tests/test_editions.py
    assert alternates and all(link.get("rel") == "alternate" for link in alternates)
    for link in alternates:  # the sitemaps.org schema takes other namespaces only with their own schema at hand
        link.getparent().remove(link)
    assert schema.validate(sitemap), schema.error_log
    locs = [loc.text for loc in sitemap.iter(f"{SITEMAP}loc")]
    pages = [p.relative_to(output).as_posix() for p in output.rglob("*.html")]
    folders = ("uk/", "ru/")  # the default content's editions: the same pages in their folders
    bare = lambda p: p.removeprefix(next((f for f in folders if p.startswith(f)), ""))  # noqa: E731
    readers = [p for p in pages if bare(p) != "404.html" and not bare(p).startswith("embed/")]  # embeds are parts
    assert "pages/methodology.html" in readers and "uk/pages/methodology.html" in readers
    assert sorted(locs) == sorted(BASE_URL + p.removesuffix("index.html") if bare(p) == "index.html" else BASE_URL + p
                                  for p in readers)


def test_robots_names_the_sitemap_only_when_its_address_is_known(real):
    assert f"Sitemap: {BASE_URL}sitemap.xml" in (real["absolute"][0] / "robots.txt").read_text().splitlines()
    assert "Sitemap:" not in (real["relative"][0] / "robots.txt").read_text()


def header_rules(text: str) -> list[tuple[str, str]]:
    """(path pattern, Cache-Control) pairs of a _headers file."""
    rules, path = [], None
    for line in text.splitlines():
        if line.startswith("/"):
            path = line
        elif line.strip().startswith("Cache-Control:"):
            rules.append((path, line.split(":", 1)[1].strip()))
    return rules


def test_headers_cache_hashed_assets_for_a_year_and_revalidate_everything_else(real):
    output = real["absolute"][0]
    rules = header_rules((output / "_headers").read_text())
    for file in (p for p in output.rglob("*") if p.is_file() and p.name not in ("_headers", MARK)):  # not pages
        path = urlsplit(BASE_URL).path + file.relative_to(output).as_posix()
        matching = [value for pattern, value in rules
                    if pattern == path or pattern.endswith("/*") and path.startswith(pattern[:-1])]
        expected = "public, max-age=31536000, immutable" if "/assets/" in path else "no-cache"
        assert matching == [expected], path


@pytest.mark.parametrize("kind", ["relative", "absolute"])
def test_every_page_has_title_description_open_graph_twitter_and_feed_link(real, kind):
    output = real[kind][0]
    for name in MAIN_PAGES:
        document = page(output / name)
        assert document.findtext(".//title") and meta(document, "description")[0]
        assert meta(document, "og:type") == ["article"] and meta(document, "twitter:card") == ["summary_large_image"]
        assert meta(document, "og:title") and meta(document, "og:description")
        [feed] = document.xpath("//link[@rel='alternate' and @type='application/atom+xml']/@href")
        assert (output / name).parent.joinpath(feed).resolve() == (output / "feed.xml").resolve()
        canonical = document.xpath("//link[@rel='canonical']/@href")
        if kind == "relative":
            assert canonical == [] and meta(document, "og:url") == [] and meta(document, "og:image") == []
        elif name == "404.html":  # served at any address: it names no canonical one
            assert canonical == [] and meta(document, "og:url") == []
        else:
            assert canonical == meta(document, "og:url") == [BASE_URL + ("" if name == "index.html" else name)]


def test_the_social_card_is_a_1200_by_630_png_with_alt_text(real):
    output = real["absolute"][0]
    document = page(output / "index.html")
    [image_url] = meta(document, "og:image")
    assert image_url.startswith(BASE_URL) and meta(document, "og:image:alt")[0].startswith("Russia’s partial")
    data = (output / image_url.removeprefix(BASE_URL)).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    idat = data[data.index(b"IDAT") + 4:data.index(b"IEND") - 8]
    assert (width, height) == (1200, 630) and len(zlib.decompress(idat)) == 630 * (1 + 1200)


def test_the_article_json_ld_matches_the_visible_byline_and_dates(hostile):
    output, explainer = hostile
    document = page(output / "index.html")
    [article] = json_ld(document)
    assert article["@type"] == "NewsArticle" and article["inLanguage"] == "en"
    assert {"headline", "datePublished", "dateModified", "author", "publisher", "image"} <= set(article)
    dates = document.xpath("//p[@class='dates']/time/@datetime")
    assert [article["datePublished"], article["dateModified"]] == dates
    assert [a["name"] for a in article["author"]] == [b.name for b in explainer.site.bylines]
    assert article["image"] == meta(document, "og:image")
    [correction] = article["correction"]
    assert correction["@type"] == "CorrectionComment" and correction["datePublished"] == "2022-09-22T10:00:00+00:00"


def test_the_timeline_json_ld_is_an_item_list_of_events_dated_as_shown(real):
    document = page(real["absolute"][0] / "timeline.html")
    [timeline] = json_ld(document)
    assert timeline["@type"] == "ItemList"
    events = [item["item"] for item in timeline["itemListElement"]]
    cards = document.xpath("//article[@class='event']")
    assert len(events) == len(cards) > 0
    for event, card in zip(events, cards):
        shown = set(card.xpath(".//time/@datetime") + card.xpath("ancestor::section[1]/h2/time/@datetime"))
        assert event["@type"] == "Event" and event["startDate"] in shown
        assert event["url"] == BASE_URL + "timeline.html#" + card.get("id")


def test_the_quotes_json_ld_matches_each_visible_quote(real):
    document = page(real["absolute"][0] / "quotes.html")
    [quotes] = json_ld(document)
    figures = document.xpath("//figure[@class='quote']")
    assert len(quotes["itemListElement"]) == len(figures) > 0
    by_url = {item["item"]["url"]: item["item"] for item in quotes["itemListElement"]}
    for figure in figures:
        quotation = by_url[BASE_URL + "quotes.html#" + figure.get("id")]
        assert quotation["@type"] == "Quotation" and quotation["creator"]["name"] in figure.text_content()
        assert quotation["dateCreated"] == figure.xpath(".//figcaption//time/@datetime")[0]
        assert quotation["inLanguage"] == figure.xpath("blockquote/@lang")[0]
        assert smarten(" ".join(quotation["text"].split())) in " ".join(figure.text_content().split())


def test_hostile_text_is_inert_in_json_ld_feed_json_and_csv(hostile):
    output, _ = hostile
    for name in ("index.html", "quotes.html"):
        source = (output / name).read_text()
        blocks = source.split('<script type="application/ld+json">')[1:]
        assert blocks and all("<" not in block.split("</script>")[0] for block in blocks)
        scripts = page(output / name).xpath("//script[not(starts-with(@src, 'assets/'))]")
        assert len(scripts) == len(blocks), "no script element was smuggled in"
    [article] = json_ld(page(output / "index.html"))
    assert article["headline"] == smarten("Test " + HOSTILE)  # a title gets typographic quotes and dashes
    assert "</script><script>alert(1)</script>" in article["correction"][0]["text"]  # Markdown smartens the quotes
    feed = etree.parse(str(output / "feed.xml")).getroot()
    assert feed.findtext(f"{ATOM}title") == smarten("Test " + HOSTILE)
    [record] = json.loads((output / "data" / "quotes.json").read_text())["records"]
    assert record["text"] == HOSTILE
    [row] = csv.DictReader(io.StringIO((output / "data" / "quotes.csv").read_text(), newline=""))
    assert row["text"] == "'" + HOSTILE


def test_open_data_holds_every_fact_with_its_sources_as_json_and_csv(real):
    output = real["relative"][0]
    explainer = explainer_of(REPO / "content")
    counts = {"timeline": explainer.events, "quotes": explainer.quotes, "people": explainer.people,
              "regions": explainer.regions, "figures": explainer.figures, "sources": explainer.sources}
    for name, facts in counts.items():
        document = json.loads((output / "data" / f"{name}.json").read_text())
        rows = list(csv.DictReader(io.StringIO((output / "data" / f"{name}.csv").read_text(), newline="")))
        assert document["version"] == "2.0" and document["dataset"] == name
        assert [r["id"] for r in document["records"]] == [r["id"] for r in rows] == [f.id for f in facts]
        if name != "sources":
            assert all(r["sources"] == [s.id for s in f.sources] for r, f in zip(document["records"], facts))
            assert all(r["sources"] == " | ".join(s.id for s in f.sources) for r, f in zip(rows, facts))


def test_spreadsheet_formulas_are_neutralised_only_in_text_cells(mini, tmp_path):
    write_tree(mini, {"figures.yaml": MINI["figures.yaml"].replace('value: "300,000"', 'value: "+300,000"')
                      .replace("label: reservists to be called up", "label: '@reservists to be called up'")})
    output, _ = build(mini, tmp_path / "dist")
    [row] = csv.DictReader(io.StringIO((output / "data" / "figures.csv").read_text(), newline=""))
    assert (row["value"], row["label"], row["number"]) == ("'+300,000", "'@reservists to be called up", "300000")


@pytest.mark.parametrize("kind", ["relative", "absolute"])
def test_embeds_stand_alone_and_the_snippets_point_at_them(real, kind):
    output = real[kind][0]
    timeline = page(output / "embed" / "timeline.html")  # the latest five events, each linking into the timeline
    latest = timeline.xpath("//ol[@class='latest']/li/a/@href")
    events = page(output / "timeline.html").xpath("//article[@class='event']/@id")
    assert len(latest) == 5 and all(href.rpartition("#")[2] in events for href in latest)
    quote_pages = sorted((output / "embed").glob("quote-*.html"))
    cards = page(output / "quotes.html").xpath("//figure[@class='quote']")
    assert len(quote_pages) == len(cards)
    for card in cards:  # an embed stands alone: a quote's context goes with it ("This is better than…")
        [embedded] = page(output / "embed" / f"quote-{card.get('data-quote-id')}.html").xpath("//figure")
        assert [c.text_content() for c in embedded.xpath(".//div[@class='context']")] == [
            c.text_content() for c in card.xpath(".//div[@class='context']")]
    assert any(card.xpath(".//div[@class='context']") for card in cards)
    for path in [output / "embed" / "timeline.html", *quote_pages]:
        document = page(path)
        scripts = document.xpath("//script")  # only the embed's own: it sets the theme and reports its height
        assert [re.sub(r"\.[0-9a-f]{10}\.", ".", s.get("src", "")) for s in scripts] == ["../assets/embed.js"]
        assert not any((s.text or "").strip() for s in scripts) and meta(document, "robots") == ["noindex"]
        [canonical] = document.xpath("//link[@rel='canonical']/@href")
        full = canonical.removeprefix(BASE_URL) if kind == "absolute" else urljoin("embed/", canonical)
        assert full in ("timeline.html", "quotes.html")
    for name in ("index.html", "timeline.html", "quotes.html"):
        for code in page(output / name).xpath("//details[@class='embed-snippet']//textarea/text()"):
            [src] = [f.get("src") for f in lxml_html.fragments_fromstring(code) if f.tag == "iframe"]
            target = src.removeprefix(BASE_URL) if kind == "absolute" else src
            assert src.startswith(BASE_URL) == (kind == "absolute") and (output / target).is_file()
