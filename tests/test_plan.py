"""The plan on its own: every page and every fact's address, decided before anything is rendered."""

from __future__ import annotations

from conftest import MINI
from explainer.load import Asset
from explainer.plan import TIMELINE_PAGE_LIMIT, Addresses, hashed_name, plan_site
from helpers import explainer_of, words

MANY_EVENTS = "".join(
    f"- id: e-{n}\n  date: {2021 + n % 2}-0{1 + n % 9}-1{n % 9}\n  title: Event {n}\n  summary: S.\n"
    f"  category: military\n  sources: [nbc]\n" for n in range(TIMELINE_PAGE_LIMIT + 1))


def test_each_kind_of_fact_has_one_address_and_its_anchor_is_the_id_part():
    explainer, _ = explainer_of(MINI)
    assert explainer is not None
    addresses = Addresses(())
    event, quote, region = explainer.events[-1], explainer.quotes[0], explainer.regions[0]
    assert addresses.uri_of(event) == "timeline.html#event-address"
    assert addresses.uri_of(quote) == "quotes.html#quote-bluff"
    assert addresses.uri_of(region) == "regions.html#region-luhansk"
    assert addresses.uri_of(explainer.sources[0]) == addresses.source_uri("nbc") == "sources.html#source-nbc"
    assert addresses.uri_of(explainer.figures[0]) == "index.html#figure-reservists"
    assert addresses.uri_of(explainer.sections[0]) == "index.html#announcement"
    assert all(addresses.uri_of(f).endswith("#" + addresses.anchor_of(f)) for f in (event, quote, region))


def test_the_plan_lists_every_page_with_its_layout_and_own_values():
    explainer, _ = explainer_of(MINI)
    assert explainer is not None
    plan, problems = plan_site(explainer, (Asset("style.css", b"p{}"),), "https://example.org/story", words())
    assert problems == []
    assert [(p.uri, p.layout) for p in plan.pages] == [
        ("index.html", "home.html"), ("timeline.html", "timeline.html"), ("quotes.html", "quotes.html"),
        ("regions.html", "regions.html"), ("sources.html", "sources.html"), ("404.html", "404.html"),
        ("embed/timeline.html", "embed/timeline.html"), ("embed/quote-bluff.html", "embed/quote.html")]
    assert plan.pages[-1].values == {"quote": explainer.quotes[0]}
    assert plan.base_url == "https://example.org/story/", "one trailing slash"
    assert plan.asset_names == {"style.css": hashed_name(Asset("style.css", b"p{}"))}


def test_past_the_limit_the_timeline_gets_a_page_a_year_and_events_move_there():
    explainer, problems = explainer_of({**MINI, "timeline.yaml": MANY_EVENTS})
    assert problems == [] and explainer is not None
    plan, _ = plan_site(explainer, (), None, words())
    assert plan.addresses.timeline_years == (2021, 2022)
    year_pages = [p for p in plan.pages if p.uri.startswith("timeline-")]
    assert [p.uri for p in year_pages] == ["timeline-2021.html", "timeline-2022.html"]
    assert sum(len(p.values["events"]) for p in year_pages) == TIMELINE_PAGE_LIMIT + 1
    assert plan.addresses.uri_of(explainer.events[0]) == "timeline-2021.html#event-e-0"


def test_an_asset_name_changes_with_its_bytes_and_keeps_its_extension():
    first, second = hashed_name(Asset("style.css", b"a")), hashed_name(Asset("style.css", b"b"))
    assert first != second and first.startswith("style.") and first.endswith(".css") and len(first) == 20
