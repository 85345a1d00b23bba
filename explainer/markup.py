"""Markdown to safe HTML: one configured converter, raw HTML refused (embeds.py), typographic punctuation, embeds
placed, and links checked and resolved (links.py)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import NamedTuple
from urllib.parse import unquote

import markdown as python_markdown
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from markupsafe import Markup

from .embeds import SCHEME, EmbedPlacer, RawHtml, embed_refusal, raw_html_problems
from .images import PictureView
from .links import LinkCheck, refusal
from .model import Embed, Markdown
from .plan import Plan
from .problems import Problem, did_you_mean
from .typography import smarten


def too_deep(markdown: Markdown) -> Problem:
    """The problem with a Markdown value that nests deeper than Python can follow (validate's limits let
    through emphasis marks hundreds deep), at the value's first line."""
    return Problem(markdown.file, markdown.line, 1, "the Markdown nests too deeply to convert",
                   "nest fewer emphasis marks, '>' quotes and lists inside one another")


class Converted(NamedTuple):
    """One Markdown value as HTML, the problems in it, where its links inside the site lead (from the site
    root, so a page kept from the last build can check that they still lead somewhere), and the sources it
    marks inline."""

    html: Markup
    problems: tuple[Problem, ...]
    links: tuple[str, ...]
    marked: frozenset[str]


class PlainText(Treeprocessor):
    """Marks text in which no inline pattern can match as atomic, so Python-Markdown's inline pass (two thirds of
    the cost of plain prose) skips it. Each pattern it runs needs one of these characters to match; the tests
    keep this list in step with the patterns."""

    PATTERNS = ("backtick", "escape", "reference", "link", "image_link", "image_reference", "short_reference",
                "short_image_ref", "autolink", "automail", "linebreak", "entity", "em_strong", "raw_html")
    NEEDED = re.compile(r"[`\\\[<&*_\x02]|  \n")  # \x02 starts a placeholder that Markdown stashed

    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            if element.text and not isinstance(element.text, AtomicString) and not self.NEEDED.search(element.text):
                element.text = AtomicString(element.text)
            if element.tail and not isinstance(element.tail, AtomicString) and not self.NEEDED.search(element.tail):
                element.tail = AtomicString(element.tail)


class Typography(Treeprocessor):
    """Typographic quotes, dashes and ellipses in the text of the tree (not in code), each piece of text read with
    the character before it, so that a quote after a bold word closes."""

    VERBATIM = {"code", "pre", "kbd", "samp"}

    def run(self, root: ET.Element) -> None:
        self.smarten(root, " ")

    def smarten(self, element: ET.Element, before: str) -> str:
        if element.text and element.tag not in self.VERBATIM:
            element.text = smarten(element.text, before)
        if element.text:
            before = element.text[-1]
        for child in element:
            before = self.smarten(child, before)
            if child.tail:
                child.tail = smarten(child.tail, before)
                before = child.tail[-1]
        return before


class Pictures(Treeprocessor):
    """'![](picture:ID)' alone in its paragraph becomes the picture's <figure> (images.PictureView), lazy-loaded:
    pictures in the text are below the fold. An unknown id, alt text written in the brackets (it comes from
    pictures.yaml) or a picture inside other words is refused like a bad link."""

    def __init__(self, md: python_markdown.Markdown, links: LinkCheck) -> None:
        super().__init__(md)
        self.links = links  # where refusals go, and the page's way back to the site root
        self.views: Mapping[str, PictureView] = {}

    def run(self, root: ET.Element) -> None:
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                target = child.get("src", "") if child.tag == "img" else ""
                if target.lower().startswith("picture:"):
                    self.place(parent, index, child, target)

    def place(self, parent: ET.Element, index: int, img: ET.Element, target: str) -> None:
        """Put the picture's figure where the paragraph that holds it alone was, or refuse it."""
        picture_id = unquote(target[len("picture:"):]).strip()
        alone = parent.tag == "p" and len(parent) == 1 and not (parent.text or "").strip() \
            and not (img.tail or "").strip()
        if picture_id not in self.views:
            self.links.refused.append((target, "is not in pictures", did_you_mean(picture_id, self.views)))
        elif img.get("alt"):
            self.links.refused.append((target, "has alt text in its brackets, which comes from pictures.yaml",
                                       f"write ![]({target}) and give the words as the picture's 'alt:'"))
        elif not alone:
            self.links.refused.append((target, "is not alone in its paragraph",
                                       "put the picture on a line of its own, with a blank line before and after"))
        else:
            figure, tail = self.views[picture_id].figure(self.links.root_uri), parent.tail
            parent.clear()
            parent.tag, parent.tail = figure.tag, tail
            parent.attrib.update(figure.attrib)
            parent.extend(figure)
            return
        parent.remove(img)


class MarkdownRenderer:
    """Converts Markdown fields for one build; one Python-Markdown instance, reset before every document."""

    def __init__(self) -> None:
        self.md = python_markdown.Markdown(output_format="html",  # instances: names would scan installed packages
                                           extensions=[SaneListExtension(), TableExtension()])
        self.md.preprocessors.deregister("html_block")  # raw HTML is never markup: the inline pattern refuses it
        self.md.inlinePatterns.deregister("html")
        self.raw_html = RawHtml(self.md)
        self.md.inlinePatterns.register(self.raw_html, "raw_html", 90)  # where "html" was: after code and autolinks
        self.links = LinkCheck(self.md)
        self.embeds = EmbedPlacer(self.md, lambda: self.links.refused)
        self.md.treeprocessors.register(PlainText(self.md), "plain_text", 21)  # just before the inline pass
        self.md.treeprocessors.register(self.links, "link_check", 1)
        self.md.treeprocessors.register(self.embeds, "embeds", 1.5)  # after typography, before the links' check
        self.md.treeprocessors.register(Typography(self.md), "typography", 2)
        self.pictures = Pictures(self.md, self.links)
        self.md.treeprocessors.register(self.pictures, "pictures", 0)  # after the links are checked
        # Each Markdown value as converted: its HTML, refused links, links inside the site, marked sources, raw HTML.
        self.cache: dict[tuple[str, str, int, bool], tuple[Markup, tuple[tuple[str, str, str], ...],
                                                            tuple[tuple[str, str], ...], frozenset[str],
                                                            tuple[str, ...]]] = {}

    def use(self, plan: Plan) -> None:
        """This build's asset names, for 'assets/NAME' links and images, where sources are listed, and what
        links may lead to."""
        if plan.asset_names.keys() != self.links.assets or plan.up != self.links.up:
            self.links.assets, self.links.up = frozenset(plan.asset_names), plan.up
            self.cache.clear()
        self.links.source_uri = plan.addresses.source_uri
        self.links.targets = plan.targets
        if plan.words.text != self.embeds.words:  # the words on embeds' facades
            self.embeds.words = plan.words.text
            self.cache.clear()

    def use_embeds(self, embeds: tuple[Embed, ...]) -> None:
        """The embeds that Markdown may place, by id."""
        by_id: dict[str, Embed] = {embed.id: embed for embed in embeds}
        if by_id != self.embeds.embeds:
            self.embeds.embeds = by_id
            self.cache.clear()

    def use_pictures(self, views: Mapping[str, PictureView]) -> None:
        """The pictures '![](picture:ID)' shows, by id."""
        if views != self.pictures.views:
            self.pictures.views = views
            self.cache.clear()

    def use_sources(self, ids: tuple[str, ...]) -> None:
        """The sources in their sources.yaml order, which numbers the source marks."""
        numbers = {source_id: n for n, source_id in enumerate(ids, 1)}
        if numbers != self.links.numbers:
            self.links.numbers = numbers
            self.cache.clear()

    def render(self, markdown: Markdown, root_uri: str = "", under: int = 2, page_uri: str | None = None,
               marks: bool = False) -> Converted:
        """HTML for one Markdown value on the page `page_uri`, its headings placed below an h`under`, with a problem
        for each refused URL and each link that leads nowhere; with `marks`, source links alone in parentheses
        become numbered source marks."""
        key = (markdown.text, root_uri, under, marks)
        if key not in self.cache:
            links = self.links
            links.root_uri, links.under, links.marking = root_uri, under, marks
            links.refused, links.internal, links.marked = [], [], set()
            self.raw_html.found = []
            try:
                html = self.md.reset().convert(markdown.text)
            except RecursionError:
                return Converted(Markup(""), (too_deep(markdown),), (), frozenset())
            self.cache[key] = (Markup(html), tuple(links.refused), tuple(links.internal), frozenset(links.marked),
                               tuple(self.raw_html.found))
        html, refused, internal, marked, raw = self.cache[key]
        dead, followed = self.links.dead(internal, page_uri)  # after the cache: what exists changes between builds
        return Converted(html, (*raw_html_problems(markdown, raw), *(
            (embed_refusal if entry[0].startswith(SCHEME) else refusal)(markdown, *entry) for entry in (*refused, *dead))),
            tuple(followed), marked)

    def marked(self, markdown: Markdown) -> frozenset[str]:
        """The ids of the sources a Markdown value marks inline (see `render` with `marks`)."""
        return self.render(markdown, marks=True).marked
