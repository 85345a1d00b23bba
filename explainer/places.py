"""A place's own facts: the groups of fields a project declares in site.yaml's place_fields, checked in each place
of regions.yaml once the site is known."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from .model import PartialDate, Person, PlaceFact, PlaceFacts, PlaceFields, Region, Source
from .problems import Problem, closest, did_you_mean
from .scalars import describe
from .strict_yaml import MarkedDict
from .validate import Partial, Unchecked, Validated, one

# What each declared type is read as: references become the people and sources they name.
TYPES: dict[str, Any] = {"date": PartialDate, "text": str, "people": tuple[Person, ...],
                         "sources": tuple[Source, ...]}
# Words that stand in for a fact nobody has: as a whole value, with or without a remark in brackets after them.
PLACEHOLDERS = frozenset({"nobody", "no one", "none", "nothing", "n/a", "na", "tbd", "tba", "tbc", "tk", "todo",
                          "unknown", "null", "nil", "xxx", "placeholder", "-", "–", "—", "?", "…", ""})
REMARK = re.compile(r"\s*\([^)]*\)\s*$")
DECLARE = "declare it under 'place_fields:' in site.yaml (see docs/content.md#places), or remove it"


def with_facts(part: Validated, groups: tuple[PlaceFields, ...], problems: list[Problem]) -> Validated:
    """A regions file whose places have their declared facts checked and read (a problem for each that does not
    fit site.yaml's place_fields)."""
    by_key: dict[str, PlaceFields] = {group.id: group for group in groups}
    made = tuple(replace(item, fact=place_with_facts(item.fact, by_key, problems)) for item in part.made)
    return replace(part, made=made)


def place_with_facts(place: Region | Partial, groups: dict[str, PlaceFields], problems: list[Problem]) -> Any:
    """The place with each group it gives read into facts (a partial place keeps them among its values)."""
    unchecked: tuple[Unchecked, ...] = place.get("facts", ()) if isinstance(place, Partial) else place.facts  # type: ignore[assignment]
    if not unchecked:
        return place
    facts = tuple(found for item in unchecked if (found := group_facts(item, groups, problems)) is not None)
    if isinstance(place, Partial):
        return replace(place, values=tuple((k, facts if k == "facts" else v) for k, v in place.values))
    return replace(place, facts=facts)


def group_facts(item: Unchecked, groups: dict[str, PlaceFields], problems: list[Problem]) -> PlaceFacts | None:
    """One group a place gives, read field by field; None (and a problem) when site.yaml declares no such group or
    it is not a mapping of its fields."""
    group = groups.get(item.key)
    at = (item.file, item.line, item.col)
    if group is None:
        hint = did_you_mean(item.key, groups) if closest(item.key, groups) else DECLARE
        problems.append(Problem(*at, f"unknown field '{item.key}'", hint))
        return None
    raw = item.value
    names = ", ".join(f.id for f in group.fields)
    if not isinstance(raw, MarkedDict) or not raw:
        got = "none of its fields" if isinstance(raw, MarkedDict) else describe(raw)
        problems.append(Problem(item.file, *item.value_at, f"{item.key}: expected its fields ({names}), got {got}",
                                f"write them on indented 'key: value' lines, or remove '{item.key}:' if the place "
                                f"has no {item.key}"))
        return None
    problems += [Problem(item.file, *raw.key_pos[key], f"{item.key}: unknown field '{key}'",
                         did_you_mean(key, [f.id for f in group.fields]))
                 for key in raw if key not in {f.id for f in group.fields}]
    if missing := [f for f in group.fields if not f.optional and f.id not in raw]:
        wanted = " and ".join(f"'{f.id}:' ({f.label})" for f in missing)
        problems.append(Problem(*at, f"{item.key}: {', '.join(repr(f.id) for f in missing)} missing, and the "
                                f"group's fields go together", f"add {wanted}, or remove '{item.key}:' if the place "
                                f"has no {item.key}"))
    facts = []
    for field in group.fields:
        if field.id in raw:
            where = (item.file, *raw.value_pos[field.id])
            value = one(TYPES[field.type], raw[field.id], where, f"{item.key}.{field.id}", problems)
            if isinstance(value, str) and placeholder(value):
                problems.append(Problem(*where, f"{item.key}.{field.id}: '{value}' stands in for a fact, and the "
                                        f"page would show it as one", f"give the fact ({field.label}) as the sources "
                                        f"do, or remove '{item.key}:' if the place has no {item.key}"))
            if value is not None:
                facts.append(PlaceFact(field, value))
    return PlaceFacts(group, tuple(facts))


def placeholder(value: str) -> bool:
    """Whether a text is only a word that stands in for a missing fact ('nobody', 'TBD', 'n/a (none yet)')."""
    return REMARK.sub("", value).strip().rstrip(".").lower() in PLACEHOLDERS
