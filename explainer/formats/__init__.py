"""The files beside the pages: the feed, the open data, the social cards, and what hosts and crawlers read."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .. import images
from ..model import Explainer, Markdown
from ..plan import Plan, address, timeline_years
from . import feed, opendata, sitemap, source_cards, yearly
from .card import card_files

SEARCH_INDEX = address("search_index")  # a file of the search index, which the build adds later (explainer/search.py)


@dataclass(frozen=True)
class Making:
    """What the files beside the pages are made from, and the work several of them share, done once."""

    explainer: Explainer
    plan: Plan
    page_uris: list[str]
    html: Callable[[Markdown], str]
    plain: Callable[[Markdown], str]
    uris: frozenset[str]  # every file made beside the pages

    @cached_property
    def data(self) -> dict[str, bytes]:
        return opendata.data_files(self.explainer, self.plain, self.plan.addresses.uri_of)

    @cached_property
    def years(self) -> dict[str, bytes]:
        return yearly.year_files(self.explainer, self.plan.addresses.timeline_years, self.plan.words,
                                 self.plan.addresses.uri_of)

    @cached_property
    def pictures(self) -> dict[str, bytes]:
        return images.rendered(self.explainer.pictures, self.explainer.picture_files)


@dataclass(frozen=True, slots=True)
class Beside:
    """One file beside the pages: what it is (as a problem about its path names it), and its maker."""

    what: str
    make: Callable[[Making, str], bytes]  # its bytes, given what they are made from and its URI


def beside(explainer: Explainer, base_url: str | None, folder: str = "") -> dict[str, Beside]:
    """Every file beside the pages but the social cards (the plan's), by its URI: the one list of them. An
    edition's (in `folder`) lacks what only the root has: the pictures, the sitemap and what hosts read."""
    found = {address("feed"): Beside("the feed", lambda m, uri: feed.atom_feed(m.explainer, m.plan.base_url, m.html,
                                                                                m.plan.words))}
    found |= {address("data", name, kind): Beside("the open data", lambda m, uri: m.data[uri])
              for name in opendata.dataset_names(explainer) for kind in ("json", "csv")}
    found[opendata.TIMELINEJS] = Beside("the timeline for TimelineJS", lambda m, uri: m.data[uri])
    if explainer.sources:
        found[address("source_cards")] = Beside("the source cards", lambda m, uri: source_cards.cards_file(
            m.explainer, m.plan.words, m.plan.addresses.uri_of))
    found |= {address("year_events", year): Beside("the timeline's events of a year, for its filters",
                                                   lambda m, uri: m.years[uri]) for year in timeline_years(explainer)}
    if folder:  # an edition's: what hosts and crawlers read is the original's, at the root, for all of them
        return found
    found[address("robots")] = Beside("robots.txt", lambda m, uri: sitemap.robots_txt(m.plan.base_url))
    found |= {rendition.uri: Beside(f"the picture '{picture_id}'", lambda m, uri: m.pictures[uri])
              for picture_id, view in images.picture_views(explainer.pictures, explainer.picture_files).items()
              for rendition in view.renditions}  # once, at the root, for every edition
    if base_url:
        found[address("sitemap")] = Beside("the sitemap", lambda m, uri: sitemap.sitemap_xml(
            base_url, m.page_uris, m.explainer.modified, tuple((e.language, e.folder) for e in m.plan.editions)))
    found[address("headers")] = Beside("the cache headers (_headers)", lambda m, uri: sitemap.headers_file(
        base_url, sorted({*m.page_uris, *(m.uris - {uri}), SEARCH_INDEX})))
    return found


def files(explainer: Explainer, plan: Plan, page_uris: list[str], html: Callable[[Markdown], str],
          plain: Callable[[Markdown], str], cards: Path | None = None,
          last: Mapping[str, bytes] | None = None) -> dict[str, bytes]:
    """Every file beside() lists, by its site-relative URI (an edition's by its URI inside its folder; the sitemap
    names every edition's pages), and the social cards, from the `last` build's files or from the `cards` cache
    folder when they are there (see card.card_files)."""
    listed = beside(explainer, plan.base_url, plan.folder)
    drawn = card_files(plan.cards.values(), explainer.image, cards, last or {})
    making = Making(explainer, plan, page_uris, html, plain, frozenset({*listed, *drawn}))
    return {**{uri: file.make(making, uri) for uri, file in listed.items()}, **drawn}


def names(explainer: Explainer, base_url: str | None, folder: str = "") -> dict[str, str]:
    """The URI of every file files() makes but the social cards, with what it is, before anything is rendered."""
    return {uri: file.what for uri, file in beside(explainer, base_url, folder).items()}
