"""Language editions: the translations in content/LANG/ laid over the original explainer. A translation holds only
the fields that change with the language, keyed by the original's ids, and records in `from:` the fingerprint of
the original text each field was translated from. A field whose original has changed since (stale) or that has no
translation (missing) shows the original's words, marked with their language and a note, never an outdated
translation; `translation_gaps` in site.yaml makes those gaps notes or errors."""

from __future__ import annotations

import hashlib
import re
import types
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from typing import Any, Literal, Union, get_args, get_origin

from .catalogue import Catalogue, choose
from .load import Document, Loaded
from .model import (Article, Byline, Chart, Comparison, ControlArea, Embed, Event, Explainer, Figure, Geodata, Image, MapArea,
                    MapCity, MapLayer, MapText, Markdown, Person, Picture, PlaceFacts, PlaceField, PlaceFields, Quote, Region, RegionsPage, Section, Site, Term, Update, Verbatim)
from .problems import Position, Problem, did_you_mean, places
from .scalars import Invalid, parse_datetime, prose, text
from .strict_yaml import MarkedDict, MarkedList, scalar_indexes
from .validate import collection_name, hints
from .verify import Archive, Archives, Passage, check_quotation

FINGERPRINT = re.compile(r"[0-9a-f]{12}")
# The fields of each kind of fact that change with the language; every other field is written once, in the original.
TRANSLATABLE: dict[type, tuple[str, ...]] = {
    Site: ("title", "short_title", "dek", "description", "in_brief", "regions_page", "place_fields", "map", "image",
           "sides", "categories", "bylines"),
    RegionsPage: ("title", "menu", "intro"),
    MapText: ("title", "description", "legend", "caption", "caveat", "areas", "outlines", "control", "locator"),
    MapArea: ("label", "legend"), MapLayer: ("label",), ControlArea: ("legend",), Term: ("label",), Image: ("alt",),
    Event: ("title", "summary"), Quote: ("occasion", "context", "text"), Person: ("name", "role", "affiliation"),
    Region: ("name", "kind", "area", "status", "open_questions", "not_on_map"),
    PlaceFields: ("fields",), PlaceField: ("label",),
    Figure: ("value", "label", "detail", "derived", "compare"), Comparison: ("label",),
    Chart: ("title", "unit", "labels", "notes"), Update: ("text",), Embed: ("title", "link_text"),
    Picture: ("alt", "caption"), Byline: ("role",),
    Section: ("title", "body"), Article: ("title", "description", "body"),
}
KEYS: dict[type, str] = {MapArea: "outline", ControlArea: "outline", Update: "date", Byline: "name"}  # what an item is keyed by, when not by its id
# The list files a translation mirrors: the collection, the explainer's field, what each item is, and its name.
LISTS: dict[str, tuple[str, type, str]] = {
    "timeline": ("events", Event, "event"), "quotes": ("quotes", Quote, "quote"), "people": ("people", Person, "person"),
    "regions": ("regions", Region, "region"), "figures": ("figures", Figure, "figure"),
    "charts": ("charts", Chart, "chart"), "updates": ("updates", Update, "update"),
    "embeds": ("embeds", Embed, "embed"), "pictures": ("pictures", Picture, "picture"),
}
PROSE: dict[str, tuple[str, type, str]] = {"sections": ("sections", Section, "section"),
                                           "pages": ("pages", Article, "page")}
MISSING_SHOWN = 3  # of a file's missing fields, how many the build names (explainer status lists all)
SHORTENED = 80  # characters of the original's current text a stale note quotes
NOTES = {"missing": "edition.missing", "stale": "edition.stale"}


def fingerprint(original: str | Sequence[str]) -> str:
    """What a translation records of the text it was translated from: the first 12 hex digits of the SHA-256 of
    the text with its white space collapsed (a list's items each collapsed, joined with newlines)."""
    items = [original] if isinstance(original, str) else list(original)
    collapsed = "\n".join(" ".join(item.split()) for item in items)
    return hashlib.sha256(collapsed.encode()).hexdigest()[:12]


class Untranslated(str):
    """The original's words shown in an edition that has no current translation of them: `lang` is their
    language, `note` what the edition says about it ('Not yet translated')."""

    lang: str
    note: str

    def __new__(cls, value: str, lang: str, note: str) -> Untranslated:
        made = super().__new__(cls, value)
        made.lang, made.note = lang, note
        return made

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Untranslated) and str.__eq__(self, other) and (self.lang, self.note) == (
            other.lang, other.note)

    def __hash__(self) -> int:
        return hash((str(self), self.lang, self.note))


class NewsroomTranslation(str):
    """A quotation as the newsroom translated it into an edition's language (from `source`, the original
    edition's language): shown as a translation, never checked against an archive as the speaker's words."""

    source: str

    def __new__(cls, value: str, source: str) -> NewsroomTranslation:
        made = super().__new__(cls, value)
        made.source = source
        return made

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NewsroomTranslation) and str.__eq__(self, other) and self.source == other.source

    def __hash__(self) -> int:
        return hash((str(self), self.source))


@dataclass(frozen=True, slots=True)
class UntranslatedMarkdown(Markdown):
    """Markdown prose of the original shown in an edition that has no current translation of it (see Untranslated)."""

    lang: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class Gap:
    """A field an edition has no current translation of: where the translation is (or goes), and the original now."""

    edition: str
    kind: Literal["stale", "missing"]
    what: str  # "event 'address', summary"
    file: str  # the translation's file, project-relative
    line: int  # of the translated field (stale), or of its item; 0 for a file not written yet
    col: int
    original: str  # 'content/timeline.yaml:42'
    text: str  # what the original says now
    fingerprint: str  # of the original now: what `from:` takes once the translation is brought up to date
    recorded: Position | None = None  # where `from:` gives the fingerprint it was translated from, when it does

    def problem(self, severity: Literal["error", "note"]) -> Problem:
        said = " ".join(self.text.split())
        said = said if len(said) <= SHORTENED else said[:SHORTENED - 1].rstrip() + "…"
        if self.kind == "stale":
            message = (f"{self.what}: translated from an older version of {self.original}; the original now says "
                       f"“{said}”")
            hint = f"update the translation, then set its from: to {self.fingerprint} (explainer status --stamp)"
        else:
            message = f"{self.what}: not translated into '{self.edition}' (the original is at {self.original})"
            hint = f"add the translation with from: {self.fingerprint}"
        return Problem(self.file, self.line, self.col, message, hint, severity)


@dataclass(frozen=True, slots=True)
class Edition:
    """One language of the site: the original (folder '') or a translated edition ('uk/')."""

    language: str
    folder: str
    explainer: Explainer
    words: Catalogue
    gaps: tuple[Gap, ...] = ()


@dataclass(slots=True)
class Overlay:
    """What laying one edition's translations over the original needs and finds."""

    language: str
    original: str  # the original's language
    words: Catalogue
    folder: str  # the content folder's name as problems show it: 'content/'
    gaps: list[Gap] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    originals: list[tuple[Quote, Document, MarkedDict]] = field(default_factory=list)  # quotes shown as said

    def note(self, kind: str) -> str:
        return self.words.text(NOTES[kind])


@dataclass(frozen=True, slots=True)
class Place:
    """Where one item is: its translation (file, mapping or None) and its original (file, mapping)."""

    what: str  # "event 'address'"
    file: str
    raw: MarkedDict | None
    original_file: str
    original: Any  # the original's mapping, for its fields' lines; None when unknown


def editions_named(loaded: Loaded) -> tuple[str, ...]:
    """The editions site.yaml lists, read before it is validated (so their folders are not taken for content)."""
    site = loaded.documents.get("site.yaml")
    listed = site.data.get("editions") if site is not None and isinstance(site.data, MarkedDict) else None
    return tuple(item for item in listed if isinstance(item, str)) if isinstance(listed, MarkedList) else ()


def split(loaded: Loaded) -> tuple[Loaded, dict[str, dict[str, Document]]]:
    """The original's content, and each edition's translation files by their name inside its folder."""
    named = editions_named(loaded)
    if not named:
        return loaded, {}
    translations: dict[str, dict[str, Document]] = {language: {} for language in named}
    original = {}
    for name, document in loaded.documents.items():
        folder, _, rest = name.partition("/")
        if rest and folder in translations:
            translations[folder][rest] = document
        else:
            original[name] = document
    return replace(loaded, documents=original), translations


def make_editions(explainer: Explainer, loaded: Loaded, translations: dict[str, dict[str, Document]],
                  words: Catalogue, archives: Archives | None, site_file: str) -> tuple[list[Edition], list[Problem]]:
    """The original edition, then each translated one; problems in the translations (errors), the gaps (notes or
    errors, as `translation_gaps` says) and the quotations an edition shows as said, checked."""
    editions = [Edition(explainer.site.language, "", explainer, words)]
    problems: list[Problem] = []
    site_data = loaded.documents["site.yaml"].data if "site.yaml" in loaded.documents else None
    for language in explainer.site.editions:
        at = edition_position(site_data, explainer.site.editions.index(language))
        if language == explainer.site.language or language in (e.language for e in editions):
            problems.append(Problem(site_file, *at, f"editions: '{language}' is listed twice (or is the "
                                    "original's language)", "list each other language once"))
            continue
        edition_words, found = choose(language, loaded.catalogues, (site_file, at))
        problems += found
        if edition_words is None:
            continue
        folder = site_file.rsplit("/", 1)[0] + "/" if "/" in site_file else ""
        overlay = Overlay(language, explainer.site.language, edition_words, folder)
        edition = translate(explainer, loaded, translations.get(language, {}), overlay)
        problems += overlay.problems + check_originals(overlay, archives)
        problems += gap_problems(overlay.gaps, explainer.site.translation_gaps)
        editions.append(Edition(language, f"{language}/", edition, edition_words, tuple(overlay.gaps)))
    return editions, problems


def gap_problems(gaps: list[Gap], severity: Literal["error", "note"]) -> list[Problem]:
    """Each stale field at its line; the missing ones counted once a file (explainer status lists each)."""
    problems = [gap.problem(severity) for gap in gaps if gap.kind == "stale"]
    by_file: dict[str, list[Gap]] = {}
    for gap in gaps:
        if gap.kind == "missing":
            by_file.setdefault(gap.file, []).append(gap)
    for file, missing in by_file.items():
        shown = "; ".join(gap.what for gap in missing[:MISSING_SHOWN]) + ("; …" if len(missing) > MISSING_SHOWN else "")
        problems.append(Problem(file, 0, 0, f"{len(missing)} field{'s' if len(missing) > 1 else ''} not translated "
                                f"into '{missing[0].edition}' ({shown})", "translate them: 'explainer status' lists "
                                "each with the fingerprint its from: takes", severity))
    return problems


def edition_position(site_data: Any, index: int) -> Position:
    listed = site_data.get("editions") if isinstance(site_data, MarkedDict) else None
    if isinstance(listed, MarkedList) and index < len(listed.item_pos):
        return listed.item_pos[index]
    return Position(1, 1)


def translate(explainer: Explainer, loaded: Loaded, documents: dict[str, Document], overlay: Overlay) -> Explainer:
    """The explainer of one edition: the original with each translatable field replaced by its current
    translation, or marked as the original's words."""
    base = overlay.folder
    mine = f"{base}{overlay.language}/"
    lists: dict[str, list[Document]] = {kind: [] for kind in LISTS}
    prose: dict[str, dict[str, Document]] = {kind: {} for kind in PROSE}
    site_translation: Document | None = None
    for name, document in sorted(documents.items()):
        folder, _, file_name = name.rpartition("/")
        if name == "site.yaml":
            site_translation = document
        elif folder in PROSE and file_name.endswith(".md"):
            prose[folder][file_name[:-3]] = document
        elif (kind := collection_name(name)) in LISTS and name.endswith(".yaml"):
            lists[kind or ""].append(document)
        else:
            expected = ["site.yaml", *(f"{kind}.yaml" for kind in LISTS), "sections/NAME.md", "pages/NAME.md"]
            overlay.problems.append(Problem(document.file, 0, 0, "this file is not part of a translation",
                                            did_you_mean(name, expected) + "; facts such as sources are written once, "
                                            "in the original"))
    originals = original_items(loaded)
    site_raw = site_translation.data if site_translation is not None else None
    if site_translation is not None and not isinstance(site_raw, MarkedDict):
        overlay.problems.append(Problem(site_translation.file, 1, 1, "a translation of site.yaml is a mapping",
                                        "write its translated fields as 'key: value' lines"))
        site_raw = None
    site_place = Place("site", f"{mine}site.yaml", site_raw, f"{base}site.yaml", originals.get(("site", ""), ("", None))[1])
    site = fact(explainer.site, site_place, overlay)
    site = replace(site, language=overlay.language)
    translated: dict[str, tuple[Any, ...]] = {}
    given_quotes: dict[str, tuple[Document, MarkedDict]] = {}
    for kind, (attribute, cls, noun) in LISTS.items():
        facts = getattr(explainer, attribute)
        given = keyed([(d.file, d.data) for d in lists[kind]], cls, [key_of(f) for f in facts], noun, overlay)
        if kind == "quotes":
            documents_by_file = {d.file: d for d in lists[kind]}
            given_quotes = {key: (documents_by_file[file], raw) for key, (file, raw) in given.items()}
        translated[kind] = tuple(fact(f, Place(
            f"{noun} '{key_of(f)}'", given[key_of(f)][0] if key_of(f) in given else f"{mine}{kind}.yaml",
            given[key_of(f)][1] if key_of(f) in given else None,
            *originals.get((kind, key_of(f)), (f"{base}{kind}.yaml", None))), overlay) for f in facts)
    people = {p.id: p for p in translated["people"]}
    labelled_fields = {(group.id, one.id): one for group in site.place_fields for one in group.fields}
    regions = {r.id: replace(r, facts=tuple(replace(group, facts=tuple(
        replace(one, field=labelled_fields.get((group.group.id, one.field.id), one.field)) for one in group.facts))
        for group in r.facts)) for r in translated["regions"]}
    charts = {c.id: c for c in translated["charts"]}
    pictures = {p.id: p for p in translated["pictures"]}
    events = tuple(replace(e, people=tuple(people[p.id] for p in e.people),
                           regions=tuple(regions[r.id] for r in e.regions),
                           picture=e.picture and pictures[e.picture.id]) for e in translated["timeline"])
    site = replace(site, lead=site.lead and pictures[site.lead.id])
    quotes = tuple(shown_quote(replace(q, speaker=people[q.speaker.id]), original, given_quotes.get(q.id), overlay)
                   for q, original in zip(translated["quotes"], explainer.quotes))
    sections, pages = (prose_facts(getattr(explainer, PROSE[kind][0]), prose[kind], kind, loaded, overlay)
                       for kind in PROSE)
    sections = tuple(replace(s, charts=tuple(charts[c.id] for c in s.charts)) for s in sections)
    geodata = explainer.geodata
    if geodata is not None:
        geodata, cities = labelled(geodata, site.map.cities if site.map else (), site_raw, site_place, overlay)
        site = replace(site, map=replace(site.map, cities=cities)) if site.map else site
    return replace(explainer, site=site, people=tuple(people.values()), regions=tuple(regions.values()),
                   events=events, quotes=quotes, figures=translated["figures"], updates=translated["updates"],
                   charts=tuple(charts.values()), sections=sections, pages=pages, geodata=geodata,
                   embeds=translated["embeds"], pictures=tuple(pictures.values()))


def key_of(item: Any) -> str:
    value = getattr(item, KEYS.get(type(item), "id"))
    return value.isoformat() if isinstance(value, datetime) else str(value)


def original_items(loaded: Loaded) -> dict[tuple[str, str], tuple[str, Any]]:
    """Each original item's file and mapping (for the lines of its fields), by (collection, key); the site as
    ('site', ''), each section and page as ('sections', id)."""
    found: dict[tuple[str, str], tuple[str, Any]] = {}
    for name, document in loaded.documents.items():
        folder, _, file_name = name.rpartition("/")
        if name == "site.yaml":
            found["site", ""] = (document.file, document.data)
        elif folder in PROSE:
            found[folder, file_name.rsplit(".", 1)[0]] = (document.file, front_matter(document))
        elif (kind := collection_name(name)) in LISTS and isinstance(document.data, list):
            cls = LISTS[kind or ""][1]
            for item in document.data:
                if isinstance(item, dict) and KEYS.get(cls, "id") in item:
                    key = item[KEYS.get(cls, "id")]
                    if cls is Update:
                        key = written_date(key)
                    found[kind or "", str(key)] = (document.file, item)
    return found


def front_matter(document: Document) -> Any:
    """A prose file's front matter with the body as a field at its line, as validate sees it."""
    data = document.data
    if not isinstance(data, MarkedDict):
        return data
    out = MarkedDict(data, body=document.body)
    out.pos, out.key_pos = data.pos, data.key_pos
    out.value_pos = {**data.value_pos, "body": Position(document.body_line, 1)}
    out.value_at = getattr(data, "value_at", {})
    return out


def written_date(value: Any) -> str:
    try:
        return parse_datetime(value).isoformat()
    except Invalid:
        return str(value)


def keyed(files: list[tuple[str, Any]], cls: type, known: list[str], noun: str,
          overlay: Overlay) -> dict[str, tuple[str, MarkedDict]]:
    """The translated items of one list (across its files), by key; an item with an unknown or repeated key, or no
    key, is a problem."""
    key_name = KEYS.get(cls, "id")
    found: dict[str, tuple[str, MarkedDict]] = {}
    for file, data in files:
        if not isinstance(data, MarkedList):
            line, col = getattr(data, "pos", Position(1, 1))
            overlay.problems.append(Problem(file, line, col, f"expected a list of translated {noun}s",
                                            f"start each item with '- {key_name}: ' at the left margin"))
            continue
        for item, pos in zip(data, data.item_pos):
            if not isinstance(item, MarkedDict) or key_name not in item:
                overlay.problems.append(Problem(file, *pos, f"a translated {noun} needs its '{key_name}'",
                                                f"write '{key_name}:' as in the original, then the translated fields"))
                continue
            key = written_date(item[key_name]) if cls is Update else str(item[key_name])
            where = item.value_pos[key_name]
            if key not in known:
                overlay.problems.append(Problem(file, *where, f"there is no {noun} '{key}' in the original",
                                                did_you_mean(key, known)))
            elif key in found:
                overlay.problems.append(Problem(file, *where, f"the {noun} '{key}' is translated twice",
                                                f"keep one of them (the other is in {found[key][0]})"))
            else:
                found[key] = (file, item)
    return found


def fact(value: Any, place: Place, overlay: Overlay) -> Any:
    """One fact with each translatable field replaced: by its translation when current, else by the original's
    words marked; unknown fields and bad `from:` entries are problems."""
    cls = type(value)
    allowed = TRANSLATABLE[cls]
    raw = place.raw
    fingerprints: dict[str, tuple[Any, Position]] = {}
    if raw is not None:
        check_fields(raw, value, place, overlay)
        written = raw.get("from")
        if isinstance(written, MarkedDict):
            fingerprints = {key: (value, written.value_pos[key]) for key, value in written.items()}
            for key in written:
                if key not in allowed or key not in raw:
                    overlay.problems.append(Problem(place.file, *written.key_pos[key], f"from: '{key}' is not a "
                                                    "field translated here", did_you_mean(key, [k for k in allowed
                                                                                                if k in raw])))
        elif written is not None:
            overlay.problems.append(Problem(place.file, *raw.value_pos["from"], "from: expected a mapping of each "
                                            "translated field to the fingerprint of its original",
                                            "write it as from: {title: 3f2a9c1b04de} (explainer status gives them)"))
    changed = {}
    for name in allowed:
        original = getattr(value, name)
        if original is None or original == ():
            continue
        kind = bare(hints(cls)[name])  # type: ignore[arg-type]  # a dataclass is hashable
        inner = get_args(kind)[0] if get_origin(kind) is tuple else None
        given = raw.get(name) if raw is not None else None
        if kind in TRANSLATABLE:
            sub_place = Place(f"{place.what}, {name}", place.file, given if isinstance(given, MarkedDict) else None,
                              place.original_file, sub(place.original, name))
            changed[name] = fact(original, sub_place, overlay)
        elif inner in TRANSLATABLE:
            changed[name] = items_of(original, given, name, place, overlay)
        else:
            changed[name] = leaf(original, name, kind, place, fingerprints.get(name, (None, None)), overlay)
    if isinstance(value, Region) and value.facts:
        changed["facts"] = tuple(place_facts(group, place, overlay) for group in value.facts)
    return replace(value, **changed) if changed else value


def place_facts(group: PlaceFacts, place: Place, overlay: Overlay) -> PlaceFacts:
    """A place's declared facts of one group, its text facts translated under the group's key
    (`vote: {announced_by: …, from: {…}}`); dates, people and sources are written once."""
    given = place.raw.get(group.group.id) if place.raw is not None else None
    raw = given if isinstance(given, MarkedDict) else None
    at = Place(f"{place.what}, {group.group.id}", place.file, raw, place.original_file,
               sub(place.original, group.group.id))
    written = raw.get("from") if raw is not None else None
    fingerprints = {key: (value, written.value_pos[key]) for key, value in written.items()} \
        if isinstance(written, MarkedDict) else {}
    return replace(group, facts=tuple(
        replace(one, value=leaf(one.value, one.field.id, str, at, fingerprints.get(one.field.id, (None, None)),
                                overlay)) if one.field.type == "text" else one for one in group.facts))


def items_of(originals: tuple[Any, ...], given: Any, name: str, place: Place, overlay: Overlay) -> tuple[Any, ...]:
    """A list of keyed mappings inside a fact (a map's areas, the sides, the categories), each translated."""
    cls = type(originals[0])
    files = [(place.file, given)] if given is not None else []
    found = keyed(files, cls, [key_of(o) for o in originals], name.rstrip("s"), overlay)
    listed = sub(place.original, name)
    by_key = {str(item.get(KEYS.get(cls, "id"))): item for item in listed if isinstance(item, dict)} \
        if isinstance(listed, list) else {}
    return tuple(fact(o, Place(f"{place.what}, {name} '{key_of(o)}'", place.file, found.get(key_of(o), ("", None))[1],
                               place.original_file, by_key.get(key_of(o))), overlay) for o in originals)


def sub(raw: Any, name: str) -> Any:
    return raw.get(name) if isinstance(raw, dict) else None


def bare(tp: Any) -> Any:
    """A field's type without its `| None`."""
    if get_origin(tp) in (Union, types.UnionType):
        return next(a for a in get_args(tp) if a is not type(None))
    return tp


def check_fields(raw: MarkedDict, value: Any, place: Place, overlay: Overlay) -> None:
    """A problem for each key of a translated item that is not a field translated there."""
    cls = type(value)
    allowed = TRANSLATABLE[cls]
    extra = {"from", KEYS.get(cls, "id")} | ({"labels"} if cls is MapText else set()) | \
        ({group.group.id for group in value.facts} if isinstance(value, Region) else set())
    for key in raw:
        if key not in allowed and key not in extra:
            written_once = [f.name for f in fields(cls) if f.name not in allowed]
            hint = did_you_mean(key, allowed) if key not in written_once else \
                f"'{key}' does not change with the language: it is written once, in {place.original_file}"
            overlay.problems.append(Problem(place.file, *raw.key_pos[key], f"unknown field '{key}' in a translation",
                                            hint))


def leaf(original: Any, name: str, kind: Any, place: Place, written: tuple[Any, Position | None],
         overlay: Overlay) -> Any:
    """One translatable text field (or list of texts): the translation when its `from:` (the fingerprint
    `written`, and where) matches the original now, else the original marked as missing or stale."""
    recorded, recorded_at = written
    if isinstance(recorded, int) and not isinstance(recorded, bool):  # all digits: YAML read a number
        recorded = str(recorded)
    many = get_origin(kind) is tuple
    texts = as_written(sub(place.original, name)) or ([plain(o) for o in original] if many else plain(original))
    now = fingerprint(texts)
    raw = place.raw
    line, col = field_line(place.original, name)
    at = f"{place.original_file}:{line}" if line else place.original_file
    shown = "\n".join(texts) if isinstance(texts, list) else texts
    if (raw is None or name not in raw) and not any(char.isalpha() for char in shown):
        return original  # digits and signs only ("38"): the same words in every edition
    if raw is None or name not in raw:
        item_line, item_col = raw.pos if raw is not None else (0, 0)
        overlay.gaps.append(Gap(overlay.language, "missing", f"{place.what}, {name}", place.file, item_line,
                                item_col, at, shown, now))
        return marked(original, "missing", overlay)
    given, (given_line, given_col) = raw[name], raw.value_pos[name]
    try:
        if many:
            if not isinstance(given, MarkedList):
                raise Invalid("expected a list", "write one '- ' line for each of the original's items")
            value = tuple(convert(get_args(kind)[0], item, place.file, item_pos[0])
                          for item, item_pos in zip(given, given.item_pos))
        else:
            value = convert(kind, given, place.file, given_line)
    except Invalid as error:
        overlay.problems.append(Problem(place.file, given_line, given_col, f"{name}: {error.message}", error.hint))
        return marked(original, "missing", overlay)
    if not isinstance(recorded, str) or recorded != now:
        if recorded is not None and not (isinstance(recorded, str) and FINGERPRINT.fullmatch(recorded)):
            overlay.problems.append(Problem(place.file, given_line, given_col, f"from: {name}: expected 12 "
                                            f"hexadecimal digits, got {recorded!r}", f"write {now} once the "
                                            "translation says what the original says"))
        overlay.gaps.append(Gap(overlay.language, "stale", f"{place.what}, {name}", place.file, given_line,
                                given_col, at, shown, now, recorded_at if isinstance(recorded, str) else None))
        return marked(original, "stale", overlay)
    return value


def as_written(raw: Any) -> str | list[str] | None:
    """A field's text as the original's file writes it (before typography), which is what translators see and
    what `from:` fingerprints; None when the file does not give it as text."""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, list) and all(isinstance(item, str) for item in raw):
        return list(raw)
    return None


def plain(value: Any) -> str:
    return value.text if isinstance(value, Markdown) else str(value)


def field_line(original: Any, name: str) -> Position:
    """Where the original writes a field, or (0, 0) when it cannot be told."""
    positions = getattr(original, "value_pos", None)
    return positions.get(name, Position(0, 0)) if isinstance(positions, dict) else Position(0, 0)


def convert(kind: Any, given: Any, file: str, line: int) -> Any:
    """A translated value in the field's type: text (typographic, as the original's), or Markdown at its line."""
    if kind is Markdown:
        return Markdown(text(given, "Markdown text"), file, line)
    if kind is Verbatim:
        return Verbatim(text(given, "the quotation"))
    return prose(given)


def marked(original: Any, kind: str, overlay: Overlay) -> Any:
    """The original's words, marked as such for the edition (their language and the edition's note)."""
    if isinstance(original, tuple):
        return tuple(marked(item, kind, overlay) for item in original)
    if isinstance(original, Markdown):
        return UntranslatedMarkdown(original.text, original.file, original.line, original.cell, overlay.original,
                                    overlay.note(kind))
    return Untranslated(original, overlay.original, overlay.note(kind))


def prose_facts(originals: tuple[Any, ...], documents: dict[str, Document], kind: str, loaded: Loaded,
                overlay: Overlay) -> tuple[Any, ...]:
    """The sections or pages of an edition, each from content/LANG/sections/ID.md when there is one."""
    noun = PROSE[kind][2]
    base, mine = overlay.folder, f"{overlay.folder}{overlay.language}/"
    ids = [o.id for o in originals]
    for name, document in documents.items():
        if name not in ids:
            overlay.problems.append(Problem(document.file, 0, 0, f"there is no {noun} '{name}' in the original",
                                            did_you_mean(name, ids)))
    originals_by_id = {k: v for (folder, k), v in original_items(loaded).items() if folder == kind}
    made = []
    for original in originals:
        translation = documents.get(original.id)
        raw = front_matter(translation) if translation is not None else None
        if translation is not None and not isinstance(raw, MarkedDict):
            overlay.problems.append(Problem(translation.file, 1, 1, "the front matter is not a mapping",
                                            "write 'title:' and 'from:' between the '---' lines"))
            raw = None
        file = translation.file if translation is not None else f"{mine}{kind}/{original.id}.md"
        origin_file, origin = originals_by_id.get(original.id, (f"{base}{kind}/{original.id}.md", None))
        made.append(fact(original, Place(f"{noun} '{original.id}'", file, raw, origin_file, origin), overlay))
    return tuple(made)


def labelled(geodata: Geodata, cities: tuple[MapCity, ...], site_raw: MarkedDict | None, place: Place,
             overlay: Overlay) -> tuple[Geodata, tuple[MapCity, ...]]:
    """The map's geodata and the content's cities with their names (countries, cities, seas) in the edition's
    language, from site.yaml's map: labels: {NAME: label}; a name without a label is missing, and a label for no
    name is a problem."""
    map_raw = site_raw.get("map") if site_raw is not None else None
    labels = map_raw.get("labels") if isinstance(map_raw, MarkedDict) else None
    names = [shape.name for shape in (geodata.country, *geodata.neighbours)] + [
        spot.name for spot in (*geodata.places, *geodata.waters)] + [city.name for city in cities]
    given: dict[str, str] = {}
    if isinstance(labels, MarkedDict):
        for name, label in labels.items():
            if name == "from":
                continue
            if name not in names:
                overlay.problems.append(Problem(place.file, *labels.key_pos[name], f"map: labels: the map has no "
                                                f"name '{name}'", did_you_mean(name, names)))
            elif not isinstance(label, str) or not label.strip():
                overlay.problems.append(Problem(place.file, *labels.value_pos[name], f"map: labels: '{name}' "
                                                "needs its label as text", "write the name as the edition's "
                                                "language writes it"))
            else:
                given[name] = label.strip()
    for name in names:
        if name not in given:
            overlay.gaps.append(Gap(overlay.language, "missing", f"site, map label '{name}'", place.file,
                                    *(labels.pos if isinstance(labels, MarkedDict) else (0, 0)),
                                    geodata.file, name, fingerprint(name)))
    rename = lambda shape: replace(shape, name=given.get(shape.name, shape.name))  # noqa: E731
    return (replace(geodata, country=rename(geodata.country), neighbours=tuple(map(rename, geodata.neighbours)),
                    places=tuple(map(rename, geodata.places)), waters=tuple(map(rename, geodata.waters))),
            tuple(map(rename, cities)))


def check_originals(overlay: Overlay, archives: Archives | None) -> list[Problem]:
    """Each quotation an edition shows as the speaker's own words, found in the archive in its language."""
    problems = []
    for quote, document, raw in overlay.originals:
        cites = tuple(source.id for source in quote.sources if source.language == overlay.language)
        cited: dict[str, Archive] = {s: archives.by_source[s] for s in cites if archives is not None and s in archives.by_source}
        passage = Passage(quote.text, "text: ", document, raw.value_at["text"], True, cites)
        found = sorted(check_quotation(passage, cited), key=lambda finding: finding.offset)
        indexes = scalar_indexes(document.text, passage.at, passage.text, [f.offset for f in found])
        problems += [Problem(document.file, line, col, "text: " + f.message, f.hint, f.severity)
                     for f, (line, col) in zip(found, places(document.text, indexes))]
    return problems


def shown_quote(quote: Quote, original: Quote, given: tuple[Document, MarkedDict] | None,
                overlay: Overlay) -> Quote:
    """A quotation as an edition shows it: a current translation is the speaker's own words when they spoke the
    edition's language and a source in it is archived (then checked against that archive), else the newsroom's
    translation, marked as one; without one, the original's words (marked)."""
    if given is None or isinstance(quote.text, Untranslated) or quote.text == original.text and "text" not in given[1]:
        return quote
    if quote.language == overlay.language and any(s.language == overlay.language and s.archive for s in quote.sources):
        overlay.originals.append((replace(quote, translated=False), *given))
        return overlay.originals[-1][0]
    return replace(quote, text=Verbatim(NewsroomTranslation(quote.text, overlay.original)), translated=True)


def quote_language(quote: Quote, site_language: str) -> str:
    """The language of a quotation's words as an edition shows them."""
    if isinstance(quote.text, Untranslated):
        return quote.text.lang if quote.translated else quote.language
    if isinstance(quote.text, NewsroomTranslation):
        return site_language
    return quote.language_shown(site_language)


def gaps_in(editions: Sequence[Edition]) -> Iterator[Gap]:
    for edition in editions:
        yield from edition.gaps


def stamp(text: str, gaps: Sequence[Gap]) -> str:
    """A translation file's text with the `from:` fingerprint of each of the (stale) gaps set to the original's
    current one; the rest of the file as it was. ValueError when a gap's `from:` entry cannot be found."""
    lines = text.split("\n")
    for gap in gaps:
        if gap.recorded is None:
            raise ValueError(f"{gap.what} has no fingerprint in its from: to replace; add '{gap.what.rsplit(', ', 1)[-1]}:"
                             f" {gap.fingerprint}' to it by hand")
        line, col = gap.recorded
        found = FINGERPRINT.match(lines[line - 1], col - 1) if 0 < line <= len(lines) else None
        if found is None:
            raise ValueError(f"the from: of {gap.what} is not 12 hexadecimal digits at line {line}; write "
                             f"{gap.fingerprint} there by hand")
        lines[line - 1] = lines[line - 1][:found.start()] + gap.fingerprint + lines[line - 1][found.end():]
    return "\n".join(lines)
