"""The files beside the pages: the feed, the open data, the social cards, and what hosts and crawlers read."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from .. import images
from ..model import Explainer, Markdown
from ..plan import Plan, timeline_years
from . import feed, opendata, sitemap, yearly
from .card import card_files

SEARCH_INDEX = "pagefind/pagefind.js"  # a file of the search index, which the build adds later (explainer/search.py)


def files(explainer: Explainer, plan: Plan, page_uris: list[str], html: Callable[[Markdown], str],
          plain: Callable[[Markdown], str], cards: Path | None = None,
          last: Mapping[str, bytes] | None = None) -> dict[str, bytes]:
    """Every such file by its site-relative URI (an edition's by its URI inside its folder; the sitemap and the
    files hosts read only for the original, naming every edition's pages); the social cards from the `last`
    build's files or from the `cards` cache folder when they are there (see card.card_files)."""
    base_url = plan.base_url
    modified = explainer.modified
    found = {"feed.xml": feed.atom_feed(explainer, base_url, html, plan.words),
             **opendata.data_files(explainer, plain, plan.addresses.uri_of),
             **yearly.year_files(explainer, plan.addresses.timeline_years, plan.words, plan.addresses.uri_of),
             **card_files(plan.cards.values(), explainer.image, cards, last or {})}
    if plan.folder:  # an edition's: what hosts and crawlers read is the original's, at the root, for all of them
        return found
    found["robots.txt"] = sitemap.robots_txt(base_url)
    found.update(images.rendered(explainer.pictures, explainer.picture_files))  # once, at the root, for every edition
    if base_url:
        found["sitemap.xml"] = sitemap.sitemap_xml(base_url, page_uris, modified,
                                                   tuple((e.language, e.folder) for e in plan.editions))
    found["_headers"] = sitemap.headers_file(base_url, sorted({*page_uris, *found, SEARCH_INDEX}))
    return found


def names(explainer: Explainer, base_url: str | None, folder: str = "") -> dict[str, str]:
    """The URI of every file files() makes, with what it is, known before anything is rendered (an edition's, in
    `folder`, without what only the root has: the pictures, the sitemap and what hosts read)."""
    found = {"feed.xml": "the feed"}
    found |= {f"data/{name}.{kind}": "the open data" for name in opendata.dataset_names(explainer)
              for kind in ("json", "csv")}
    found[opendata.TIMELINEJS] = "the timeline for TimelineJS"
    found |= {yearly.year_uri(year): "the timeline's events of a year, for its filters"
              for year in timeline_years(explainer)}
    if folder:
        return found
    found |= {"robots.txt": "robots.txt", "_headers": "the cache headers (_headers)"}
    found |= {rendition.uri: f"the picture '{picture_id}'" for picture_id, view in
              images.picture_views(explainer.pictures, explainer.picture_files).items() for rendition in view.renditions}
    if base_url:
        found["sitemap.xml"] = "the sitemap"
    return found
