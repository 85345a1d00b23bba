"""A timeline split into a page a month, in Chromium: the first event on a phone's first screen, filters that find
events on every page, and a region's 'all events' link that shows them."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.generate import generate
from browser import Tab, serving
from explainer.pipeline import write_site
from explainer.project import Project
from helpers import REPO

pytestmark = pytest.mark.browser  # every test here drives headless Chromium


@pytest.fixture(scope="module")
def split_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Synthetic content (600 events over eleven years) with the page limit at 50: a page a month."""
    root = tmp_path_factory.mktemp("split")
    generate(root, scale=0.06)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("explainer.plan.TIMELINE_PAGE_LIMIT", 50)
        assert write_site(Project.at(REPO, content=root / "content", output=root / "dist")).ok
    return root / "dist"


@pytest.fixture(scope="module")
def split_url(split_site: Path) -> Iterator[str]:
    with serving(split_site) as url:
        yield url


@pytest.fixture(scope="module")
def events(split_site: Path) -> list[dict[str, str]]:
    with (split_site / "data" / "timeline.csv").open(encoding="utf-8", newline="") as data:
        return list(csv.DictReader(data))


@pytest.fixture
def phone(browser, split_url: str) -> Iterator[Tab]:
    opened = Tab(browser, split_url, 390)
    opened.page.set_viewport_size({"width": 390, "height": 844})
    yield opened
    opened.close()


def test_a_month_pages_first_event_starts_on_a_phones_first_screen(phone):
    phone.open("timeline-2016-09.html")
    top = phone.page.locator("article.event").first.evaluate("e => e.getBoundingClientRect().top")
    assert 0 < top < 844


def test_a_word_filter_on_a_month_page_finds_an_event_of_another_year(phone, events):
    """The other pages' data is fetched only once the reader filters; a result leads to the event, still shown."""
    fetched: list[str] = []
    phone.open("timeline-2016-09.html")
    phone.page.on("request", lambda r: fetched.append(r.url) if "/data/" in r.url else None)
    phone.page.wait_for_timeout(300)
    assert not fetched, "nothing is fetched before the reader filters"
    wanted = next(e for e in events if e["date"].startswith("2021-"))
    phone.page.fill("#filter-text", wanted["title"])
    result = phone.page.locator(f".filter-results a[href*='{wanted['uri'].split('#')[1]}']")
    result.wait_for()
    assert len(fetched) == 11 and not phone.problems
    result.click()
    phone.page.wait_for_url(f"**/{wanted['uri'].split('#')[0]}?**")
    assert phone.page.locator(f"#{wanted['uri'].split('#')[1]}").is_visible()


def test_a_regions_all_events_link_shows_that_regions_events(phone, events):
    phone.open("regions.html")
    link = phone.page.locator("#region-kherson p.more a")
    link.click()
    phone.page.wait_for_url("**/timeline.html?region=kherson")
    expected = [e for e in events if e["regions"] == "kherson"]
    status = phone.page.locator(".filter-elsewhere-status")
    status.filter(has_text=str(len(expected))).wait_for()
    while phone.page.locator(".filter-more").is_visible():
        phone.page.click(".filter-more")
    shown = phone.page.locator(".filter-results a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert [href.split("#")[1] for href in shown] == [e["uri"].split("#")[1] for e in expected]
    assert all("region=kherson" in href for href in shown) and not phone.problems


def test_a_year_split_into_months_has_no_empty_status_row_and_its_reset_still_clears(phone):
    """A year's page lists months, not events: its filters have no count to show, so no row is kept for one (the
    panel is the fields alone, 10.1875rem at 390 px), and 'Show all' sits with the results from other pages."""
    phone.open("timeline-2016.html")
    panel = phone.page.locator(".filters")
    panel.wait_for()
    slot_height, panel_height = phone.page.locator(".filters-slot").evaluate(
        "s => [s.getBoundingClientRect().height, s.querySelector('.filters').getBoundingClientRect().height]")
    assert panel_height == pytest.approx(10.1875 * 16, abs=1) and slot_height == pytest.approx(panel_height, abs=1)
    phone.page.fill("#filter-text", "a")
    reset = phone.page.locator(".filter-elsewhere .filter-reset")
    reset.wait_for()
    reset.click()
    assert phone.page.input_value("#filter-text") == "" and not reset.is_visible() and not phone.problems
