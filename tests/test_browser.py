"""The built default site in real headless Chromium: accessible, no overflow, no errors, nothing from elsewhere."""

from __future__ import annotations

import pytest

from browser import Tab, site_pages

pytestmark = pytest.mark.browser  # every test here drives headless Chromium

MAIN_PAGES = ["index.html", "timeline.html", "quotes.html", "regions.html", "sources.html", "404.html"]


@pytest.mark.parametrize("scheme, width, enhanced", [
    ("light", 390, True), ("light", 1280, True), ("dark", 390, True), ("dark", 1280, True), ("light", 390, False)])
def test_no_accessibility_violations_on_any_page(browser, site_url, default_site, scheme, width, enhanced):
    tab = Tab(browser, site_url, width, scheme)
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
def test_no_overflow_errors_or_outside_requests(browser, site_url, default_site, width, javascript):
    tab = Tab(browser, site_url, width, javascript=javascript)
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


def test_every_event_and_quote_is_there_without_javascript(browser, site_url, facts):
    tab = Tab(browser, site_url, 390, javascript=False)
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
    status = tab.page.locator("[role=status][data-template]")
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
    assert tab.page.locator("[role=status][data-template]").text_content() == f"{len(expected)} of {len(texts)} events shown"
    days = tab.page.locator("section.day").evaluate_all(
        "els => els.map(s => [s.hidden, [...s.querySelectorAll('article.event')].some(e => e.getClientRects().length)])")
    assert all(hidden != any_shown for hidden, any_shown in days), "a day is hidden exactly when none of its events shows"
    tab.page.fill("#filter-text", "")
    assert len(tab.shown("article.event")) == len(texts) and len(tab.shown("section.day")) == len(days)


def test_quotes_filter_by_side_and_speaker(tab, facts):
    total = len(facts.quotes)
    tab.open("quotes.html")
    status = tab.page.locator("[role=status][data-template]")
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


def test_dark_scheme_reduced_motion_and_print(browser, site_url):
    colours = {}
    for scheme in ("light", "dark"):
        tab = Tab(browser, site_url, 390, scheme, reduced_motion="reduce" if scheme == "dark" else "no-preference")
        tab.open("sources.html")
        tab.page.focus("main a")  # smooth scrolling starts once the reader moves around the page
        colours[scheme] = tab.page.evaluate("[getComputedStyle(document.body).backgroundColor,"
                                            " getComputedStyle(document.documentElement).scrollBehavior]")
        tab.close()
    channels = {scheme: [int(c) for c in colour.strip("rgb()").split(",")] for scheme, (colour, _) in colours.items()}
    assert min(channels["light"]) > 200 and max(channels["dark"]) < 64, colours
    assert (colours["light"][1], colours["dark"][1]) == ("smooth", "auto"), "no smooth scrolling with reduced motion"
    tab = Tab(browser, site_url, 1280)
    try:
        tab.open("sources.html")
        tab.page.emulate_media(media="print")
        link = tab.page.locator("main cite a").first
        after = link.evaluate("a => getComputedStyle(a, '::after').content")
        assert after == f'" ({link.get_attribute("href")})"'
        hidden = tab.page.locator("header nav").evaluate_all("navs => navs.map(n => getComputedStyle(n).display)")
        assert hidden == ["none", "none"], "neither the menu nor the editions' switcher prints"
        assert tab.page.locator("details ul").first.evaluate("u => u.getClientRects().length") > 0, "citations print"
    finally:
        tab.close()


# The later story section whose last source mark sits lowest in it: a card opened there reaches past the section.
LOWEST_MARK = """() => {
  const marks = [...document.querySelectorAll('.story-text > section + section')].flatMap(section => {
    const mark = [...section.querySelectorAll('a.source-mark')].pop();
    return mark ? [[section.getBoundingClientRect().bottom - mark.getBoundingClientRect().bottom, section.id]] : [];
  });
  return marks.sort((a, b) => a[0] - b[0])[0][1];
}"""


DRAWN = "e => e.checkVisibility({contentVisibilityAuto: true})"
EVERY_SECTION_DRAWN = f"[...document.querySelectorAll('.story-text > section > :first-child')].every({DRAWN})"


def test_the_story_lays_out_its_far_sections_soon_after_the_first_paint_without_scrolling(tab):
    """content-visibility: auto and an animation per section (style.css): whatever was left for after the first
    paint is laid out a section at a time, so find in page, links and geometry see the whole story."""
    tab.open("index.html")
    tab.page.wait_for_function(EVERY_SECTION_DRAWN)
    assert tab.page.locator(".map-figure svg").evaluate(DRAWN)


def test_a_section_not_yet_laid_out_clips_no_source_card_or_focus_ring(tab):
    """Before its turn (or where the animation does not run) a section is contained: it still draws all of an open
    source card and of the focus ring of a link at its edge."""
    tab.open("index.html")
    tab.page.wait_for_function(EVERY_SECTION_DRAWN)
    section = tab.page.locator(f"#{tab.page.evaluate(LOWEST_MARK)}")  # measured while every section is laid out
    tab.page.add_style_tag(content=".map-figure, .story-text > section { animation: none !important; }")
    last = tab.page.locator(".story-text > section").last
    assert not last.locator(":scope > *").first.evaluate(DRAWN), "a section far down waits while it is off screen"
    mark = section.locator("a.source-mark").last
    mark.evaluate("m => m.scrollIntoView({block: 'center'})")
    mark.click()
    card = section.locator(".source-card")
    card.wait_for()
    box, edge = card.bounding_box(), section.evaluate("s => s.getBoundingClientRect().bottom")
    assert box["y"] + box["height"] > edge + 20, "the card reaches past its section"
    hit = f"document.elementFromPoint({box['x'] + 20}, {edge + 12})?.closest('.source-card')"
    assert tab.page.evaluate(f"!!{hit}"), "the card past its section is drawn, and takes taps"
    tab.page.keyboard.press("Escape")
    link = tab.page.locator(".story-text > section + section p a:not(.source-mark)").first
    link.focus()
    assert link.evaluate("a => getComputedStyle(a.closest('section')).contentVisibility") == "visible", \
        "a focus ring may reach past the section's edge"
    assert tab.problems == []


# Where each box starts, for every element but those inside `inside` (what the script fills or opens: the filters,
# the contents, the search box, each in a slot whose space is kept for it).
POSITIONS = """inside => [...document.body.querySelectorAll('*')]
  .filter(e => !e.parentElement.closest(inside))
  .map(e => { const box = e.getBoundingClientRect(); return [e.tagName + (e.id ? '#' + e.id : ''), box.x, box.y]; })"""


@pytest.mark.parametrize("width", [390, 1280])
def test_nothing_moves_when_the_script_adds_its_controls(browser, site_url, default_site, width):
    """Every box starts where it did before the script ran. Measured on the parsed page, with the script run by
    hand: a browser under load paints half-parsed pages, and what the parser adds then moved things in the
    Layout Instability API's count (a flaky 0.005), though no script had run."""
    tab = Tab(browser, site_url, width)
    tab.without_site_scripts()
    try:
        for page, inside in (("timeline.html", ".filters-slot, .site-search"),
                             ("quotes.html", ".filters-slot, .site-search"),
                             ("index.html", ".contents details, .site-search")):
            tab.open(page)
            scripts = tab.page.locator("script[src]").evaluate_all("els => els.map(e => e.getAttribute('src'))")
            before = tab.page.evaluate(POSITIONS, inside)
            for script in scripts:
                tab.page.add_script_tag(content=(default_site / script).read_text())
            assert tab.page.locator(".filters" if inside.startswith(".filters-slot") else
                                    ".contents details" + ("[open]" if width == 1280 else "")).count() == 1, page
            assert tab.page.evaluate(POSITIONS, inside) == before, page
    finally:
        tab.close()


def test_quotes_carry_the_language_of_their_words(tab, facts):
    tab.open("quotes.html")
    for quote in facts.quotes:
        shown_lang = tab.page.locator(f"#quote-{quote.id} blockquote").get_attribute("lang")
        assert shown_lang == (facts.site.language if quote.translated else quote.language), quote.id


def test_the_timeline_embed_fits_a_narrow_column_and_links_to_the_full_timeline(browser, site_url, facts):
    tab = Tab(browser, site_url, 320)
    try:
        tab.open("embed/timeline.html")
        height = tab.page.evaluate("document.body.getBoundingClientRect().height")  # what the embed tells its host
        assert height < 800, f"{height} px tall at 320 px"
        dates = tab.page.locator("main li time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))")
        assert dates == sorted(dates, reverse=True) and 0 < len(dates) < len(facts.events), "the latest, newest first"
        links = tab.page.locator("a").evaluate_all("els => els.map(a => a.href)")
        assert site_url + "timeline.html" in links
        assert tab.page.locator(".embed-updated time").count() == 1, "it says when it was last updated"
        assert tab.problems == [] and tab.overflow() <= 0
    finally:
        tab.close()


PERMALINKS = "els => els.map(e => [e.id, e.querySelector('a.permalink')?.href, e.querySelector('a.permalink')?.checkVisibility()])"


def test_every_event_and_quote_has_a_visible_permalink_that_copies_its_address(tab, site_url, facts):
    tab.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    tab.open("timeline.html")
    assert tab.page.locator("article.event").evaluate_all(PERMALINKS) == [
        [f"event-{e.id}", f"{site_url}timeline.html#event-{e.id}", True] for e in facts.events]
    tab.open("quotes.html")
    assert sorted(tab.page.locator("figure.quote").evaluate_all(PERMALINKS)) == sorted(
        [f"quote-{q.id}", f"{site_url}quotes.html#quote-{q.id}", True] for q in facts.quotes)
    quote = next(q for q in facts.quotes if q.speaker.side == "russia")
    tab.open("quotes.html?side=russia")
    tab.page.locator(f"#quote-{quote.id} a.permalink").click()
    status = tab.page.locator(".announcer[aria-live=polite]")
    status.filter(has_text="Link copied").wait_for()
    assert tab.page.evaluate("navigator.clipboard.readText()") == f"{site_url}quotes.html#quote-{quote.id}"
    assert tab.page.url == f"{site_url}quotes.html?side=russia", "copied, not followed"
    assert tab.problems == []


HITS = """mark => {
  const box = mark.getBoundingClientRect(), x = box.left + box.width / 2, y = box.top + box.height / 2;
  return [[-21, -21], [21, -21], [-21, 21], [21, 21], [0, -21], [0, 21], [-21, 0], [21, 0]]
    .filter(([dx, dy]) => document.elementFromPoint(x + dx, y + dy)?.closest('a.source-mark') !== mark);
}"""


def test_a_source_mark_is_a_44px_target_that_opens_its_source_in_a_card(tab, site_url, facts):
    fetched: list[str] = []
    tab.context.on("request", lambda request: fetched.append(request.url))
    tab.open("index.html")
    tab.page.wait_for_load_state("networkidle")
    assert [url for url in fetched if "source-cards" in url] == [], "the cards come when a reader asks"
    mark = tab.page.locator(".in-brief li:first-child a.source-mark")
    mark.evaluate("m => m.scrollIntoView({block: 'center'})")
    assert mark.evaluate(HITS) == [], "every point of a 44 px square around the mark reaches it"
    source = next(s for s in facts.sources if s.publisher == mark.get_attribute("title"))
    mark.click()
    tab.page.locator(".source-card").wait_for()
    assert f"{site_url}data/source-cards.json" in fetched
    card = tab.page.locator(".source-card")
    assert card.get_attribute("role") == "dialog" and card.is_visible()
    assert card.evaluate("c => c === document.activeElement") and mark.get_attribute("aria-expanded") == "true"
    assert source.publisher in card.text_content() and source.title in card.text_content()
    assert card.locator("time").get_attribute("datetime") == source.date.iso
    assert card.locator("a.source-card-page").evaluate("a => a.href") == f"{site_url}sources.html#source-{source.id}"
    assert tab.page.url == f"{site_url}index.html", "the reader stays in the story"
    tab.page.keyboard.press("Escape")
    assert card.count() == 0 and mark.evaluate("m => m === document.activeElement")
    assert mark.get_attribute("aria-expanded") == "false"
    mark.press("Enter")
    card.locator(".source-card-close").click()
    assert card.count() == 0 and tab.problems == []
