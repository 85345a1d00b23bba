"""Resolving references: every id (speaker, region, person, source) becomes the fact it names."""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass, replace
from typing import Any

from .model import REFERABLE, Event, Explainer, Markdown, Source
from .problems import Problem, did_you_mean
from .validate import Draft, Placed, Ref

SOURCE_LINK = re.compile(r"\]\(\s*source:([^)\s]*)\s*\)")
QUALIFIER_DAY = {"early": 5, "mid": 15, "late": 25}


def index(placed: tuple[Placed, ...], facts: tuple[Any, ...], kind: str, problems: list[Problem]) -> dict[str, Any]:
    """Facts by id (each placed draft beside the fact it became); a repeated id is a problem naming where it
    first appeared."""
    found: dict[str, tuple[Placed, Any]] = {}
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
    return {fact_id: fact for fact_id, (_, fact) in found.items()}


def swap(value: Any, known: dict[type, dict[str, Any]], problems: list[Problem], name: str = "") -> Any:
    """The value with each Ref replaced by the fact it names (a problem for each unknown id)."""
    if isinstance(value, Ref):
        facts = known[value.kind]
        if value.id not in facts:
            problems.append(Problem(value.file, value.line, value.col,
                                    f"{name}: '{value.id}' is not in {REFERABLE[value.kind]}",
                                    did_you_mean(value.id, facts)))
        return facts.get(value.id)
    if isinstance(value, tuple):
        return tuple(v for v in (swap(item, known, problems, name) for item in value) if v is not None)
    if isinstance(value, Markdown):
        check_source_links(value, known[Source], problems)
        return value
    if is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: swap(getattr(value, f.name), known, problems, f.name) for f in fields(value)}
        return replace(value, **changes)
    return value


def check_source_links(markdown: Markdown, sources: dict[str, Any], problems: list[Problem]) -> None:
    for match in SOURCE_LINK.finditer(markdown.text):
        source_id = match.group(1)
        if source_id not in sources:
            before = markdown.text[:match.start(1)]
            line = markdown.line + before.count("\n")
            col = len(before) - (before.rfind("\n") + 1) + 1
            problems.append(Problem(markdown.file, line, col, f"link: 'source:{source_id}' is not in sources",
                                    did_you_mean(source_id, sources)))


def chronological(event: Event) -> tuple[int, int, int, int]:
    day = event.date.day or QUALIFIER_DAY.get(event.qualifier or "", 0)
    minutes = event.time.hour * 60 + event.time.minute - event.time.offset_minutes if event.time else -10_000
    return event.date.year, event.date.month, day, minutes


def check_updates(draft: Draft) -> list[Problem]:
    """An update or correction cannot come before the explainer was first published."""
    if draft.site is None:
        return []
    published = draft.site.published
    return [Problem(item.file, item.line, item.col,
                    f"date: this {item.fact.kind} ({item.fact.date.isoformat()}) is dated before the explainer "
                    f"was published ({published.isoformat()})",
                    "check the date and its UTC offset, or the 'published' date in site.yaml")
            for item in draft.collections["updates"] if item.fact.date < published]


def check_regions_page(draft: Draft) -> list[Problem]:
    """Regions need words of their own to introduce them: the heading differs from story to story."""
    if draft.site is None or draft.site.regions_page is not None or not draft.collections["regions"]:
        return []
    return [Problem(draft.site_file, 0, 0,
                    "regions_page: the regions need a heading, and site.yaml has none",
                    "add 'regions_page:' with 'title:' (e.g. 'The four regions') and an optional 'intro:'")]


# What resolve() made, kept by a rebuild: per collection, the facts it could refer to (by identity) and
# each draft with the fact it became.
FactMemo = dict[str, tuple[tuple[tuple[Any, ...], ...], dict[int, tuple[Any, Any]]]]


def identical(a: Any, b: Any) -> bool:
    """The same objects, looking inside tuples (which are made anew each build around the same facts)."""
    if type(a) is tuple and type(b) is tuple:
        return len(a) == len(b) and all(identical(x, y) for x, y in zip(a, b))
    return a is b


def swap_all(name: str, drafts: tuple[Any, ...], known: dict[type, dict[str, Any]], problems: list[Problem],
             memo: FactMemo | None) -> tuple[Any, ...]:
    """Each draft with its references linked; a draft seen last time, whose references could only lead to
    the same facts as then, is the same fact again."""
    could_refer_to = tuple(tuple(facts.values()) for facts in known.values())
    last = memo.get(name) if memo is not None else None
    previous = last[1] if last is not None and identical(last[0], could_refer_to) else {}
    facts, kept = [], {}
    for draft in drafts:
        hit = previous.get(id(draft))
        if hit is not None and hit[0] is draft:
            fact = hit[1]
        else:
            before = len(problems)
            fact = swap(draft, known, problems)
            if len(problems) > before:  # never kept, so the next build reports it again
                facts.append(fact)
                continue
        kept[id(draft)] = (draft, fact)
        facts.append(fact)
    if memo is not None:
        memo[name] = (could_refer_to, kept)
    return tuple(facts)


def resolve(draft: Draft, memo: FactMemo | None = None) -> tuple[Explainer | None, list[Problem]]:
    """Link every reference, in dependency order: sources, then people and regions, then the rest.

    With `memo` (kept by a rebuild), drafts that are the same objects as last time are not linked again."""
    problems: list[Problem] = []
    known: dict[type, dict[str, Any]] = {}
    resolved: dict[str, tuple[Any, ...]] = {}
    for name in ("sources", "people", "regions", "timeline", "quotes", "figures", "updates"):
        placed = draft.collections[name]
        facts = swap_all(name, tuple(item.fact for item in placed), known, problems, memo)
        resolved[name] = facts
        ids = index(placed, facts, name.rstrip("s"), problems)
        for kind, collection in REFERABLE.items():
            if collection == name:
                known[kind] = ids
    sections = swap_all("sections", draft.sections, known, problems, memo)
    pages = swap_all("pages", draft.pages, known, problems, memo)
    problems += check_updates(draft) + check_regions_page(draft)
    if draft.site is None or problems:
        return None, problems
    [site] = swap_all("site", (draft.site,), known, problems, memo)  # the map's areas cite sources
    if problems:
        return None, problems
    return Explainer(
        site=site, sections=sections,
        sources=resolved["sources"], people=resolved["people"], regions=resolved["regions"],
        events=tuple(sorted(resolved["timeline"], key=chronological)), quotes=resolved["quotes"],
        figures=resolved["figures"], updates=tuple(sorted(resolved["updates"], key=lambda u: u.date)), pages=pages,
        geodata=draft.geodata, image=draft.image,
    ), problems

