"""The plan: every file the site will have and where each fact lives, decided before anything is rendered."""

from __future__ import annotations

import hashlib
import inspect
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from html.parser import HTMLParser
from itertools import groupby
from typing import Any, TypeVar

import jinja2
from jinja2 import meta, nodes
from markupsafe import escape

from .assets import publish
from .cards import SocialCard, brand_of, drawn, own_picture
from .catalogue import Catalogue
from .load import Asset, Loaded
from .model import Article, Chart, Event, Explainer, Figure, PartialDate, Quote, Region, Section, Source
from .problems import Problem, did_you_mean
from .resolve import in_number_order

# Past this many events the timeline is split into a page a year, and a year past it into a page a month, so
# every page stays light: an event with its permalink, marks and tags is about 1.1 KB of HTML, so a page of 150
# stays under the 200 KB every page keeps to (a limit of 500 let a year of 182 events weigh 205 KB).
TIMELINE_PAGE_LIMIT = 150
# Past this many quotes, the quotes page is an index of a page a speaker, and a speaker with more gets a page a
# month; past this many sources, the sources page is an index of parts holding this many each.
QUOTES_PAGE_LIMIT = 50
SOURCES_PAGE_LIMIT = 25
# Past this many standalone pages, their list is an index of parts holding this many links each.
PAGES_PAGE_LIMIT = 200
Item = TypeVar("Item")
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


def timeline_uri(year: int | None = None, month: int | None = None) -> str:
    """The timeline's page; of a split timeline, a year's page, or a month's in a year split by month."""
    if year is None:
        return "timeline.html"
    return f"timeline-{year}-{month:02d}.html" if month else f"timeline-{year}.html"


def quotes_uri(speaker_id: str | None = None, year: int | None = None, month: int | None = None) -> str:
    """The quotes page; of split quotes, a speaker's page, or a month's of a speaker with many."""
    if speaker_id is None:
        return "quotes.html"
    return f"quotes/{speaker_id}/{year}-{month:02d}.html" if month else f"quotes/{speaker_id}.html"


def sources_uri(part: int | None = None) -> str:
    """The sources page, or a part of a sources list too long for one page (from 1)."""
    return f"sources-{part}.html" if part else "sources.html"


def pages_uri(part: int | None = None) -> str:
    """The list of standalone pages, or a part of one too long for one page (from 1), beside the sources' parts."""
    return f"pages-{part}.html" if part else "pages/index.html"


# Every page's and format file's address by its name: the one place a URI is written. The plan places pages
# there, the formats their files, and layouts link to them with url_of(NAME, …).
ADDRESSES: dict[str, Callable[..., str]] = {
    "home": lambda: "index.html", "timeline": timeline_uri, "quotes": quotes_uri, "sources": sources_uri,
    "regions": lambda: "regions.html", "not_found": lambda: "404.html", "pages": pages_uri,
    "page": lambda article_id: f"pages/{article_id}.html", "embed_timeline": lambda: "embed/timeline.html",
    "embed_quote": lambda quote_id: f"embed/quote-{quote_id}.html",
    "feed": lambda: "feed.xml", "data": lambda name, kind: f"data/{name}.{kind}",
    "year_events": lambda year: f"data/timeline-{year}.json", "source_cards": lambda: "data/source-cards.json",
    "robots": lambda: "robots.txt", "sitemap": lambda: "sitemap.xml", "headers": lambda: "_headers",
    "search_index": lambda: "pagefind/pagefind.js"}  # made after the pages, by explainer/search.py


def address(name: str, *args: Any) -> str:
    """A page's or file's URI by its name in ADDRESSES, from the edition's root: address('timeline', 2022)."""
    return ADDRESSES[name](*args)


def asked_address(name: str, *args: Any) -> str:
    """address() as a layout asks for it: a name ADDRESSES lacks, or the wrong values for one, is a ValueError
    that says what there is."""
    make = ADDRESSES.get(name)
    if make is None:
        raise ValueError(f"no page or file is named '{name}' ({did_you_mean(name, ADDRESSES)})")
    try:
        inspect.signature(make).bind(*args)
    except TypeError:
        wanted = ", ".join(p.name + (" (optional)" if p.default is not p.empty else "")
                           for p in inspect.signature(make).parameters.values())
        raise ValueError(f"'{name}' takes {wanted or 'no values'}") from None
    return make(*args)


# Where each kind of fact is listed, and the prefix of its anchor there.
NAMED_BY_PROJECT = {"regions"}  # parts of the menu whose page title the project gives
LISTED = {Quote: (address("quotes"), "quote-"), Region: (address("regions"), "region-"),
          Source: (address("sources"), "source-"), Figure: (address("home"), "figure-"),
          Event: (address("timeline"), "event-"), Chart: (address("home"), "chart-")}


@dataclass(frozen=True, slots=True)
class Addresses:
    """Where each fact lives on the site: the one place that knows."""

    timeline_years: tuple[int, ...]  # the years that get a timeline page each; () while one page holds it
    monthly: frozenset[int] = frozenset()  # the years whose months get a page each (their page lists the months)
    # A quote's or source's anchor -> the part of its split list that shows it; the others are where LISTED says.
    placed: Mapping[str, str] = field(default_factory=dict, hash=False)

    def anchor_of(self, fact: Any) -> str:
        """The id of the element that shows a fact on its page: 'event-address', 'quote-putin-not-a-bluff'."""
        if isinstance(fact, Section):
            return fact.id
        return LISTED[type(fact)][1] + fact.id

    def uri_of(self, fact: Any) -> str:
        """A fact's permalink, relative to the site root."""
        if isinstance(fact, Article):
            return address("page", fact.id)
        if isinstance(fact, Section):
            return f"{address('home')}#{fact.id}"
        if isinstance(fact, Event) and self.timeline_years:
            return f"{self.timeline_page(fact.date)}#{self.anchor_of(fact)}"
        anchor = self.anchor_of(fact)
        return f"{self.placed.get(anchor) or LISTED[type(fact)][0]}#{anchor}"

    def timeline_page(self, date: PartialDate) -> str:
        """The page of a split timeline that shows a date: its year's, or its month's in a year split by month."""
        return address("timeline", date.year, date.month if date.year in self.monthly else None)

    def source_uri(self, source_id: str) -> str:
        """Where a source is listed, by its id alone (as Markdown's 'source:ID' links name it)."""
        page, prefix = LISTED[Source]
        return f"{self.placed.get(prefix + source_id) or page}#{prefix}{source_id}"


@dataclass(frozen=True, slots=True)
class Part:
    """One page of a list split into parts, as the index links to it: where it is, its label, how many it holds."""

    uri: str
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class MenuItem:
    """One entry of the site's menu: a page that exists, and its label in the site's language."""

    uri: str
    nav: str  # the key a page's `nav` names when this entry is the current one
    label: str


@dataclass(frozen=True, slots=True)
class EditionLink:
    """One edition of the site, as every page's language switcher and alternates name it."""

    language: str
    folder: str  # where its pages are: '' for the original, 'uk/'
    name: str  # the language's name in itself, from its catalogue: 'Українська'


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
    folder: str = ""  # the edition's folder its pages go in ('uk/'); '' for the original, at the root
    editions: tuple[EditionLink, ...] = ()  # every edition, the original first; () for a site in one language

    @property
    def up(self) -> str:
        """From the edition's root to the site's root, where the assets and the search index are: '../' under uk/."""
        return "../" * self.folder.count("/")
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
        return [Page(address("timeline", year), "timeline.html", words.text("page.timeline_year", year=year),
                     "timeline", {"year": year, "label": str(year), "events": tuple(events)})]
    by_month = {month: tuple(found) for month, found in groupby(events, key=lambda e: e.date.month)}
    months = tuple((addresses.timeline_page(PartialDate(year, month)), capitalised(words.month(month)))
                   for month in by_month if month)
    return [Page(address("timeline", year), "timeline.html", words.text("page.timeline_year", year=year), "timeline",
                 {"year": year, "label": str(year), "events": by_month.get(0, ()), "months": months}),
            *(Page(addresses.timeline_page(PartialDate(year, month)), "timeline.html",
                   words.text("page.timeline_month", month=words.date(PartialDate(year, month))), "timeline",
                   {"year": year, "month": month, "label": words.date(PartialDate(year, month)), "events": found,
                    "months": months})
              for month, found in by_month.items() if month)]


def with_neighbours(pages: list[Page]) -> list[Page]:
    """The timeline's pages, each month's with the page before and after it among the pages of events (months, and
    years on one page), each year's with the years before and after it: values 'previous' and 'next', (uri, label)."""
    months = [page for page in pages if "month" in page.values or "months" not in page.values]
    years = [page for page in pages if "month" not in page.values]
    found: dict[str, dict[str, tuple[str, str] | None]] = {}
    for sequence in (months, years):
        for before, page, after in zip([None, *sequence], sequence, [*sequence[1:], None]):
            found[page.uri] = {"previous": link_to(before), "next": link_to(after)}
    return [Page(p.uri, p.layout, p.title, p.nav, {**p.values, **found[p.uri]}) for p in pages]


def link_to(page: Page | None) -> tuple[str, str] | None:
    """A timeline page as a link names it: its URI and its year or month."""
    return (page.uri, page.values["label"]) if page else None


def capitalised(word: str) -> str:
    """A word as the first of a label: 'September', 'Вересень'."""
    return word[:1].upper() + word[1:]


def quote_title(quote: Quote, words: Catalogue) -> str:
    """'Vladimir Putin: “This is not a bluff.”', the words cut after eight."""
    said = quote.text.split()
    cut = words.text("quote.cut") if len(said) > 8 else ""
    return words.text("quote.title", speaker=quote.speaker.name, words=" ".join(said[:8]) + cut)


def quotes_split(explainer: Explainer) -> bool:
    """True when the quotes are too many for one page: the quotes page is an index of a page a speaker."""
    return len(explainer.quotes) > QUOTES_PAGE_LIMIT


def by_speaker(quotes: Iterable[Quote]) -> dict[str, list[Quote]]:
    """Each speaker's quotes, by the speaker's id, speakers in the order they first speak."""
    found: dict[str, list[Quote]] = {}
    for quote in quotes:
        found.setdefault(quote.speaker.id, []).append(quote)
    return found


def quote_page(quote: Quote, monthly: bool) -> str:
    """The part of the split quotes that shows a quote: its speaker's page, or its month's for a speaker with too
    many for one page (`monthly`; a quote dated only to the year stays on the speaker's page)."""
    return address("quotes", quote.speaker.id, quote.date.year, quote.date.month if monthly else None)


def numbered_parts(items: tuple[Item, ...], limit: int, name: str) -> list[tuple[str, int, tuple[Item, ...]]]:
    """The parts of a list too long for one page, `limit` items each: each one's page (address(name, 1), …), the
    number of its first item and its items; none while one page holds them all."""
    if len(items) <= limit:
        return []
    return [(address(name, n), start + 1, items[start:start + limit])
            for n, start in enumerate(range(0, len(items), limit), 1)]


def source_parts(sources: tuple[Source, ...]) -> list[tuple[str, int, tuple[Source, ...]]]:
    """The parts of a sources list too long for one page (see numbered_parts)."""
    return numbered_parts(sources, SOURCES_PAGE_LIMIT, "sources")


def part_links(parts: list[tuple[str, int, tuple[Any, ...]]], words: Catalogue, label: str) -> tuple[Part, ...]:
    """The numbered parts as their index links to them, each named by the catalogue's `label` from its first and
    last numbers: 'Sources 1 to 25', 'Pages 1,001 to 1,200'."""
    return tuple(Part(uri, words.text(label, first=words.number(first), last=words.number(first + len(found) - 1)),
                      len(found)) for uri, first, found in parts)


def places(explainer: Explainer) -> dict[str, str]:
    """Where each quote and source is when its list is in parts, by its anchor (see Addresses.placed)."""
    found: dict[str, str] = {}
    if quotes_split(explainer):
        for quotes in by_speaker(explainer.quotes).values():
            monthly = len(quotes) > QUOTES_PAGE_LIMIT
            found.update((LISTED[Quote][1] + quote.id, quote_page(quote, monthly)) for quote in quotes)
    for uri, _, sources in source_parts(explainer.sources):
        found.update((LISTED[Source][1] + source.id, uri) for source in sources)
    return found


def quote_pages(explainer: Explainer, words: Catalogue) -> list[Page]:
    """The quotes page, when there are quotes; past the limit, an index by side and speaker with a page a speaker."""
    title = words.text("page.quotes")
    if not quotes_split(explainer):
        return [Page(address("quotes"), "quotes.html", title, "quotes")] if explainer.quotes else []
    grouped = list(by_speaker(explainer.quotes).values())
    speakers = sorted(grouped, key=lambda quotes: in_number_order(quotes[0].speaker.name))
    index = ((side, tuple(Part(quote_page(quotes[0], False), quotes[0].speaker.name, len(quotes))
                          for quotes in speakers if quotes[0].speaker.side == side.id))
             for side in explainer.site.sides)
    pages = [Page(address("quotes"), "quotes.html", title, "quotes", {"index": tuple(side for side in index if side[1])})]
    for quotes in grouped:
        pages += speaker_pages(quotes, words)
    return pages


def speaker_pages(quotes: list[Quote], words: Catalogue) -> list[Page]:
    """A speaker's page of quotes; for a speaker with too many for one, it lists the months (and holds the quotes
    dated only to the year), and each month gets a page of its own."""
    speaker = quotes[0].speaker
    uri, title = quote_page(quotes[0], False), words.text("page.quotes_speaker", speaker=speaker.name)
    if len(quotes) <= QUOTES_PAGE_LIMIT:
        return [Page(uri, "quotes.html", title, "quotes", {"speaker": speaker, "quotes": tuple(quotes)})]
    by_page: dict[str, list[Quote]] = {}
    for quote in sorted(quotes, key=lambda q: (q.date.year, q.date.month)):
        by_page.setdefault(quote_page(quote, True), []).append(quote)
    months = tuple(Part(page, capitalised(words.date(PartialDate(found[0].date.year, found[0].date.month))), len(found))
                   for page, found in by_page.items() if page != uri)
    return [Page(uri, "quotes.html", title, "quotes",
                 {"speaker": speaker, "quotes": tuple(by_page.get(uri, ())), "months": months}),
            *(Page(month.uri, "quotes.html", words.text("page.quotes_month", speaker=speaker.name, month=month.label),
                   "quotes", {"speaker": speaker, "quotes": tuple(by_page[month.uri]), "months": months})
              for month in months)]


def source_pages(explainer: Explainer, words: Catalogue) -> list[Page]:
    """The sources page; past the limit, an index of parts, each part a page of sources."""
    title = words.text("page.sources")
    parts = source_parts(explainer.sources)
    if not parts:
        return [Page(address("sources"), "sources.html", title, "sources")]
    links = part_links(parts, words, "page.sources_part")
    return [Page(address("sources"), "sources.html", title, "sources", {"parts": links}),
            *(Page(uri, "sources.html", link.label, "sources", {"parts": links, "sources": found, "first": first})
              for link, (uri, first, found) in zip(links, parts))]


def article_pages(explainer: Explainer, words: Catalogue) -> list[Page]:
    """The standalone pages and, when there are some, their list; past the limit, the list is an index of numbered
    parts ('pages-1.html', …), each a page of links."""
    pages = [Page(address("page", a.id), "page.html", a.title, values={"article": a}) for a in explainer.pages]
    if not pages:
        return []
    title = words.text("page.pages")
    parts = numbered_parts(explainer.pages, PAGES_PAGE_LIMIT, "pages")
    if not parts:
        return [*pages, Page(address("pages"), "pages.html", title)]
    links = part_links(parts, words, "page.pages_part")
    return [*pages, Page(address("pages"), "pages.html", title, values={"parts": links}),
            *(Page(uri, "pages.html", link.label, values={"parts": links, "articles": found})
              for link, (uri, _, found) in zip(links, parts))]


def pages_of(explainer: Explainer, addresses: Addresses, words: Catalogue) -> list[Page]:
    """Every page: the explainer's own (quotes and regions only when there are some; quotes and sources in parts
    when long), a timeline page a year when split (and a page a month in a year too long for one), the embeds,
    the standalone pages (their list in parts when long)."""
    years = addresses.timeline_years
    pages = [
        Page(address("home"), "home.html", "", "home"),
        Page(address("timeline"), "timeline.html", words.text("page.timeline"), "timeline",
             {"date_groups": ()} if years else {}),
        *quote_pages(explainer, words),
        *([Page(address("regions"), "regions.html", explainer.site.regions_page.menu, "regions")]
          if explainer.regions and explainer.site.regions_page else []),
        *source_pages(explainer, words),
        Page(address("not_found"), "404.html", words.text("page.not_found")),
    ]
    if years:
        pages += with_neighbours([page for year, events in groupby(explainer.events, key=lambda e: e.date.year)
                                  for page in year_pages(year, list(events), addresses, words)])
    latest = explainer.events[-explainer.site.embed_events:]  # validation keeps embed_events 1 or more
    pages.append(Page(address("embed_timeline"), "embed/timeline.html", words.text("page.timeline"),
                      values={"events": latest}))
    pages += [Page(address("embed_quote", q.id), "embed/quote.html", quote_title(q, words), values={"quote": q})
              for q in explainer.quotes]
    return pages + article_pages(explainer, words)


def social_cards(explainer: Explainer, pages: Iterable[Page], words: Catalogue,
                 assets: Iterable[Asset]) -> dict[str, SocialCard]:
    """Each page's social card: its own headline on the site's brand; the home page's (which the 404 page and the
    embeds share) is the content's own picture when it names one."""
    brand = brand_of(explainer, words, assets)
    home = own_picture(explainer) or drawn(explainer.site.title, brand)
    return {page.uri: drawn(page.title, brand) if page.title and listed(page.uri) else home for page in pages}


def listed(uri: str) -> bool:
    """Pages search engines should list: readers' pages, not the 404 page or the embeds."""
    return uri.endswith(".html") and uri != address("not_found") and not uri.startswith("embed/")


def with_card(page: Page, card: SocialCard | None, base_url: str | None) -> Page:
    """The page with its card among its own values, so that a new card renders the page again."""
    return replace(page, values={**page.values, "social_card": card,
                                 "social_card_url": base_url + card.uri if base_url and card else None})


def menu_of(pages: list[Page], words: Catalogue) -> tuple[MenuItem, ...]:
    """The site's menu: the first page of each part of the site (each `nav` key), in order, named in the catalogue's
    words, or the project's own for the parts it names (the regions, by regions_page.menu)."""
    first: dict[str, Page] = {}
    for page in pages:
        if page.nav:
            first.setdefault(page.nav, page)
    return tuple(MenuItem(page.uri, nav, page.title if nav in NAMED_BY_PROJECT else words.text(f"nav.{nav}"))
                 for nav, page in first.items())


def plan_site(explainer: Explainer, loaded: Loaded, base_url: str | None, words: Catalogue,
              beside: Callable[[Explainer, str | None, str], Mapping[str, str]], folder: str = "",
              editions: tuple[EditionLink, ...] = ()) -> tuple[Plan, list[Problem]]:
    """Decide every page, asset name and other file, where each fact lives, and the menu in the site's language;
    two inputs that would be published at one path are a problem naming both. `beside(explainer, base_url, folder)` names
    the files the formats make beside the pages (the feed, the open data, …), with what each is. An edition's plan
    (`folder` 'uk/') has its pages' addresses inside that folder, and its base URL ends in it."""
    addresses = Addresses(timeline_years(explainer), monthly_years(explainer), places(explainer))
    base_url = base_url or explainer.site.base_url
    base_url = base_url.rstrip("/") + "/" + folder if base_url else None
    bare = pages_of(explainer, addresses, words)
    # A card is named only by its absolute address: without a base URL no page could show one, so none is drawn.
    cards = social_cards(explainer, bare, words, loaded.assets) if base_url else {}
    pages = tuple(with_card(page, cards.get(page.uri), base_url) for page in bare)
    published = publish(loaded.assets)
    assets = tuple(Copy(f"assets/{published.names[a.uri]}", published.data[a.uri]) for a in loaded.assets)
    static = tuple(Copy(file.uri, file.data) for file in loaded.static)
    inputs = [*((page.uri, f"the page made from layouts/{page.layout}") for page in pages),
              *((uri, what) for uri, what in beside(explainer, base_url, folder).items()),
              *((uri, "the social card") for uri in dict.fromkeys(card.uri for card in cards.values())),
              *((copy.uri, f"assets/{a.uri}") for copy, a in zip(assets, loaded.assets) if not folder),
              *((copy.uri, f"static/{copy.uri}") for copy in static if not folder)]
    files, problems = claimed(inputs)
    written = {layout: layout_ids(loaded.layouts, layout) for layout in {page.layout for page in pages}}
    made = {layout: made_ids(ids) for layout, ids in written.items()}
    targets = Targets(frozenset(files), page_ids(explainer, addresses, pages, written),
                      {page.uri: made[page.layout] for page in pages})
    by_token = {asset_token(name)[2:-1].encode(): str(escape(hashed)).encode()
                for name, hashed in published.names.items()}
    plan = Plan(pages, published.names, addresses, base_url, words, menu_of(list(pages), words), assets, static,
                targets, by_token, folder, editions, cards)
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


COMPUTED = "v\ufdd0"  # stands for a value a layout computes (a letter first, so it may be a tag's name)
LAYOUT_SYNTAX_OPTIONS: dict[str, Any] = {"keep_trailing_newline": True, "trim_blocks": True, "lstrip_blocks": True}
LAYOUT_SYNTAX = jinja2.Environment(**LAYOUT_SYNTAX_OPTIONS)  # parses layouts as the sandbox that renders them does


def layout_ids(layouts: Mapping[str, str], name: str) -> list[str]:
    """The id attributes written in a layout and every layout it pulls in, a computed part as COMPUTED."""
    found: list[str] = []
    todo, seen = [name], set()
    while todo:
        current = todo.pop()
        if current in seen or current not in layouts:
            continue
        seen.add(current)
        ids, pulled = written_ids(layouts[current])
        found += ids
        todo += pulled
    return found


@lru_cache(maxsize=256)
def layout_tree(source: str) -> nodes.Template | None:
    """A layout's syntax tree, parsed once in a process: the plan reads its ids, the renderer compiles it (which
    folds its constant expressions, changing neither its ids nor the code); None when it does not parse."""
    try:
        return LAYOUT_SYNTAX.parse(source)
    except jinja2.TemplateSyntaxError:
        return None


@lru_cache(maxsize=256)
def written_ids(source: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The ids a layout's syntax tree writes (its text, each value it outputs as COMPUTED, read as HTML), and the
    layouts it extends, includes or imports; none for a layout that does not parse (rendering reports it)."""
    tree = layout_tree(source)
    if tree is None:
        return (), ()
    html = IdReader()
    html.feed("".join(node.data if isinstance(node, nodes.TemplateData) else COMPUTED
                      for output in tree.find_all(nodes.Output) for node in output.nodes))
    html.close()
    return tuple(html.ids), tuple(name for name in meta.find_referenced_templates(tree) if name)


class IdReader(HTMLParser):
    """Collects the value of every id attribute, however it is quoted."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids += [value for name, value in attrs if name == "id" and value is not None]

    handle_startendtag = handle_starttag


def made_ids(ids: list[str]) -> tuple[tuple[str, str], ...]:
    """The ids a page's layouts compute around a value, as (prefix, suffix): 'day-{{ group.anchor }}' is
    ('day-', ''). An id that is a value alone is a fact's anchor, which the plan knows itself."""
    found = set()
    for written in ids:
        parts = written.split(COMPUTED)
        if len(parts) > 1 and (parts[0] or parts[-1]):
            found.add((parts[0], parts[-1]))
    return tuple(sorted(found))


def page_ids(explainer: Explainer, addresses: Addresses, pages: tuple[Page, ...],
             written: Mapping[str, list[str]]) -> dict[str, frozenset[str]]:
    """Each page's ids: the anchors of the facts it lists (the addresses say which) and the literal ids its
    layouts write (`written`: each layout's ids as written)."""
    ids: dict[str, set[str]] = {page.uri: {i for i in written[page.layout] if COMPUTED not in i} for page in pages}
    facts: Iterable[Any] = (*explainer.sections, *explainer.figures, *explainer.events, *explainer.quotes,
                            *explainer.regions, *explainer.sources)
    for fact in facts:
        page_uri, _, anchor = addresses.uri_of(fact).partition("#")
        ids.setdefault(page_uri, set()).add(anchor)
    return {uri: frozenset(found) for uri, found in ids.items()}
