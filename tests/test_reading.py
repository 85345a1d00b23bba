"""What a reader sees, in real headless Chromium: permalinks, shareable filters, embeds that fit, words that do not
run together, headings above the text they head, and a phone that reaches the story soon."""

from __future__ import annotations

import re

import pytest
from lxml import html as lxml_html

from browser import Tab, serving, site_pages

pytestmark = pytest.mark.browser  # every test here drives headless Chromium


def test_a_permalink_highlights_its_event_or_quote_with_or_without_the_script(browser, site_url, facts):
    for javascript in (True, False):
        tab = Tab(browser, site_url, 390, javascript=javascript)
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
    assert tab.page.locator("[role=status][data-template]").text_content() == f"{len(shown)} of {len(facts.events)} events shown"
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
    assert tab.shown("article.event") == [] and tab.page.locator("[role=status][data-template]").text_content() == f"0 of {total} events shown"
    assert empty.is_visible() and reset.is_visible()
    reset.click()
    assert len(tab.shown("article.event")) == total and tab.page.input_value("#filter-text") == ""
    assert not empty.is_visible() and not reset.is_visible() and "?" not in tab.page.url
    assert tab.page.evaluate("document.activeElement.id") == "filter-text", "focus stays in the filters"


def test_the_words_box_lines_up_with_the_dropdowns(browser, site_url):
    for width in (390, 1280):
        tab = Tab(browser, site_url, width)
        try:
            for uri in ("timeline.html", "quotes.html"):
                tab.open(uri)
                boxes = tab.page.locator(".filters select, .filters input").evaluate_all(
                    "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.height, r.left, r.right, r.top]; })")
                *selects, words = boxes
                assert len({round(b[0]) for b in boxes}) == 1, "one height"
                assert len({round(b[3]) for b in (selects if width < 640 else boxes)}) == 1, "one row"
                if width < 640:  # the words box below, as wide as the dropdowns together
                    assert (round(words[1]), round(words[2])) == (round(selects[0][1]), round(selects[-1][2]))
        finally:
            tab.close()


HOST_PAGE = "<!doctype html><html lang='en'><title>Host</title><body style='margin:0'><main>{}</main></body></html>"


@pytest.mark.parametrize("width", [320, 375, 600])
def test_an_embed_takes_the_height_of_its_content_in_a_host_page(browser, site_url, default_site, facts, width, tmp_path):
    """The snippet on another site (another origin): the iframe grows to its content, so nothing is cut off."""
    snippets = lxml_html.fromstring((default_site / "quotes.html").read_bytes()).xpath("//textarea/text()")
    longest = max(facts.quotes, key=lambda q: len(q.text) + len(q.context.text if q.context else ""))
    chosen = [code for code in snippets if f"quote-{longest.id}.html" in code or f"quote-{facts.quotes[0].id}.html" in code]
    chosen.append(lxml_html.fromstring((default_site / "timeline.html").read_bytes()).xpath("//textarea/text()")[0])
    tab = Tab(browser, site_url, width)
    try:
        for code in chosen:
            (tmp_path / "host.html").write_text(HOST_PAGE.format(code.replace('src="', f'src="{site_url}')))
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


def test_embeds_are_light_unless_the_host_asks_for_dark(browser, site_url, facts):
    tab = Tab(browser, site_url, 390, "dark")
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
def test_every_heading_is_larger_than_the_body_text(browser, site_url, default_site, width):
    tab = Tab(browser, site_url, width)
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


def test_a_phone_reader_reaches_the_first_section_within_two_screens(browser, site_url):
    tab = Tab(browser, site_url, 390)
    try:
        tab.page.set_viewport_size({"width": 390, "height": 844})
        tab.open("index.html")
        top = tab.page.evaluate("document.querySelector('.story-text > section h2').getBoundingClientRect().top")
        assert top < 2 * 844
    finally:
        tab.close()
