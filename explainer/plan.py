"""The plan: every file the site will have and where each fact lives, decided before anything is rendered."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from itertools import groupby
from typing import Any

from markupsafe import escape

from .assets import publish
from .cards import SocialCard, brand_of, drawn, own_picture
from .catalogue import Catalogue
from .load import Asset, Loaded
from .model import Article, Chart, Event, Explainer, Figure, PartialDate, Quote, Region, Section, Source
from .problems import Problem

# Past this many events the timeline is split into a page a year, and a year past it into a page a month, so
# every page stays light.
TIMELINE_PAGE_LIMIT = 500
ASSET_TOKEN = re.compile(rb"\x1bA([0-9a-f]{12})\x1b")


def asset_token(name: str) -> str:
    """What a page holds in place of an asset's hashed name until it is output, so that an edited stylesheet
    (a new hashed name) does not make every page render again: Plan.with_asset_names puts the names in."""
    return f"\x1bA{hashlib.sha1(name.encode()).hexdigest()[:12]}\x1b"


@dataclass(frozen=True, slots=True)
class Page:
    """One HTML page: where it goes, the layout that makes it, and the values only it gets."""

    uri: str  # relative to the output folder, '/'-separated
    layout: str
    title: str
    nav: str = ""
    values: Mapping[str, Any] = field(default_factory=dict)

    @property
    def root_uri(self) -> str:
        """The prefix that leads from this page back to the site root: '', '../', …"""
        return "../" * self.uri.count("/")


# Where each kind of fact is listed, and the prefix of its anchor there.
LISTED = {Quote: ("quotes.html", "quote-"), Region: ("regions.html", "region-"), Source: ("sources.html", "source-"),
          Figure: ("index.html", "figure-"), Event: ("timeline.html", "event-"), Chart: ("index.html", "chart-")}


@dataclass(frozen=True, slots=True)
class Addresses:
    """Where each fact lives on the site: the one place that knows."""

    timeline_years: tuple[int, ...]  # the years that get a timeline page each; () while one page holds it
    monthly: frozenset[int] = frozenset()  # the years whose months get a page each (their page lists the months)

    def anchor_of(self, fact: Any) -> str:
        """The id of the element that shows a fact on its page: 'event-address', 'quote-putin-not-a-bluff'."""
        if isinstance(fact, Section):
            return fact.id
        return LISTED[type(fact)][1] + fact.id

    def uri_of(self, fact: Any) -> str:
        """A fact's permalink, relative to the site root."""
        if isinstance(fact, Article):
            return f"pages/{fact.id}.html"
        if isinstance(fact, Section):
            return f"index.html#{fact.id}"
        if isinstance(fact, Event) and self.timeline_years:
            return f"{self.timeline_page(fact.date)}#{self.anchor_of(fact)}"
        return f"{LISTED[type(fact)][0]}#{self.anchor_of(fact)}"

    def timeline_page(self, date: PartialDate) -> str:
        """The page of a split timeline that shows a date: its year's, or its month's in a year split by month."""
        if date.year in self.monthly and date.month:
            return f"timeline-{date.year}-{date.month:02d}.html"
        return f"timeline-{date.year}.html"

    def source_uri(self, source_id: str) -> str:
        """Where a source is listed, by its id alone (as Markdown's 'source:ID' links name it)."""
        page, prefix = LISTED[Source]
        return f"{page}#{prefix}{source_id}"


@dataclass(frozen=True, slots=True)
class MenuItem:
    """One entry of the site's menu: a page that exists, and its label in the site's language."""

    uri: str
    nav: str  # the key a page's `nav` names when this entry is the current one
    label: str


@dataclass(frozen=True, slots=True)
class Copy:
    """A file published as bytes the plan already has: an asset under its hashed name, or a file of static/."""

    uri: str  # in the output folder
    data: bytes


@dataclass(frozen=True, slots=True)
class Targets:
    """What a link inside the site can lead to: every file the build writes, and the ids on each page."""

    files: frozenset[str]
    ids: Mapping[str, frozenset[str]]  # page URI -> the ids of its facts and the literal ids of its layouts
    made_ids: Mapping[str, tuple[tuple[str, str], ...]]  # page URI -> (prefix, suffix) of ids its layouts compute

    def has_id(self, page_uri: str, anchor: str) -> bool:
        """True when the page has an element with that id; '#top' is every page's top, as browsers read it."""
        return anchor.lower() == "top" or anchor in self.ids.get(page_uri, ()) or any(
            len(anchor) > len(start) + len(end) and anchor.startswith(start) and anchor.endswith(end)
            for start, end in self.made_ids.get(page_uri, ()))

    def leads_to(self, target: str) -> bool:
        """True when 'timeline.html#event-x' (a file, and maybe an id on it) is part of the site."""
        uri, _, anchor = target.partition("#")
        return uri in self.files and (not anchor or self.has_id(uri, anchor))


@dataclass(frozen=True, slots=True)
class Plan:
    """Every page, every other file the site will have, the addresses of the facts, the menu and its words."""

    pages: tuple[Page, ...]
    asset_names: dict[str, str]  # 'style.css' -> 'style.1a2b3c4d5e.css'
    addresses: Addresses
    base_url: str | None  # absolute, ending in '/', or None when unknown
    words: Catalogue  # the interface's words in the site's language
    menu: tuple[MenuItem, ...] = ()
    assets: tuple[Copy, ...] = ()  # under their hashed names, stylesheets' url() references rewritten
    static: tuple[Copy, ...] = ()  # the files of static/, at the same paths in the output
    targets: Targets = Targets(frozenset(), {}, {})
    by_token: dict[bytes, bytes] = field(default_factory=dict)  # an asset's token -> its hashed name, escaped
    cards: Mapping[str, SocialCard] = field(default_factory=dict)  # page URI -> its social card

    def with_asset_names(self, data: bytes) -> bytes:
        """A rendered page with each asset token replaced by the asset's hashed name."""
        if b"\x1b" not in data:
            return data
        return ASSET_TOKEN.sub(lambda match: self.by_token[match.group(1)], data)


def timeline_years(explainer: Explainer) -> tuple[int, ...]:
    """The years that get a timeline page each, or () while the whole timeline fits on one page."""
    if len(explainer.events) <= TIMELINE_PAGE_LIMIT:
        return ()
    return tuple(sorted({e.date.year for e in explainer.events}))


def monthly_years(explainer: Explainer) -> frozenset[int]:
    """The years of a split timeline with too many events for one page: each of their months gets a page."""
    counts = Counter(e.date.year for e in explainer.events)  # a year past the limit splits the timeline too
    return frozenset(year for year, count in counts.items() if count > TIMELINE_PAGE_LIMIT)


def year_pages(year: int, events: list[Event], addresses: Addresses, words: Catalogue) -> list[Page]:
    """A year's timeline page; in a year split by month, it lists the months (and holds the events dated only to
    the year), and each month gets a page of its own."""
    if year not in addresses.monthly:
        return [Page(f"timeline-{year}.html", "timeline.html", words.text("page.timeline_year", year=year),
                     "timeline", {"year": year, "events": tuple(events)})]
    by_month = {month: tuple(found) for month, found in groupby(events, key=lambda e: e.date.month)}
    months = tuple((addresses.timeline_page(PartialDate(year, month)), capitalised(words.month(month)))
                   for month in by_month if month)
    return [Page(f"timeline-{year}.html", "timeline.html", words.text("page.timeline_year", year=year), "timeline",
                 {"year": year, "events": by_month.get(0, ()), "months": months}),
            *(Page(addresses.timeline_page(PartialDate(year, month)), "timeline.html",
                   words.text("page.timeline_month", month=words.date(PartialDate(year, month))), "timeline",
                   {"year": year, "events": found, "months": months})
              for month, found in by_month.items() if month)]


def capitalised(word: str) -> str:
    """A word as the first of a label: 'September', 'Вересень'."""
    return word[:1].upper() + word[1:]


def quote_title(quote: Quote, words: Catalogue) -> str:
    """'Vladimir Putin: “This is not a bluff.”', the words cut after eight."""
    said = quote.text.split()
    cut = words.text("quote.cut") if len(said) > 8 else ""
    return words.text("quote.title", speaker=quote.speaker.name, words=" ".join(said[:8]) + cut)


def pages_of(explainer: Explainer, addresses: Addresses, words: Catalogue) -> list[Page]:
    """Every page: the explainer's own (quotes and regions only when there are some), a timeline page a year
    when split (and a page a month in a year too long for one), the embeds, the standalone pages."""
    years = addresses.timeline_years
    pages = [
        Page("index.html", "home.html", "", "home"),
        Page("timeline.html", "timeline.html", words.text("page.timeline"), "timeline",
             {"date_groups": ()} if years else {}),
        *([Page("quotes.html", "quotes.html", words.text("page.quotes"), "quotes")] if explainer.quotes else []),
        *([Page("regions.html", "regions.html", words.text("page.regions"), "regions")] if explainer.regions else []),
        Page("sources.html", "sources.html", words.text("page.sources"), "sources"),
        Page("404.html", "404.html", words.text("page.not_found")),
    ]
    if years:
        for year, events in groupby(explainer.events, key=lambda e: e.date.year):
            pages += year_pages(year, list(events), addresses, words)
    latest = explainer.events[-explainer.site.embed_events:]  # validation keeps embed_events 1 or more
    pages.append(Page("embed/timeline.html", "embed/timeline.html", words.text("page.timeline"),
                      values={"events": latest}))
    pages += [Page(f"embed/quote-{q.id}.html", "embed/quote.html", quote_title(q, words), values={"quote": q})
              for q in explainer.quotes]
    pages += [Page(f"pages/{a.id}.html", "page.html", a.title, values={"article": a}) for a in explainer.pages]
    if explainer.pages:
        pages.append(Page("pages/index.html", "pages.html", words.text("page.pages")))
    return pages


def social_cards(explainer: Explainer, pages: Iterable[Page], words: Catalogue,
                 assets: Iterable[Asset]) -> dict[str, SocialCard]:
    """Each page's social card: its own headline on the site's brand; the home page's (which the 404 page and the
    embeds share) is the content's own picture when it names one."""
    brand = brand_of(explainer, words, assets)
    home = own_picture(explainer) or drawn(explainer.site.title, brand)
    return {page.uri: drawn(page.title, brand) if page.title and listed(page.uri) else home for page in pages}


def listed(uri: str) -> bool:
    """Pages search engines should list: readers' pages, not the 404 page or the embeds."""
    return uri.endswith(".html") and uri != "404.html" and not uri.startswith("embed/")


def with_card(page: Page, card: SocialCard, base_url: str | None) -> Page:
    """The page with its card among its own values, so that a new card renders the page again."""
    return replace(page, values={**page.values, "social_card": card,
                                 "social_card_url": base_url + card.uri if base_url else None})


def menu_of(pages: list[Page], words: Catalogue) -> tuple[MenuItem, ...]:
    """The site's menu: the first page of each part of the site (each `nav` key), in order."""
    first: dict[str, Page] = {}
    for page in pages:
        if page.nav:
            first.setdefault(page.nav, page)
    return tuple(MenuItem(page.uri, nav, words.text(f"nav.{nav}")) for nav, page in first.items())


def plan_site(explainer: Explainer, loaded: Loaded, base_url: str | None, words: Catalogue,
              beside: Callable[[Explainer, str | None], Mapping[str, str]]) -> tuple[Plan, list[Problem]]:
    """Decide every page, asset name and other file, where each fact lives, and the menu in the site's language;
    two inputs that would be published at one path are a problem naming both. `beside(explainer, base_url)` names
    the files the formats make beside the pages (the feed, the open data, …), with what each is."""
    addresses = Addresses(timeline_years(explainer), monthly_years(explainer))
    base_url = base_url or explainer.site.base_url
    base_url = base_url.rstrip("/") + "/" if base_url else None
    bare = pages_of(explainer, addresses, words)
    cards = social_cards(explainer, bare, words, loaded.assets)
    pages = tuple(with_card(page, cards[page.uri], base_url) for page in bare)
    published = publish(loaded.assets)
    assets = tuple(Copy(f"assets/{published.names[a.uri]}", published.data[a.uri]) for a in loaded.assets)
    static = tuple(Copy(file.uri, file.data) for file in loaded.static)
    inputs = [*((page.uri, f"the page made from layouts/{page.layout}") for page in pages),
              *((uri, what) for uri, what in beside(explainer, base_url).items()),
              *((uri, "the social card") for uri in dict.fromkeys(card.uri for card in cards.values())),
              *((copy.uri, f"assets/{a.uri}") for copy, a in zip(assets, loaded.assets)),
              *((copy.uri, f"static/{copy.uri}") for copy in static)]
    files, problems = claimed(inputs)
    written = {layout: layout_ids(loaded.layouts, layout) for layout in {page.layout for page in pages}}
    made = {layout: made_ids(ids) for layout, ids in written.items()}
    targets = Targets(frozenset(files), page_ids(explainer, addresses, pages, written),
                      {page.uri: made[page.layout] for page in pages})
    by_token = {asset_token(name)[2:-1].encode(): str(escape(hashed)).encode()
                for name, hashed in published.names.items()}
    plan = Plan(pages, published.names, addresses, base_url, words, menu_of(list(pages), words), assets, static,
                targets, by_token, cards)
    return plan, [*published.problems, *problems]


def claimed(inputs: Iterable[tuple[str, str]]) -> tuple[dict[str, str], list[Problem]]:
    """Each output path with the input that makes it; a later input that wants a taken path is a problem (the
    files of assets/ and static/ come last, so the problem is always about a file someone can rename)."""
    files: dict[str, str] = {}
    problems = []
    for uri, what in inputs:
        if uri in files:
            problems.append(Problem(what, 0, 0, f"it would be published as {uri}, which is already {files[uri]}",
                                    f"rename or remove {what}"))
        else:
            files[uri] = what
    return files, problems


ID = re.compile(r'\bid="([^"]*)"')
PULLS_IN = re.compile(r"""{%-?\s*(?:extends|include|import|from)\s+["']([^"']+)["']""")
EXPRESSION = re.compile(r"{{.*?}}")


def layout_ids(layouts: Mapping[str, str], name: str) -> list[str]:
    """The id attributes written in a layout and every layout it pulls in, as they are written."""
    found, todo, seen = [], [name], set()
    while todo:
        current = todo.pop()
        if current in seen or current not in layouts:
            continue
        seen.add(current)
        found += ID.findall(layouts[current])
        todo += PULLS_IN.findall(layouts[current])
    return found


def made_ids(ids: list[str]) -> tuple[tuple[str, str], ...]:
    """The ids a page's layouts compute around a value, as (prefix, suffix): 'day-{{ group.anchor }}' is
    ('day-', ''). An id that is a value alone is a fact's anchor, which the plan knows itself."""
    found = set()
    for written in ids:
        parts = EXPRESSION.split(written)
        if len(parts) > 1 and (parts[0] or parts[-1]):
            found.add((parts[0], parts[-1]))
    return tuple(sorted(found))


def page_ids(explainer: Explainer, addresses: Addresses, pages: tuple[Page, ...],
             written: Mapping[str, list[str]]) -> dict[str, frozenset[str]]:
    """Each page's ids: the anchors of the facts it lists (the addresses say which) and the literal ids its
    layouts write (`written`: each layout's ids as written)."""
    ids: dict[str, set[str]] = {page.uri: {i for i in written[page.layout] if "{" not in i} for page in pages}
    facts: Iterable[Any] = (*explainer.sections, *explainer.figures, *explainer.events, *explainer.quotes,
                            *explainer.regions, *explainer.sources)
    for fact in facts:
        page_uri, _, anchor = addresses.uri_of(fact).partition("#")
        ids.setdefault(page_uri, set()).add(anchor)
    return {uri: frozenset(found) for uri, found in ids.items()}
