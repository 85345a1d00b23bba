"""What layouts read besides the facts themselves: facts grouped and counted, labels, and each page's own values."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape
from itertools import groupby
from typing import Any

from markupsafe import Markup

from .catalogue import Catalogue
from .formats import sitemap, structured
from .formats.card import social_card
from .formats.map import draw_map
from .markup import MarkdownRenderer
from .model import Event, Explainer, Markdown, Quote, Term
from .plan import Page, Plan
from .timeline_view import anchor, day_marks


@dataclass(frozen=True, slots=True)
class DateGroup:
    label: str
    iso: str
    anchor: str  # '2022-09-21', or '2022-09-mid' for a qualified month
    events: tuple[Event, ...]


@dataclass(frozen=True, slots=True)
class QuoteGroup:
    side: str
    label: str
    quotes: tuple[Quote, ...]


@dataclass(frozen=True, slots=True)
class Citation:
    label: str
    uri: str  # relative to the site root


@dataclass(frozen=True, slots=True)
class Filters:
    """What a list of events can be filtered by: the categories and the regions its events have."""

    categories: frozenset[str]
    regions: frozenset[str]


def filters_of(events: Iterable[Event]) -> Filters:
    events = tuple(events)
    return Filters(frozenset(e.category for e in events), frozenset(r.id for e in events for r in e.regions))


@dataclass(frozen=True, slots=True)
class Embed:
    uri: str  # the embeddable page, site-relative
    title: str
    code: str  # the iframe HTML a reader copies (layouts escape it once more to show it)


def date_groups(events: Iterable[Event], words: Catalogue) -> tuple[DateGroup, ...]:
    """Consecutive events that share a date label, in order."""
    groups = (list(g) for _, g in groupby(events, key=lambda e: (e.date, e.qualifier)))
    return tuple(DateGroup(words.date(group[0].date, group[0].qualifier), group[0].date.iso, anchor(group[0]),
                           tuple(group)) for group in groups)


def quote_groups(quotes: Iterable[Quote], sides: tuple[Term, ...]) -> tuple[QuoteGroup, ...]:
    """Quotes by the speaker's side, in the order of site.yaml's sides, each side's quotes in content order."""
    by_side = {side: tuple(q for q in quotes if q.speaker.side == side.id) for side in sides}
    return tuple(QuoteGroup(side.id, side.label, found) for side, found in by_side.items() if found)


def citations(explainer: Explainer, uri_of: Callable[[Any], str], words: Catalogue) -> dict[str, tuple[Citation, ...]]:
    """For each source id, the facts on the site that cite it."""
    cited: dict[str, list[Citation]] = {s.id: [] for s in explainer.sources}
    facts: list[tuple[Any, str]] = [
        *((e, words.text("cited.event", title=e.title)) for e in explainer.events),
        *((q, words.text("cited.quote", speaker=q.speaker.name, date=words.date(q.date))) for q in explainer.quotes),
        *((f, words.text("cited.figure", label=f.label)) for f in explainer.figures),
        *((r, words.text("cited.region", name=r.name)) for r in explainer.regions),
    ]
    for fact, label in facts:
        for source in fact.sources:
            cited[source.id].append(Citation(label, uri_of(fact)))
    return {source_id: tuple(found) for source_id, found in cited.items()}


# In the code a host page copies: the embed posts its height and this sets it (the height written on the iframe
# is the fallback where scripts do not run).
RESIZE = ('<script>addEventListener("message",function(e){var h=e.data&&+e.data.explainerEmbedHeight;'
          'document.querySelectorAll("iframe[data-explainer-embed]").forEach(function(f){'
          'if(h>0&&f.contentWindow===e.source)f.height=h})})</script>')


def embed(base_url: str | None, uri: str, title: str, height: int) -> Embed:
    src = sitemap.page_url(base_url, uri) or uri
    code = (f'<iframe src="{escape(src)}" title="{escape(title)}" width="100%" height="{height}" '
            f'style="border:0;display:block" loading="lazy" data-explainer-embed></iframe>{RESIZE}')
    return Embed(uri, title, code)


def shared_values(explainer: Explainer, plan: Plan, markdown: MarkdownRenderer) -> dict[str, Any]:
    """What every layout may read, computed once per build."""
    uri_of, words = plan.addresses.uri_of, plan.words
    site, base_url = explainer.site, plan.base_url
    card = social_card(explainer)
    quote_pages = {p.values["quote"].id: p for p in plan.pages if "quote" in p.values}
    return {
        "explainer": explainer, "site": site, "menu": plan.menu,
        "categories": {term.id: term.label for term in site.categories},
        "date_groups": date_groups(explainer.events, words),
        "filters": filters_of(explainer.events),
        "event_total": len(explainer.events), "quote_total": len(explainer.quotes),
        "featured_events": tuple(e for e in explainer.events if e.featured),
        "quote_groups": quote_groups(explainer.quotes, site.sides),
        "featured_quotes": tuple(q for q in explainer.quotes if q.featured),
        "citations": citations(explainer, uri_of, words),
        "region_events": {r.id: tuple(e for e in explainer.events if r.id in {x.id for x in e.regions})
                          for r in explainer.regions},
        "region_map": Markup(draw_map(site.map, explainer.geodata, explainer.regions, uri_of))
        if site.map and explainer.geodata else None,
        "base_url": base_url,
        "social_card": card,
        "social_card_url": sitemap.page_url(base_url, card.uri),
        "timeline_embed": embed(base_url, "embed/timeline.html", words.text("embed.timeline_title", site=site.name),
                                600),
        "quote_embeds": {quote_id: embed(base_url, page.uri, page.title, 500) for quote_id, page in quote_pages.items()},
        "page_scripts": structured.page_scripts(explainer, base_url, sitemap.page_url(base_url, card.uri),
                                                   uri_of, bool(plan.addresses.timeline_years),
                                                   lambda value: plain_of(markdown, value), words),
        "timeline_years": plan.addresses.timeline_years,
        "timeline_marks": day_marks(explainer.events, site.key_date),
        "source_numbers": {source.id: n for n, source in enumerate(explainer.sources, 1)},
    }


def page_values(page: Page, shared: dict[str, Any], words: Catalogue) -> dict[str, Any]:
    """The values only this page gets: its own article, quote or year of events (with their marks), and its
    structured data."""
    values = dict(page.values)
    if "events" in values:  # a year's page of a split timeline: its days, marked among themselves
        events = values.pop("events")
        values["date_groups"] = date_groups(events, words)
        values["timeline_marks"] = day_marks(events, shared["site"].key_date)
        values["filters"] = filters_of(events)
    values["structured_data"] = shared["page_scripts"].get(page.uri, "")
    return values


def html_of(markdown: MarkdownRenderer, value: Markdown) -> str:
    """A Markdown value as HTML with links relative to the site root."""
    return str(markdown.render(value)[0])


def plain_of(markdown: MarkdownRenderer, value: Markdown) -> str:
    return structured.plain_text(html_of(markdown, value))
