"""Markdown to safe HTML: one configured converter, raw HTML shown as text, links checked and resolved."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import markdown as python_markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from .model import Markdown
from .problems import Problem

SAFE_SCHEMES = {"http", "https", "mailto"}
HEADING = re.compile(r"^h([1-6])$")
URL_TRIM = "".join(map(chr, range(33)))  # C0 controls and space


def source_uri(source_id: str) -> str:
    """Where a source is listed, relative to the site root."""
    return f"sources.html#source-{source_id}"


def as_browser_reads(target: str) -> str:
    """The URL a browser follows: character references decoded (the serializer keeps them), tabs and
    line breaks dropped, controls and spaces trimmed from both ends."""
    return re.sub(r"[\t\n\r]", "", html.unescape(target)).strip(URL_TRIM)


class LinkCheck(Treeprocessor):
    """Resolves 'source:ID' links, refuses unsafe URLs, and puts body headings under the section's h2."""

    def __init__(self, md: python_markdown.Markdown) -> None:
        super().__init__(md)
        self.root_uri = ""
        self.shift = 2  # a body's '#' heading sits under the h2 of its section; a page's under its h1
        self.refused: list[str] = []

    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            if match := HEADING.match(element.tag):
                element.tag = f"h{min(int(match.group(1)) + self.shift, 6)}"
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            if attribute and (target := element.get(attribute)) is not None:
                element.set(attribute, self.checked(element.tag, target))

    def checked(self, tag: str, target: str) -> str:
        seen = as_browser_reads(target)
        try:
            parts = urlsplit(seen)
        except ValueError:  # e.g. an unclosed '[' in the host
            self.refused.append(target)
            return target
        scheme = parts.scheme.lower()
        if tag == "a" and scheme == "source":
            return self.root_uri + source_uri(seen[len("source:"):])
        if tag == "img" and (scheme or parts.netloc):
            self.refused.append(target)
        elif scheme and scheme not in SAFE_SCHEMES:
            self.refused.append(target)
        return target


class MarkdownRenderer:
    """Converts Markdown fields for one build; one Python-Markdown instance, reset before every document."""

    def __init__(self) -> None:
        self.md = python_markdown.Markdown(extensions=["sane_lists", "tables", "smarty"], output_format="html")
        self.md.preprocessors.deregister("html_block")  # raw HTML is text, never markup
        self.md.inlinePatterns.deregister("html")
        self.links = LinkCheck(self.md)
        self.md.treeprocessors.register(self.links, "link_check", 1)
        self.cache: dict[tuple[str, str, int], tuple[Markup, tuple[str, ...]]] = {}

    def render(self, markdown: Markdown, root_uri: str = "", shift: int = 2) -> tuple[Markup, tuple[Problem, ...]]:
        """HTML for one Markdown value, headings moved down by shift levels, with a problem for each refused URL."""
        key = (markdown.text, root_uri, shift)
        if key not in self.cache:
            self.links.root_uri, self.links.shift, self.links.refused = root_uri, shift, []
            html = self.md.reset().convert(markdown.text)
            self.cache[key] = Markup(html), tuple(self.links.refused)
        html, refused = self.cache[key]
        return html, tuple(refusal(markdown, target) for target in refused)


def refusal(markdown: Markdown, target: str) -> Problem:
    offset = markdown.text.find(target)
    before = markdown.text[:max(offset, 0)]
    line = markdown.line + before.count("\n")
    col = len(before) - (before.rfind("\n") + 1) + 1
    return Problem(markdown.file, line, col, f"link: '{target}' is not allowed",
                   "link to https://, mailto: or source:ID; images must be files in assets/")
