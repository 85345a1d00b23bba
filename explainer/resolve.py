"""Resolving references: every id (speaker, region, person, source) becomes the fact it names."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import Any

from .charts import with_rows
from .model import (REFERABLE, TERMS, Article, Category, Chart, Event, Explainer, Markdown, Person, Picture, Region,
                    Section, Side, Site, Source)
from .places import with_facts
from .problems import Problem, did_you_mean
from .validate import Draft, Partial, Placed, Ref, Validated

QUALIFIER_DAY = {"early": 5, "mid": 15, "late": 25}
# The kinds other facts refer to, in the order they are linked: people, regions and charts cite sources.
REFERRED_TO = ("sources", "people", "regions", "charts", "pictures")
Known = dict[type, dict[str, Any]]  # for each kind that can be referred to, its facts by id


@dataclass(frozen=True, slots=True)
class Linked:
    """One file's facts with their references linked, and the references that lead nowhere."""

    facts: tuple[Any, ...]  # a Section or an Article alone, else the list's items in order
    problems: tuple[Problem, ...]


@dataclass(frozen=True, slots=True)
class Tables:
    """The facts that others refer to, by kind and id, and the problems found making them."""

    known: Known
    linked: dict[str, Linked]  # the files that hold them, by name inside content/
    problems: tuple[Problem, ...]


def resolve(draft: Draft) -> tuple[Explainer | None, list[Problem]]:
    """Link every reference, in dependency order: sources, then people and regions, then the rest."""
    tables = referable(draft)
    linked = {part.name: link(part, tables.known) for part in draft.parts if part.name not in tables.linked}
    return assemble(draft, tables, linked)


def referable(draft: Draft) -> Tables:
    """The terms of site.yaml's vocabularies, then sources, then the people, regions and charts that cite them,
    linked and indexed by id (each chart with the rows of the CSV file it names)."""
    site = draft.site
    sides = site.get("sides", ()) if isinstance(site, Partial) else site.sides if site else ()
    categories = site.get("categories", ()) if isinstance(site, Partial) else site.categories if site else ()
    known: Known = {Side: {term.id: term.id for term in sides}, Category: {term.id: term.id for term in categories}}
    linked: dict[str, Linked] = {}
    problems: list[Problem] = []
    for kind in REFERRED_TO:
        parts = [part for part in draft.parts if part.kind == kind]
        if kind == "regions" and isinstance(site, Site):  # a place's facts follow site.yaml's place_fields
            parts = [with_facts(part, site.place_fields, problems) for part in parts]
        for part in parts:
            linked[part.name] = link(part, known)
            if kind == "charts":
                found_here = linked[part.name]
                linked[part.name] = Linked(tuple(with_rows(f, draft.series) for f in found_here.facts),
                                           found_here.problems)
        placed = tuple(item for part in parts for item in part.made)
        facts = tuple(fact for part in parts for fact in linked[part.name].facts)
        by_id, found = index(placed, facts, kind.rstrip("s"))
        problems += found
        known[{"sources": Source, "people": Person, "regions": Region, "charts": Chart, "pictures": Picture}[kind]] = by_id
    return Tables(known, linked, tuple(problems))


def link(part: Validated, known: Known) -> Linked:
    """One file's facts with every reference swapped for the fact it names."""
    problems: list[Problem] = []
    if part.kind in ("sections", "pages"):
        made = () if part.made is None else (swap(part.made, known, problems),)
    elif part.kind in ("", "site", "geodata", "table"):
        made = ()
    else:
        made = tuple(swap(item.fact, known, problems) for item in part.made)
    return Linked(made, tuple(problems))


def index(placed: tuple[Placed, ...], facts: tuple[Any, ...], kind: str) -> tuple[dict[str, Any], list[Problem]]:
    """Facts by id (each placed draft beside the fact it became); a repeated id is a problem naming where it
    first appeared."""
    found: dict[str, tuple[Placed, Any]] = {}
    problems = []
    for item, fact in zip(placed, facts):
        fact_id = getattr(fact, "id", None)
        if fact_id is None:
            continue
        if fact_id in found:
            first = found[fact_id][0]
            problems.append(Problem(item.file, item.line, item.col, f"duplicate {kind} id '{fact_id}'",
                                    f"it is already used at {first.file}:{first.line}; give each a different id"))
        else:
            found[fact_id] = (item, fact)
    return {fact_id: fact for fact_id, (_, fact) in found.items()}, problems


def swap(value: Any, known: Known, problems: list[Problem]) -> Any:
    """The value with each Ref replaced by the fact it names (a problem for each unknown id)."""
    if value is None or isinstance(value, (str, int, float)):  # most values: nothing in them to replace
        return value
    if isinstance(value, Ref):
        facts = known[value.kind]
        if value.id not in facts:
            problems.append(unknown(value, facts))
        return facts.get(value.id)
    if isinstance(value, tuple):
        return tuple(v for v in (swap(item, known, problems) for item in value) if v is not None)
    if isinstance(value, Partial):  # its good fields' references are checked too
        return replace(value, values=tuple((key, swap(v, known, problems)) for key, v in value.values))
    if isinstance(value, Markdown):  # its links are checked where they are rewritten (links.LinkCheck)
        return value
    if is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: swap(getattr(value, f.name), known, problems) for f in fields(value)}
        return replace(value, **changes)
    return value


def unknown(ref: Ref, facts: dict[str, Any]) -> Problem:
    """The problem with a reference that names nothing: the closest id, or where to add a new term."""
    hint = did_you_mean(ref.id, facts)
    if ref.kind not in TERMS:
        return Problem(ref.file, ref.line, ref.col, f"{ref.field}: '{ref.id}' is not in {REFERABLE[ref.kind]}", hint)
    vocabulary = TERMS[ref.kind]
    if not facts:
        hint = f"list the {vocabulary} under '{vocabulary}:' in site.yaml, with '{ref.id}' among them"
    elif not hint.startswith("did you mean"):
        hint = f"{hint}; or add '{ref.id}' to '{vocabulary}:' in site.yaml"
    return Problem(ref.file, ref.line, ref.col, f"{ref.field}: '{ref.id}' is not one of the {vocabulary} in site.yaml",
                   hint)


def in_number_order(text: str) -> list[str | int]:
    """A title or a name as it sorts for a reader: its numbers by value, so 'Part 2' comes before 'Part 10'."""
    return [int(part) if odd else part for odd, part in zip(itertools.cycle((False, True)), re.split(r"(\d+)", text))]


def chronological(event: Event) -> tuple[int, int, int, int]:
    day = event.date.day or QUALIFIER_DAY.get(event.qualifier or "", 0)
    minutes = event.time.hour * 60 + event.time.minute - event.time.offset_minutes if event.time else -10_000
    return event.date.year, event.date.month, day, minutes


def check_updates(draft: Draft) -> list[Problem]:
    """An update or correction cannot come before the explainer was first published."""
    if not isinstance(draft.site, Site):  # none, or one with a bad field, which is reported already
        return []
    published = draft.site.published
    return [Problem(item.file, item.line, item.col,
                    f"date: this {item.fact.kind} ({item.fact.date.isoformat()}) is dated before the explainer "
                    f"was published ({published.isoformat()})",
                    "check the date and its UTC offset, or the 'published' date in site.yaml")
            for item in draft.items("updates") if not isinstance(item.fact, Partial) and item.fact.date < published]


def check_regions_page(draft: Draft) -> list[Problem]:
    """Regions need words of their own to introduce them: the heading differs from story to story."""
    if not isinstance(draft.site, Site) or draft.site.regions_page is not None or not draft.items("regions"):
        return []
    return [Problem(draft.site_file, 0, 0, "regions_page: the regions need a heading, and site.yaml has none",
                    "add 'regions_page:' with 'title:' (e.g. 'The districts'), 'menu:' (e.g. 'Districts') and an "
                    "optional 'intro:'")]


def unplaced(sections: tuple[Section, ...], draft: Draft) -> list[Problem]:
    """A chart that no section shows is a problem: readers would never see it."""
    shown = {chart.id for section in sections for chart in section.charts}
    return [Problem(item.file, item.line, item.col, f"chart '{item.fact.id}' is shown in no section",
                    f"add 'charts: [{item.fact.id}]' to the front matter of the section it belongs to, or remove it")
            for item in draft.items("charts") if getattr(item.fact, "id", None) not in shown]


def assemble(draft: Draft, tables: Tables, linked: dict[str, Linked]) -> tuple[Explainer | None, list[Problem]]:
    """The explainer from every file's linked facts, or the problems that stop it: references that lead
    nowhere, ids used twice, updates dated before publication."""
    linked = tables.linked | linked
    problems = list(tables.problems)
    problems += [problem for part in draft.parts for problem in linked[part.name].problems]

    def facts(kind: str) -> tuple[Any, ...]:
        return tuple(fact for part in draft.parts if part.kind == kind for fact in linked[part.name].facts)

    for kind in ("timeline", "quotes", "figures", "updates", "embeds"):
        problems += index(draft.items(kind), facts(kind), kind.rstrip("s"))[1]
    site = swap(draft.site, tables.known, problems)  # its Markdown may cite sources
    problems += check_updates(draft) + check_regions_page(draft)
    sections: tuple[Section, ...] = tuple(sorted(facts("sections"), key=lambda s: (s.order, s.id)))
    problems += [] if problems else unplaced(sections, draft)  # a section that failed may have placed a chart
    partial = any(isinstance(fact, Partial) for part in draft.parts for fact in linked[part.name].facts)
    if not isinstance(site, Site) or problems or partial:  # validate reported why an item (or the site) is partial
        return None, problems
    pages: tuple[Article, ...] = tuple(sorted(facts("pages"), key=lambda p: (p.order, in_number_order(p.title), p.id)))
    return Explainer(
        site=site, sections=sections,
        sources=facts("sources"), people=facts("people"), regions=facts("regions"),
        events=tuple(sorted(facts("timeline"), key=chronological)), quotes=facts("quotes"),
        figures=facts("figures"), updates=tuple(sorted(facts("updates"), key=lambda u: u.date)), pages=pages,
        geodata=draft.geodata, image=draft.image, charts=facts("charts"), embeds=facts("embeds"),
        pictures=facts("pictures"), picture_files=draft.picture_files,
    ), problems
