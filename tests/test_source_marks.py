"""Source links alone in parentheses become numbered marks; other source links stay links; the checks stay."""

from __future__ import annotations

from lxml import html as lxml_html

from explainer.markup import MarkdownRenderer
from explainer.model import Markdown
from explainer.plan import Targets


def with_sources(ids: tuple[str, ...]) -> MarkdownRenderer:
    """A renderer for a site whose sources page lists these sources, in this order."""
    renderer = MarkdownRenderer()
    renderer.use_sources(ids)
    renderer.links.targets = Targets(frozenset({"sources.html"}),
                                     {"sources.html": frozenset(f"source-{i}" for i in ids)}, {})
    return renderer


def rendered(text: str, marks: bool = True, problems: tuple[str, ...] = ()) -> tuple[lxml_html.HtmlElement,
                                                                                   MarkdownRenderer]:
    renderer = with_sources(("nbc", "un", "rferl"))
    html, found, _, _ = renderer.render(Markdown(text, "content/sections/a.md", 3), "../", marks=marks)
    assert tuple(str(p) for p in found) == problems
    return lxml_html.fragment_fromstring(str(html), create_parent="div"), renderer


def test_a_source_link_alone_in_parentheses_becomes_its_number():
    page, renderer = rendered("Putin spoke at once ([NBC News](source:nbc)): three moves.")
    [mark] = page.xpath("//sup[@class='source-marks']/a")
    assert mark.get("href") == "../sources.html#source-nbc" and mark.get("title") == "NBC News"
    assert mark.text_content() == "1 NBC News" and mark.xpath("span[@class='visually-hidden']")
    assert page.text_content() == "Putin spoke at once1 NBC News: three moves."
    assert renderer.marked(Markdown("Putin spoke at once ([NBC News](source:nbc)): three moves.")) == {"nbc"}


def test_several_sources_in_one_pair_of_parentheses_each_get_a_mark():
    page, _ = rendered("The bill passed ([RFE/RL](source:rferl); [United Nations](source:un)).")
    assert [a.text for a in page.xpath("//sup/a")] == ["3", "2"] and page.text_content().endswith("Nations.")


def test_a_source_link_among_other_words_stays_a_link_and_the_feed_keeps_plain_links():
    text = "Declared invalid ([United Nations](source:un), which gives the date)."
    page, renderer = rendered(text)
    assert not page.xpath("//sup") and page.xpath("//a[@href='../sources.html#source-un']/text()") == ["United Nations"]
    assert renderer.marked(Markdown(text)) == frozenset()
    plain, _ = rendered("Spoke ([NBC News](source:nbc)).", marks=False)
    assert not plain.xpath("//sup") and plain.text_content() == "Spoke (NBC News)."


def test_an_unknown_source_and_an_unsafe_link_are_not_marked_and_still_refused():
    page, _ = rendered("Claim ([X](source:nope)).", problems=(
        "content/sections/a.md:3:12: error: link: 'source:nope' is not in sources; expected one of 'nbc', 'rferl', "
        "'un'",))
    assert not page.xpath("//sup")
    renderer = with_sources(("nbc",))
    problems = renderer.render(Markdown("Bad ([x](javascript:alert(1))).", "content/a.md", 1), marks=True).problems
    assert [p.message for p in problems] == ["link: 'javascript:alert(1)' is not allowed"]
