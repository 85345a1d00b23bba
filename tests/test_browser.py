"""The built default site in real headless Chromium: accessible, no overflow, no errors, nothing from elsewhere."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import html as lxml_html

from browser import Tab, chromium, serving, site_pages
from conftest import REPO
from explainer.load import load
from explainer.project import Project
from explainer.resolve import resolve
from explainer.validate import validate

MAIN_PAGES = ["index.html", "timeline.html", "quotes.html", "regions.html", "sources.html", "404.html"]


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


@pytest.fixture
def tab(browser, site) -> Iterator[Tab]:
    """A page at 390 px with scripting on; tests that need other settings make their own Tab."""
    opened = Tab(browser, site, 390)
    yield opened
    opened.close()


@pytest.mark.parametrize("scheme, width, enhanced", [
    ("light", 390, True), ("light", 1280, True), ("dark", 390, True), ("dark", 1280, True), ("light", 390, False)])
def test_no_accessibility_violations_on_any_page(browser, site, default_site, scheme, width, enhanced):
    tab = Tab(browser, site, width, scheme)
    if not enhanced:
        tab.without_site_scripts()
    try:
        found = {}
        for page in site_pages(default_site):
            tab.open(page)
            violations = tab.axe()
            found.update({page: violations} if violations else {})
        assert found == {}
    finally:
        tab.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("width", [320, 390, 1280])
def test_no_overflow_errors_or_outside_requests(browser, site, default_site, width, javascript):
    tab = Tab(browser, site, width, javascript=javascript)
    try:
        found = {}
        for page in site_pages(default_site):
            status = tab.open(page)
            problems = [*([f"HTTP {status}"] if status != 200 else []), *tab.problems,
                        *([f"scrolls sideways by {tab.overflow()} px"] if tab.overflow() > 0 else [])]
            found.update({page: problems} if problems else {})
        assert found == {}
    finally:
        tab.close()


def test_every_event_and_quote_is_there_without_javascript(browser, site, facts):
    tab = Tab(browser, site, 390, javascript=False)
    try:
        tab.open("timeline.html")
        assert tab.shown("article.event") == [f"event-{e.id}" for e in facts.events]
        assert tab.page.locator("form, button, input, select").count() == 0, "no controls that need the script"
        tab.open("quotes.html")
        assert sorted(tab.shown("figure.quote")) == sorted(f"quote-{q.id}" for q in facts.quotes)
        assert tab.page.locator("form, button, input, select").count() == 0, "no controls that need the script"
    finally:
        tab.close()


def test_the_timeline_filters_by_category_and_region(tab, facts):
    total = len(facts.events)
    tab.open("timeline.html")
    status = tab.page.locator("[role=status]")
    assert status.text_content() == f"{total} of {total} events shown"
    category = facts.events[-1].category
    tab.page.select_option("#filter-category", category)
    expected = [f"event-{e.id}" for e in facts.events if e.category == category]
    assert tab.shown("article.event") == expected
    assert status.text_content() == f"{len(expected)} of {total} events shown"
    region = next(r.id for e in facts.events for r in e.regions)
    tab.page.select_option("#filter-category", "")
    tab.page.select_option("#filter-region", region)
    assert tab.shown("article.event") == [f"event-{e.id}" for e in facts.events if region in {r.id for r in e.regions}]


def test_the_timeline_filters_by_words_and_hides_empty_days(tab, facts):
    tab.open("timeline.html")
    texts = tab.page.locator("article.event").evaluate_all("els => els.map(e => [e.id, e.textContent.toLowerCase()])")
    word = next(w for e in facts.events for w in sorted(e.title.lower().split(), key=len, reverse=True)
                if 0 < sum(w in text for _, text in texts) < len(texts))
    tab.page.fill("#filter-text", word.upper())
    expected = [id for id, text in texts if word in text]
    assert tab.shown("article.event") == expected
    assert tab.page.locator("[role=status]").text_content() == f"{len(expected)} of {len(texts)} events shown"
    days = tab.page.locator("section.day").evaluate_all(
        "els => els.map(s => [s.hidden, [...s.querySelectorAll('article.event')].some(e => e.getClientRects().length)])")
    assert all(hidden != any_shown for hidden, any_shown in days), "a day is hidden exactly when none of its events shows"
    tab.page.fill("#filter-text", "")
    assert len(tab.shown("article.event")) == len(texts) and len(tab.shown("section.day")) == len(days)


def test_quotes_filter_by_side_and_speaker(tab, facts):
    total = len(facts.quotes)
    tab.open("quotes.html")
    status = tab.page.locator("[role=status]")
    side = facts.quotes[-1].speaker.side
    tab.page.select_option("#filter-side", side)
    expected = sorted(f"quote-{q.id}" for q in facts.quotes if q.speaker.side == side)
    assert sorted(tab.shown("figure.quote")) == expected
    assert status.text_content() == f"{len(expected)} of {total} quotes shown"
    assert tab.shown("section.side") == [f"side-{side}"]
    speaker = facts.quotes[0].speaker.id
    tab.page.select_option("#filter-side", "")
    tab.page.select_option("#filter-speaker", speaker)
    assert sorted(tab.shown("figure.quote")) == sorted(f"quote-{q.id}" for q in facts.quotes if q.speaker.id == speaker)


def test_the_site_works_from_file_urls(browser, default_site):
    tab = Tab(browser, default_site.as_uri() + "/", 390)
    try:
        tab.open("index.html")
        assert tab.page.evaluate("getComputedStyle(document.querySelector('main')).maxWidth") != "none", "styled"
        tab.page.click("header nav >> text=Timeline")
        assert tab.page.url == default_site.as_uri() + "/timeline.html"
        assert tab.page.locator("article.event").count() > 0
        assert tab.page.locator(".filters").count() == 1, "the script ran"
        tab.page.select_option("#filter-category", tab.page.locator("#filter-category option").nth(1).get_attribute("value"))
        assert "?category=" in tab.page.url, "the filters' state is kept in the address from file:// too"
        assert tab.problems == []
    finally:
        tab.close()


def test_text_can_be_zoomed_to_200_percent_without_overflow(tab):
    for page in MAIN_PAGES:
        tab.open(page)
        tab.page.evaluate("document.documentElement.style.fontSize = '200%'")
        assert tab.overflow() <= 0, page


FOCUSED = """(() => {
  const e = document.activeElement, s = getComputedStyle(e);
  return [e.getAttribute('class') || e.tagName, s.outlineStyle, parseFloat(s.outlineWidth),
          e.getBoundingClientRect().top];
})()"""


def test_keyboard_users_get_a_skip_link_and_visible_focus(tab):
    tab.open("index.html")
    tab.page.keyboard.press("Tab")
    name, outline, width, top = tab.page.evaluate(FOCUSED)
    assert (name, outline, top >= 0) == ("skip-link", "solid", True) and width >= 2
    tab.page.keyboard.press("Enter")
    assert tab.page.evaluate("document.activeElement.id") == "main"
    for _ in range(12):
        tab.page.keyboard.press("Tab")
        name, outline, width, _top = tab.page.evaluate(FOCUSED)
        assert outline == "solid" and width >= 2, f"{name} has no visible focus"


def test_dark_scheme_reduced_motion_and_print(browser, site):
    colours = {}
    for scheme in ("light", "dark"):
        tab = Tab(browser, site, 390, scheme, reduced_motion="reduce" if scheme == "dark" else "no-preference")
        tab.open("sources.html")
        tab.page.focus("main a")  # smooth scrolling starts once the reader moves around the page
        colours[scheme] = tab.page.evaluate("[getComputedStyle(document.body).backgroundColor,"
                                            " getComputedStyle(document.documentElement).scrollBehavior]")
        tab.close()
    channels = {scheme: [int(c) for c in colour.strip("rgb()").split(",")] for scheme, (colour, _) in colours.items()}
    assert min(channels["light"]) > 200 and max(channels["dark"]) < 64, colours
    assert (colours["light"][1], colours["dark"][1]) == ("smooth", "auto"), "no smooth scrolling with reduced motion"
    tab = Tab(browser, site, 1280)
    try:
        tab.open("sources.html")
        tab.page.emulate_media(media="print")
        link = tab.page.locator("main cite a").first
        after = link.evaluate("a => getComputedStyle(a, '::after').content")
        assert after == f'" ({link.get_attribute("href")})"'
        assert tab.page.locator("header nav").evaluate("n => getComputedStyle(n).display") == "none"
        assert tab.page.locator("details ul").first.evaluate("u => u.getClientRects().length") > 0, "citations print"
    finally:
        tab.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_nothing_moves_when_the_script_adds_its_controls(browser, site, width):
    tab = Tab(browser, site, width)
    tab.context.add_init_script("window.shifted = 0; new PerformanceObserver(list => list.getEntries()"
                                ".forEach(e => { window.shifted += e.value; }))"
                                ".observe({type: 'layout-shift', buffered: true});")
    try:
        for page, added in (("timeline.html", ".filters"), ("quotes.html", ".filters"),
                            ("index.html", ".contents details" + ("[open]" if width == 1280 else ""))):
            tab.open(page)
            tab.page.locator(added).wait_for()
            settled = "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 0))))"
            tab.page.evaluate(settled)
            assert tab.page.evaluate("window.shifted") == 0, page
    finally:
        tab.close()


def test_quotes_carry_the_language_of_their_words(tab, facts):
    tab.open("quotes.html")
    for quote in facts.quotes:
        shown_lang = tab.page.locator(f"#quote-{quote.id} blockquote").get_attribute("lang")
        assert shown_lang == (facts.site.language if quote.translated else quote.language), quote.id


def test_a_permalink_highlights_its_event_or_quote_with_or_without_the_script(browser, site, facts):
    for javascript in (True, False):
        tab = Tab(browser, site, 390, javascript=javascript)
        try:
            for uri, target, other in [("timeline.html", f"event-{facts.events[len(facts.events) // 2].id}",
                                         f"event-{facts.events[0].id}"),
                                        ("quotes.html", f"quote-{facts.quotes[-1].id}", f"quote-{facts.quotes[0].id}")]:
                tab.open(f"{uri}#{target}")
                look = "id => [getComputedStyle(document.getElementById(id)).backgroundColor," \
                       " document.getElementById(id).getBoundingClientRect().top]"
                (marked, top), (plain, _) = tab.page.evaluate(look, target), tab.page.evaluate(look, other)
                assert marked != plain and plain == "rgba(0, 0, 0, 0)", (uri, javascript)
                assert 0 <= top < 900, f"{target} is scrolled into view"
        finally:
            tab.close()


def test_the_filters_live_in_the_address_and_come_back_on_load(tab, facts):
    tab.open("timeline.html")
    category = facts.events[-1].category
    word = facts.events[-1].title.split()[-1].lower()
    tab.page.select_option("#filter-category", category)
    tab.page.fill("#filter-text", word)
    shown = tab.shown("article.event")
    assert 0 < len(shown) < len(facts.events)
    assert tab.page.url.endswith(f"timeline.html?category={category}&text={word}")
    tab.open(tab.page.url.removeprefix(tab.site_url))  # a shared link, opened afresh
    assert tab.page.input_value("#filter-category") == category and tab.page.input_value("#filter-text") == word
    assert tab.shown("article.event") == shown
    assert tab.page.locator("[role=status]").text_content() == f"{len(shown)} of {len(facts.events)} events shown"
    speaker = facts.quotes[0].speaker.id
    tab.open(f"quotes.html?speaker={speaker}#quote-{facts.quotes[0].id}")
    assert sorted(tab.shown("figure.quote")) == sorted(f"quote-{q.id}" for q in facts.quotes if q.speaker.id == speaker)
    tab.open(f"timeline.html?category=no-such-category#event-{facts.events[0].id}")
    assert tab.shown("article.event")[0] == f"event-{facts.events[0].id}", "a permalink is never filtered away"


def test_an_empty_result_says_so_and_offers_a_way_back(tab, facts):
    tab.open("timeline.html")
    total = len(facts.events)
    reset, empty = tab.page.locator(".filter-reset"), tab.page.locator(".filter-empty")
    assert not reset.is_visible() and not empty.is_visible()
    tab.page.fill("#filter-text", "zzzqqq")
    assert tab.shown("article.event") == [] and tab.page.locator("[role=status]").text_content() == f"0 of {total} events shown"
    assert empty.is_visible() and reset.is_visible()
    reset.click()
    assert len(tab.shown("article.event")) == total and tab.page.input_value("#filter-text") == ""
    assert not empty.is_visible() and not reset.is_visible() and "?" not in tab.page.url
    assert tab.page.evaluate("document.activeElement.id") == "filter-text", "focus stays in the filters"


def test_the_words_box_lines_up_with_the_dropdowns(browser, site):
    for width in (390, 1280):
        tab = Tab(browser, site, width)
        try:
            for uri in ("timeline.html", "quotes.html"):
                tab.open(uri)
                boxes = tab.page.locator(".filters select, .filters input").evaluate_all(
                    "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.height, r.left, r.right, r.top]; })")
                assert len({round(b[0]) for b in boxes}) == 1, "one height"
                if width == 1280:
                    assert len({round(b[3]) for b in boxes}) == 1, "one row"
                else:
                    assert len({(round(b[1]), round(b[2])) for b in boxes}) == 1, "one column"
        finally:
            tab.close()


HOST_PAGE = "<!doctype html><html lang='en'><title>Host</title><body style='margin:0'><main>{}</main></body></html>"


@pytest.mark.parametrize("width", [320, 375, 600])
def test_an_embed_takes_the_height_of_its_content_in_a_host_page(browser, site, default_site, facts, width, tmp_path):
    """The snippet on another site (another origin): the iframe grows to its content, so nothing is cut off."""
    snippets = lxml_html.fromstring((default_site / "quotes.html").read_bytes()).xpath("//textarea/text()")
    longest = max(facts.quotes, key=lambda q: len(q.text) + len(q.context.text if q.context else ""))
    chosen = [code for code in snippets if f"quote-{longest.id}.html" in code or f"quote-{facts.quotes[0].id}.html" in code]
    chosen.append(lxml_html.fromstring((default_site / "timeline.html").read_bytes()).xpath("//textarea/text()")[0])
    tab = Tab(browser, site, width)
    try:
        for code in chosen:
            (tmp_path / "host.html").write_text(HOST_PAGE.format(code.replace('src="', f'src="{site}')))
            with serving(tmp_path) as host:
                tab.page.goto(host + "host.html", wait_until="load")
                frame = tab.page.frames[1]
                frame.wait_for_load_state("load")
                measure = ("Math.ceil(document.body.getBoundingClientRect().height)",
                           "document.querySelector('iframe').getBoundingClientRect().height")
                for _ in range(50):  # the embed reports its height once it has laid out: wait for it, up to 5 s
                    content, frame_height = frame.evaluate(measure[0]), tab.page.evaluate(measure[1])
                    if content == frame_height:
                        break
                    tab.page.wait_for_timeout(100)
                assert frame_height == content, code
                assert frame.evaluate("document.documentElement.scrollHeight <= innerHeight"), "nothing scrolls inside"
                assert frame.evaluate("document.querySelector('.speaker, h1').getBoundingClientRect().bottom") <= frame_height
    finally:
        tab.close()


def test_embeds_are_light_unless_the_host_asks_for_dark(browser, site, facts):
    tab = Tab(browser, site, 390, "dark")
    try:
        colours = {}
        for query in ("", "?theme=dark"):
            tab.open(f"embed/quote-{facts.quotes[0].id}.html{query}")
            colours[query] = [int(c) for c in tab.page.evaluate(
                "getComputedStyle(document.body).backgroundColor").strip("rgb()").split(",")]
        assert min(colours[""]) > 200 and max(colours["?theme=dark"]) < 64, colours
    finally:
        tab.close()


GLUED = re.compile(r"[a-z][.,;:!?)”’]?[A-Z][a-z]|[.,;:!?][“‘(]")
STRAIGHT = re.compile(r"['\"]")
QUOTED = re.compile(r"“[^”]*”")  # someone's words, kept as they wrote them
VISIBLE_TEXT = """(() => {
  const skip = 'blockquote, q, code, pre, textarea, script, style, svg';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const ours = [];
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.parentElement.closest(skip) && node.parentElement.getClientRects().length) ours.push(node.data);
  }
  return [document.body.innerText, ours.join(' ')];
})()"""


def test_no_words_run_together_and_no_straight_quotes_on_any_page(tab, default_site):
    found = {}
    for page in site_pages(default_site):
        tab.open(page)
        shown, ours = tab.page.evaluate(VISIBLE_TEXT)
        problems = [m.group() for m in GLUED.finditer(shown)] + [f"straight {m.group()}" for m in STRAIGHT.finditer(QUOTED.sub("", ours))]
        found.update({page: problems} if problems else {})
    assert found == {}


BODY_AND_HEADINGS = """(() => {
  const visible = e => e.getClientRects().length && e.getBoundingClientRect().width > 1;
  const sizes = {};
  for (const e of document.querySelectorAll('main p, main li')) {
    if (!visible(e)) continue;
    const size = parseFloat(getComputedStyle(e).fontSize);
    sizes[size] = (sizes[size] || 0) + e.textContent.length;
  }
  const most = parseFloat(Object.entries(sizes).sort((a, b) => b[1] - a[1])[0][0]);  // the size most text is set in
  const body = Math.max(most, parseFloat(getComputedStyle(document.body).fontSize));
  const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].filter(visible)
    .map(h => [h.tagName + ' ' + h.textContent.trim().slice(0, 40), parseFloat(getComputedStyle(h).fontSize)]);
  return [body, headings];
})()"""


@pytest.mark.parametrize("width", [390, 1280])
def test_every_heading_is_larger_than_the_body_text(browser, site, default_site, width):
    tab = Tab(browser, site, width)
    try:
        found = {}
        for page in site_pages(default_site):
            tab.open(page)
            body, headings = tab.page.evaluate(BODY_AND_HEADINGS)
            small = [f"{name}: {size}px" for name, size in headings if size <= body]
            found.update({page: (body, small)} if small else {})
        assert found == {}
    finally:
        tab.close()


def test_a_phone_reader_reaches_the_first_section_within_two_screens(browser, site):
    tab = Tab(browser, site, 390)
    try:
        tab.page.set_viewport_size({"width": 390, "height": 844})
        tab.open("index.html")
        top = tab.page.evaluate("document.querySelector('.story-text > section h2').getBoundingClientRect().top")
        assert top < 2 * 844
    finally:
        tab.close()
