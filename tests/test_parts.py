"""Quotes and sources too many for one page come in parts: an index that counts and links, a page a speaker (a
page a month for a speaker with many) and numbered parts of sources; every address follows, every part stays
light, and the home page lists only the sources it cites."""

from __future__ import annotations

import csv
import json
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import html as lxml_html

from bench.generate import generate
from explainer.pipeline import write_site
from explainer.project import Project
from helpers import MINI, REPO, run_build, write_tree

PART_LIMIT = 200_000  # bytes of HTML for any part, at any scale


@pytest.fixture(scope="module")
def parts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built generated project past every limit (400 quotes by 200 speakers, 100 sources, 2,000 events), its
    standalone pages left out to keep the build short."""
    root = tmp_path_factory.mktemp("parts")
    generate(root, scale=0.2)
    shutil.rmtree(root / "content" / "pages")
    result = run_build("--content", str(root / "content"), "--output", str(root / "dist"))
    assert result.returncode == 0, result.stderr
    return root / "dist"


def with_pages(root: Path, titles: list[str]) -> Path:
    """The mini content with a standalone page for each title (pages/page-N.md), as a content folder under root."""
    pages = {f"pages/page-{n}.md": f"---\ntitle: {title}\n---\nText.\n" for n, title in enumerate(titles)}
    return write_tree(root / "content", {**MINI, **pages})


def page(site: Path, uri: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring((site / uri).read_bytes())


def ids_of(site: Path, uri: str) -> set[str]:
    return set(page(site, uri).xpath("//@id"))


def from_root(uri: str, href: str) -> str:
    """A link on the page at `uri` as the site-relative 'file#id' it leads to."""
    path, _, anchor = href.partition("#")
    return posixpath.normpath(posixpath.join(posixpath.dirname(uri), path)) + "#" + anchor


def test_the_quotes_index_counts_each_speakers_quotes_and_its_links_reach_every_quote(parts):
    index = page(parts, "quotes.html")
    assert not index.xpath("//select") and not index.xpath("//figure[@class='quote']")
    speakers = index.xpath("//ul[@class='speaker-index']/li")
    assert len(speakers) == 200
    first_side = [int(name.split()[1]) for name in index.xpath("(//ul[@class='speaker-index'])[1]/li/a/text()")]
    assert first_side[:3] == [0, 4, 8] and first_side == sorted(first_side), "Person 4 before Person 12"
    speaker = page(parts, from_root("quotes.html", speakers[0].xpath("a/@href")[0]).split("#")[0])
    for shown in (index, speaker):  # lists with no filters load no filter code
        assert [src.rsplit("/", 1)[1].split(".")[0] for src in shown.xpath("//script/@src")] == ["enhance"]
    found: list[str] = []
    for item in speakers:
        uri = item.xpath("a/@href")[0]
        quotes = page(parts, uri).xpath("//figure[contains(@class, 'quote')]/@id")
        assert item.xpath("string(span[@class='count'])") == f"{len(quotes)} quotes", uri
        found += quotes
    assert sorted(found) == sorted(f"quote-quote-{i}" for i in range(400))


def test_every_quote_permalink_and_cited_by_link_lands_on_its_element(parts):
    with (parts / "data" / "quotes.csv").open(encoding="utf-8", newline="") as data:
        targets = {row["uri"] for row in csv.DictReader(data)}
    assert len(targets) == 400 and all(uri.startswith("quotes/") for uri in targets)
    index = page(parts, "sources.html")
    assert not index.xpath("//ol[@class='sources']")
    sources = index.xpath("//nav[@class='parts']//a/@href")
    assert sources == [f"sources-{n}.html" for n in range(1, 5)]
    months = [f"timeline-2016-{month:02d}.html" for month in range(1, 13)]
    for uri in ["index.html", *months, *sources, "embed/quote-quote-7.html", "quotes/person-7.html"]:
        targets |= {from_root(uri, href) for href in page(parts, uri).xpath("//a/@href")
                    if not urlsplit(href).scheme and "#" in href and not href.startswith("#")}
    assert len({t for t in targets if t.startswith("sources-")}) > 20 and len(targets) > 2_500
    pages = {name: ids_of(parts, name) for name in {target.split("#")[0] for target in targets}}
    for target in targets:
        name, anchor = target.split("#")
        assert anchor in pages[name], target


def test_every_page_stays_under_the_limit(parts):
    """Quotes, sources, the home page, and the timeline's, whose years here (about 180 events each) are too long
    for one page each."""
    pages = list(parts.rglob("*.html"))
    assert len(pages) > 300 and (parts / "timeline-2016-05.html").is_file()
    heaviest = max(pages, key=lambda p: p.stat().st_size)
    assert heaviest.stat().st_size < PART_LIMIT, heaviest


def test_the_home_page_lists_exactly_the_sources_it_cites(parts, default_site):
    shares = []
    for site in (parts, default_site):
        home = page(site, "index.html")
        listed = set(home.xpath("//section[@id='sources']//ol[@class='source-list']//a/@href"))
        linked = {href.partition("#source-")[2] for href in home.xpath(
            "//a[not(ancestor::section[@id='sources'])]/@href") if "#source-" in href}
        numbers = {source.get("id").removeprefix("source-"): source.xpath("string(.//cite/a/@href)")
                   for uri in ["sources.html", *(p.name for p in site.glob("sources-*.html"))]
                   for source in page(site, uri).xpath("//ol[@class='sources']/li")}
        assert linked and listed == {numbers[source_id] for source_id in linked}, site
        shares.append((len(listed), len(numbers)))
    assert shares[0][0] < 10 and shares[0][1] == 100  # the generated home cites a few of its sources


def test_a_speaker_with_too_many_quotes_for_one_page_gets_a_page_a_month(tmp_path, monkeypatch):
    """With the limit at 3, a speaker of 8 quotes over eight months: their page lists the months and holds none;
    each month's page holds that month's quote and marks itself, and every permalink finds its quote."""
    monkeypatch.setattr("explainer.plan.QUOTES_PAGE_LIMIT", 3)
    root = tmp_path / "project"
    generate(root, scale=0.004)  # 8 quotes by 4 speakers, then all given to the first
    shutil.rmtree(root / "content" / "pages")
    quotes = root / "content" / "quotes.yaml"
    quotes.write_text("\n".join(line if not line.startswith("  speaker:") else "  speaker: person-0"
                                for line in quotes.read_text(encoding="utf-8").split("\n")), encoding="utf-8")
    output = tmp_path / "dist"
    assert write_site(Project.at(REPO, content=root / "content", output=output)).ok
    index = page(output, "quotes.html").xpath("//ul[@class='speaker-index']/li")
    assert [i.xpath("string(.)") for i in index] == ["Person 0 8 quotes"]
    speaker = page(output, "quotes/person-0.html")
    months = [from_root("quotes/person-0.html", href).rstrip("#")
              for href in speaker.xpath("//nav[@class='parts']//a/@href")]
    assert months[0] == "quotes/person-0.html" and len(months) == 9 and not speaker.xpath("//figure")
    parts_nav = "//nav[@class='parts']"
    assert speaker.xpath(f"{parts_nav}//a[@aria-current='page']") == speaker.xpath(f"{parts_nav}//li[1]/a")
    for month in months[1:]:
        shown = page(output, month)
        assert len(shown.xpath("//figure[contains(@class, 'quote')]")) == 1
        assert from_root(month, shown.xpath("//nav[@class='parts']//a[@aria-current='page']/@href")[0]) == month + "#"
    with (output / "data" / "quotes.csv").open(encoding="utf-8", newline="") as data:
        uris = [row["uri"] for row in csv.DictReader(data)]
    assert {uri.split("#")[0] for uri in uris} == set(months[1:])
    for uri in uris:
        name, anchor = uri.split("#")
        assert anchor in ids_of(output, name), uri


def test_a_much_cited_source_lists_the_pages_of_its_citing_facts_with_how_many(tmp_path, monkeypatch):
    """With the list limit at 5, the default content's source cited by 35 facts lists the pages they are on."""
    monkeypatch.setattr("explainer.views.CITED_LIST_LIMIT", 5)
    output = tmp_path / "dist"
    assert write_site(Project.at(REPO, output=output)).ok
    sources = page(output, "sources.html")
    cited = sources.xpath("//li[@id='source-nbc-2022-09-21']//details")[0]
    assert cited.xpath("string(summary)") == "Cited 35 times"
    pages = cited.xpath(".//li")
    home = page(output, "index.html").xpath("string(//h1)")
    assert [p.xpath("string(a)") for p in pages][:3] == ["Timeline", "Quotes", home]
    counts = [int(p.xpath("string(.)").rpartition("(")[2].split()[0]) for p in pages]
    assert sum(counts) == 35
    for href in cited.xpath(".//a/@href"):
        name, anchor = href.split("#")
        assert anchor in ids_of(output, name), href


def test_a_source_link_on_a_site_of_source_parts_leads_to_its_part_and_a_mistyped_one_names_the_closest(tmp_path):
    root = tmp_path / "project"
    generate(root, scale=0.06)  # 30 sources: two parts
    shutil.rmtree(root / "content" / "pages")
    section = root / "content" / "sections" / "overview.md"
    section.write_text(section.read_text(encoding="utf-8") + "\nAs [reported](source:source-2x).\n", encoding="utf-8")
    result = run_build("--content", str(root / "content"), "--output", str(tmp_path / "dist"))
    assert result.returncode == 1
    assert "link: 'source:source-2x' is not in sources; did you mean 'source-2'?" in result.stderr, result.stderr
    section.write_text(section.read_text(encoding="utf-8").replace("source-2x", "source-27"), encoding="utf-8")
    assert run_build("--content", str(root / "content"), "--output", str(tmp_path / "dist")).returncode == 0
    marks = page(tmp_path / "dist", "index.html").xpath("//section[@id='overview']//a/@href")
    assert marks == ["sources-2.html#source-source-27"] and "source-source-27" in ids_of(tmp_path / "dist", "sources-2.html")


def test_the_home_pages_structured_data_cites_exactly_the_sources_it_lists(parts, default_site):
    for site in (parts, default_site):
        home = page(site, "index.html")
        listed = home.xpath("//section[@id='sources']//ol[@class='source-list']//cite/a/@href")
        [article] = [json.loads(script) for script in home.xpath("//script[@type='application/ld+json']/text()")]
        assert article["@type"] == "NewsArticle" and [c["url"] for c in article["citation"]] == listed, site
    assert 0 < len(listed) == len(page(default_site, "sources.html").xpath("//ol[@class='sources']/li"))


def test_a_list_of_pages_too_long_for_one_page_is_an_index_of_numbered_parts(tmp_path, monkeypatch):
    """With the limit at 2, five pages: the list says how many and links three parts, each part holds the pages its
    label counts, marks itself, and together they link every page once, in the list's order."""
    monkeypatch.setattr("explainer.plan.PAGES_PAGE_LIMIT", 2)
    titles = [f"Page {letter}" for letter in "ABCDE"]
    content, output = with_pages(tmp_path, titles), tmp_path / "dist"
    assert write_site(Project.at(REPO, content=content, output=output)).ok
    index = page(output, "pages/index.html")
    assert not index.xpath("//ul[@class='page-list']")
    assert "5 pages, in parts by number:" in index.xpath("string(//main)")
    parts_nav = "//nav[@class='parts']//a"
    assert [(a.get("href"), a.text) for a in index.xpath(parts_nav)] == [
        ("../pages-1.html", "Pages 1 to 2"), ("../pages-2.html", "Pages 3 to 4"), ("../pages-3.html", "Pages 5 to 5")]
    listed = []
    for n, expected in enumerate((2, 2, 1), 1):
        part = page(output, f"pages-{n}.html")
        links = part.xpath("//ul[@class='page-list']/li/a")
        assert len(links) == expected and part.xpath("string(//h1)") == f"Pages {2 * n - 1} to {2 * n - 2 + expected}"
        assert part.xpath(f"{parts_nav}[@aria-current='page']/@href") == [f"pages-{n}.html"]
        listed += [(a.get("href"), a.text) for a in links]
    assert listed == [(f"pages/page-{n}.html", title) for n, title in enumerate(titles)]
    assert all((output / href).is_file() for href, _ in listed)


def test_pages_list_in_the_order_of_their_titles_numbers(tmp_path):
    """'Part 2' comes before 'Part 10', as a reader counts, not as text sorts."""
    titles = ["Part 10", "Part 2", "Part 1", "Part 2b"]
    assert write_site(Project.at(REPO, content=with_pages(tmp_path, titles), output=tmp_path / "dist")).ok
    listed = page(tmp_path / "dist", "pages/index.html").xpath("//ul[@class='page-list']/li/a/text()")
    assert listed == ["Part 1", "Part 2", "Part 2b", "Part 10"]


def test_the_page_weight_check_names_every_page_over_the_limit_and_fails(default_site):
    sizes = {p.relative_to(default_site).as_posix(): p.stat().st_size for p in default_site.rglob("*.html")}
    limit = sorted(sizes.values())[-4]  # the three largest pages are over it, or fewer on a tie
    result = subprocess.run([sys.executable, str(REPO / "bench" / "page_weight.py"), "--output", str(default_site),
                             "--heavy", "--limit", str(limit)], capture_output=True, text=True, timeout=120)
    over = sorted((uri for uri, size in sizes.items() if size > limit), key=lambda uri: (-sizes[uri], uri))
    report = result.stdout.split(f"pages over {limit:,} bytes of HTML: ")[1].splitlines()
    assert over and result.returncode == 1, result.stdout
    assert report == [str(len(over)), *(f"  {uri} {sizes[uri]:,}" for uri in over),
                      f"largest page: {over[0]} ({sizes[over[0]]:,} bytes of HTML)"]
    assert result.stdout.startswith("home page HTML, index.html: "), "--heavy leaves the table of every page out"


def test_every_editions_home_page_and_the_scripts_any_page_loads_are_within_their_budgets(default_site):
    result = subprocess.run([sys.executable, str(REPO / "bench" / "page_weight.py"), "--output", str(default_site),
                             "--heavy"], capture_output=True, text=True, timeout=120)
    budgets = result.stdout.split("pages over ")[0].splitlines()
    homes = {line.split(":")[0]: line for line in budgets if line.startswith("home page HTML, ")}
    assert sorted(homes) == [f"home page HTML, {uri}" for uri in ("index.html", "ru/index.html", "uk/index.html")]
    assert all(line.endswith("bytes of 100,000 allowed (ok)") for line in homes.values()), budgets
    [scripts] = [line for line in budgets if line.startswith("our scripts a page loads, at most")]
    assert scripts.endswith("bytes of 10,000 allowed (ok)"), budgets
    [home] = [line for line in budgets if line.startswith("home page with what it loads: ")]
    everything, before_images = (int(n.replace(",", "")) for n in re.findall(r"([\d,]+) bytes", home)[:2])
    drawn = sum(len(svg) for svg in re.findall(rb"<svg\b.*?</svg>", (default_site / "index.html").read_bytes(), re.S))
    assert drawn > 10_000 and everything - before_images == drawn, "the map drawn inline is the home page's image"
    assert home.endswith("bytes of 100,000 allowed (ok)"), budgets


def test_only_the_pages_that_filter_load_the_filters_and_no_page_carries_every_sources_card(default_site):
    def scripts(uri: str) -> list[str]:
        return [src.split(".")[0] for src in lxml_html.parse(str(default_site / uri)).xpath("//script/@src")]

    assert scripts("index.html") == scripts("regions.html") == scripts("sources.html") == ["assets/enhance"]
    assert scripts("timeline.html") == scripts("quotes.html") == ["assets/enhance", "assets/filters"]
    home = (default_site / "index.html").read_text()
    assert "source-card-template" in home and home.count('class="source-card"') == 1, "one card's words, no more"
