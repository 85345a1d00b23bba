"""The default content, built by the real command: every fact is on the site and every link and anchor works."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest
from lxml import html as lxml_html

from explainer.typography import smarten

PAGES = ("index.html", "timeline.html", "quotes.html", "regions.html", "sources.html", "404.html")


@pytest.fixture(scope="module")
def pages(default_site: Path) -> dict[str, lxml_html.HtmlElement]:
    """Every built HTML page, parsed."""
    return {p.relative_to(default_site).as_posix(): lxml_html.fromstring(p.read_bytes())
            for p in sorted(default_site.rglob("*.html"))}


def ids(page: lxml_html.HtmlElement) -> set[str]:
    return set(page.xpath("//@id"))


def text(page: lxml_html.HtmlElement) -> str:
    return " ".join(page.text_content().split())


def test_the_main_pages_exist(pages):
    assert set(PAGES) <= set(pages)


def test_every_event_is_on_the_timeline_with_its_category_and_sources(facts, pages):
    timeline = pages["timeline.html"]
    assert len(facts.events) >= 10
    for event in facts.events:
        [card] = timeline.xpath(f"//article[@id='event-{event.id}']")
        assert event.title in text(card)
        assert card.get("data-category") == event.category
        cited = {href.rpartition("#")[2] for href in card.xpath(".//a[contains(@href, 'sources.html#source-')]/@href")}
        assert cited == {f"source-{s.id}" for s in event.sources}, "each source marked in the text or named below it"


def test_the_timeline_is_in_order_and_grouped_by_date(facts, pages):
    order = [a.get("id").removeprefix("event-") for a in pages["timeline.html"].xpath("//article[@class='event']")]
    assert order == [e.id for e in facts.events]
    headings = pages["timeline.html"].xpath("//section[@class='day']/h2/time/@datetime")
    assert headings == sorted(headings, key=lambda iso: iso[:7]), "date groups out of month order"
    assert len(headings) == len(set(pages["timeline.html"].xpath("//section[@class='day']/h2/@id")))


def test_every_quote_is_verbatim_on_the_quotes_page_with_speaker_occasion_and_source(facts, pages):
    quotes = pages["quotes.html"]
    for quote in facts.quotes:
        [figure] = quotes.xpath(f"//figure[@id='quote-{quote.id}']")
        [blockquote] = figure.xpath("blockquote")
        assert smarten(" ".join(quote.text.split())) in text(blockquote)  # the words, in the page's typography
        assert blockquote.get("cite") == quote.sources[0].url
        caption = text(figure.xpath("figcaption")[0])
        [heading] = figure.xpath("ancestor::section[@class='speaker-quotes']/header")  # the speaker's name and role
        assert quote.speaker.name in caption and quote.speaker.name in text(heading)
        assert quote.speaker.role in text(heading)
        said = figure.xpath("preceding-sibling::figure//span[@class='occasion'] | .//span[@class='occasion']")
        assert text(said[-1]) == quote.occasion, "an occasion is said once for a run of quotes"


def test_every_region_is_on_the_regions_page_and_marked_on_the_map(facts, pages):
    regions = pages["regions.html"]
    assert sorted(r.id for r in facts.regions) == ["donetsk", "kherson", "luhansk", "zaporizhzhia"]
    svg_links = regions.xpath("//svg//a/@href")
    for region in facts.regions:
        [article] = regions.xpath(f"//*[@id='region-{region.id}']")
        assert region.name in text(article)
        assert f"regions.html#region-{region.id}" in svg_links or f"#region-{region.id}" in svg_links


def test_every_figure_is_on_the_home_page_with_its_source(facts, pages):
    home = pages["index.html"]
    for figure in facts.figures:
        [item] = home.xpath(f"//*[@id='figure-{figure.id}']")
        assert figure.value in text(item) and figure.label in text(item)
        assert item.xpath(".//a[contains(@href, 'sources.html#source-')]")


def test_every_source_is_on_the_sources_page_and_every_section_on_the_home_page(facts, pages):
    for source in facts.sources:
        [entry] = pages["sources.html"].xpath(f"//*[@id='source-{source.id}']")
        assert entry.xpath(f".//a[@href='{source.url}']")
    for section in facts.sections:
        [block] = pages["index.html"].xpath(f"//section[@id='{section.id}']")
        assert section.title in text(block)


def test_the_home_page_has_headline_dek_byline_and_dates(facts, pages):
    home = pages["index.html"]
    assert text(home.xpath("//h1")[0]) == facts.site.title
    assert facts.site.dek in text(home)
    assert all(b.name in text(home) for b in facts.site.bylines)
    [published] = home.xpath(f"//p[@class='dates']/time[@datetime='{facts.site.published.isoformat()}']")
    assert ("Updated" in text(published.getparent())) == bool(facts.updates)


def internal_links(page_uri: str, page: lxml_html.HtmlElement) -> list[str]:
    """Every href and src on the page that points inside the site."""
    found = page.xpath("//@href | //@src | //link/@href")
    return [url for url in found if not urlsplit(url).scheme and not url.startswith("//")]


def test_every_internal_link_and_anchor_resolves(default_site, pages):
    broken = []
    for uri, page in pages.items():
        for url in internal_links(uri, page):
            path, anchor = urldefrag(url)
            target = (default_site / uri).parent / unquote(path) if path else default_site / uri
            target_uri = target.resolve().relative_to(default_site.resolve()).as_posix() if target.exists() else None
            if target_uri is None or not target.is_file():
                broken.append(f"{uri}: {url}")
            elif anchor and anchor not in ids(pages.get(target_uri, page)):
                broken.append(f"{uri}: {url} (no #{anchor})")
    assert not broken, "\n".join(broken)


def test_urls_are_page_relative_and_nothing_is_requested_from_elsewhere(pages):
    for uri, page in pages.items():
        for url in page.xpath("//@href | //@src"):
            assert not url.startswith("/"), f"{uri}: root-absolute {url}"
        for url in page.xpath("//script/@src | //img/@src | //link[@rel='stylesheet' or @rel='icon']/@href"):
            assert not urlsplit(url).scheme and not url.startswith("//"), f"{uri}: loads {url} from elsewhere"


def test_asset_names_carry_a_content_hash(default_site):
    for asset in (default_site / "assets").iterdir():
        assert re.fullmatch(r"[\w-]+\.[0-9a-f]{10}\.\w+", asset.name), asset.name


def test_pages_are_semantic(pages):
    for uri, page in pages.items():
        assert page.get("lang"), uri
        assert len(page.xpath("//main")) == 1 and page.xpath("//header") and page.xpath("//nav"), uri
        assert len(page.xpath("//h1")) == 1, uri
        for moment in page.xpath("//time/@datetime"):
            assert re.fullmatch(r"\d{4}(-\d\d(-\d\d(T\d\d:\d\d(:\d\d)?([+-]\d\d:\d\d|Z)?)?)?)?", moment), moment


def test_a_day_is_never_invented(facts):
    """Events the report dates only to a month keep month precision with a qualifier."""
    vague = [e for e in facts.events if e.date.precision != "day"]
    assert vague, "the counteroffensive and similar events are dated to a part of a month"
    assert all(e.time is None for e in vague)
