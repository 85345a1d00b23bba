"""A timeline that outgrows one page is split by year, and a year that outgrows it by month, with stable permalinks;
reused caches never change a byte."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html

from bench.generate import generate
from explainer.pipeline import check_site, write_site
from explainer.project import Project
from explainer.rebuild.session import Session
from helpers import REPO, command, everything, previewed, run_build, snapshot


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generated content just past the one-page limit: 600 events over eleven years, 40 pages."""
    root = tmp_path_factory.mktemp("synthetic")
    generate(root, scale=0.06)
    return root


def test_a_long_timeline_is_a_page_a_year_and_every_permalink_finds_its_event(synthetic, tmp_path):
    output = tmp_path / "dist"
    result = command("--content", str(synthetic / "content"), "--output", str(output))
    assert result.returncode == 0, result.stderr
    years = sorted(p.name for p in output.glob("timeline-*.html"))
    assert len(years) == 11
    index = lxml_html.fromstring((output / "timeline.html").read_bytes())
    assert index.xpath("//section[@class='period']/h2/a/@href") == years and not index.xpath("//article")
    targets = set()
    for name in ("regions.html", "index.html", *(p.name for p in output.glob("sources*.html"))):  # sources in parts
        targets |= set(re.findall(r'href="(timeline-\d{4}\.html#event-[\w-]+)"', (output / name).read_text()))
    assert len(targets) > 100
    pages = {name: lxml_html.fromstring((output / name).read_bytes()) for name in years}
    for target in targets:
        name, anchor = target.split("#")
        assert pages[name].xpath(f"//article[@id='{anchor}']"), target
    assert sum(len(p.xpath("//article[@class='event']")) for p in pages.values()) == 600
    assert max(p.stat().st_size for p in output.glob("timeline*.html")) < 200_000


def test_a_rebuild_with_warm_caches_equals_a_clean_build(synthetic, tmp_path):
    """What `serve` does (one Session across builds) gives the same bytes as a fresh process."""
    content = tmp_path / "content"
    shutil.copytree(synthetic / "content", content)
    warm = Project.at(REPO, content=content, output=tmp_path / "warm")
    session = Session()
    assert write_site(warm, session).ok
    edits = [("timeline/2016.yaml", "category: legal", "category: protest"),
             ("quotes.yaml", "occasion: Statement 7\n", "occasion: Statement seven\n"),
             ("pages/page-0003.md", "## Part two", "## Part 2")]
    for file, old, new in edits:
        path = content / file
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
        assert write_site(warm, session).ok
        clean = tmp_path / f"clean-{file.replace('/', '-')}"
        assert run_build("--content", str(content), "--output", str(clean)).returncode == 0
        assert snapshot(warm.output_path) == snapshot(clean), f"after editing {file}"
    (content / "pages" / "page-0004.md").unlink()
    assert write_site(warm, session).ok and not (warm.output_path / "pages" / "page-0004.html").exists()


def test_a_regions_page_lists_each_regions_latest_events_and_links_to_the_rest(synthetic, tmp_path):
    """Hundreds of events per region would make the regions page megabytes long: it shows the latest eight."""
    output = tmp_path / "dist"
    assert run_build("--content", str(synthetic / "content"), "--output", str(output)).returncode == 0
    page = lxml_html.fromstring((output / "regions.html").read_bytes())
    regions = page.xpath("//article[@class='region']")
    assert regions
    for region in regions:
        listed = region.xpath(".//ul[@class='related-events']/li")
        more = region.xpath(".//p[@class='more']/a")
        assert len(listed) == 8 and len(more) == 1
        total = int(re.search(r"All (\d+) events", more[0].text_content())[1])
        assert total > 8 and more[0].get("href") == f"timeline.html?region={region.get('id').removeprefix('region-')}"
    assert (output / "regions.html").stat().st_size < 100_000


def test_a_preview_build_leaves_most_pages_for_later_and_they_equal_a_clean_builds(synthetic, tmp_path):
    """When an edit changes most pages (the base layout), the preview renders the first page of each layout at
    once and the rest on request; rendered late, they are the bytes a clean build writes, and they are kept."""
    folder = tmp_path / "project"
    (folder / "layouts").mkdir(parents=True)
    base = folder / "layouts" / "base.html"
    base.write_text((REPO / "layouts" / "base.html").read_text(encoding="utf-8"), encoding="utf-8")
    preview = Project.at(folder, content=synthetic / "content", output=tmp_path / "never-written")
    session = Session()
    for edit in range(2):
        served = previewed(preview, session)
        assert len(served.pending) > 100 and "index.html" in served.files
        assert edit or sum(uri.endswith(".html") for uri in served.files) < 20  # a first build: one page a layout
        now = everything(served)
        clean = tmp_path / f"clean-{edit}"
        assert write_site(Project.at(folder, content=synthetic / "content", output=clean)).ok
        written = {uri: data for uri, data in snapshot(clean).items()  # the mark and the index: a written site's
                   if uri != ".explainer-site" and not uri.startswith("pagefind/")}
        assert now == written, f"after {edit} edits of the base layout"
        assert not previewed(preview, session).pending  # the pages rendered late were kept
        base.write_text(base.read_text(encoding="utf-8").replace("</body>", "<!-- edited --></body>"),
                        encoding="utf-8")
    assert not preview.output_path.exists()


def test_a_year_too_long_for_one_page_gets_a_page_a_month_and_every_permalink_finds_its_event(
        synthetic, tmp_path, monkeypatch):
    """With the page limit at 50, the eleven years of about 55 events each are split by month: the year's page
    lists its months, each month's page marks itself, and every event's permalink leads to its article."""
    monkeypatch.setattr("explainer.plan.TIMELINE_PAGE_LIMIT", 50)
    output = tmp_path / "dist"
    assert write_site(Project.at(REPO, content=synthetic / "content", output=output)).ok
    months = sorted(p.name for p in output.glob("timeline-*-*.html"))
    assert len(months) > 11 and all(re.fullmatch(r"timeline-\d{4}-\d{2}\.html", name) for name in months)
    year = lxml_html.fromstring((output / "timeline-2016.html").read_bytes())
    listed = year.xpath("//ol[contains(@class, 'months')]/li/a/@href")
    assert listed == sorted(name for name in months if name.startswith("timeline-2016-")) and listed
    for name in months:
        page = lxml_html.fromstring((output / name).read_bytes())
        assert page.xpath("//nav[contains(@class, 'months')]//a[@aria-current='page']/@href") == [name]
        assert page.xpath("//p[@class='year']") == [], "the title names the year: no year break under it"
    articles = {name: {a.get("id") for a in lxml_html.fromstring((output / name).read_bytes()).xpath(
        "//article[@class='event']")} for name in sorted(p.name for p in output.glob("timeline-*.html"))}
    assert sum(map(len, articles.values())) == 600
    with (output / "data" / "timeline.csv").open(encoding="utf-8", newline="") as data:
        uris = [row["uri"] for row in csv.DictReader(data)]
    assert len(uris) == 600
    for uri in uris:
        name, anchor = uri.split("#")
        assert anchor in articles[name], uri


def test_a_warm_rebuild_of_a_timeline_split_by_month_equals_a_clean_build(synthetic, tmp_path, monkeypatch):
    """Edits that move an event to another month and that change one: the kept pages are a clean build's bytes."""
    monkeypatch.setattr("explainer.plan.TIMELINE_PAGE_LIMIT", 50)
    content = tmp_path / "content"
    shutil.copytree(synthetic / "content", content)
    project, session = Project.at(REPO, content=content, output=tmp_path / "unused"), Session()
    assert check_site(project, session).ok
    timeline = content / "timeline" / "2016.yaml"
    first = re.search(r"^  date: (2016-\d\d)-", timeline.read_text(encoding="utf-8"), re.M)
    assert first is not None
    moved = "2016-12" if first[1] != "2016-12" else "2016-11"
    for old, new in ((f"date: {first[1]}-", f"date: {moved}-"), ("category: legal", "category: protest")):
        timeline.write_text(timeline.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
        warm, clean = check_site(project, session), check_site(project)
        assert warm.ok and [(o.uri, o.data) for o in warm.outputs] == [(o.uri, o.data) for o in clean.outputs], new


@pytest.fixture(scope="module")
def by_month(synthetic: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The synthetic content's site with the page limit at 50: a page a month in every year."""
    output = tmp_path_factory.mktemp("by-month") / "dist"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("explainer.plan.TIMELINE_PAGE_LIMIT", 50)
        assert write_site(Project.at(REPO, content=synthetic / "content", output=output)).ok
    return output


def counted(element: lxml_html.HtmlElement) -> int:
    """The number in an element's '78 events'."""
    return int(re.fullmatch(r"([\d,]+) events?", element.text_content().strip())[1].replace(",", ""))


def test_the_index_and_year_pages_count_each_year_and_month_and_name_their_key_events(by_month):
    """The counts add up to every event, on the index and on each year's page; the key events are the featured ones."""
    index = lxml_html.fromstring((by_month / "timeline.html").read_bytes())
    assert "600 events, year by year and month by month" in index.text_content()
    years = index.xpath("//section[@class='period']")
    assert len(years) == 11 and sum(counted(y.xpath("h2/span[@class='count']")[0]) for y in years) == 600
    for year in years:
        in_year = counted(year.xpath("h2/span[@class='count']")[0])
        page = lxml_html.fromstring((by_month / year.xpath("h2/a/@href")[0]).read_bytes())
        months = page.xpath("//ol[contains(@class, 'months')]/li")
        assert sum(counted(m.xpath("span[@class='count']")[0]) for m in months) + len(page.xpath(
            "//article[@class='event']")) == in_year
        assert [counted(c) for c in year.xpath("ol[@class='months']/li/span")] == [
            counted(m.xpath("span[@class='count']")[0]) for m in months]
        for month in months:
            shown = lxml_html.fromstring((by_month / month.xpath("a/@href")[0]).read_bytes())
            assert len(shown.xpath("//article[@class='event']")) == counted(month.xpath("span[@class='count']")[0])
    key = index.xpath("//section[@class='period']/ul[@class='key-events']/li/a/@href")
    assert [href.split("#")[1] for href in key] == ["event-event-0", "event-event-250", "event-event-500"]
    assert all((by_month / href.split("#")[0]).exists() for href in key)


def test_a_month_page_links_to_the_months_before_and_after_it(by_month):
    months = sorted(p.name for p in by_month.glob("timeline-*-*.html"))
    for before, name, after in zip([None, *months], months, [*months[1:], None]):
        page = lxml_html.fromstring((by_month / name).read_bytes())
        assert page.xpath("//nav[@class='pager']/a[@rel='prev']/@href") == ([before] if before else []), name
        assert page.xpath("//nav[@class='pager']/a[@rel='next']/@href") == ([after] if after else []), name
        year = name[9:13]
        assert page.xpath("//nav[@class='crumbs']//a/@href") == ["timeline.html", f"timeline-{year}.html"]
    year = lxml_html.fromstring((by_month / "timeline-2016.html").read_bytes())
    assert year.xpath("//nav[@class='pager']/a/@href") == ["timeline-2015.html", "timeline-2017.html"]


def test_the_filters_data_has_every_event_once_a_file_a_year_with_its_permalink(by_month):
    with (by_month / "data" / "timeline.csv").open(encoding="utf-8", newline="") as data:
        uris = {row["id"]: row["uri"] for row in csv.DictReader(data)}
    records = [r for path in sorted(by_month.glob("data/timeline-*.json")) for r in json.loads(path.read_bytes())]
    assert len(sorted(by_month.glob("data/timeline-*.json"))) == 11 and len(records) == 600
    assert {r["id"]: r["uri"] for r in records} == uris
    first = records[0]
    assert first["when"] == "1 January 2014" and first["places"] == ["luhansk"] and first["people"] == ["Person 0"]
    slot = lxml_html.fromstring((by_month / "timeline-2016-09.html").read_bytes()).xpath("//div[@data-everywhere]")
    assert slot[0].get("data-everywhere").split() == [f"data/timeline-{y}.json" for y in range(2014, 2025)]
