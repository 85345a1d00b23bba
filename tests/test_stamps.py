"""When the explainer was published and last changed, on every page, embed and data file; corrections and
clarifications as data; the newsroom's local time beside UTC."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path


from helpers import MINI, build_mini as build, page

UPDATES = """\
- date: 2022-09-22T21:30:00+00:00
  kind: correction
  text: Corrected the number of cities ([NBC](source:nbc)).
- date: 2022-09-23T08:00:00+00:00
  kind: clarification
  text: Made clear which officials announced the vote ([NBC](source:nbc)).
"""
LAST = "2022-09-23T08:00:00+00:00"
FAILED = "1 error; the build stopped and dist/ was left as it was"


def test_an_unknown_time_zone_is_an_error_at_its_value_with_the_zone_meant(tmp_path):
    code, lines, _ = build(tmp_path, **{"site.yaml": MINI["site.yaml"] + "time_zone: Europe/Londn\n"})
    assert (code, lines) == (1, ["content/site.yaml:30:12: error: time_zone: 'Europe/Londn' is not a time zone; "
                                 "did you mean 'Europe/London'?", FAILED])


def test_the_home_page_stamp_gives_the_newsroom_local_time_beside_utc(tmp_path):
    code, _, dist = build(tmp_path, **{"site.yaml": MINI["site.yaml"] + "time_zone: Europe/Moscow\n",
                                       "updates.yaml": UPDATES.replace("08:00", "22:00")})
    assert code == 0
    [dates] = page(dist / "index.html").xpath("//p[@class='dates']")
    assert " ".join(dates.text_content().split()) == (
        "Published 21 September 2022, 20:00 UTC (23:00 MSK). Updated 23 September 2022, 22:00 UTC "
        "(24 September 2022, 01:00 MSK) — what changed")
    assert dates.xpath("time/@datetime") == ["2022-09-21T20:00:00+00:00", "2022-09-23T22:00:00+00:00"]


def test_every_page_and_embed_states_when_it_was_last_updated(tmp_path):
    code, _, dist = build(tmp_path, **{"updates.yaml": UPDATES})
    assert code == 0
    pages = sorted(dist.rglob("*.html"))
    assert {"index.html", "quotes.html", "sources.html", "404.html", "embed/timeline.html",
            "embed/quote-bluff.html"} <= {str(p.relative_to(dist)) for p in pages}
    for path in pages:
        [stamp] = page(path).xpath("//footer//time[@datetime]/parent::p")
        assert stamp.xpath("time/@datetime") == [LAST], path
        assert "Last updated 23 September 2022, 08:00 UTC." in stamp.text_content(), path


def test_corrections_are_in_json_ld_with_the_date_modified_and_each_kind_is_named_on_the_home_page(tmp_path):
    code, _, dist = build(tmp_path, **{"updates.yaml": UPDATES})
    assert code == 0
    home = page(dist / "index.html")
    [data] = home.xpath("//script[@type='application/ld+json']/text()")
    article = json.loads(data)
    assert article["dateModified"] == LAST
    assert article["correction"] == [{"@type": "CorrectionComment", "text": "Corrected the number of cities (NBC).",
                                      "datePublished": "2022-09-22T21:30:00+00:00"}]  # a clarification is no correction
    assert home.xpath("//ol[@class='updates']/li/p/strong/text()") == ["Clarification", "Correction"]


def test_every_open_data_file_states_when_the_explainer_was_last_updated(tmp_path):
    code, _, dist = build(tmp_path, **{"updates.yaml": UPDATES})
    assert code == 0
    files = sorted(p for p in (dist / "data").iterdir() if p.name != "source-cards.json")  # the cards' words
    assert len(files) == 13  # six datasets in JSON and CSV, and the timeline for TimelineJS
    for path in files:
        if path.suffix == ".json":
            assert json.loads(path.read_text(encoding="utf-8"))["updated"] == LAST, path.name
        else:
            rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
            assert rows and all(row["updated"] == LAST for row in rows), path.name
