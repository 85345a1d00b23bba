"""Checking loaded data against the model: raw YAML values become model objects, or problems."""

from __future__ import annotations

import types
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from . import model
from .archieml import SHEETS as DOCUMENT_SHEETS, AmlDict, AmlList
from .load import Document, Loaded
from .strict_yaml import MarkedDict, MarkedList
from .model import COLLECTIONS, REFERABLE, TERMS, Article, Markdown, Section, Site
from .problems import Position, Problem, closest, did_you_mean, locate
from .scalars import PARSERS, SLUG, Invalid, describe, markdown_limit, text
from .spreadsheet import MarkedRow, Sheet
from .visuals import check_map, read_geodata, site_image
from .charts import Series, chart_rows, check_chart, read_table
from .embeds import check_embed, check_posters

DESCRIPTION_LIMIT = 200
FEWEST_COPIED_WORDS = 4  # shorter runs ('the United States') are in any two texts on one story
FEWEST_NEAR_WORDS = 6  # a near-copy has a changed word in it: shorter ones are common phrases
RESERVED_PAGES = {"index"}  # pages/index.html lists the pages
SHEET = "timeline"  # the collection a spreadsheet (a .csv file) can hold


@dataclass(frozen=True, slots=True)
class Ref:
    """An id that names another fact or a term of site.yaml's vocabularies, before resolve checks it (and swaps
    in the fact itself)."""

    kind: type
    id: str
    file: str
    line: int
    col: int
    field: str  # the field (or spreadsheet column) that names it, as problems show it


@dataclass(frozen=True, slots=True)
class Partial:
    """An item with a field that does not fit, kept with the fields that do: it still exists, so references to
    its id do not fail as well, and the references in its good fields are still checked. A draft that holds one
    never becomes an Explainer."""

    kind: type
    id: str | None  # its id as written, even when the id itself does not fit
    values: tuple[tuple[str, Any], ...]  # (field, value) for each field that fit

    def get(self, name: str, default: Any = None) -> Any:
        """A field that fit, or `default`."""
        return next((value for field_name, value in self.values if field_name == name), default)


@dataclass(frozen=True, slots=True)
class Unchecked:
    """A key of a place that is none of the model's fields, kept as written: a group of fields that site.yaml's
    place_fields may declare, checked once the site is known (places.py)."""

    key: str
    value: Any
    file: str
    line: int  # of the key
    col: int
    value_at: Position


@cache
def written_fields(cls: type) -> dict[str, Any]:
    """The fields a content file writes under their own names: all but a place's facts, which it writes under the
    keys site.yaml declares (read, never changed: one dict a class)."""
    return {f.name: f for f in fields(cls) if not f.metadata.get("declared")}


@cache
def declared_field(cls: type) -> str | None:
    """The field that holds the keys site.yaml declares (a place's facts), if the class has one."""
    return next((f.name for f in fields(cls) if f.metadata.get("declared")), None)


MARKDOWN_TYPES = (Markdown, Markdown | None)  # a field of Markdown, taken as written (made once, not per field)
RENAMED = {"local_name": "write 'local_names:' with each name under its language's BCP 47 tag, e.g. "
                         "'local_names: {fr: Bruxelles, nl: Brussel}'"}


@cache
def hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls, vars(model))


def required(f: Any) -> bool:
    return f.default is MISSING


def convert(tp: Any, value: Any, at: tuple[str, int, int], name: str, problems: list[Problem]) -> Any:
    """Turn one raw value into the type a field declares; raise Invalid when it does not fit."""
    file, line, col = at
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        inner = next(a for a in get_args(tp) if a is not type(None))
        return None if value is None else convert(inner, value, at, name, problems)
    if origin is Literal:
        choices = get_args(tp)
        if value not in choices:
            raise Invalid(f"expected one of {', '.join(choices)}, got {describe(value)}",
                          did_you_mean(str(value), choices) if isinstance(value, str) else "")
        return value
    if origin is tuple:
        if not isinstance(value, MarkedList):
            raise Invalid(f"expected a list, got {describe(value)}", "write each item on its own '- ' line")
        item_type = get_args(tp)[0]
        items = []
        for item, (item_line, item_col) in zip(value, value.item_pos):
            try:
                items.append(convert(item_type, item, (file, item_line, item_col), name, problems))
            except Invalid as error:
                problems.append(Problem(file, item_line, item_col, f"{name}: {error.message}", error.hint))
        return tuple(items)
    if origin is dict:
        return mapping(tp, value, file, name, problems)
    if tp is Markdown:
        markdown = Markdown(text(value, "Markdown text"), file, line)
        problems += overloaded(markdown, name, col)
        return markdown
    if tp in PARSERS:
        return PARSERS[tp](value)
    if tp in REFERABLE or tp in TERMS:
        return Ref(tp, text(value, "an id"), file, line, col, name)
    if isinstance(tp, type) and is_dataclass(tp):
        return build(tp, value, file, Position(line, col), problems, name)
    if tp is bool:
        if not isinstance(value, bool):
            raise Invalid(f"expected true or false, got {describe(value)}", "write true or false, without quotes")
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(f"expected a whole number, got {describe(value)}", "write digits only, e.g. 300000")
        return value
    raise TypeError(f"the model uses a type validate does not know: {tp!r}")


def mapping(tp: Any, value: Any, file: str, name: str, problems: list[Problem]) -> dict[Any, Any]:
    """A mapping whose keys and values are each checked at their own place (site.yaml's pull: file -> address)."""
    if not isinstance(value, MarkedDict):
        raise Invalid(f"expected a mapping, got {describe(value)}", "write each entry as 'key: value' on its own line")
    key_type, value_type = get_args(tp)
    found = {}
    for key, item in value.items():
        made = [one(tp, raw, (file, *at), name, problems) for tp, raw, at in
                ((key_type, key, value.key_pos[key]), (value_type, item, value.value_pos[key]))]
        if made[0] is not None and made[1] is not None:
            found[made[0]] = made[1]
    return found


def one(tp: Any, value: Any, at: tuple[str, int, int], name: str, problems: list[Problem]) -> Any:
    """A value converted, or None and a problem at its place."""
    try:
        return convert(tp, value, at, name, problems)
    except Invalid as error:
        problems.append(Problem(*at, f"{name}: {error.message}", error.hint))
        return None


def overloaded(markdown: Markdown, name: str, col: int) -> list[Problem]:
    """A problem when the Markdown value of the field `name` (starting at `col` of its first line) is too long or
    too deeply nested to convert in good time, at the place that breaks the limit."""
    broken = markdown_limit(markdown.text)
    if broken is None:
        return []
    offset, message, fix = broken
    line, column = locate(markdown.text, offset, Position(markdown.line, col))
    return [Problem(markdown.file, line, column, f"{name}: {message}", fix)]


def build(cls: type, raw: Any, file: str, pos: Position, problems: list[Problem], name: str = "") -> Any:
    """Make one model object from a YAML mapping, collecting a problem for every field that does not fit (each
    once: a misspelt field is not also reported missing); a Partial when one does not fit."""
    label = f"{name}: " if name else ""
    if not isinstance(raw, MarkedDict):
        problems.append(Problem(file, *pos, f"{label}expected a mapping of fields, got {describe(raw)}",
                                f"write it as 'key: value' lines with the fields {', '.join(written_fields(cls))}"))
        return None
    known = written_fields(cls)
    declared = declared_field(cls)
    columns = raw.columns if isinstance(raw, MarkedRow) else {}  # a spreadsheet's: problems name them
    # The fields that misspelt keys stand for, and those a spreadsheet's cells lacked (reported already).
    meant: set[str | None] = set(raw.reported) if isinstance(raw, MarkedRow) else set()
    unchecked = []
    for key in raw:
        if key not in known:
            if declared and key not in RENAMED and closest(key, [k for k in known if k not in raw]) is None:
                unchecked.append(Unchecked(key, raw[key], file, *raw.key_pos[key], raw.value_pos[key]))
                continue
            problems.append(Problem(file, *raw.key_pos[key], f"unknown field '{key}'",
                                    RENAMED.get(key) or did_you_mean(key, known)))
            meant.add(closest(key, known))
    values: dict[str, Any] = {declared: tuple(unchecked)} if declared and unchecked else {}
    ok = True
    for f in known.values():
        if f.name not in raw:
            if required(f):
                ok = False
                if f.name not in meant:
                    problems.append(Problem(file, *raw.pos, f"missing required field '{f.name}'",
                                            f"add '{f.name}:' ({f.metadata['doc'].rstrip('.')})"))
            continue
        value = raw[f.name]
        where = (file, *raw.value_pos[f.name])
        shown = columns.get(f.name, f.name)  # as problems name it
        before = len(problems)
        try:
            if hints(cls)[f.name] in MARKDOWN_TYPES and value is not None:
                text(value, "Markdown text")
                values[f.name] = Markdown(value, file, where[1], where[2] if columns else 0)
                problems += overloaded(values[f.name], shown, where[2])
            else:
                values[f.name] = convert(hints(cls)[f.name], value, where, shown, problems)
        except Invalid as error:
            ok = False
            problems.append(Problem(*where, f"{shown}: {error.message}", error.hint))
            continue
        if required(f) and values[f.name] == ():
            ok = False
            problems.append(Problem(*where, f"{shown}: the list is empty", "add at least one item"))
        ok = ok and len(problems) == before
    check = CHECKS.get(cls)
    for message, field_name, hint in check(values) if check else []:  # on the fields that fit, even if one did not
        problems.append(Problem(file, *raw.value_pos.get(field_name, raw.pos), message, hint))
    if not ok:
        written = raw.get("id")
        return Partial(cls, values.get("id", written.strip() if isinstance(written, str) else None),
                       tuple(values.items()))
    return cls(**values)


def check_event(values: dict[str, Any]) -> list[tuple[str, str, str]]:
    found = []
    date, qualifier, time = values.get("date"), values.get("qualifier"), values.get("time")
    if qualifier and date and date.precision != "month":
        found.append((f"qualifier: '{qualifier}' needs a month date such as 2022-09, got '{date.iso}'",
                      "qualifier", "remove the qualifier or give the date as YYYY-MM"))
    if time and date and date.precision != "day":
        found.append((f"time: a time needs a full date, got '{date.iso}'", "time",
                      "give the date as YYYY-MM-DD or remove the time"))
    return found


def check_quote(values: dict[str, Any]) -> list[tuple[str, str, str]]:
    marks = "\"“”«»'‘’"
    quoted = values.get("text", "")
    if len(quoted) > 1 and quoted[0] in marks and quoted[-1] in marks:
        return [("text: the quote is wrapped in quotation marks", "text", "remove them; the page adds its own")]
    return []


def check_site(values: dict[str, Any]) -> list[tuple[str, str, str]]:
    for vocabulary in ("sides", "categories"):
        ids = [term.id for term in values.get(vocabulary, ())]
        if repeated := sorted({term_id for term_id in ids if ids.count(term_id) > 1}):
            return [(f"{vocabulary}: the id '{repeated[0]}' is listed twice", vocabulary, "keep one of them")]
    if found := check_place_fields(values.get("place_fields", ())):
        return [found]
    description = values.get("description", "")
    if len(description) > DESCRIPTION_LIMIT:
        return [(f"description: {len(description)} characters is too long", "description",
                 f"shorten it to {DESCRIPTION_LIMIT} characters or fewer; search engines cut the rest")]
    limit = values.get("copied_words_limit", FEWEST_COPIED_WORDS)
    if limit < FEWEST_COPIED_WORDS:
        return [(f"copied_words_limit: {limit} words is too few to tell copying from common phrases",
                 "copied_words_limit", f"use {FEWEST_COPIED_WORDS} or more; 8 is the default")]
    near = values.get("near_copy_words", FEWEST_NEAR_WORDS)
    if 0 < near < FEWEST_NEAR_WORDS:
        return [(f"near_copy_words: {near} words is too few to tell a near-copy from common phrases",
                 "near_copy_words", f"use {FEWEST_NEAR_WORDS} or more, or 0 to turn the check off; 10 is the default")]
    if values.get("embed_events", 1) < 1:
        return [(f"embed_events: {values['embed_events']} events is too few for the timeline embed", "embed_events",
                 "use 1 or more; 5 is the default")]
    return []


def check_place_fields(groups: tuple[model.PlaceFields, ...]) -> tuple[str, str, str] | None:
    """The first group of place_fields whose key a place could not hold, or that repeats a key."""
    taken = [f.name for f in fields(model.Region)]
    keys = [group.id for group in groups]
    for group in groups:
        if group.id in taken:
            return (f"place_fields: '{group.id}' is a field every place has", "place_fields",
                    "give the group another key, e.g. 'details'")
        if keys.count(group.id) > 1:
            return (f"place_fields: the group '{group.id}' is declared twice", "place_fields", "keep one of them")
        inner = [f.id for f in group.fields]
        if repeated := sorted({key for key in inner if inner.count(key) > 1}):
            return (f"place_fields: the group '{group.id}' declares '{repeated[0]}' twice", "place_fields",
                    "keep one of them")
    return None


def check_figure(values: dict[str, Any]) -> list[tuple[str, str, str]]:
    if values.get("compare") and values.get("number") is None:
        return [("compare: a comparison needs the figure's own number", "compare",
                 "add 'number:' with the figure as digits, e.g. 300000")]
    return []


def check_picture(values: dict[str, Any]) -> list[tuple[str, str, str]]:
    alt, caption = (" ".join(values.get(name, "").casefold().split()).rstrip(".") for name in ("alt", "caption"))
    if alt and alt == caption:
        return [("alt: the alt text repeats the caption, so a reader who cannot see the picture learns nothing of it",
                 "alt", "say what the picture shows in 'alt:'; the caption says what it means for the story")]
    return []


# Checks across an item's fields, on those that fit: (message, field, hint) for each problem.
CHECKS: dict[type, Callable[[dict[str, Any]], list[tuple[str, str, str]]]] = {
    model.Event: check_event, model.Quote: check_quote, Site: check_site, model.Figure: check_figure,
    model.Chart: check_chart, model.Embed: check_embed, model.Picture: check_picture}


def collection_name(name: str) -> str | None:
    """'timeline.yaml' and 'timeline/2022.yaml' (names inside content/) both hold the timeline, and so do
    'timeline.csv' and 'timeline/2022.csv' (a spreadsheet holds only the timeline) and 'timeline.aml' (ArchieML
    holds only quotes and the timeline)."""
    parts = name.split("/")
    suffix = next((s for s in (".csv", ".aml") if name.endswith(s)), ".yaml")
    stem = parts[0].removesuffix(suffix)
    if suffix == ".csv" and stem != SHEET or suffix == ".aml" and stem not in DOCUMENT_SHEETS:
        return None
    if len(parts) == 1 and name.endswith(suffix) or len(parts) == 2 and parts[1].endswith(suffix):
        return stem
    return None


def validate_prose(cls: type, document: Document, problems: list[Problem]) -> Any:
    """A section or a standalone page: front matter fields, the file name as id, the Markdown body (in ArchieML,
    its 'body:' value)."""
    name = document.file.rsplit("/", 1)[-1]
    stem, suffix = name.rsplit(".", 1)
    if not SLUG.match(stem):
        problems.append(Problem(document.file, 0, 0, f"the file name '{name}' is not a valid id",
                                f"rename it with lowercase letters, digits and hyphens, e.g. 'what-happened.{suffix}'"))
        return None
    if cls is Article and stem in RESERVED_PAGES:
        problems.append(Problem(document.file, 0, 0, f"the file name '{name}' is taken by the list of pages",
                                f"rename it, e.g. 'about.{suffix}'"))
        return None
    data = document.data
    if isinstance(data, AmlDict):
        if "id" in data:
            problems.append(Problem(document.file, *data.key_pos["id"], "unknown field 'id'",
                                    "the id comes from the file name"))
            return None
        data = marked(data, id=(stem, Position(1, 1)))
    elif isinstance(data, MarkedDict):
        for key in ("id", "body"):
            if key in data:
                problems.append(Problem(document.file, *data.key_pos[key], f"unknown field '{key}'",
                                        "the id comes from the file name and the body follows the front matter"))
                return None
        data = marked(data, id=(stem, Position(1, 1)), body=(document.body, Position(document.body_line, 1)))
    made = build(cls, data, document.file, Position(1, 1), problems, "front matter")
    return None if isinstance(made, Partial) else made


def marked(data: MarkedDict, **extra: tuple[Any, Position]) -> MarkedDict:
    """A copy of a mapping with extra fields, each with its position."""
    out = MarkedDict(data, **{key: value for key, (value, _) in extra.items()})
    out.pos, out.key_pos = data.pos, data.key_pos
    out.value_pos = {**data.value_pos, **{key: pos for key, (_, pos) in extra.items()}}
    return out


@dataclass(frozen=True, slots=True)
class Placed:
    """A validated fact and where its id (or, without one, the item) is written."""

    fact: Any
    file: str
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class Draft:
    """Validated content whose references are still ids (Ref), file by file."""

    site: Site | Partial | None  # a partial site keeps its vocabularies, so their terms still resolve
    site_file: str  # as shown in problems
    parts: tuple[Validated, ...]  # in the order of the files' names
    geodata: model.Geodata | None = None  # the file site.map names
    image: bytes | None = None  # the bytes of the file site.image names
    series: Series = field(default_factory=dict)  # the rows of each chart that names a CSV file
    picture_files: tuple[tuple[str, bytes], ...] = ()  # the bytes of each file pictures name, by its path

    def items(self, kind: str) -> tuple[Placed, ...]:
        """Every item of one collection, across its files."""
        return tuple(item for part in self.parts if part.kind == kind for item in part.made)

    def prose(self, kind: str) -> tuple[Any, ...]:
        """The sections or the standalone pages that validated, in file order."""
        return tuple(part.made for part in self.parts if part.kind == kind and part.made is not None)


@dataclass(frozen=True, slots=True)
class Validated:
    """What one content file gave: the site, a section, a standalone page, or the items of a list file."""

    name: str  # inside content/: 'site.yaml', 'sections/what-happened.md', 'timeline/2022.yaml'
    file: str  # as problems show it
    digest: str  # the document's: equal digests, equal results
    kind: str  # 'site', 'sections', 'pages', a collection's name, or '' for a file outside the model
    made: Any  # a Site, Section or Article (None when it failed), or a tuple of Placed items (some Partial)
    problems: tuple[Problem, ...]


def validate(loaded: Loaded) -> tuple[Draft, list[Problem]]:
    """Check every loaded document against the model."""
    return assemble(loaded, [validate_document(name, document) for name, document in loaded.documents.items()])


def validate_document(name: str, document: Document) -> Validated:
    """Check one content file (by its name inside content/) against the model."""
    problems: list[Problem] = list(document.data.problems) if isinstance(document.data, (AmlDict, AmlList)) else []
    folder, _, file_name = name.rpartition("/")
    made: Any = None
    if name.endswith(".json"):
        kind = "geodata"
        made = read_geodata(document, problems)
    elif folder in ("sections", "pages") and file_name.endswith((".md", ".aml")):
        kind = folder
        made = validate_prose(Section if folder == "sections" else Article, document, problems)
    elif name.endswith(".csv") and collection_name(name) is None:
        kind = "table"
        made = read_table(document.text, document.file, problems)
    elif name == "site.yaml":
        kind = "site"
        made = build(Site, document.data, document.file, Position(1, 1), problems)  # a partial one too
    elif (collection := collection_name(name)) in COLLECTIONS:
        kind = collection or ""
        made = items(kind, document, problems)
    else:
        kind = ""
        expected = ["site.yaml", "sections/", "pages/", "map/NAME.json", "data/NAME.csv",
                    *(f"{n}.yaml" for n in COLLECTIONS), f"{SHEET}.csv", "sections/NAME.aml", "pages/NAME.aml",
                    *(f"{n}.aml" for n in DOCUMENT_SHEETS)]
        problems.append(Problem(document.file, 0, 0, "this file is not part of the content model",
                                did_you_mean(name, expected)))
    return Validated(name, document.file, document.digest, kind, made, tuple(problems))


def assemble(loaded: Loaded, parts: list[Validated]) -> tuple[Draft, list[Problem]]:
    """The draft of the whole explainer from what each file gave, and every problem found."""
    problems = [problem for part in parts for problem in part.problems] + written_twice(parts)
    nothing_loaded = not loaded.documents and loaded.problems  # e.g. no content folder: say that alone
    site_failed = any(p.file.endswith("site.yaml") for p in loaded.problems)
    if "site.yaml" not in loaded.documents and not nothing_loaded and not site_failed:
        problems.append(Problem("content/site.yaml", 0, 0, "the site file is missing",
                                "create content/site.yaml with the title, dek, bylines and dates"))
    part = next((part for part in parts if part.kind == "site"), None)
    site, site_file = (part.made, part.file) if part else (None, "content/site.yaml")
    site_data = loaded.documents["site.yaml"].data if part else None
    geodata_files = {part.name: part.made for part in parts if part.kind == "geodata"}
    regions = [(item.fact, item.file, item.line, item.col) for part in parts if part.kind == "regions"
               for item in part.made if not isinstance(item.fact, Partial)]
    whole = site if isinstance(site, Site) else None  # a site with a bad field: its map and image wait for it
    geodata, found = check_map(whole, site_file, site_data, geodata_files, regions)
    image, found_in_image = site_image(whole, site_file, site_data, loaded)
    charts = charted(loaded, parts)
    series, found_in_charts = chart_rows(charts, {p.name: p.made for p in parts if p.kind == "table"})
    problems += found + found_in_image + found_in_charts + undrawn(parts, {chart.csv for _, _, chart in charts})
    problems += check_posters(loaded, [(part.file, part.name, item.fact) for part in parts if part.kind == "embeds"
                                       for item in part.made if isinstance(item.fact, model.Embed)])
    return Draft(site, site_file, tuple(parts), geodata, image, series,
                 tuple(sorted(loaded.pictures.items()))), problems


def undrawn(parts: list[Validated], drawn: set[str | None]) -> list[Problem]:
    """A problem for each table (a .csv file other than the timeline's) that no chart names: a file meant as
    another part of the content, or a chart's rows forgotten. None while a chart names a table that is not
    there (its problem names the nearest one)."""
    tables = {part.name: part for part in parts if part.kind == "table"}
    if any(name not in tables for name in drawn if name):
        return []
    return [Problem(part.file, 0, 0, "no chart draws this table",
                    f"did you mean '{stem}.yaml'?" if (stem := name.removesuffix(".csv")) in COLLECTIONS
                    else "name it as 'csv:' of a chart in charts.yaml, or remove it")
            for name, part in sorted(tables.items()) if name not in drawn]


def charted(loaded: Loaded, parts: list[Validated]) -> list[tuple[str, MarkedDict, Any]]:
    """Each chart that fit, with its file and its mapping (for the positions of its fields)."""
    found = []
    for part in parts:
        if part.kind == "charts":
            mappings = [item for item in loaded.documents[part.name].data if isinstance(item, MarkedDict)]
            found += [(part.file, raw, item.fact) for raw, item in zip(mappings, part.made)
                      if isinstance(item.fact, model.Chart)]
    return found


def written_twice(parts: list[Validated]) -> list[Problem]:
    """An error for each section or page written both as Markdown (.md) and as ArchieML (.aml)."""
    names = {part.name for part in parts if part.kind in ("sections", "pages")}
    return [Problem(part.file, 0, 0, f"the {part.kind[:-1]} '{part.name[:-4].rpartition('/')[2]}' is written twice, "
                    f"in {part.name[:-4]}.md and {part.name}", "keep one of the two files")
            for part in parts if part.name.endswith(".aml") and f"{part.name[:-4]}.md" in names]


def items(name: str, document: Document, problems: list[Problem]) -> tuple[Placed, ...]:
    """The items of one list file."""
    into: list[Placed] = []
    data, file = document.data, document.file
    if isinstance(data, Sheet):  # what reading its cells found
        problems += data.problems
    if not isinstance(data, MarkedList):
        line, col = getattr(data, "pos", Position(1, 1))
        problems.append(Problem(file, line, col, f"expected a list of {name}, got {describe(data)}",
                                "start each item with '- ' at the left margin"))
        return ()
    for item, pos in zip(data, data.item_pos):
        made = build(COLLECTIONS[name], item, file, pos, problems)
        if made is not None:
            into.append(Placed(made, file, *item.value_pos.get("id", pos)))
    return tuple(into)
