"""Search across the site: the build writes a Pagefind index of its pages (only what the layouts mark), the form in
every header fetches nothing of it until the reader searches, finds each fact at its permalink, and without
scripts leaves plain links to the timeline and the sources."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html

from browser import Tab, serving
from helpers import MINI, build, snapshot, write_tree

SEARCHED = ["index.html", "pages/index.html", "quotes.html", "regions.html", "sources.html", "timeline.html"]
EDITIONS = {"en": "", "ru": "ru/", "uk": "uk/"}  # the default content's editions, by language, and their folders


def pages_of(site: Path) -> dict[str, lxml_html.HtmlElement]:
    return {p.relative_to(site).as_posix(): lxml_html.fromstring(p.read_bytes()) for p in site.rglob("*.html")
            if not p.relative_to(site).as_posix().startswith("pagefind/")}


def test_the_default_build_writes_an_index_of_the_pages_the_layouts_mark(default_site):
    entry = json.loads((default_site / "pagefind" / "pagefind-entry.json").read_text())
    marked = sorted(uri for uri, page in pages_of(default_site).items() if page.xpath("//main[@data-pagefind-body]"))
    searched = SEARCHED + [f"pages/{p.name}" for p in (default_site / "pages").glob("*.html") if p.name != "index.html"]
    assert marked == sorted(f"{folder}{uri}" for folder in EDITIONS.values() for uri in searched)
    assert list(entry["languages"]) == sorted(EDITIONS), "an index a language, in a fixed order"
    assert all(entry["languages"][language]["page_count"] == len(searched) for language in EDITIONS)
    assert (default_site / "pagefind" / "pagefind.js").is_file() and (default_site / "pagefind" / "wasm.en.pagefind").is_file()
    assert not list((default_site / "pagefind").glob("pagefind-*ui*")), "Pagefind's own interfaces are left out"


def test_layouts_mark_facts_for_the_index_and_keep_furniture_out(default_site, facts):
    pages = pages_of(default_site)
    assert not pages["404.html"].xpath("//*[@data-pagefind-body]"), "the 404 page is not a search result"
    assert not [uri for uri, page in pages.items() if uri.startswith("embed/") and page.xpath("//*[@data-pagefind-body]")]
    for uri in SEARCHED:
        [body] = pages[uri].xpath("//*[@data-pagefind-body]")
        assert body.tag == "main", uri  # the header (its menu and search), the footer and the skip link stay out
        assert not body.xpath(".//*[contains(@class, 'embed-snippet') or contains(@class, 'filters-slot') or "
                              "contains(@class, 'cite') or @class='contents'][not(ancestor-or-self::*[@data-pagefind-ignore])]"), uri
    timeline = pages["timeline.html"]
    for event in facts.events:  # the result for an event names it by its heading and links to its permalink
        assert timeline.xpath(f"//article[@id='event-{event.id}']/*[@id='title-event-{event.id}']"), event.id
    home = pages["index.html"]
    for copy in ("timeline-preview", "featured-quotes", "regions", "sources"):  # found where they live, not on home
        assert home.xpath(f"//section[@id='{copy}'][@data-pagefind-ignore]"), copy


def test_each_language_edition_has_an_index_in_its_language(tmp_path):
    content = write_tree(tmp_path / "content", {**MINI, "site.yaml": MINI["site.yaml"].replace("language: en", "language: ru")})
    assert build(content, tmp_path / "dist").returncode == 0
    entry = json.loads((tmp_path / "dist" / "pagefind" / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["ru"]
    assert (tmp_path / "dist" / "pagefind" / "wasm.ru.pagefind").is_file()


def test_the_index_is_the_same_bytes_every_build(tmp_path, mini):
    assert build(mini, tmp_path / "one", "--no-cache").returncode == 0
    assert build(mini, tmp_path / "two", "--no-cache").returncode == 0
    one, two = snapshot(tmp_path / "one"), snapshot(tmp_path / "two")
    assert [uri for uri in one if uri.startswith("pagefind/")] and one == two


@pytest.mark.parametrize("binary, said", [
    ("/no/such/pagefind", "cannot run /no/such/pagefind"),
    ("/bin/false", "Pagefind stopped with exit code 1"),
])
def test_a_missing_or_failing_pagefind_stops_the_build_in_one_line_and_keeps_the_last_site(
        tmp_path, mini, mini_site, monkeypatch, binary, said):
    shutil.copytree(mini_site, tmp_path / "dist")
    before = snapshot(tmp_path / "dist")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", binary)
    result = build(mini, tmp_path / "dist", "--no-cache")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"error: cannot make the search index: {said}"
                                          + result.stderr.split(said, 1)[1].rstrip("\n")]
    assert "reinstall pagefind-bin or fix PAGEFIND_BINARY_PATH" in result.stderr
    assert snapshot(tmp_path / "dist") == before


def test_without_scripts_every_page_keeps_plain_links_to_the_timeline_and_sources(default_site):
    for uri, page in pages_of(default_site).items():
        folder = next((f for f in EDITIONS.values() if f and uri.startswith(f)), "")  # links stay in the edition
        if uri.removeprefix(folder).startswith("embed/"):
            continue
        depth = "../" * uri.removeprefix(folder).count("/")
        fallback = page.xpath("//header//div[@class='site-search']/noscript//a/@href")  # shown without scripts
        assert fallback == [f"{depth}timeline.html", f"{depth}sources.html"], uri


# In Chromium: the form finds an event from the home page; nothing of Pagefind is fetched before.

@pytest.fixture(params=["root", "subpath"])
def site_at(request, default_site):
    """The default site served at the root of a host, or under a subpath (/dist/); its address."""
    with serving(default_site if request.param == "root" else default_site.parent) as url:
        yield url if request.param == "root" else url + "dist/"


def search(tab: Tab, words: str) -> None:
    tab.page.fill("#search-words", words)
    tab.page.press("#search-words", "Enter")
    tab.page.locator(".search-status:not(:empty):not(:text-is('Searching…'))").wait_for()


@pytest.mark.browser
def test_an_events_title_searched_from_the_home_page_finds_its_permalink(browser, site_at, facts):
    tab = Tab(browser, site_at, 390)
    try:
        tab.open("index.html")
        for event in facts.events:
            search(tab, event.title)
            hrefs = tab.page.locator(".search-results a").evaluate_all("links => links.map(a => a.href)")
            assert site_at + f"timeline.html#event-{event.id}" in hrefs, (event.title, hrefs)
        tab.page.locator(f".search-results a[href$='timeline.html#event-{event.id}']").click()
        tab.page.wait_for_url(f"**/timeline.html#event-{event.id}")
        assert tab.page.locator(f"#event-{event.id}").is_visible()
        assert tab.problems == []
    finally:
        tab.close()


@pytest.mark.browser
def test_a_quote_a_person_a_place_and_a_source_are_found_at_their_permalinks(tab, facts):
    tab.open("quotes.html")
    quote, source, region = facts.quotes[0], facts.sources[0], facts.regions[0]
    for words, permalink in ((quote.text, f"quotes.html#quote-{quote.id}"), (quote.speaker.name, f"quotes.html#speaker-{quote.speaker.id}"),
                             (region.name, f"regions.html#region-{region.id}"), (source.title, f"sources.html#source-{source.id}")):
        search(tab, words)
        hrefs = tab.page.locator(".search-results a").evaluate_all("links => links.map(a => a.href)")
        assert any(href.startswith(tab.site_url + permalink) for href in hrefs), (words, hrefs)


@pytest.mark.browser
def test_nothing_of_the_index_is_fetched_until_the_reader_searches(browser, site_url):
    tab = Tab(browser, site_url, 1280)
    fetched: list[str] = []
    tab.context.on("request", lambda request: fetched.append(request.url))
    try:
        for page in SEARCHED + ["404.html"]:
            tab.open(page)
            tab.page.wait_for_load_state("networkidle")
            assert tab.page.locator("[role=search] label[for=search-words]").count() == 1, page
            assert [url for url in fetched if "/pagefind/" in url or "/assets/search." in url] == [], page
        with tab.page.expect_request(lambda request: request.url.endswith("/pagefind/pagefind.js")):
            tab.page.focus("#search-words")  # focusing the box starts loading: the search code, then Pagefind
        assert [url for url in fetched if "/assets/search." in url], "the search code comes first"
    finally:
        tab.close()


@pytest.mark.browser
def test_from_a_file_the_search_says_it_needs_a_server_and_offers_the_links(browser, default_site):
    tab = Tab(browser, default_site.as_uri() + "/", 390)
    try:
        tab.open("index.html")
        tab.page.fill("#search-words", "mobilization")
        tab.page.press("#search-words", "Enter")
        unavailable = tab.page.locator(".search-unavailable")
        unavailable.wait_for()
        assert unavailable.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))") == [
            "timeline.html", "sources.html"]
    finally:
        tab.close()


@pytest.mark.browser
def test_without_javascript_the_search_is_the_links_to_the_timeline_and_sources(browser, site_url):
    tab = Tab(browser, site_url, 390, javascript=False)
    try:
        tab.open("index.html")
        links = tab.page.locator(".site-search a")
        assert links.evaluate_all("links => links.map(a => a.getAttribute('href'))") == ["timeline.html", "sources.html"]
        assert all(link.is_visible() for link in links.all())
        assert tab.page.locator(".site-search input, .site-search button").count() == 0
    finally:
        tab.close()
