"""Rendering: the resolved explainer becomes pages through the Jinja2 layouts, with hashed asset names."""

from __future__ import annotations

import hashlib
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from itertools import groupby
from typing import Any

import jinja2
from markupsafe import Markup

from . import parallel, publish
from .incremental import BuildCache, Job
from .load import Asset
from .map import MapMark, draw_map
from .markup import MarkdownRenderer, source_uri
from .model import Event, Explainer, Markdown, Quote, Source
from .problems import Problem
from .progress import Progress
from .timeline_view import anchor, day_marks

SIDES = {"russia": "Russia", "ukraine": "Ukraine", "united-states": "United States", "civil-society": "Civil society"}
LANGUAGES = {"en": "English", "uk": "Ukrainian", "ru": "Russian", "fr": "French", "de": "German",
             "und": "a language the source does not name"}
CATEGORIES = {"announcement": "Announcement", "military": "Military", "political": "Political",
              "protest": "Protest", "diplomatic": "Diplomatic", "legal": "Legal", "context": "Context"}


@dataclass(frozen=True, slots=True)
class Output:
    uri: str  # relative to the output folder, '/'-separated
    data: bytes


@dataclass(frozen=True, slots=True)
class Page:
    uri: str
    template: str
    title: str
    nav: str = ""

    @property
    def root_uri(self) -> str:
        """The prefix that leads from this page back to the site root: '', '../', …"""
        return "../" * self.uri.count("/")


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


PAGES = (
    Page("index.html", "home.html", "", "home"),
    Page("timeline.html", "timeline.html", "Timeline", "timeline"),
    Page("quotes.html", "quotes.html", "Quotes", "quotes"),
    Page("regions.html", "regions.html", "Regions", "regions"),
    Page("sources.html", "sources.html", "Sources", "sources"),
    Page("404.html", "404.html", "Page not found"),
)


def hashed_name(asset: Asset) -> str:
    """'style.css' -> 'style.1a2b3c4d5e.css': a new name whenever the bytes change."""
    digest = hashlib.sha256(asset.data).hexdigest()[:10]
    stem, dot, ext = asset.uri.rpartition(".")
    return f"{stem}.{digest}.{ext}" if dot else f"{asset.uri}.{digest}"


def date_groups(events: Iterable[Event]) -> tuple[DateGroup, ...]:
    """Consecutive events that share a date label, in order."""
    groups = (list(g) for _, g in groupby(events, key=lambda e: e.date_label))
    return tuple(DateGroup(group[0].date_label, group[0].date.iso, anchor(group[0]), tuple(group)) for group in groups)


def quote_groups(quotes: Iterable[Quote]) -> tuple[QuoteGroup, ...]:
    """Quotes by the speaker's side, in the order of SIDES, each side's quotes in content order."""
    by_side = {side: tuple(q for q in quotes if q.speaker.side == side) for side in SIDES}
    return tuple(QuoteGroup(side, SIDES[side], found) for side, found in by_side.items() if found)


def citations(explainer: Explainer) -> dict[str, tuple[Citation, ...]]:
    """For each source id, the facts on the site that cite it."""
    cited: dict[str, list[Citation]] = {s.id: [] for s in explainer.sources}
    facts: list[tuple[Any, Citation]] = [
        *((e, Citation(f"Timeline: {e.title}", explainer.event_uri(e))) for e in explainer.events),
        *((q, Citation(f"Quote: {q.speaker.name}, {q.date.label()}", f"quotes.html#quote-{q.id}")) for q in explainer.quotes),
        *((f, Citation(f"Key figure: {f.label}", f"index.html#figure-{f.id}")) for f in explainer.figures),
        *((r, Citation(f"Region: {r.name}", f"regions.html#region-{r.id}")) for r in explainer.regions),
    ]
    for fact, citation in facts:
        for source in fact.sources:
            cited[source.id].append(citation)
    return {source_id: tuple(found) for source_id, found in cited.items()}


def timestamp_label(moment: datetime) -> str:
    """'21 September 2022, 20:00 UTC' (the offset as written in the content)."""
    offset = moment.strftime("%z")
    zone = "UTC" if offset in ("+0000", "") else f"UTC{offset[:3]}:{offset[3:]}"
    return f"{moment.day} {moment:%B %Y, %H:%M} {zone}"


def quote_lang(quote: Quote, site_language: str) -> str:
    """The language of the words as shown: the site's when translated, else the original's."""
    return site_language if quote.translated else quote.language


def language_name(code: str) -> str:
    return LANGUAGES.get(code.split("-")[0], code)


def compiled_layouts() -> jinja2.BytecodeCache | None:
    """Jinja's cache of compiled layouts (keyed by their source) in the temp folder, saving a fresh process the
    compile; none where that folder cannot be used safely."""
    try:
        return jinja2.FileSystemBytecodeCache()
    except (OSError, RuntimeError):
        return None


class LayoutLoader(jinja2.BaseLoader):
    """Serves the layouts that load read, under their real file names so errors point at them."""

    def __init__(self) -> None:
        self.layouts: dict[str, str] = {}

    def get_source(self, environment: jinja2.Environment, name: str) -> tuple[str, str, Callable[[], bool]]:
        if name not in self.layouts:
            raise jinja2.TemplateNotFound(name)
        source = self.layouts[name]
        return source, f"layouts/{name}", lambda: self.layouts.get(name) == source


class Renderer:
    """Turns an Explainer into page bytes; keep one across rebuilds so compiled layouts are reused."""

    def __init__(self) -> None:
        self.loader = LayoutLoader()
        self.env = jinja2.Environment(loader=self.loader, undefined=jinja2.StrictUndefined, autoescape=True,
                                      keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
                                      bytecode_cache=compiled_layouts())
        self.markdown = MarkdownRenderer()
        self.env.filters["markdown"] = self.markdown_filter
        self.env.globals.update(asset=self.asset_uri, url=self.site_uri,
                                source_uri=source_uri, timestamp_label=timestamp_label, quote_lang=quote_lang,
                                language_name=language_name, categories=CATEGORIES, unmarked=self.unmarked)
        self.problems: list[Problem] = []
        self.asset_names: dict[str, str] = {}
        self.cache = BuildCache()
        self.sink: Callable[[str, bytes], None] | None = None  # where pages go as they are rendered (write.Staging)

    @jinja2.pass_context
    def markdown_filter(self, context: jinja2.runtime.Context, value: Markdown, under: int = 2) -> Markup:
        html, problems = self.markdown.render(value, context["page"].root_uri, under, marks=True)
        self.problems.extend(problems)
        return html

    def unmarked(self, sources: Iterable[Source], *texts: Markdown | None) -> list[Source]:
        """The sources that none of the texts marks inline: the ones an item still has to name."""
        marked = set().union(*(self.markdown.marked(text) for text in texts if text is not None))
        return [source for source in sources if source.id not in marked]

    @jinja2.pass_context
    def asset_uri(self, context: jinja2.runtime.Context, name: str) -> str:
        if name not in self.asset_names:
            raise jinja2.TemplateRuntimeError(f"asset('{name}'): there is no assets/{name}")
        return context["page"].root_uri + "assets/" + self.asset_names[name]

    @jinja2.pass_context
    def site_uri(self, context: jinja2.runtime.Context, target: str) -> str:
        return context["page"].root_uri + target

    def render(self, explainer: Explainer, layouts: dict[str, str], assets: tuple[Asset, ...],
               base_url: str | None = None) -> tuple[list[Output], list[Problem]]:
        """Every page and hashed asset of the site, or the problems that stop it."""
        self.loader.layouts, self.problems = layouts, []
        self.asset_names = {asset.uri: hashed_name(asset) for asset in assets}
        self.markdown.use_assets(self.asset_names)
        self.markdown.use_sources(tuple(source.id for source in explainer.sources))
        base_url = base_url or explainer.site.base_url
        shared, years = self.cache.shared(explainer, base_url, partial(self.values, explainer, base_url))
        shared = shared | {"explainer": explainer}
        outputs = [Output("assets/" + self.asset_names[a.uri], a.data) for a in assets]
        embeds = [(Page(uri, layout, title), extra) for uri, layout, title, extra in publish.embed_pages(explainer)]
        articles = [(Page(f"pages/{a.id}.html", "page.html", a.title), {"article": a}) for a in explainer.pages]
        listing = [(Page("pages/index.html", "pages.html", "More to read"), {})] if explainer.pages else []
        split = {"timeline.html": {"date_groups": ()}} if years else {}
        jobs = [*((page, split.get(page.uri, {})) for page in PAGES), *years, *embeds, *articles, *listing]
        pages = self.cache.render(jobs, shared, self.env, layouts, self.asset_names, partial(self.render_many, shared))
        outputs += [Output(page.uri, data) for (page, _), data in zip(jobs, pages) if data is not None]
        uris = [o.uri for o in outputs]
        files = self.cache.derive(explainer, (shared["base_url"], tuple(uris)),
                                  partial(publish.files, explainer, shared["base_url"], uris, self.markdown))
        outputs += [Output(uri, data) for uri, data in files.items()]
        return outputs, self.problems

    def values(self, explainer: Explainer, base_url: str | None) -> tuple[dict[str, Any], list[Job]]:
        """What every layout may read, and the timeline's page for each year (none while it fits on one)."""
        shared = self.shared_values(explainer) | publish.template_values(explainer, base_url, self.markdown)
        if not explainer.timeline_split:
            return shared, []
        return shared, [(Page(f"timeline-{year}.html", "timeline.html", f"Timeline: {year}", "timeline"),
                         {"year": year, "date_groups": date_groups(events)})
                        for year, events in groupby(explainer.events, key=lambda e: e.date.year)]

    def shared_values(self, explainer: Explainer) -> dict[str, Any]:
        marks = [MapMark(r.id, r.name, f"regions.html#region-{r.id}") for r in explainer.regions]
        site = explainer.site
        return {
            "explainer": explainer, "site": explainer.site,
            "date_groups": date_groups(explainer.events),
            "featured_events": tuple(e for e in explainer.events if e.featured),
            "quote_groups": quote_groups(explainer.quotes),
            "featured_quotes": tuple(q for q in explainer.quotes if q.featured),
            "citations": citations(explainer),
            "region_events": {r.id: tuple(e for e in explainer.events if r.id in {x.id for x in e.regions})
                              for r in explainer.regions},
            "region_map": Markup(draw_map(marks, site.map.title, site.map.description)) if site.map else None,
            "timeline_marks": day_marks(explainer.events, site.key_date),
            "source_numbers": {source.id: n for n, source in enumerate(explainer.sources, 1)},
        }

    def render_many(self, shared: dict[str, Any], jobs: list[Job]) -> list[tuple[bytes | None, bool]]:
        """Pages' bytes, across cores when there are many, each with whether it rendered without a problem;
        each good page also goes to `self.sink` as soon as it is made."""
        counter = Progress("rendering", len(jobs), "pages")

        def arrived(start: int, part: list[parallel.Rendered]) -> None:
            counter.update(start + len(part))
            for (page, _), (data, problems) in zip(jobs[start:start + len(part)], part):
                if self.sink and data is not None and not problems:
                    self.sink(page.uri, data)
        results = parallel.render_all(partial(self.render_one, shared), jobs, arrived)
        counter.done()
        for _, problems in results:
            self.problems += problems
        return [(data, not problems) for data, problems in results]

    def render_one(self, shared: dict[str, Any], job: Job) -> tuple[bytes | None, list[Problem]]:
        """One page's bytes and the problems found while rendering it."""
        page, extra = job
        before = len(self.problems)
        html = self.render_page(page, shared | extra)
        found = self.problems[before:]
        del self.problems[before:]
        return (None if html is None else html.encode()), found

    def render_page(self, page: Page, shared: dict[str, Any]) -> str | None:
        try:
            return self.env.get_template(page.template).render(shared, page=page)
        except jinja2.TemplateSyntaxError as error:
            self.problems.append(Problem(error.filename or f"layouts/{page.template}", error.lineno, 1,
                                         f"template syntax: {error.message}"))
        except jinja2.TemplateNotFound as error:
            self.problems.append(Problem(f"layouts/{page.template}", 0, 0, f"template '{error.name}' not found",
                                         "create it in layouts/ or fix the name"))
        except Exception as error:  # a layout's runtime error: report its own file and line
            frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.startswith("layouts/")]
            file, line = (frames[-1].filename, frames[-1].lineno or 0) if frames else (f"layouts/{page.template}", 0)
            self.problems.append(Problem(file, line, 1, f"while rendering {page.uri}: {error}",
                                         "fix the layout (see docs/layouts.md)"))
        return None

