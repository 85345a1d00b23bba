"""The views stage on its own: what layouts read, made from an explainer made in memory."""

from __future__ import annotations

from html import unescape

import pytest

from explainer.model import Explainer
from explainer.views import Filters, citations, date_groups, embed, filters_of, quote_groups
from helpers import MINI, explainer_of, words

SIDES = MINI["site.yaml"].replace("  - {id: russia, label: Russia}\n",
                                  "  - {id: russia, label: Russia}\n  - {id: ukraine, label: Ukraine}\n"
                                  "  - {id: civil-society, label: Civil society}\n")
ZELENSKY = "- id: zelensky\n  name: Volodymyr Zelensky\n  role: President of Ukraine\n  affiliation: Ukraine\n" \
           "  side: ukraine\n"
LATER = MINI["quotes.yaml"].replace("id: bluff", "id: later").replace("date: 2022-09-21", "date: 2022-09-22")
SAME_DAY = ("- id: decree\n  date: 2022-09-21\n  title: The decree\n  summary: It was signed.\n"
            "  category: announcement\n  regions: [luhansk]\n  sources: [nbc]\n")
UNCITED = "- id: bbc\n  publisher: BBC\n  title: Live page\n  url: https://example.com/bbc\n  date: 2022-09-21\n"


@pytest.fixture(scope="module")
def explainer() -> Explainer:
    """MINI with three sides (one with no speaker), a Ukrainian quote first in the file, a second event on the
    day of the first, and a source nothing cites."""
    made, problems = explainer_of({
        **MINI, "site.yaml": SIDES, "people.yaml": MINI["people.yaml"] + ZELENSKY,
        "quotes.yaml": LATER.replace("speaker: putin", "speaker: zelensky") + MINI["quotes.yaml"],
        "timeline.yaml": MINI["timeline.yaml"].replace("- id: counteroffensive", SAME_DAY + "- id: counteroffensive"),
        "sources.yaml": MINI["sources.yaml"] + UNCITED})
    assert made is not None and not problems, problems
    return made


def test_quotes_are_grouped_by_side_in_the_order_of_site_yaml_and_an_empty_side_is_left_out(explainer):
    groups = quote_groups(explainer.quotes, explainer.site.sides)
    assert [(g.side, g.label, [q.id for q in g.quotes]) for g in groups] == [
        ("russia", "Russia", ["bluff"]), ("ukraine", "Ukraine", ["later"])]


def test_events_that_share_a_date_share_a_group_and_a_month_with_a_qualifier_is_its_own(explainer):
    groups = date_groups(explainer.events, words())
    assert [(g.iso, g.anchor, [e.id for e in g.events]) for g in groups] == [
        ("2022-09", "2022-09-mid", ["counteroffensive"]), ("2022-09-21", "2022-09-21", ["decree", "address"])]
    assert "mid" in groups[0].label.lower() and "21" in groups[1].label and "2022" in groups[1].label


def test_every_source_lists_the_facts_that_cite_it_and_a_source_nothing_cites_lists_none(explainer):
    cited = citations(explainer, lambda fact: f"facts.html#{fact.id}", words(), {"facts.html": "Facts"})
    assert set(cited) == {"nbc", "bbc"} and cited["bbc"] == ()
    assert [c.uri for c in cited["nbc"]] == [f"facts.html#{name}" for name in (
        "counteroffensive", "decree", "address", "later", "bluff", "reservists", "luhansk")]
    assert "The address" in cited["nbc"][2].label and "Volodymyr Zelensky" in cited["nbc"][3].label


def test_filters_offer_only_the_categories_and_regions_the_events_have(explainer):
    assert filters_of(explainer.events).categories == {"announcement", "military"}
    assert filters_of(explainer.events).regions == {"luhansk"}
    assert filters_of(explainer.events[:1]) == Filters(frozenset({"military"}), frozenset())


@pytest.mark.parametrize("base_url, src", [(None, "embed/quote/bluff.html"),
                                           ("https://news.example/story/", "https://news.example/story/embed/quote/bluff.html")])
def test_an_embed_code_is_an_iframe_of_the_page_with_its_title_escaped(base_url, src):
    made = embed(base_url, "embed/quote/bluff.html", 'Putin: "This is <not> a bluff" & more', 320)
    assert made.uri == "embed/quote/bluff.html"
    assert made.code.startswith(f'<iframe src="{src}" title="Putin: &quot;This is &lt;not&gt; a bluff&quot; &amp; '
                                'more" width="100%" height="320" ')
    iframe = made.code.split("</iframe>")[0]
    assert unescape(iframe.split('title="')[1].split('"')[0]) == made.title
    assert made.code.count("<script>") == 1 and "explainerEmbedHeight" in made.code
