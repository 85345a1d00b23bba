"""Checking loaded data against the model: raw YAML values become model objects, or problems."""

from __future__ import annotations

import re
import types
from collections.abc import Callable
from dataclasses import MISSING, dataclass, fields, is_dataclass
from datetime import date, datetime
from functools import cache, partial
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from . import model
from .load import Document, Loaded, MarkedDict, MarkedList
from .model import COLLECTIONS, REFERABLE, Article, ClockTime, Markdown, PartialDate, Section, Site
from .problems import Problem, did_you_mean
from .typography import smarten

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", re.ASCII)
TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(?:([+-])(\d{2}):(\d{2})|(Z))?$", re.ASCII)
# Characters a quoted YAML escape can produce but no page, feed or XML file can carry.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
URL = re.compile(r"^https?://[^\s/$.?#][^\s<>\"]*$")
DESCRIPTION_LIMIT = 200
FEWEST_COPIED_WORDS = 4  # shorter runs ('the United States') are in any two texts on one story
RESERVED_PAGES = {"index"}  # pages/index.html lists the pages


@dataclass(frozen=True, slots=True)
class Ref:
    """An id that names another fact, before resolve swaps in the fact itself."""

    kind: type
    id: str
    file: str
    line: int
    col: int


class Invalid(Exception):
    """One value does not fit its field; the message says how."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


@cache
def hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls, vars(model))


def required(f: Any) -> bool:
    return f.default is MISSING


def describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (MarkedDict, dict)):
        return "a mapping"
    if isinstance(value, (MarkedList, list)):
        return "a list"
    if value is None:
        return "nothing"
    shown = str(value)
    return f"'{shown[:60]}…'" if len(shown) > 60 else f"'{shown}'"


def text(value: Any, what: str = "text") -> str:
    if isinstance(value, bool) or isinstance(value, (int, float)):
        raise Invalid(f"expected {what}, got {describe(value)} (read as a {'yes/no value' if isinstance(value, bool) else 'number'})",
                      "put the value in quotes")
    if not isinstance(value, str):
        raise Invalid(f"expected {what}, got {describe(value)}")
    if not value.strip():
        raise Invalid(f"expected {what}, got an empty value", "write the value or remove the line")
    if found := CONTROL.search(value):
        raise Invalid(f"the text contains the invisible control character U+{ord(found.group()):04X}",
                      "delete it; such characters often come with pasted text")
    return value.strip()


def parse_date(value: Any) -> PartialDate:
    raw = str(value) if type(value) is int else text(value, "a date")  # a year needs no quotes
    match = DATE.match(raw)
    if not match:
        raise Invalid(f"expected a date as YYYY-MM-DD, YYYY-MM or YYYY, got {describe(raw)}")
    year, month, day = (int(g) if g else 0 for g in match.groups())
    if year < 1:
        raise Invalid(f"'{raw}' is not a real date", "the year must be 0001 or later")
    if match.group(2) and not 1 <= month <= 12:
        raise Invalid(f"expected YYYY-MM-DD, got '{raw}'", f"{month} is not a month (01 to 12)")
    if match.group(3):
        try:
            date(year, month, day)
        except ValueError:
            raise Invalid(f"'{raw}' is not a real day", f"{date(year, month, 1):%B %Y} has no day {day}") from None
    return PartialDate(year, month, day)


def parse_time(value: Any) -> ClockTime:
    raw = text(value, "a time")
    match = TIME.match(raw)
    if not match:
        raise Invalid(f"expected a time as HH:MM+HH:MM, got {describe(raw)}", "use 24-hour time with its UTC offset, e.g. 19:00+03:00")
    hour, minute, sign, off_h, off_m, zulu = match.groups()
    if not (sign or zulu):
        raise Invalid(f"the time '{raw}' has no UTC offset", f"write it with its offset, e.g. {raw}+03:00 for Moscow")
    offset = 0 if zulu else (1 if sign == "+" else -1) * (int(off_h) * 60 + int(off_m))
    return ClockTime(int(hour), int(minute), offset)


def parse_datetime(value: Any) -> datetime:
    raw = text(value, "a date and time")
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        raise Invalid(f"expected a date and time as YYYY-MM-DDTHH:MM:SS+00:00, got {describe(raw)}") from None
    if parsed.tzinfo is None:
        raise Invalid(f"the date and time '{raw}' has no UTC offset", f"add it, e.g. {raw}+00:00")
    return parsed


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
    if tp is Markdown:
        return Markdown(text(value, "Markdown text"), file, line)
    if tp in PARSERS:
        return PARSERS[tp](value)
    if tp in REFERABLE:
        return Ref(tp, text(value, "an id"), file, line, col)
    if is_dataclass(tp):
        return build(tp, value, file, (line, col), problems, name)
    if tp is bool:
        if not isinstance(value, bool):
            raise Invalid(f"expected true or false, got {describe(value)}", "write true or false, without quotes")
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(f"expected a whole number, got {describe(value)}", "write digits only, e.g. 300000")
        return value
    raise TypeError(f"the model uses a type validate does not know: {tp!r}")


def slug(value: Any) -> str:
    raw = text(value, "an id")
    if not SLUG.match(raw):
        raise Invalid(f"{describe(raw)} is not a valid id", "use lowercase letters, digits and single hyphens, e.g. 'kyiv-protest'")
    return raw


def url(value: Any) -> str:
    raw = text(value, "a URL")
    if not URL.match(raw):
        raise Invalid(f"{describe(raw)} is not a web address", "write the full address, starting with https://")
    return raw


def language(value: Any) -> str:
    raw = text(value, "a language code")
    if not LANGUAGE.match(raw):
        raise Invalid(f"{describe(raw)} is not a language code", "use a BCP 47 code such as en, uk or ru")
    return raw


def prose(value: Any) -> str:
    return smarten(text(value))


PARSERS = {
    str: prose, model.Name: prose, model.Verbatim: text, model.Slug: slug, model.Url: url, model.Language: language,
    model.ArchivePath: text,
    PartialDate: parse_date, ClockTime: parse_time, datetime: parse_datetime,
}


def build(cls: type, raw: Any, file: str, pos: tuple[int, int], problems: list[Problem], name: str = "") -> Any:
    """Make one model object from a YAML mapping, collecting a problem for every field that does not fit."""
    label = f"{name}: " if name else ""
    if not isinstance(raw, MarkedDict):
        problems.append(Problem(file, *pos, f"{label}expected a mapping of fields, got {describe(raw)}",
                                f"write it as 'key: value' lines with the fields {', '.join(f.name for f in fields(cls))}"))
        return None
    known = {f.name: f for f in fields(cls)}
    for key in raw:
        if key not in known:
            problems.append(Problem(file, *raw.key_pos[key], f"unknown field '{key}'", did_you_mean(key, known)))
    values, ok = {}, True
    for f in fields(cls):
        if f.name not in raw:
            if required(f):
                ok = False
                problems.append(Problem(file, *raw.pos, f"missing required field '{f.name}'",
                                        f"add '{f.name}:' ({f.metadata['doc'].rstrip('.')})"))
            continue
        value = raw[f.name]
        where = (file, *raw.value_pos[f.name])
        before = len(problems)
        try:
            if hints(cls)[f.name] in (Markdown, Markdown | None) and value is not None:
                text(value, "Markdown text")
                values[f.name] = Markdown(value, file, where[1])
            else:
                values[f.name] = convert(hints(cls)[f.name], value, where, f.name, problems)
        except Invalid as error:
            ok = False
            problems.append(Problem(*where, f"{f.name}: {error.message}", error.hint))
            continue
        if required(f) and values[f.name] == ():
            ok = False
            problems.append(Problem(*where, f"{f.name}: the list is empty", "add at least one item"))
        ok = ok and len(problems) == before
    if not ok:
        return None
    made = cls(**values)
    for message, field_name, hint in CHECKS.get(cls, lambda _: [])(made):
        problems.append(Problem(file, *raw.value_pos.get(field_name, raw.pos), message, hint))
    return made


def check_event(event: model.Event) -> list[tuple[str, str, str]]:
    found = []
    if event.qualifier and event.date.precision != "month":
        found.append((f"qualifier: '{event.qualifier}' needs a month date such as 2022-09, got '{event.date.iso}'",
                      "qualifier", "remove the qualifier or give the date as YYYY-MM"))
    if event.time and event.date.precision != "day":
        found.append((f"time: a time needs a full date, got '{event.date.iso}'", "time",
                      "give the date as YYYY-MM-DD or remove the time"))
    return found


def check_quote(quote: model.Quote) -> list[tuple[str, str, str]]:
    marks = "\"“”«»'‘’"
    if len(quote.text) > 1 and quote.text[0] in marks and quote.text[-1] in marks:
        return [("text: the quote is wrapped in quotation marks", "text", "remove them; the page adds its own")]
    return []


def check_site(site: Site) -> list[tuple[str, str, str]]:
    if len(site.description) > DESCRIPTION_LIMIT:
        return [(f"description: {len(site.description)} characters is too long", "description",
                 f"shorten it to {DESCRIPTION_LIMIT} characters or fewer; search engines cut the rest")]
    if site.base_url and not site.base_url.endswith("/"):
        return [("base_url: the address must end with '/'", "base_url", f"write '{site.base_url}/'")]
    if site.copied_words_limit < FEWEST_COPIED_WORDS:
        return [(f"copied_words_limit: {site.copied_words_limit} words is too few to tell copying from common phrases",
                 "copied_words_limit", f"use {FEWEST_COPIED_WORDS} or more; 8 is the default")]
    return []


CHECKS = {model.Event: check_event, model.Quote: check_quote, Site: check_site}


def collection_name(name: str) -> str | None:
    """'timeline.yaml' and 'timeline/2022.yaml' (names inside content/) both hold the timeline."""
    parts = name.split("/")
    stem = parts[0].removesuffix(".yaml")
    if len(parts) == 1 and name.endswith(".yaml") or len(parts) == 2 and parts[1].endswith(".yaml"):
        return stem
    return None


def validate_prose(cls: type, document: Document, problems: list[Problem]) -> Any:
    """A section or a standalone page: front matter fields, the file name as id, the Markdown body."""
    stem = document.file.rsplit("/", 1)[-1].removesuffix(".md")
    if not SLUG.match(stem):
        problems.append(Problem(document.file, 0, 0, f"the file name '{stem}.md' is not a valid id",
                                "rename it with lowercase letters, digits and hyphens, e.g. 'what-happened.md'"))
        return None
    if cls is Article and stem in RESERVED_PAGES:
        problems.append(Problem(document.file, 0, 0, f"the file name '{stem}.md' is taken by the list of pages",
                                "rename it, e.g. 'about.md'"))
        return None
    data = document.data
    if isinstance(data, MarkedDict):
        for key in ("id", "body"):
            if key in data:
                problems.append(Problem(document.file, *data.key_pos[key], f"unknown field '{key}'",
                                        "the id comes from the file name and the body follows the front matter"))
                return None
        data = marked(data, id=(stem, (1, 1)), body=(document.body, (document.body_line, 1)))
    return build(cls, data, document.file, (1, 1), problems, "front matter")


def marked(data: MarkedDict, **extra: tuple[Any, tuple[int, int]]) -> MarkedDict:
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
    """Validated content whose references are still ids (Ref)."""

    site: Site | None
    sections: tuple[Section, ...]
    collections: dict[str, tuple[Placed, ...]]
    pages: tuple[Article, ...] = ()
    site_file: str = "content/site.yaml"  # as shown in problems


# What validate() made from each file, kept by a rebuild: (the document, what it made, the problems found).
ItemMemo = dict[str, tuple[Document, Any, list[Problem]]]


def validate(loaded: Loaded, memo: ItemMemo | None = None) -> tuple[Draft, list[Problem]]:
    """Check every loaded document against the model; a file that is the same Document as in `memo` gives
    what it gave last time without being checked again."""
    problems: list[Problem] = []
    site, sections, pages, site_file = None, [], [], "content/site.yaml"
    collections: dict[str, list[Placed]] = {name: [] for name in COLLECTIONS}
    for name, document in loaded.documents.items():
        folder, _, file_name = name.rpartition("/")
        if folder in ("sections", "pages") and file_name.endswith(".md"):
            prose = remembered(document, problems, memo,
                               partial(validate_prose, Section if folder == "sections" else Article, document))
            if prose:
                (sections if folder == "sections" else pages).append(prose)
        elif name == "site.yaml":
            site_file = document.file
            site = remembered(document, problems, memo, partial(build, Site, document.data, document.file, (1, 1)))
        elif (collection := collection_name(name)) in COLLECTIONS:
            collections[collection] += remembered(document, problems, memo, partial(items, collection, document))
        else:
            expected = ["site.yaml", "sections/", "pages/", *(f"{n}.yaml" for n in COLLECTIONS)]
            problems.append(Problem(document.file, 0, 0, "this file is not part of the content model",
                                    did_you_mean(name, expected)))
    nothing_loaded = not loaded.documents and loaded.problems  # e.g. no content folder: say that alone
    site_failed = any(p.file.endswith("site.yaml") for p in loaded.problems)
    if "site.yaml" not in loaded.documents and not nothing_loaded and not site_failed:
        problems.append(Problem("content/site.yaml", 0, 0, "the site file is missing",
                                "create content/site.yaml with the title, dek, bylines and dates"))
    sections.sort(key=lambda s: (s.order, s.id))
    pages.sort(key=lambda p: (p.order, p.title, p.id))
    if memo is not None:
        for gone in memo.keys() - {document.file for document in loaded.documents.values()}:
            del memo[gone]
    return Draft(site, tuple(sections), {k: tuple(v) for k, v in collections.items()}, tuple(pages),
                 site_file), problems


def remembered(document: Document, problems: list[Problem], memo: ItemMemo | None,
               make: Callable[[list[Problem]], Any]) -> Any:
    """What `make` makes of a file, and its problems; the last ones again while the file is unchanged."""
    last = memo.get(document.file) if memo is not None else None
    if last is not None and last[0] is document:
        problems += last[2]
        return last[1]
    found: list[Problem] = []
    made = make(found)
    if memo is not None:
        memo[document.file] = (document, made, found)
    problems += found
    return made


def items(name: str, document: Document, problems: list[Problem]) -> list[Placed]:
    """The items of one list file."""
    into: list[Placed] = []
    data, file = document.data, document.file
    if not isinstance(data, MarkedList):
        problems.append(Problem(file, *(getattr(data, "pos", (1, 1))), f"expected a list of {name}, got {describe(data)}",
                                "start each item with '- ' at the left margin"))
        return into
    for item, pos in zip(data, data.item_pos):
        made = build(COLLECTIONS[name], item, file, pos, problems)
        if made is not None:
            into.append(Placed(made, file, *item.value_pos.get("id", pos)))
    return into
