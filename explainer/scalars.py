"""One YAML value at a time: text, dates, times, ids, addresses and language codes, or why it does not fit; and
the limits a Markdown text keeps."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from . import model
from .images import SUFFIXES
from .strict_yaml import MarkedDict, MarkedList
from .model import ClockTime, PartialDate
from .problems import closest
from .typography import smarten

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FIELD_KEY = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", re.ASCII)
UNPADDED = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$", re.ASCII)
TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(?:([+-])(\d{2}):(\d{2})|(Z))?$", re.ASCII)
# Characters a quoted YAML escape can produce but no page, feed or XML file can carry.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
URL = re.compile(r"^https?://[^\s/$.?#][^\s<>\"]*$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
# Limits that keep a Markdown value's conversion quick: Python-Markdown's inline pass takes time that grows with
# the length of a text times the markup in it, its link pattern scans ahead from every bracket left open, and
# its block parser recurses (and holds a copy of the text) for every block quote and list inside another.
MAX_LENGTH = 100_000  # characters of one value: a long page is about 40,000
MAX_MARKUP = 5_000  # characters that can start inline markup: a long page has about 1,000
MARKUP = "[`&*_<\\"
MAX_DEPTH = 16  # brackets or parentheses open at once; block quotes and lists opened on one line
# A line break, then more block quotes and lists opened than MAX_DEPTH (a literal first is quick to search for).
NESTED = re.compile(r"\n(?:[ \t]*(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t]))){%d}" % (MAX_DEPTH + 1))
SPLIT = "split it into several sections or pages"


class Invalid(Exception):
    """One value does not fit its field; the message says how."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


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
        raise Invalid(f"expected a date as YYYY-MM-DD, YYYY-MM or YYYY, got {describe(raw)}", padded(raw))
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


def padded(raw: str) -> str:
    """The hint for a month or day written without its leading zero: '2022-9-21' -> write it as '2022-09-21'."""
    match = UNPADDED.match(raw)
    if not match:
        return "write the year, month and day with hyphens, e.g. 2022-09-21"
    return "write it as '" + "-".join([match.group(1), *(f"{int(g):02d}" for g in match.groups()[1:] if g)]) + "'"


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


def slug(value: Any) -> str:
    raw = text(value, "an id")
    if not SLUG.match(raw):
        raise Invalid(f"{describe(raw)} is not a valid id", "use lowercase letters, digits and single hyphens, e.g. 'kyiv-protest'")
    return raw


def field_key(value: Any) -> str:
    raw = text(value, "a key")
    if not FIELD_KEY.match(raw):
        raise Invalid(f"{describe(raw)} is not a valid key", "use lowercase letters, digits and single underscores, "
                      "starting with a letter, e.g. 'announced_by'")
    return raw


def url(value: Any) -> str:
    raw = text(value, "a URL")
    if not URL.match(raw):
        raise Invalid(f"{describe(raw)} is not a web address", "write the full address, starting with https://")
    return raw


def base_url(value: Any) -> str:
    """Where the site is published: site.yaml's base_url and the --base-url option, checked the same way."""
    raw = url(value)
    parts = urlsplit(raw)
    if parts.query or parts.fragment or raw.endswith(("?", "#")):
        raise Invalid(f"{describe(raw)} has a '?' or '#' part", "give the address of the site's folder, e.g. "
                      "https://news.example.org/explainers/mobilization/")
    if not raw.endswith("/"):
        raise Invalid("the address must end with '/'", f"write '{raw}/'")
    return raw


def language(value: Any) -> str:
    raw = text(value, "a language code")
    if not LANGUAGE.match(raw):
        raise Invalid(f"{describe(raw)} is not a language code", "use a BCP 47 code such as en, uk or ru")
    return raw


def sha256(value: Any) -> str:
    raw = text(value, "a SHA-256 hash").lower()
    if not SHA256.match(raw):
        raise Invalid(f"{describe(raw)} is not a SHA-256 hash", "write its 64 hexadecimal digits, as the build's "
                      "message about the archive gives them")
    return raw


def time_zone(value: Any) -> str:
    raw = text(value, "a time zone")
    try:
        ZoneInfo(raw)
    except (ValueError, OSError, ZoneInfoNotFoundError):
        close = closest(raw, available_timezones())
        raise Invalid(f"{describe(raw)} is not a time zone", f"did you mean '{close}'?" if close else
                      "write an IANA name such as Europe/London, Europe/Kyiv or America/New_York") from None
    return raw


NUMBER_HINT = "write digits only, a point for decimals and no thousands separator or unit, e.g. 4200 or 12.5"


def number(value: Any) -> float:
    """A number as a chart draws it: a whole or decimal number, written as digits."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise Invalid(f"expected a number, got {describe(value)}", NUMBER_HINT)
    return value


def prose(value: Any) -> str:
    return smarten(text(value))


def inner_path(folder: str, suffixes: tuple[str, ...], example: str) -> Callable[[Any], str]:
    """A parser for a '/'-separated path inside a project folder, ending in one of the suffixes."""
    def parse(value: Any) -> str:
        raw = text(value, "a file name")
        parts = raw.split("/")
        if raw.startswith("/") or "\\" in raw or any(part in ("", ".", "..") for part in parts):
            raise Invalid(f"{describe(raw)} is not a path inside {folder}/", f"write it from {folder}/, e.g. {example}")
        if not raw.lower().endswith(suffixes):
            raise Invalid(f"{describe(raw)} is not a {' or '.join(suffixes)} file", f"e.g. {example}")
        return raw
    return parse


def markdown_limit(text: str) -> tuple[int, str, str] | None:
    """Where a Markdown text first breaks one of the limits, what is wrong and how to fix it; None when it is fine."""
    if len(text) > MAX_LENGTH:
        return 0, f"the Markdown is {len(text):,} characters long; a value holds at most {MAX_LENGTH:,}", SPLIT
    if (markup := sum(map(text.count, MARKUP))) > MAX_MARKUP:
        return 0, (f"the Markdown holds {markup:,} characters that start inline markup ({' '.join(MARKUP)}); "
                   f"a value holds at most {MAX_MARKUP:,}"), SPLIT
    for opening, closing in ("[]", "()"):
        if (offset := first_too_deep(text, opening, closing)) is not None:
            return offset, f"more than {MAX_DEPTH} '{opening}' are open at once here (nested, or never closed)", \
                f"close each '{opening}' with '{closing}', and nest fewer"
    if found := NESTED.search("\n" + text):
        return found.start(), f"the line nests more than {MAX_DEPTH} block quotes and lists", \
            "nest fewer '>' quotes and lists inside one another"
    return None


def first_too_deep(text: str, opening: str, closing: str) -> int | None:
    """The offset of the first `opening` that makes more than MAX_DEPTH open at once (a `closing` with none open
    counts for nothing), or None."""
    if text.count(opening) <= MAX_DEPTH:
        return None
    depth = 0
    for found in re.finditer(re.escape(opening) + "|" + re.escape(closing), text):
        if found.group() == opening:
            depth += 1
            if depth > MAX_DEPTH:
                return found.start()
        elif depth:
            depth -= 1
    return None


PARSERS = {
    str: prose, model.Name: prose, model.Verbatim: text, model.ArchivePath: text, model.Column: text,
    model.Sha256: sha256, model.TimeZone: time_zone, model.Slug: slug, model.FieldKey: field_key, model.Url: url, model.BaseUrl: base_url, model.Language: language,
    float: number, PartialDate: parse_date, ClockTime: parse_time, datetime: parse_datetime,
    model.ContentFile: inner_path("content", (".json",), "map/ukraine.json"),
    model.DataFile: inner_path("content", (".csv",), "data/ferries.csv"),
    model.AssetFile: inner_path("assets", (".png", ".jpg", ".jpeg"), "card.png"),
    model.PictureFile: inner_path("content", SUFFIXES, "pictures/bridge.jpg"),
    model.PulledFile: inner_path("content", (".aml", ".csv", ".md", ".yaml"), "timeline.csv"),
}


# A number as written: digits in groups of three (300,000; 300 000, with any space), a decimal part; or a word.
NUMBER = re.compile(r"\d+(?:[,\s]\d{3})*(?:\.\d+)?(?!\d)")
NUMBER_WORDS = {word: str(n) for n, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())} | {"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60",
                                                     "seventy": "70", "eighty": "80", "ninety": "90", "dozen": "12"}
NUMBER_WORD = re.compile(r"\b(?:%s)\b" % "|".join(NUMBER_WORDS), re.I)


def numbers_in(text: str, spaced_apart: bool = False) -> dict[str, tuple[int, int]]:
    """The numbers a text gives, each as plain digits (300,000 = 300 000 = 300000; of words, those up to ninety),
    with where each first stands (start and end). With `spaced_apart`, numbers written next to each other ('in 2014 300 people')
    count apart as well as together."""
    found: dict[str, tuple[int, int]] = {}
    for match in NUMBER.finditer(text):
        found.setdefault(re.sub(r"[,\s]", "", match.group()), match.span())
        if spaced_apart:
            for part in re.finditer(r"[^\s]+", match.group()):
                found.setdefault(part.group().replace(",", ""), (match.start() + part.start(), match.start() + part.end()))
    for match in NUMBER_WORD.finditer(text):
        found.setdefault(NUMBER_WORDS[match.group().lower()], match.span())
    return found
