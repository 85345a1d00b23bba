"""Typographic punctuation, in plain fields and in Markdown: what changes, and what must come back untouched."""

import json

import pytest
from hypothesis import given, settings, strategies as st

from explainer.markup import MarkdownRenderer, PlainText
from explainer.model import Markdown
from explainer.typography import smarten
from lxml import html as lxml_html


@pytest.mark.parametrize("plain, typographic", [
    ("Russia's mobilization", "Russia’s mobilization"),
    ('He called it a "sham".', "He called it a “sham”."),
    ("'Quoted' at the start", "‘Quoted’ at the start"),
    ('("in brackets")', "(“in brackets”)"),
    ("the '80s", "the ’80s"),
    ("2014--2022", "2014–2022"),
    ("a pause --- then more", "a pause — then more"),
    ("and so...", "and so…"),
    ("the soldiers' families", "the soldiers’ families"),
])
def test_straight_punctuation_becomes_typographic(plain, typographic):
    assert smarten(plain) == typographic


def test_text_without_straight_punctuation_is_returned_as_it_is():
    text = "Already “curly” and ’80s – fine"
    assert smarten(text) is text


@pytest.mark.parametrize("markdown, html", [
    ('He said "yes" -- and \'no\'...', "<p>He said “yes” – and ‘no’…</p>"),
    ('**Bold** "quote" and "**bold quote**"', "<p><strong>Bold</strong> “quote” and “<strong>bold quote</strong>”</p>"),
    ("The soldiers' \"sham\"", "<p>The soldiers’ “sham”</p>"),
    ('`code "stays" --as is` and "this"', '<p><code>code "stays" --as is</code> and “this”</p>'),
])
def test_markdown_prose_gets_the_same_punctuation_across_inline_markup_but_code_stays_as_written(markdown, html):
    assert str(MarkdownRenderer().render(Markdown(markdown))[0]) == html


MARKDOWN_ALPHABET = st.sampled_from(list("ab \n*_`[]()!<>&\\#-.:\"'") + ["http://x.y", "a@b.c", "  \n", "\n\n", "## "])


@settings(max_examples=300, deadline=None)
@given(st.lists(MARKDOWN_ALPHABET, max_size=40).map("".join))
def test_skipping_the_inline_pass_for_plain_text_changes_no_output(text):
    fast = MarkdownRenderer()
    slow = MarkdownRenderer()
    slow.md.treeprocessors.deregister("plain_text")
    assert fast.render(Markdown(text)) == slow.render(Markdown(text))


def test_the_plain_text_pass_knows_every_inline_pattern_markdown_runs():
    """PlainText lists the characters each pattern needs: a pattern added or removed must be looked at there."""
    names = [item.name for item in MarkdownRenderer().md.inlinePatterns._priority]
    assert names == list(PlainText.PATTERNS)


@pytest.mark.parametrize("page", ["quotes.html", "embed/quote-biden-right-to-exist.html"])
def test_a_quotation_is_shown_with_curly_apostrophes_and_json_ld_keeps_the_source_characters(default_site, page):
    """quotes.yaml has "Ukraine's" as the source wrote it: the reader sees the page's apostrophe."""
    tree = lxml_html.fromstring((default_site / page).read_bytes())
    [shown] = [p.text_content() for p in tree.xpath("//figure[@data-quote-id='biden-right-to-exist']//blockquote/p")]
    assert shown == "“…about extinguishing Ukraine’s right to exist…”"
    if page == "quotes.html":
        [data] = tree.xpath("//script[@type='application/ld+json']/text()")
        texts = [element["item"]["text"] for element in json.loads(data)["itemListElement"]]
        assert "about extinguishing Ukraine's right to exist" in texts
