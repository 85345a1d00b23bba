"""The resolve stage on its own: every id becomes the fact it names, or a problem where the id is written."""

from __future__ import annotations

from helpers import MINI
from explainer.problems import Problem
from explainer.resolve import resolve
from explainer.validate import validate
from helpers import explainer_of, loaded


def test_every_reference_becomes_the_very_fact_it_names():
    explainer, problems = explainer_of(MINI)
    assert problems == [] and explainer is not None
    [putin] = explainer.people
    [nbc] = explainer.sources
    address = next(e for e in explainer.events if e.id == "address")
    assert explainer.quotes[0].speaker is putin and address.people[0] is putin
    assert address.regions[0] is explainer.regions[0] and explainer.regions[0].sources[0] is nbc


def test_events_come_in_time_order_whatever_the_file_order():
    explainer, _ = explainer_of(MINI)
    assert explainer is not None
    assert [e.id for e in explainer.events] == ["counteroffensive", "address"], "mid-September before the 21st"


def test_an_unknown_id_is_a_problem_at_the_id_with_the_closest_one():
    explainer, problems = explainer_of({**MINI, "quotes.yaml": MINI["quotes.yaml"].replace("speaker: putin",
                                                                                           "speaker: putn")})
    assert explainer is None
    assert problems == [Problem("content/quotes.yaml", 3, 12, "speaker: 'putn' is not in people",
                                "did you mean 'putin'?")]


def test_an_id_used_twice_names_where_it_was_first_used():
    people = MINI["people.yaml"] + MINI["people.yaml"].replace("Vladimir Putin", "Another")
    _, problems = explainer_of({**MINI, "people.yaml": people})
    assert problems == [Problem("content/people.yaml", 6, 7, "duplicate people id 'putin'",
                                "it is already used at content/people.yaml:1; give each a different id")]


def test_resolving_the_same_draft_twice_gives_equal_explainers():
    draft, _ = validate(loaded(MINI))
    assert resolve(draft) == resolve(draft)


def test_a_category_or_side_outside_the_sites_vocabulary_is_a_problem_at_it_with_the_closest_one():
    files = {**MINI, "timeline.yaml": MINI["timeline.yaml"].replace("category: announcement", "category: anouncement"),
             "people.yaml": MINI["people.yaml"].replace("side: russia", "side: rusia")}
    _, problems = explainer_of(files)
    assert [(p.file, p.line, p.col, p.message, p.hint) for p in problems] == [
        ("content/people.yaml", 5, 9, "side: 'rusia' is not one of the sides in site.yaml", "did you mean 'russia'?"),
        ("content/timeline.yaml", 6, 13, "category: 'anouncement' is not one of the categories in site.yaml",
         "did you mean 'announcement'?")]
