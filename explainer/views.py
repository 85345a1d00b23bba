"""What layouts read besides the facts themselves: facts grouped and counted, labels, and each page's own values."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from html import escape
from itertools import groupby
from typing import Any
from zoneinfo import ZoneInfo

from markupsafe import Markup

from .catalogue import Catalogue
from .formats import sitemap, structured
from .formats.chart import compare_bars, draw_chart, number_label
from .formats.map import draw_map
from .images import picture_views
from .markup import MarkdownRenderer
from .model import Chart, Event, Explainer, Figure, Markdown, PartialDate, Quote, Term
from .plan import Addresses, Page, Plan, capitalised, quotes_split
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


# A source cited by more facts than this lists the pages they are on, with how many each, not each fact.
CITED_LIST_LIMIT = 50


@dataclass(frozen=True, slots=True)
class Citation:
    label: str
    uri: str  # relative to the site root
    count: int = 1
    grouped: bool = False  # the `count` facts of one page (`label` its title) that cite it; `uri` is the first's


@dataclass(frozen=True, slots=True)
class Filters:
    """What a list of events can be filtered by: the categories and the regions its events have."""

    categories: frozenset[str]
    regions: frozenset[str]


def filters_of(events: Iterable[Event]) -> Filters:
    events = tuple(events)
    return Filters(frozenset(e.category for e in events), frozenset(r.id for e in events for r in e.regions))


KEY_EVENTS_SHOWN = 3  # a year's or a month's first key events, on the timeline's index and year pages


@dataclass(frozen=True, slots=True)
class Period:
    """A year or a month of a split timeline as its index shows it: where it is, how many events, the key ones."""

    uri: str  # its page, or (in a year on one page) the first of its days there
    label: str
    count: int
    key_events: tuple[Event, ...]  # featured, or on the story's key day
    months: tuple[Period, ...] = ()  # a year's months that have events
    year_only: int = 0  # a year's events dated only to the year


def period(uri: str, label: str, events: list[Event], key_date: PartialDate | None) -> Period:
    key = tuple(e for e in events if e.featured or e.date == key_date)[:KEY_EVENTS_SHOWN]
    return Period(uri, label, len(events), key)


def timeline_periods(events: Iterable[Event], addresses: Addresses, words: Catalogue,
                     key_date: PartialDate | None) -> tuple[Period, ...]:
    """Each year of a split timeline with its months, counted, with their key events; () when it is one page."""
    if not addresses.timeline_years:
        return ()
    found = []
    for year, in_year in groupby(events, key=lambda e: e.date.year):
        listed = list(in_year)
        months = []
        for month, in_month in groupby((e for e in listed if e.date.month), key=lambda e: e.date.month):
            days = list(in_month)
            uri = addresses.timeline_page(PartialDate(year, month))
            if year not in addresses.monthly:
                uri += f"#day-{anchor(days[0])}"
            months.append(period(uri, capitalised(words.month(month)), days, key_date))
        whole = period(addresses.timeline_page(PartialDate(year)), str(year), listed, key_date)
        found.append(replace(whole, months=tuple(months), year_only=sum(not e.date.month for e in listed)))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class Embed:
    uri: str  # the embeddable page, site-relative
    title: str
    code: str  # the iframe HTML a reader copies (layouts escape it once more to show it)


@dataclass(frozen=True, slots=True)
class Stamp:
    """A moment as a page shows it: its ISO 8601 value for <time datetime>, and its words."""

    iso: str
    label: str


@dataclass(frozen=True, slots=True)
class Stamps:
    """When the explainer was published and last changed (the newest update, or the publication while none)."""

    published: Stamp
    updated: Stamp | None
    last: Stamp


def stamp(moment: datetime, words: Catalogue, zone: str | None) -> Stamp:
    """The moment in the site's words; with the newsroom's time zone, in UTC with the local time beside it:
    '21 September 2022, 20:00 UTC (23:00 MSK)' (the local date too when it is another day)."""
    if zone is None:
        return Stamp(moment.isoformat(), words.timestamp(moment))
    utc, local = moment.astimezone(timezone.utc), moment.astimezone(ZoneInfo(zone))
    name = local.tzname() or ""
    if name == "UTC":
        return Stamp(moment.isoformat(), words.timestamp(utc))
    if not name.isalpha():  # a zone without a common abbreviation is named by its offset: '+06' is UTC+06:00
        offset = local.strftime("%z")
        name = f"UTC{offset[:3]}:{offset[3:]}"
    if local.date() == utc.date():
        shown = words.text("date.local", time=f"{local:%H:%M}", zone=name)
    else:
        day = words.date(PartialDate(local.year, local.month, local.day))
        shown = words.text("date.timestamp", date=day, time=f"{local:%H:%M}", zone=name)
    return Stamp(moment.isoformat(), words.text("date.with_local", utc=words.timestamp(utc), local=shown))


def stamps(explainer: Explainer, words: Catalogue) -> Stamps:
    zone = explainer.site.time_zone
    published = stamp(explainer.site.published, words, zone)
    updated = stamp(explainer.updated, words, zone) if explainer.updated else None
    return Stamps(published, updated, updated or published)  # the last: explainer.modified, in words


def date_groups(events: Iterable[Event], words: Catalogue) -> tuple[DateGroup, ...]:
    """Consecutive events that share a date label, in order."""
    groups = (list(g) for _, g in groupby(events, key=lambda e: (e.date, e.qualifier)))
    return tuple(DateGroup(words.date(group[0].date, group[0].qualifier), group[0].date.iso, anchor(group[0]),
                           tuple(group)) for group in groups)


def quote_groups(quotes: Iterable[Quote], sides: tuple[Term, ...]) -> tuple[QuoteGroup, ...]:
    """Quotes by the speaker's side, in the order of site.yaml's sides, each side's quotes in content order."""
    by_side = {side: tuple(q for q in quotes if q.speaker.side == side.id) for side in sides}
    return tuple(QuoteGroup(side.id, side.label, found) for side, found in by_side.items() if found)


def citations(explainer: Explainer, uri_of: Callable[[Any], str], words: Catalogue,
              titles: Mapping[str, str]) -> dict[str, tuple[Citation, ...]]:
    """For each source id, the facts on the site that cite it; for a much-cited source, the pages they are on
    (`titles`: each page's title by its URI)."""
    cited: dict[str, list[Citation]] = {s.id: [] for s in explainer.sources}
    event, quote, figure, derived, region, chart = (words.template(f"cited.{kind}") for kind in
                                                    ("event", "quote", "figure", "derived", "region", "chart"))
    facts: list[tuple[Any, str]] = [  # the templates taken once: this runs for every fact of a large site
        *((e, event.format(title=e.title)) for e in explainer.events),
        *((q, quote.format(speaker=q.speaker.name, date=words.date(q.date))) for q in explainer.quotes),
        *((f, derived.format(label=f.label, how=f.derived) if f.derived else figure.format(label=f.label))
          for f in explainer.figures),
        *((r, region.format(name=r.name)) for r in explainer.regions),
        *((c, chart.format(title=c.title)) for c in explainer.charts),
    ]
    for fact, label in facts:
        compared = fact.compare.sources if isinstance(fact, Figure) and fact.compare else ()
        for source in dict.fromkeys((*fact.sources, *compared)):
            cited[source.id].append(Citation(label, uri_of(fact)))
    return {source_id: tuple(found) if len(found) <= CITED_LIST_LIMIT else by_page(found, titles)
            for source_id, found in cited.items()}


def by_page(found: list[Citation], titles: Mapping[str, str]) -> tuple[Citation, ...]:
    """Citations grouped by the page their facts are on, in order: the page's title, how many, and the first."""
    pages: dict[str, list[Citation]] = {}
    for citation in found:
        pages.setdefault(citation.uri.partition("#")[0], []).append(citation)
    return tuple(Citation(titles[page], group[0].uri, len(group), True) for page, group in pages.items())


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


@dataclass(frozen=True, slots=True)
class ChartView:
    """A chart as partials/chart.html shows it: the drawing, and each row's label and number as the table gives them."""

    svg: Markup
    rows: tuple[tuple[str, str], ...]


def chart_view(chart: Chart, words: Catalogue) -> ChartView:
    return ChartView(Markup(draw_chart(chart, words)),
                     tuple((datum.label, number_label(datum.value, words)) for datum in chart.data))


# A value every layout may read, made from the explainer and the plan only when a page reads it; what it is made
# from is recorded as it is made (see reads.py), never declared.
Shared = Callable[[Explainer, Plan, MarkdownRenderer], Any]


def _region_events(explainer: Explainer) -> dict[str, tuple[Event, ...]]:
    found: dict[str, list[Event]] = {r.id: [] for r in explainer.regions}
    for event in explainer.events:
        for region in dict.fromkeys(r.id for r in event.regions):
            found[region].append(event)
    return {region: tuple(events) for region, events in found.items()}


def _region_map(explainer: Explainer, plan: Plan) -> Markup | None:
    site = explainer.site
    if not (site.map and explainer.geodata):
        return None
    return Markup(draw_map(site.map, explainer.geodata, explainer.regions, plan.addresses.uri_of))


SHARED: dict[str, Shared] = {
    "site": lambda x, plan, md: x.site,
    "menu": lambda x, plan, md: plan.menu,
    "stamps": lambda x, plan, md: stamps(x, plan.words),
    "base_url": lambda x, plan, md: plan.base_url,
    "timeline_years": lambda x, plan, md: plan.addresses.timeline_years,
    "categories": lambda x, plan, md: {term.id: term.label for term in x.site.categories},
    "date_groups": lambda x, plan, md: date_groups(x.events, plan.words),
    "timeline_marks": lambda x, plan, md: day_marks(x.events, x.site.key_date),
    "filters": lambda x, plan, md: filters_of(x.events),
    "event_total": lambda x, plan, md: len(x.events),
    "timeline_periods": lambda x, plan, md: timeline_periods(
        x.events, plan.addresses, plan.words, x.site.key_date),
    "quote_total": lambda x, plan, md: len(x.quotes),
    "featured_events": lambda x, plan, md: tuple(e for e in x.events if e.featured),
    "quote_groups": lambda x, plan, md: quote_groups(x.quotes, x.site.sides),
    "featured_quotes": lambda x, plan, md: tuple(q for q in x.quotes if q.featured),
    "citations": lambda x, plan, md: citations(x, plan.addresses.uri_of, plan.words, {
        page.uri: page.title or x.site.title for page in plan.pages}),
    "region_events": lambda x, plan, md: _region_events(x),
    "region_map": lambda x, plan, md: _region_map(x, plan),
    "timeline_embed": lambda x, plan, md: embed(
        plan.base_url, "embed/timeline.html", plan.words.text("embed.timeline_title", site=x.site.name), 600),
    "quote_embeds": lambda x, plan, md: {
        page.values["quote"].id: embed(plan.base_url, page.uri, page.title, 500)
        for page in plan.pages if "quote" in page.values},
    "source_numbers": lambda x, plan, md: {s.id: n for n, s in enumerate(x.sources, 1)},
    "charts": lambda x, plan, md: {c.id: chart_view(c, plan.words) for c in x.charts},
    "pictures": lambda x, plan, md: picture_views(x.pictures, x.picture_files),
    "comparisons": lambda x, plan, md: {
        f.id: Markup(compare_bars(f)) for f in x.figures if f.compare},
}


def page_values(page: Page, key_date: Any, words: Catalogue) -> dict[str, Any]:
    """The values only this page gets: its own article, quote or year of events (with their marks)."""
    values = dict(page.values)
    if "events" in values:  # a year's page of a split timeline: its days, marked among themselves
        events = values.pop("events")
        values["date_groups"] = date_groups(events, words)
        values["timeline_marks"] = day_marks(events, key_date)
    return values


# The pages that carry structured data: what their JSON-LD is made from, and how.
SCRIPTS: dict[str, Shared] = {
    "index.html": lambda x, plan, md: structured.CitingArticle(structured.article(
        x, plan.base_url, sitemap.page_url(plan.base_url, plan.cards["index.html"].uri) if plan.cards else None,
        lambda value: plain_of(md, value)), x.sources),
    "timeline.html": lambda x, plan, md: "" if plan.addresses.timeline_years else structured.script(
        structured.item_list(plan.words.text("data.timeline"), [
            structured.event(e, plan.base_url, lambda value: plain_of(md, value), plan.addresses.uri_of(e))
            for e in x.events])),
    "quotes.html": lambda x, plan, md: "" if quotes_split(x) else structured.script(
        structured.item_list(plan.words.text("data.quotes"), [
            structured.quotation(q, x.site.language, plan.base_url, plan.addresses.uri_of(q)) for q in x.quotes])),
}


def html_of(markdown: MarkdownRenderer, value: Markdown) -> str:
    """A Markdown value as HTML with links relative to the site root."""
    return str(markdown.render(value)[0])


def plain_of(markdown: MarkdownRenderer, value: Markdown) -> str:
    return structured.plain_text(html_of(markdown, value))
