"""Markdown to safe HTML: one configured converter, raw HTML shown as text, links checked and resolved."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from urllib.parse import urlsplit

import markdown as python_markdown
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from markupsafe import Markup

from .model import Markdown
from .plan import Addresses, Plan, asset_token
from .problems import Position, Problem, locate
from .typography import smarten

SAFE_SCHEMES = {"http", "https", "mailto"}
NOT_ALLOWED = "is not allowed"
UNSAFE = "link to https://, mailto: or source:ID; images must be files in assets/"
OUTSIDE = "write links to the site's pages from its root, e.g. 'timeline.html#event-ID', so they work under any subpath"
HEADING = re.compile(r"^h([1-6])$")
URL_TRIM = "".join(map(chr, range(33)))  # C0 controls and space
OPENS = re.compile(r"\s*\(\s*$")  # the text before a source link ends with '('
CLOSES = re.compile(r"^\s*\)")  # the text after it starts with ')'
BETWEEN = re.compile(r"\s*[;,]\s*")  # between two source links inside one pair of parentheses


def as_browser_reads(target: str) -> str:
    """The URL a browser follows: character references decoded (the serializer keeps them), tabs and
    line breaks dropped, controls and spaces trimmed from both ends."""
    return re.sub(r"[\t\n\r]", "", html.unescape(target)).strip(URL_TRIM)


class LinkCheck(Treeprocessor):
    """Resolves 'source:ID' links and links written from the site root, refuses unsafe URLs, places the
    body's headings under the heading it sits below, and (when marking) turns source links that stand alone in
    parentheses into numbered source marks."""

    def __init__(self, md: python_markdown.Markdown) -> None:
        super().__init__(md)
        self.root_uri = ""
        self.under = 2  # the level of the heading the body sits under: a section's h2, a page's h1
        self.assets: frozenset[str] = frozenset()  # the names of the files in assets/
        self.source_uri: Callable[[str], str] = Addresses(()).source_uri  # the plan's, set by use()
        self.numbers: dict[str, int] = {}  # source id -> its position in sources.yaml, from 1
        self.marking = False
        self.refused: list[tuple[str, str, str]] = []  # (the link as written, what is wrong, how to fix it)
        self.marked: set[str] = set()  # the ids of the sources marked in this document

    def run(self, root: ET.Element) -> None:
        if self.marking:
            for parent in list(root.iter()):
                self.mark_sources(parent)
        levels = [int(m.group(1)) for e in root.iter() if (m := HEADING.match(e.tag))]
        shift = self.under + 1 - min(levels, default=1)  # the body's top heading comes right under it
        for element in root.iter():
            if match := HEADING.match(element.tag):
                element.tag = f"h{min(int(match.group(1)) + shift, 6)}"
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            if attribute and (target := element.get(attribute)) is not None:
                element.set(attribute, self.checked(element.tag, target))

    def source_id(self, element: ET.Element) -> str | None:
        """The id of a link to a known source ('source:ID'), else None."""
        seen = as_browser_reads(element.get("href") or "") if element.tag == "a" else ""
        found = seen[len("source:"):] if seen.lower().startswith("source:") else None
        return found if found in self.numbers else None

    def mark_sources(self, parent: ET.Element) -> None:
        """'claim ([NBC News](source:nbc))' becomes 'claim' and a superscript source number linked to the source,
        named by the link's words; several source links in one pair of parentheses become one mark each.
        A source link with other words inside its parentheses stays a link."""
        children, i = list(parent), 0
        while i < len(children):
            before = parent.text if i == 0 else children[i - 1].tail
            end = i
            while end < len(children) and self.source_id(children[end]) is not None:
                if CLOSES.match(children[end].tail or "") or not BETWEEN.fullmatch(children[end].tail or ""):
                    break
                end += 1
            run = children[i:end + 1]
            if not (OPENS.search(before or "") and end < len(children) and self.source_id(children[end])
                    and CLOSES.match(children[end].tail or "")):
                i += 1
                continue
            marks = ET.Element("sup", {"class": "source-marks"})
            marks.tail = CLOSES.sub("", run[-1].tail or "", count=1)
            for n, link in enumerate(run):
                source_id, name = self.source_id(link) or "", "".join(link.itertext())
                mark = ET.SubElement(marks, "a", {"href": f"source:{source_id}", "class": "source-mark", "title": name})
                mark.text = str(self.numbers[source_id])
                ET.SubElement(mark, "span", {"class": "visually-hidden"}).text = f" {name}"
                mark.tail = ", " if n < len(run) - 1 else None
                self.marked.add(source_id)
                parent.remove(link)
            if i == 0:
                parent.text = OPENS.sub("", before or "")
            else:
                children[i - 1].tail = OPENS.sub("", before or "")
            parent.insert(i, marks)
            children, i = list(parent), i + 1

    def checked(self, tag: str, target: str) -> str:
        seen = as_browser_reads(target)
        try:
            parts = urlsplit(seen)
        except ValueError:  # e.g. an unclosed '[' in the host
            self.refused.append((target, NOT_ALLOWED, UNSAFE))
            return target
        scheme = parts.scheme.lower()
        if tag == "a" and scheme == "source":
            return self.root_uri + self.source_uri(seen[len("source:"):])
        if tag == "img" and (scheme or parts.netloc):
            self.refused.append((target, NOT_ALLOWED, UNSAFE))
        elif scheme and scheme not in SAFE_SCHEMES:
            self.refused.append((target, NOT_ALLOWED, UNSAFE))
        elif not scheme and not parts.netloc and parts.path:
            if parts.path.startswith("/") or ".." in parts.path.split("/"):
                self.refused.append((target, NOT_ALLOWED, OUTSIDE))  # it would leave a site served under a subpath
            elif parts.path.startswith("assets/"):
                name = parts.path.removeprefix("assets/")
                if name in self.assets:
                    return f"{self.root_uri}assets/{asset_token(name)}"  # the hashed name, when the page is output
                self.refused.append((target, "names no file in assets/", "add the file to assets/ or correct its name"))
            else:
                return self.root_uri + target  # 'timeline.html#event-x', written from the site root
        return target


Converted = tuple[Markup, tuple[tuple[str, str, str], ...], frozenset[str]]  # HTML, refused links, marked source ids


class PlainText(Treeprocessor):
    """Marks text in which no inline pattern can match as atomic, so Python-Markdown's inline pass (two thirds of
    the cost of plain prose) skips it. Each pattern it runs needs one of these characters to match; the tests
    keep this list in step with the patterns."""

    PATTERNS = ("backtick", "escape", "reference", "link", "image_link", "image_reference", "short_reference",
                "short_image_ref", "autolink", "automail", "linebreak", "entity", "em_strong")
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


class MarkdownRenderer:
    """Converts Markdown fields for one build; one Python-Markdown instance, reset before every document."""

    def __init__(self) -> None:
        self.md = python_markdown.Markdown(output_format="html",  # instances: names would scan installed packages
                                           extensions=[SaneListExtension(), TableExtension()])
        self.md.preprocessors.deregister("html_block")  # raw HTML is text, never markup
        self.md.inlinePatterns.deregister("html")
        self.links = LinkCheck(self.md)
        self.md.treeprocessors.register(PlainText(self.md), "plain_text", 21)  # just before the inline pass
        self.md.treeprocessors.register(self.links, "link_check", 1)
        self.md.treeprocessors.register(Typography(self.md), "typography", 2)
        self.cache: dict[tuple[str, str, int, bool], Converted] = {}

    def use(self, plan: Plan) -> None:
        """This build's asset names, for 'assets/NAME' links and images, and where sources are listed."""
        if plan.asset_names.keys() != self.links.assets:
            self.links.assets = frozenset(plan.asset_names)
            self.cache.clear()
        self.links.source_uri = plan.addresses.source_uri

    def use_sources(self, ids: tuple[str, ...]) -> None:
        """The sources in their sources.yaml order, which numbers the source marks."""
        numbers = {source_id: n for n, source_id in enumerate(ids, 1)}
        if numbers != self.links.numbers:
            self.links.numbers = numbers
            self.cache.clear()

    def converted(self, markdown: Markdown, root_uri: str, under: int, marks: bool) -> Converted:
        """The HTML, the refused links and the marked sources of one Markdown value, converted once."""
        key = (markdown.text, root_uri, under, marks)
        if key not in self.cache:
            links = self.links
            links.root_uri, links.under, links.marking, links.refused, links.marked = root_uri, under, marks, [], set()
            html = self.md.reset().convert(markdown.text)
            self.cache[key] = Markup(html), tuple(links.refused), frozenset(links.marked)
        return self.cache[key]

    def render(self, markdown: Markdown, root_uri: str = "", under: int = 2,
               marks: bool = False) -> tuple[Markup, tuple[Problem, ...]]:
        """HTML for one Markdown value, its headings placed below an h`under`, with a problem for each refused URL;
        with `marks`, source links alone in parentheses become numbered source marks."""
        html, refused, _ = self.converted(markdown, root_uri, under, marks)
        return html, tuple(refusal(markdown, *entry) for entry in refused)

    def marked(self, markdown: Markdown) -> frozenset[str]:
        """The ids of the sources a Markdown value marks inline (see `render` with `marks`)."""
        return self.converted(markdown, "", 2, True)[2]


def refusal(markdown: Markdown, target: str, wrong: str, fix: str) -> Problem:
    line, col = locate(markdown.text, max(markdown.text.find(target), 0), Position(markdown.line, 1))
    return Problem(markdown.file, line, col, f"link: '{target}' {wrong}", fix)
