"""The interface's words in the site's language: a catalogue of strings, plural forms and date formats per
language, chosen by site.yaml's `language` (catalogues/LANG.yaml, in the package or the project)."""

from __future__ import annotations

import string
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from markupsafe import Markup, escape

from .load import Document, Loaded
from .strict_yaml import MarkedDict, MarkedList
from .model import PartialDate, Site
from .problems import Position, Problem, did_you_mean

REFERENCE = "en"  # every catalogue has every key this one has
# How a count picks its plural form; a catalogue names its rule under `plural`.
PLURAL_RULES = {
    "one-other": lambda n: "one" if n == 1 else "other",  # English, German, Spanish, …
    "zero-or-one-other": lambda n: "one" if n in (0, 1) else "other",  # French
    "one-few-many": lambda n: ("one" if n % 10 == 1 and n % 100 != 11  # Ukrainian, Russian, Belarusian
                               else "few" if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else "many"),
    "other": lambda n: "other",  # no plural: Chinese, Japanese, …
}
FORMS = {"one-other": ("one", "other"), "zero-or-one-other": ("one", "other"), "one-few-many": ("one", "few", "many"),
         "other": ("other",)}
MONTH_LISTS = ("months", "months_of")  # a month alone ('September 2022'), and a month after a day ('21 September')
# Placeholders the build fills in beyond those the English text shows: after a word, a month takes the case
# months_of gives in some languages ('на початку вересня'), where English needs no other form.
ALSO_FILLED = {f"date.{key}": {"month_of"} for key in ("month", "early", "mid", "late")}
Entry = str | tuple[str, ...] | dict[str, str]
Parts = tuple[str, ...]  # a text cut at its placeholders: words, a name, words, …, words


class NotAName(ValueError):
    """A placeholder that is more than a bare name: '{count:0300000000}', '{link.__class__}', '{0}'."""


class MissingKey(KeyError):
    """A layout asked for a key the catalogue does not have; the message names it."""

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True, slots=True)
class Catalogue:
    """One language's interface words; compared by value, so a rebuild notices an edited catalogue."""

    language: str
    entries: dict[str, Entry]
    parts: dict[str, Parts] = field(init=False, compare=False, repr=False)  # each text, cut at its placeholders

    def __post_init__(self) -> None:
        object.__setattr__(self, "parts", {text: parts(text) for text in texts(self.entries)})

    def template(self, key: str, count: int | None = None) -> str:
        """The text of a key, in the plural form `count` needs when the entry has forms."""
        entry = self.entries.get(key)
        if entry is None or isinstance(entry, tuple):
            raise MissingKey(f"the '{self.language}' interface catalogue has no text '{key}'; add it to "
                             f"catalogues/{self.language}.yaml (see docs/layouts.md)")
        if isinstance(entry, dict):
            if count is None:
                raise MissingKey(f"'{key}' has plural forms: give it a count, as in t('{key}', count=3)")
            rule = str(self.entries["plural"])
            return entry[PLURAL_RULES[rule](count)]
        return entry

    def text(self, key: str, count: int | None = None, **values: object) -> str:
        """Plain text, for titles, the feed and data: t('page.timeline_year', year=2022)."""
        pieces = self.parts[self.template(key, count)]
        values["count"] = self.number(count)
        return "".join(piece if i % 2 == 0 else str(given(key, piece, values)) for i, piece in enumerate(pieces))

    def markup(self, key: str, count: int | None = None, **values: object) -> Markup:
        """HTML-safe text for layouts: the catalogue's words escaped, each value escaped unless it is markup."""
        pieces = self.parts[self.template(key, count)]
        if len(pieces) == 1:  # words alone: nothing to fill in (most of a page's)
            return escape(pieces[0])
        values["count"] = self.number(count)
        return Markup("".join(escape(piece if i % 2 == 0 else given(key, piece, values))
                              for i, piece in enumerate(pieces)))

    def number(self, count: int | None) -> int | str | None:
        """A count as the language writes it, thousands apart by the catalogue's 'thousands' (10,000; 10 000)."""
        separator = self.entries.get("thousands")
        if count is None or not isinstance(separator, str) or -1000 < count < 1000:
            return count
        return f"{count:,}".replace(",", separator)

    def month(self, month: int, after_day: bool = False) -> str:
        names = self.entries["months_of" if after_day else "months"]
        assert isinstance(names, tuple)
        return names[month - 1]

    def date(self, date: PartialDate, qualifier: str | None = None) -> str:
        """'21 September 2022', 'September 2022', 'early September 2022' or '2022', in the catalogue's words."""
        if not date.month:
            return self.text("date.year", year=date.year)
        if date.day:
            return self.text("date.day", day=date.day, month=self.month(date.month, True), year=date.year)
        key = f"date.{qualifier}" if qualifier else "date.month"
        return self.text(key, month=self.month(date.month), month_of=self.month(date.month, True), year=date.year)

    def timestamp(self, moment: datetime) -> str:
        """'21 September 2022, 20:00 UTC' (the offset as written in the content)."""
        offset = moment.strftime("%z")
        zone = "UTC" if offset in ("+0000", "") else f"UTC{offset[:3]}:{offset[3:]}"
        day = self.date(PartialDate(moment.year, moment.month, moment.day))
        return self.text("date.timestamp", date=day, time=f"{moment:%H:%M}", zone=zone)

    def language_name(self, code: str) -> str:
        """A language's name as 'Translated from {language}.' needs it, or the code when the catalogue has none."""
        entry = self.entries.get(f"language.{code.split('-')[0]}")
        return entry if isinstance(entry, str) else code


def given(key: str, name: str, values: dict[str, object]) -> object:
    """The value given for a placeholder; one not given is an error naming the key and the placeholder."""
    if name not in values:
        raise MissingKey(f"'{key}' has the placeholder {{{name}}}: give it, as in t('{key}', {name}=…)")
    return values[name]


def texts(entries: dict[str, Entry]) -> list[str]:
    """Every text of the entries: the plain ones and each plural form (not the lists of months)."""
    return [text for entry in entries.values() if not isinstance(entry, tuple)
            for text in (entry.values() if isinstance(entry, dict) else (entry,))]


def parts(text: str) -> Parts:
    """A text cut at its placeholders, words and names in turn: 'Timeline: {year}' is ('Timeline: ', 'year', '')
    ('{{' is a brace). ValueError for a brace that opens or closes nothing, NotAName for a placeholder that is
    more than a name: a text is data, filled in by replacement, never a Python format string."""
    cut = [""]
    for words, name, spec, conversion in string.Formatter().parse(text):
        cut[-1] += words
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            written = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            raise NotAName(f"'{{{written}}}' is not a placeholder")
        cut += [name, ""]
    return tuple(cut)


def slip(text: str, allowed: Collection[str] | None) -> tuple[str, str] | None:
    """What is wrong with a text's placeholders and the fix, or None when each is a name the English text has
    (`allowed`; None for the English catalogue itself, where any name is)."""
    shown = ", ".join(f"{{{name}}}" for name in sorted(allowed)) if allowed else "{name}"
    try:
        names = parts(text)[1::2]
    except NotAName as error:
        return str(error), f"a placeholder is a name alone in braces: {shown}"
    except ValueError as error:
        brace = "}" if str(error).startswith("Single '}'") else "{"
        return (f"a lone '{brace}'",
                f"a placeholder is a name in braces, as in {shown}, and '{brace * 2}' writes a brace itself")
    for name in names:
        if allowed is not None and name not in allowed:
            hint = did_you_mean(f"{{{name}}}", [f"{{{n}}}" for n in allowed]) if allowed else "the English text has none"
            return f"there is no placeholder {{{name}}} in this text", hint
    return None


def placeholders(key: str, entry: Entry) -> set[str]:
    """The names a key's texts may fill in: those its English texts do, across their plural forms."""
    return {name for text in texts({key: entry}) for name in parts(text)[1::2]} | ALSO_FILLED.get(key, set())


def for_site(loaded: Loaded, site: Site, site_file: str) -> tuple[Catalogue | None, list[Problem]]:
    """The catalogue of the site's language; a language without one is a problem at site.yaml's `language`."""
    data = loaded.documents["site.yaml"].data if "site.yaml" in loaded.documents else None
    at = data.value_pos.get("language", Position(1, 1)) if isinstance(data, MarkedDict) else Position(1, 1)
    return choose(site.language, loaded.catalogues, (site_file, at))


def choose(language: str, documents: tuple[Document, ...], at: tuple[str, Position]) -> tuple[Catalogue | None, list[Problem]]:
    """The catalogue for a language tag ('uk', or 'en-GB' falling back to 'en'): the package's file with the
    project's file of the same name over it, checked against the reference catalogue."""
    by_name: dict[str, list[Document]] = {}
    for document in documents:
        by_name.setdefault(document.file.rsplit("/", 1)[-1].removesuffix(".yaml"), []).append(document)
    name = language if language in by_name else language.split("-")[0]
    if name not in by_name or REFERENCE not in by_name:
        return None, [Problem(at[0], *at[1], f"language: there is no interface catalogue for '{language}'",
                              f"use one of {', '.join(sorted(by_name))}, or add catalogues/{name}.yaml to the "
                              f"project (copy the English one from the package and translate it)")]
    problems: list[Problem] = []
    reference = merged(by_name[REFERENCE][:1], {}, problems)  # the package's English: a project's adds no key
    entries = merged(by_name[name], reference, problems)
    for key, entry in reference.items():
        if key not in entries:
            last = by_name[name][-1]
            problems.append(Problem(last.file, 0, 0, f"the catalogue has no '{key}'",
                                    f"add it; in English: {entry!r}"))
    if problems:
        return None, problems
    return Catalogue(name, entries), []


def merged(documents: list[Document], reference: dict[str, Entry], problems: list[Problem]) -> dict[str, Entry]:
    """The entries of a language's files, later files' keys over earlier ones', each checked for its shape."""
    entries: dict[str, Entry] = {}
    for document in documents:
        data = document.data
        if not isinstance(data, MarkedDict):
            problems.append(Problem(document.file, 1, 1, "a catalogue is a mapping of keys to texts",
                                    "write 'key: text' lines, as the English catalogue does"))
            continue
        for key, value in data.items():
            line, col = data.value_pos[key]
            if reference and key not in reference:
                problems.append(Problem(document.file, *data.key_pos[key], f"unknown key '{key}'",
                                        did_you_mean(key, reference)))
            elif (found := entry(key, value, data.get("plural", entries.get("plural")))) is None:
                problems.append(Problem(document.file, line, col, f"{key}: {expected(key, data)}",
                                        "see the English catalogue for its shape"))
            elif not (slips := slips_in(value, (line, col), placeholders(key, reference[key]) if reference else None)):
                entries[key] = found
            else:
                problems.extend(Problem(document.file, *at, f"{key}: {message}", fix) for at, message, fix in slips)
    return entries


def slips_in(value: Any, at: tuple[int, int], allowed: Collection[str] | None) -> list[tuple[tuple[int, int], str, str]]:
    """The slips in a catalogue value's placeholders, each where its text starts (a plural form's own place)."""
    if isinstance(value, MarkedList):  # the months: names, not texts to fill in
        return []
    forms = isinstance(value, MarkedDict)
    located = [(value.value_pos[form], text) for form, text in value.items()] if forms else [(at, value)]
    return [(where, *wrong) for where, text in located if (wrong := slip(text, allowed)) is not None]


def entry(key: str, value: Any, rule: Any) -> Entry | None:
    """One catalogue value in its shape: text, a list of twelve months, or plural forms; None when it does not fit."""
    if key in MONTH_LISTS:
        ok = isinstance(value, MarkedList) and len(value) == 12 and all(isinstance(v, str) for v in value)
        return tuple(value) if ok else None
    if key == "plural":
        return value if value in PLURAL_RULES else None
    if isinstance(value, MarkedDict):
        forms = FORMS.get(str(rule), ())
        ok = set(value) == set(forms) and all(isinstance(v, str) for v in value.values())
        return dict(value) if ok else None
    return value if isinstance(value, str) else None


def expected(key: str, data: MarkedDict) -> str:
    if key in MONTH_LISTS:
        return "expected a list of the twelve months' names"
    if key == "plural":
        return f"expected one of {', '.join(PLURAL_RULES)}"
    if isinstance(data[key], MarkedDict):
        forms = FORMS.get(str(data.get("plural")), ())
        return f"expected the plural forms {', '.join(forms)} (the catalogue's plural rule)"
    return "expected text"
