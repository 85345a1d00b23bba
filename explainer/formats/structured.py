"""Structured data: schema.org JSON-LD built from the same model objects as the visible byline, dates and facts."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from typing import Any

from markupsafe import Markup

from ..model import Event, Explainer, Markdown, Quote, Source
from ..plan import address
from .sitemap import page_url

# Characters that could end the script element or start markup are written as JSON escapes.
SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                  0x2028: "\\u2028", 0x2029: "\\u2029"}
Plain = Callable[[Markdown], str]


class TextOnly(HTMLParser):
    """Collects the text of an HTML fragment, entities decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


@lru_cache(maxsize=1 << 16)  # the same summaries again on every rebuild of a long timeline
def plain_text(html: str) -> str:
    """The words of an HTML fragment, on one line."""
    parser = TextOnly()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


def script(data: dict[str, Any]) -> Markup:
    """A JSON-LD script element whose text cannot close the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(SCRIPT_ESCAPES)
    return Markup(f'<script type="application/ld+json">{text}</script>')


def event_start(event: Event) -> str:
    """The event's ISO 8601 start, as precise as the content: '2022-09', '2022-09-21T19:00+03:00'."""
    return f"{event.date.iso}T{event.time.iso}" if event.time else event.date.iso


def citation(source: Source) -> dict[str, Any]:
    return {"@type": "CreativeWork", "name": source.title, "url": source.url, "datePublished": source.date.iso,
            "publisher": {"@type": "Organization", "name": source.publisher}}


def with_url(data: dict[str, Any], url: str | None) -> dict[str, Any]:
    """The object with its url, when the site's address is known."""
    return {**data, "url": url} if url else data


def article(explainer: Explainer, base_url: str | None, image_url: str | None, plain: Plain) -> dict[str, Any]:
    """The explainer as a NewsArticle, its corrections as CorrectionComments; its citations are left for the home
    page to name (CitingArticle)."""
    site = explainer.site
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "NewsArticle",
        "headline": site.title, "description": site.description, "inLanguage": site.language,
        "datePublished": site.published.isoformat(),
        "dateModified": explainer.modified.isoformat(),
        "author": [{"@type": "Person", "name": b.name, **({"jobTitle": b.role} if b.role else {})}
                   for b in site.bylines],
        "publisher": with_url({"@type": "Organization", "name": site.publisher.name}, site.publisher.url),
        "citation": [],
    }
    if image_url:
        data["image"] = [image_url]
    corrections = [u for u in explainer.updates if u.kind == "correction"]
    if corrections:
        data["correction"] = [{"@type": "CorrectionComment", "text": plain(u.text),
                               "datePublished": u.date.isoformat()} for u in corrections]
    return with_url(data, page_url(base_url, address("home")))


@dataclass(frozen=True, slots=True)
class CitingArticle:
    """The home page's NewsArticle but for its citations: only the rendered page knows which sources it cites, so
    its layout calls this at its end with their numbers and gets the JSON-LD script element."""

    article: dict[str, Any]
    sources: tuple[Source, ...]  # all of them, in order: a source's number is its place here, from 1

    def __call__(self, numbers: Iterable[int]) -> Markup:
        return script({**self.article, "citation": [citation(self.sources[n - 1]) for n in numbers]})


def item_list(name: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"@context": "https://schema.org", "@type": "ItemList", "name": name, "numberOfItems": len(items),
            "itemListElement": [{"@type": "ListItem", "position": n, "item": item}
                                for n, item in enumerate(items, start=1)]}


def event(item: Event, base_url: str | None, plain: Plain, uri: str) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Event", "name": item.title, "startDate": event_start(item),
                            "description": plain(item.summary), "citation": [s.url for s in item.sources]}
    if item.regions:  # a place only when the content names one; never a guess
        data["location"] = [{"@type": "Place", "name": r.name} for r in item.regions]
    return with_url(data, page_url(base_url, uri))


def quotation(item: Quote, site_language: str, base_url: str | None, uri: str) -> dict[str, Any]:
    speaker = item.speaker
    data = {"@type": "Quotation", "text": item.text, "dateCreated": item.date.iso,
            "inLanguage": item.language_shown(site_language),
            "creator": {"@type": "Person", "name": speaker.name, "jobTitle": speaker.role,
                        "affiliation": {"@type": "Organization", "name": speaker.affiliation}},
            "citation": [s.url for s in item.sources]}
    return with_url(data, page_url(base_url, uri))
