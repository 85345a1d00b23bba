"""For readers on phones: the compact timeline embed, and the source cards each page carries for its marks."""

from __future__ import annotations

import json
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


def test_a_page_that_marks_a_source_carries_the_cards_words_and_the_edition_file_every_card(tmp_path):
    other = "- id: bbc\n  publisher: BBC\n  title: Live page\n  url: https://example.com/bbc\n  date: 2022-09-20\n" \
            "  note: Where the vote's date comes from.\n"
    section = MINI["sections/announcement.md"].replace("([NBC](source:nbc))", "([BBC](source:bbc))")
    code, _, dist = build(tmp_path, **{"sources.yaml": MINI["sources.yaml"] + other,
                                       "sections/announcement.md": section})
    assert code == 0
    home = page(dist / "index.html")
    [mark] = home.xpath("//a[@class='source-mark']")
    [template] = home.xpath("//template[@class='source-card-template']")
    assert (template.get("data-cards"), template.get("data-root")) == ("data/source-cards.json", "")
    assert [" ".join(p.text_content().split()) for p in template.xpath("div[@class='source-card']/p")] == [
        "×", ",", "", "", "This source on the sources page, with what cites it"], "the words; the source's are the file's"
    assert template.xpath("string(.//*[@data-template]/@data-template)") == "Source {number}"
    cards = json.loads((dist / "data" / "source-cards.json").read_text())
    assert cards[1] == {"uri": mark.get("href"), "number": 2, "publisher": "BBC", "date": "2022-09-20",
                        "when": "20 September 2022", "title": "Live page", "url": "https://example.com/bbc",
                        "note": "Where the vote’s date comes from."}
    assert [card["number"] for card in cards] == [1, 2], "every source, in the order that numbers them"
    assert mark.get("href") == "sources.html#source-bbc"
    assert page(dist / "sources.html").xpath("//template[@class='source-card-template']") == [], \
        "a page that marks no source carries no card"
