"""The files beside the pages: the feed, the open data, the social cards, and what hosts and crawlers read."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from ..model import Explainer, Markdown
from ..plan import Plan
from . import feed, opendata, sitemap
from .card import card_files

SEARCH_INDEX = "pagefind/pagefind.js"  # a file of the search index, which the build adds later (explainer/search.py)


def files(explainer: Explainer, plan: Plan, page_uris: list[str], html: Callable[[Markdown], str],
          plain: Callable[[Markdown], str], cards: Path | None = None,
          last: Mapping[str, bytes] | None = None) -> dict[str, bytes]:
    """Every such file by its site-relative URI; the social cards from the `last` build's files or from the
    `cards` cache folder when they are there (see card.card_files)."""
    base_url = plan.base_url
    modified = explainer.modified
    found = {"feed.xml": feed.atom_feed(explainer, base_url, html, plan.words),
             **opendata.data_files(explainer, plain, plan.addresses.uri_of),
             **card_files(plan.cards.values(), explainer.image, cards, last or {}),
             "robots.txt": sitemap.robots_txt(base_url)}
    if base_url:
        found["sitemap.xml"] = sitemap.sitemap_xml(base_url, page_uris, modified)
    found["_headers"] = sitemap.headers_file(base_url, sorted({*page_uris, *found, SEARCH_INDEX}))
    return found


def names(explainer: Explainer, base_url: str | None) -> dict[str, str]:
    """The URI of every file files() makes, with what it is, known before anything is rendered."""
    found = {"feed.xml": "the feed", "robots.txt": "robots.txt",
             "_headers": "the cache headers (_headers)"}
    found |= {f"data/{name}.{kind}": "the open data" for name in opendata.dataset_names(explainer)
              for kind in ("json", "csv")}
    found[opendata.TIMELINEJS] = "the timeline for TimelineJS"
    if base_url:
        found["sitemap.xml"] = "the sitemap"
    return found
