"""For readers on phones: the compact timeline embed, and the source cards each page carries for its marks."""

from __future__ import annotations

from pathlib import Path


from helpers import MINI, build_mini as build, page

FAILED = "1 error; the build stopped and dist/ was left as it was"


def latest(dist: Path) -> list[tuple[str, str, str]]:
    """The embed's list: each item's date, title and link."""
    return [(li.xpath("string(time/@datetime)"), li.xpath("string(a)"), li.xpath("string(a/@href)"))
            for li in page(dist / "embed" / "timeline.html").xpath("//ol[@class='latest']/li")]


def test_the_timeline_embed_lists_the_latest_events_newest_first_as_site_yaml_says(tmp_path):
    code, _, dist = build(tmp_path)
    assert code == 0
    events = page(dist / "timeline.html").xpath("//article[@class='event']")
    newest_first = [(e.xpath("string(ancestor::section[1]//h2/time/@datetime)"), e.xpath("string(.//h3/a)"),
                     "../timeline.html" + e.xpath("string(.//h3/a/@href)")) for e in reversed(events)]
    assert latest(dist) == newest_first
    assert page(dist / "embed" / "timeline.html").xpath("string(//p[@class='intro'])") == \
        "The latest 2 of 2 events, newest first."
    code, _, dist = build(tmp_path, **{"site.yaml": MINI["site.yaml"] + "embed_events: 1\n"})
    assert (code, latest(dist)) == (0, newest_first[:1])


def test_an_embed_of_no_events_is_an_error_at_the_setting(tmp_path):
    code, lines, _ = build(tmp_path, **{"site.yaml": MINI["site.yaml"] + "embed_events: 0\n"})
    assert (code, lines) == (1, [
        f"content/site.yaml:{len(MINI['site.yaml'].splitlines()) + 1}:15: error: embed_events: 0 events is too few "
        "for the timeline embed; use 1 or more; 5 is the default", FAILED])


def test_a_page_carries_a_card_for_each_source_it_marks_and_no_other(tmp_path):
    other = "- id: bbc\n  publisher: BBC\n  title: Live page\n  url: https://example.com/bbc\n  date: 2022-09-20\n" \
            "  note: Where the vote's date comes from.\n"
    section = MINI["sections/announcement.md"].replace("([NBC](source:nbc))", "([BBC](source:bbc))")
    code, _, dist = build(tmp_path, **{"sources.yaml": MINI["sources.yaml"] + other,
                                       "sections/announcement.md": section})
    assert code == 0
    home = page(dist / "index.html")
    [mark] = home.xpath("//a[@class='source-mark']")
    [card] = home.xpath("//template[@class='source-cards']/div[@class='source-card']")
    assert card.xpath("string(.//a[@class='source-card-page']/@href)") == mark.get("href") == "sources.html#source-bbc"
    assert [" ".join(p.text_content().split()) for p in card.xpath("p")] == [
        "Source 2 ×", "BBC, 20 September 2022", "Live page", "Where the vote’s date comes from.",
        "This source on the sources page, with what cites it"]
    assert page(dist / "sources.html").xpath("//template[@class='source-cards']") == [], "a page that marks no source carries no cards"
