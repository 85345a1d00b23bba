"""The validate stage on its own: each file's data becomes model objects, or problems at their positions."""

from __future__ import annotations

from helpers import MINI
from explainer.model import Event, PartialDate, Site
from explainer.problems import Problem
from explainer.validate import Ref, validate, validate_document
from helpers import document, loaded


def test_a_list_file_gives_its_items_with_references_still_ids():
    part = validate_document("timeline.yaml", document("timeline.yaml", MINI["timeline.yaml"]))
    assert part.kind == "timeline" and part.problems == ()
    first = part.made[0]
    assert isinstance(first.fact, Event) and first.fact.date == PartialDate(2022, 9, 21)
    assert (first.file, first.line, first.col) == ("content/timeline.yaml", 1, 7), "placed at its id"
    assert first.fact.people == (Ref(first.fact.people[0].kind, "putin", "content/timeline.yaml", 8, 12, "people"),)


def test_every_field_problem_of_an_item_is_reported_at_its_value():
    text = MINI["timeline.yaml"].replace("date: 2022-09-21", "date: 2022-13-01").replace("featured: true",
                                                                                          "featured: yes")
    part = validate_document("timeline.yaml", document("timeline.yaml", text))
    assert [str(p) for p in part.problems] == [
        "content/timeline.yaml:2:9: error: date: expected YYYY-MM-DD, got '2022-13-01'; 13 is not a month (01 to 12)",
        "content/timeline.yaml:9:13: error: featured: expected true or false, got 'yes'; write true or false, "
        "without quotes"]


def test_plain_text_becomes_typographic_and_a_quotation_stays_as_written():
    site = validate_document("site.yaml", document("site.yaml", MINI["site.yaml"].replace(
        "title: Test headline", "title: \"Russia's 'partial' call-up\"")))
    assert isinstance(site.made, Site) and site.made.title == "Russia’s ‘partial’ call-up"
    quotes = validate_document("quotes.yaml", document("quotes.yaml", MINI["quotes.yaml"].replace(
        "text: This is not a bluff.", "text: \"It's not a bluff -- really.\"")))
    assert quotes.made[0].fact.text == "It's not a bluff -- really."


def test_a_file_outside_the_model_is_a_problem_naming_the_closest_file():
    part = validate_document("timline.yaml", document("timline.yaml", "[]\n"))
    assert part.kind == "" and part.problems == (
        Problem("content/timline.yaml", 0, 0, "this file is not part of the content model", "did you mean 'timeline.yaml'?"),)


def test_the_draft_holds_each_file_in_name_order_and_misses_a_site_file_once():
    draft, problems = validate(loaded({name: text for name, text in MINI.items() if name != "site.yaml"}))
    assert [part.name for part in draft.parts] == sorted(n for n in MINI if n != "site.yaml")
    assert draft.site is None
    assert [p.message for p in problems] == ["the site file is missing"]
