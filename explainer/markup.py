"""Markdown to safe HTML: one configured converter, raw HTML shown as text, links checked and resolved."""

from __future__ import annotations

import html
import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

import markdown as python_markdown
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.smarty import SmartyExtension
from markdown.extensions.tables import TableExtension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from .model import Markdown
from .plan import Plan, Targets
from .problems import Position, Problem, closest, did_you_mean, locate

SAFE_SCHEMES = {"http", "https", "mailto"}
NOT_ALLOWED = "is not allowed"
UNSAFE = "link to https://, mailto: or source:ID; images must be files in assets/"
OUTSIDE = "write links to the site's pages from its root, e.g. 'timeline.html#event-ID', so they work under any subpath"
HEADING = re.compile(r"^h([1-6])$")
URL_TRIM = "".join(map(chr, range(33)))  # C0 controls and space


def as_browser_reads(target: str) -> str:
    """The URL a browser follows: character references decoded (the serializer keeps them), tabs and
    line breaks dropped, controls and spaces trimmed from both ends."""
    return re.sub(r"[\t\n\r]", "", html.unescape(target)).strip(URL_TRIM)


class LinkCheck(Treeprocessor):
    """Resolves 'source:ID' links and links written from the site root, refuses unsafe URLs, and places the
    body's headings under the heading it sits below; then (dead()) checks that every link inside the site leads
    to a file or an element the build makes: the one place links are checked."""

    def __init__(self, md: python_markdown.Markdown) -> None:
        super().__init__(md)
        self.root_uri = ""
        self.under = 2  # the level of the heading the body sits under: a section's h2, a page's h1
        self.assets: dict[str, str] = {}  # 'map.png' -> 'map.1a2b3c4d.png', the names in the built site
        self.source_uri: Callable[[str], str] = lambda source_id: source_id  # set from the plan by use()
        self.targets = Targets(frozenset(), {}, {})  # what links may lead to; set from the plan by use()
        self.refused: list[tuple[str, str, str]] = []  # (the link as written, what is wrong, how to fix it)
        self.internal: list[tuple[str, str]] = []  # (the link as written, where it leads: see dead())

    def run(self, root: ET.Element) -> None:
        levels = [int(m.group(1)) for e in root.iter() if (m := HEADING.match(e.tag))]
        shift = self.under + 1 - min(levels, default=1)  # the body's top heading comes right under it
        for element in root.iter():
            if match := HEADING.match(element.tag):
                element.tag = f"h{min(int(match.group(1)) + shift, 6)}"
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            if attribute and (target := element.get(attribute)) is not None:
                element.set(attribute, self.checked(element.tag, target))

    def checked(self, tag: str, target: str) -> str:
        seen = as_browser_reads(target)
        try:
            parts = urlsplit(seen)
        except ValueError:  # e.g. an unclosed '[' in the host
            self.refused.append((target, NOT_ALLOWED, UNSAFE))
            return target
        scheme = parts.scheme.lower()
        if tag == "a" and scheme == "source":
            source_id = unquote(seen[len("source:"):]).strip()
            self.internal.append((target, f"source:{source_id}"))
            return self.root_uri + self.source_uri(source_id)
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
                    return f"{self.root_uri}assets/{self.assets[name]}"  # the hashed name the site has
                self.refused.append((target, "names no file in assets/", "add the file to assets/ or correct its name"))
            else:
                self.internal.append((target, seen))
                return self.root_uri + target  # 'timeline.html#event-x', written from the site root
        elif not scheme and not parts.netloc and parts.fragment:
            self.internal.append((target, seen))  # '#votes': an element of the page it is on
        return target

    def dead(self, internal: tuple[tuple[str, str], ...],
             page_uri: str | None) -> tuple[list[tuple[str, str, str]], list[str]]:
        """Check one Markdown value's links inside the site against what the build makes: the ones that lead
        nowhere (as refusals), and where the others lead. A '#id' link is checked on the page it is on."""
        dead, followed = [], []
        for written, link in internal:
            found = self.destination(link, page_uri)
            if found is None:
                continue
            where, wrong = found
            if wrong:
                dead.append((written, *wrong))
            else:
                followed.append(where)
        return dead, followed

    def destination(self, link: str, page_uri: str | None) -> tuple[str, tuple[str, str] | None] | None:
        """Where a link leads ('file#id' from the site root) and, when the site has no such file or element,
        what is wrong and how to fix it; None for a '#id' link outside any page (in the feed)."""
        if link.startswith("source:"):
            source_id = link.removeprefix("source:")
            where = self.source_uri(source_id)
            if self.targets.leads_to(where):
                return where, None
            page, _, prefix = self.source_uri("").partition("#")
            known = [i.removeprefix(prefix) for i in self.targets.ids.get(page, ()) if i.startswith(prefix)]
            return where, ("is not in sources", did_you_mean(source_id, known))
        parts = urlsplit(link)
        file = site_file(parts.path) if parts.path else page_uri
        if file is None:
            return None
        anchor = unquote(parts.fragment)
        where = f"{file}#{anchor}" if anchor else file
        if file not in self.targets.files:
            close = closest(file, self.targets.files)
            return where, ("leads to no file of the site", f"did you mean '{close}'?" if close else
                           "write the path of a file of the site from its root, e.g. 'timeline.html'")
        if anchor and not self.targets.has_id(file, anchor):
            as_written = f"{file}#" if parts.path else "#"
            on = file if parts.path else f"{file}, the page it is on"
            elsewhere = sorted(uri for uri, ids in self.targets.ids.items() if anchor in ids)  # a split timeline's
            ids = [as_written + i for i in self.targets.ids.get(file, ())]
            return where, (f"leads to no element on {on}", f"did you mean '{elsewhere[0]}#{anchor}'?" if elsewhere
                           else did_you_mean(as_written + anchor, ids))
        return where, None


def site_file(path: str) -> str:
    """A link's path from the site root as a file of the site: 'pages/' is 'pages/index.html'."""
    path = unquote(path)
    folder = path.endswith("/")
    path = posixpath.normpath(path)
    return ("index.html" if path == "." else f"{path}/index.html") if folder else path


class Converted(NamedTuple):
    """One Markdown value as HTML, the problems in it, and where its links inside the site lead (from the site
    root), so a page kept from the last build can check that they still lead somewhere."""

    html: Markup
    problems: tuple[Problem, ...]
    links: tuple[str, ...]


class MarkdownRenderer:
    """Converts Markdown fields for one build; one Python-Markdown instance, reset before every document."""

    def __init__(self) -> None:
        self.md = python_markdown.Markdown(output_format="html",  # instances: names would scan installed packages
                                           extensions=[SaneListExtension(), TableExtension(), SmartyExtension()])
        self.md.preprocessors.deregister("html_block")  # raw HTML is text, never markup
        self.md.inlinePatterns.deregister("html")
        self.links = LinkCheck(self.md)
        self.md.treeprocessors.register(self.links, "link_check", 1)
        self.cache: dict[tuple[str, str, int], tuple[Markup, tuple[tuple[str, str, str], ...],
                                                     tuple[tuple[str, str], ...]]] = {}

    def use(self, plan: Plan) -> None:
        """This build's asset names, for 'assets/NAME' links and images, where sources are listed, and what
        links may lead to."""
        if plan.asset_names != self.links.assets:
            self.links.assets = plan.asset_names
            self.cache.clear()
        self.links.source_uri = plan.addresses.source_uri
        self.links.targets = plan.targets

    def render(self, markdown: Markdown, root_uri: str = "", under: int = 2, page_uri: str | None = None) -> Converted:
        """HTML for one Markdown value on the page `page_uri`, its headings placed below an h`under`, with a problem
        for each refused URL and each link that leads nowhere."""
        key = (markdown.text, root_uri, under)
        if key not in self.cache:
            self.links.root_uri, self.links.under, self.links.refused, self.links.internal = root_uri, under, [], []
            html = self.md.reset().convert(markdown.text)
            self.cache[key] = Markup(html), tuple(self.links.refused), tuple(self.links.internal)
        html, refused, internal = self.cache[key]
        dead, followed = self.links.dead(internal, page_uri)  # after the cache: what exists changes between builds
        return Converted(html, tuple(refusal(markdown, *entry) for entry in (*refused, *dead)), tuple(followed))


def refusal(markdown: Markdown, target: str, wrong: str, fix: str) -> Problem:
    line, col = locate(markdown.text, written_at(markdown.text, target), Position(markdown.line, 1))
    return Problem(markdown.file, line, col, f"link: '{target}' {wrong}", fix)


def written_at(text: str, target: str) -> int:
    """Where a link's target is written: as a whole destination ('](x)', '](<x>)', '[r]: x') when it is, so that
    'pages/' is not found inside an earlier 'pages/nope.html'; else its first appearance."""
    whole = re.search(r"(?:\]\(|\]:)[ \t]*<?(" + re.escape(target) + r")(?=[\s>)\"']|$)", text)
    return whole.start(1) if whole else max(text.find(target), 0)
