"""The built default site in real headless Chromium: accessible, no overflow, no errors, nothing from elsewhere."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from browser import AXE, chromium, require, serving
from conftest import REPO
from explainer.load import load
from explainer.project import Project
from explainer.resolve import resolve
from explainer.validate import validate

PAGES = ["index.html", "timeline.html", "quotes.html", "regions.html", "sources.html", "404.html",
         "embed/timeline.html", "embed/quote-putin-not-a-bluff.html"]


@pytest.fixture(scope="module")
def facts():
    """The default content as the build sees it."""
    explainer, _ = resolve(validate(load(Project.at(REPO)))[0])
    return explainer


@pytest.fixture(scope="module")
def site(default_site: Path) -> Iterator[str]:
    with serving(default_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as running:
        yield running


class Visit:
    """A page opened in a fresh context, with every console error, failed and outside request recorded."""

    def __init__(self, browser, url: str, width: int, scheme: str = "light", javascript: bool = True) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme,
                                           java_script_enabled=javascript)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        site = url.split("/", 3)[:3]
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))
        self.page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url}"))
        self.page.on("request", lambda r: r.url.split("/", 3)[:3] == site or r.url.startswith(("data:", "file:"))
                     or self.problems.append(f"outside request: {r.url}"))
        response = self.page.goto(url, wait_until="load")
        self.status = response.status if response else 0

    def overflow(self) -> int:
        return self.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")

    def close(self) -> None:
        self.context.close()


def axe_violations(visit: Visit) -> list[str]:
    visit.page.add_script_tag(path=str(AXE))
    result = visit.page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page", PAGES)
def test_no_accessibility_violations(browser, site, page, scheme):
    require(AXE)
    for width in (390, 1280):
        visit = Visit(browser, site + page, width, scheme)
        try:
            assert axe_violations(visit) == [], f"{page} at {width} px, {scheme}"
        finally:
            visit.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("page", PAGES)
def test_no_overflow_errors_or_outside_requests(browser, site, page, javascript):
    for width in (320, 390, 1280):
        visit = Visit(browser, site + page, width, javascript=javascript)
        try:
            assert visit.status == 200
            assert visit.overflow() <= 0, f"{page} scrolls sideways at {width} px"
            assert visit.problems == [], f"{page} at {width} px"
        finally:
            visit.close()


def test_every_event_and_quote_is_there_without_javascript(browser, site, facts):
    for page, selector, expected in (("timeline.html", "article.event", len(facts.events)),
                                     ("quotes.html", "figure.quote", len(facts.quotes))):
        visit = Visit(browser, site + page, 390, javascript=False)
        try:
            visible = visit.page.locator(selector).evaluate_all("els => els.filter(e => e.offsetParent).length")
            assert visible == expected and visit.page.locator("form.filters").count() == 0
        finally:
            visit.close()


def test_the_timeline_filters_and_announces_the_result(browser, site, facts):
    total = len(facts.events)
    visit = Visit(browser, site + "timeline.html", 390)
    try:
        page, status = visit.page, visit.page.locator("[role=status]")
        shown = lambda: page.locator("article.event").evaluate_all("els => els.filter(e => e.offsetParent).map(e => e.id)")
        assert status.text_content() == f"{total} of {total} events shown" and len(shown()) == total
        page.select_option("#filter-category", "diplomatic")
        expected = [f"event-{e.id}" for e in facts.events if e.category == "diplomatic"]
        assert shown() == expected and status.text_content() == f"{len(expected)} of {total} events shown"
        page.select_option("#filter-category", "")
        page.select_option("#filter-region", "kherson")
        assert shown() == [f"event-{e.id}" for e in facts.events if "kherson" in {r.id for r in e.regions}]
        page.select_option("#filter-region", "")
        page.fill("#filter-text", "OVD-Info")
        found = shown()
        assert 0 < len(found) < total and status.text_content() == f"{len(found)} of {total} events shown"
        assert all("ovd-info" in page.locator(f"#{id}").text_content().lower() for id in found)
        assert page.locator("section.day[hidden]").count() > 0, "days with no matching event are hidden too"
    finally:
        visit.close()


def test_quotes_filter_by_side_and_speaker(browser, site, facts):
    total = len(facts.quotes)
    visit = Visit(browser, site + "quotes.html", 1280)
    try:
        page, status = visit.page, visit.page.locator("[role=status]")
        shown = lambda: page.locator("figure.quote").evaluate_all("els => els.filter(e => e.offsetParent).map(e => e.id)")
        page.select_option("#filter-side", "ukraine")
        expected = [f"quote-{q.id}" for q in facts.quotes if q.speaker.side == "ukraine"]
        assert shown() == expected and status.text_content() == f"{len(expected)} of {total} quotes shown"
        page.select_option("#filter-side", "")
        page.select_option("#filter-speaker", "joe-biden")
        assert shown() == [f"quote-{q.id}" for q in facts.quotes if q.speaker.id == "joe-biden"]
    finally:
        visit.close()


def test_copy_link_puts_the_permalink_on_the_clipboard(browser, site):
    visit = Visit(browser, site + "timeline.html", 1280)
    try:
        visit.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.rstrip("/"))
        visit.page.locator("#event-protests .copy-link").click()
        copied = visit.page.evaluate("navigator.clipboard.readText()")
        assert copied == site + "timeline.html#event-protests"
        assert visit.page.locator("[role=status]").text_content() == f"Link copied: {copied}"
    finally:
        visit.close()


def test_the_site_works_from_file_urls(browser, default_site):
    visit = Visit(browser, (default_site / "index.html").as_uri(), 390)
    try:
        styled = visit.page.evaluate("getComputedStyle(document.querySelector('main')).maxWidth")
        assert styled != "none", "the stylesheet loaded"
        visit.page.click("header nav >> text=Timeline")
        assert visit.page.url.endswith("/timeline.html")
        assert visit.page.locator("article.event").count() > 0
        assert visit.problems == []
    finally:
        visit.close()


def test_text_can_be_zoomed_to_200_percent_without_overflow(browser, site):
    for page in ("index.html", "timeline.html", "quotes.html"):
        visit = Visit(browser, site + page, 390)
        try:
            visit.page.evaluate("document.documentElement.style.fontSize = '200%'")
            assert visit.overflow() <= 0, page
        finally:
            visit.close()
