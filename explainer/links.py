"""Links in Markdown: 'source:ID' links resolved (alone in parentheses, a numbered source mark), links written
from the site root placed under the page, unsafe URLs refused, and every link inside the site checked against the
files and ids the build makes: the one place links are checked."""

from __future__ import annotations

import html
import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from urllib.parse import unquote, urlsplit

import markdown as python_markdown
from markdown.treeprocessors import Treeprocessor

from .model import Markdown
from .plan import Addresses, Targets, asset_token
from .problems import Position, Problem, closest, did_you_mean, locate

SAFE_SCHEMES = {"http", "https", "mailto"}
NOT_ALLOWED = "is not allowed"
UNSAFE = "link to https://, mailto: or source:ID; show a picture with ![](picture:ID) or a file in assets/"
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
    """Resolves 'source:ID' links and links written from the site root, refuses unsafe URLs, places the body's
    headings under the heading it sits below, and (when marking) turns source links that stand alone in
    parentheses into numbered source marks; then (dead()) checks that every link inside the site leads to a file
    or an element the build makes."""

    def __init__(self, md: python_markdown.Markdown) -> None:
        super().__init__(md)
        self.root_uri = ""
        self.up = ""  # from an edition's folder to the site's root, where the assets are: '../' under uk/
        self.under = 2  # the level of the heading the body sits under: a section's h2, a page's h1
        self.assets: frozenset[str] = frozenset()  # the names of the files in assets/
        self.source_uri: Callable[[str], str] = Addresses(()).source_uri  # the plan's, set by use()
        self.targets = Targets(frozenset(), {}, {})  # what links may lead to; set from the plan by use()
        self.numbers: dict[str, int] = {}  # source id -> its position in sources.yaml, from 1
        self.marking = False
        self.refused: list[tuple[str, str, str]] = []  # (the link as written, what is wrong, how to fix it)
        self.internal: list[tuple[str, str]] = []  # (the link as written, where it leads: see dead())
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
            source_id = unquote(seen[len("source:"):]).strip()
            self.internal.append((target, f"source:{source_id}"))
            return self.root_uri + self.source_uri(source_id)
        if tag == "img" and scheme == "picture":
            return target  # a picture from pictures.yaml: markup.Pictures puts it in
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
                    return f"{self.root_uri}{self.up}assets/{asset_token(name)}"  # the hashed name, when the page is output
                self.refused.append((target, "names no file in assets/", "add the file to assets/ or correct its name"))
            else:
                self.internal.append((target, seen))
                return self.root_uri + target  # 'timeline.html#event-x', written from the site root
        elif not scheme and not parts.netloc and parts.fragment:
            self.internal.append((target, seen))  # '#what-happened': an element of the page it is on
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
            prefix = self.source_uri("").partition("#")[2]  # the sources may be on parts of the list: look on all
            known = {i.removeprefix(prefix) for ids in self.targets.ids.values() for i in ids if i.startswith(prefix)}
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


def refusal(markdown: Markdown, target: str, wrong: str, fix: str) -> Problem:
    line, col = (markdown.line, markdown.cell) if markdown.cell else \
        locate(markdown.text, max(markdown.text.find(target), 0), Position(markdown.line, 1))
    return Problem(markdown.file, line, col, f"link: '{target}' {wrong}", fix)
