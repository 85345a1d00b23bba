"""Sections, pages, quotes and timeline events written in ArchieML (http://archieml.org/, the 1.0 candidate of
15 October 2015), as editors write them in Google Docs: read strictly into the marked data YAML gives.

ArchieML never fails: a line it cannot read is left out without a word. Here nothing is left out silently: text
that belongs to no value is a note at its line, and text after a value that has no ':end' is an error (ArchieML
keeps only the value's first line). The Python port on PyPI (archieml 0.3.5, 2021) is unmaintained and keeps no
positions, so this small reader is the project's own (docs/content.md).

What it reads: `key: value` lines, a value over several lines ended by `:end` (a leading backslash escapes a
line), `[name]` ... `[]` arrays of items (the first key starts each item) or of `* text`, `:skip` ... `:endskip`
and `:ignore`. A line that starts with a Markdown link ('[NBC](source:nbc) reported') is text. Object blocks (`{scope}`) have no place in the content model: the line is a note. Values are
text; validation types them as the model's fields want (whole numbers, true/false, ids separated by commas)."""

from __future__ import annotations

import re
from dataclasses import fields
from types import UnionType
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints

from . import model
from .model import COLLECTIONS, Article, Section
from .problems import Position, Problem, did_you_mean
from .strict_yaml import MarkedDict, MarkedList

TOKEN = r"[A-Za-z0-9_.-]+"
KEY = re.compile(rf"[ \t]*({TOKEN})[ \t]*:")
COMMAND = re.compile(r"[ \t]*:[ \t]*(endskip|end|skip|ignore)", re.I)
ARRAY = re.compile(rf"[ \t]*\[[ \t]*([.+]*)((?:{TOKEN})?)[ \t]*\](?!\()")  # '[NBC](…)' is a Markdown link
SCOPE = re.compile(rf"[ \t]*\{{[ \t]*[.+]*(?:{TOKEN})?[ \t]*\}}")
STAR = re.compile(r"[ \t]*\*")
ESCAPE = re.compile(r"^([ \t]*)\\", re.M)
ID_LIST = re.compile(r"[^,\s]+(?:[^,]*[^,\s])?")
WHOLE = re.compile(r"[-+]?\d{1,18}", re.ASCII)
SKIP_HINT = "put notes to yourself between ':skip' and ':endskip' lines, or below an ':ignore' line"
SHEETS = ("quotes", "timeline")  # the collections a .aml file may hold, besides sections and pages


class AmlDict(MarkedDict):
    """A document's fields, with the problems reading it found (validate reports them with its own)."""

    __slots__ = ("problems",)
    problems: list[Problem]


class AmlList(MarkedList):
    """A collection's items, with the problems reading them found."""

    __slots__ = ("problems",)
    problems: list[Problem]


class Reader:
    """One pass over the lines, keeping the value that ':end' would extend and the plain text since the last
    command line."""

    def __init__(self, text: str, file: str) -> None:
        self.text, self.file = text, file
        self.root = marked_dict(Position(1, 1))
        self.problems: list[Problem] = []
        self.array: MarkedList | None = None
        self.array_name = ""
        self.strings: bool | None = None  # the open array holds `* text` lines (True) or items (False)
        self.first_key: str | None = None  # the key that starts each item of the open array
        self.item: MarkedDict | None = None
        self.value: tuple[Any, Any, int] | None = None  # (container, key or index, line) a ':end' extends
        self.buffer: list[tuple[int, int, str]] = []  # plain text lines: (line, offset, text)

    def read(self) -> None:
        skipping = False
        offset = 0
        for number, line in enumerate(self.text.split("\n"), 1):
            at, offset = offset, offset + len(line) + 1
            command = COMMAND.match(line)
            word = command.group(1).lower() if command else ""
            if skipping:
                skipping = word not in ("endskip", "ignore")
                if word == "ignore":
                    break
                continue
            if word == "end" and self.value is None:
                self.flush()
                self.note(number, at, "':end' ends no value here", "delete the line, or start the value above "
                          "with its 'key:' line")
            elif word == "end":
                self.end()
            elif word in ("skip", "endskip", "ignore"):
                self.flush()
                if word == "ignore":
                    return
                skipping = word == "skip"
                if word == "endskip":
                    self.note(number, at, "':endskip' ends no ':skip' block", "delete the line")
            elif not self.command(number, at, line):
                self.buffer.append((number, at, line))
        self.flush()

    def command(self, number: int, at: int, line: str) -> bool:
        """Carry out a command line; False for a plain text line."""
        if match := ARRAY.match(line):
            self.flush()
            self.open_array(number, at, line, match)
        elif SCOPE.match(line):
            self.flush()
            self.note(number, at, f"'{line.strip()}' is left out: object blocks have no place in the "
                      "content model", "delete the line; the keys below it are read as they stand")
        elif (match := STAR.match(line)) and self.array is not None and self.strings is not False:
            self.flush()
            self.strings = True
            self.array.append(line[match.end():].strip())
            self.array.item_pos.append(self.place(number, at, self.start(at + match.end())))
            self.array.item_at.append(self.start(at + match.end()))
            self.value = (self.array, len(self.array) - 1, number)
        elif (match := KEY.match(line)) and self.strings is not True:
            self.flush()
            self.key(number, at, line, match)
        else:
            return False
        return True

    def key(self, number: int, at: int, line: str, match: re.Match[str]) -> None:
        key = match.group(1)
        target = self.root
        if self.array is not None:
            self.strings = False
            if self.item is None or key == self.first_key:
                self.first_key = self.first_key or key
                self.item = marked_dict(Position(number, match.start(1) + 1))
                self.array.append(self.item)
                self.array.item_pos.append(self.item.pos)
                self.array.item_at.append(at + match.start(1))
            target = self.item
        if key in target:
            self.problems.append(Problem(self.file, number, match.start(1) + 1, f"duplicate key '{key}' (first on "
                                         f"line {target.key_pos[key].line}); keep one of them"))
            return
        target[key] = line[match.end():].strip()
        target.key_pos[key] = Position(number, match.start(1) + 1)
        target.value_at[key] = self.start(at + match.end())
        target.value_pos[key] = self.place(number, at, target.value_at[key])
        self.value = (target, key, number)

    def open_array(self, number: int, at: int, line: str, match: re.Match[str]) -> None:
        modifiers, name = match.groups()
        self.array, self.strings, self.first_key, self.item = None, None, None, None
        if not name:
            if not self.array_name:
                self.note(number, at, f"'{line.strip()}' closes no array", "delete the line")
            self.array_name = ""
            return
        where = Position(number, line.index("[") + 1)
        if modifiers:
            self.problems.append(Problem(self.file, *where, f"'[{modifiers}{name}]': nested and freeform arrays "
                                         "have no place in the content model",
                                         "write ids separated by commas, e.g. 'sources: nbc, reuters'"))
            return
        if name in self.root:
            self.problems.append(Problem(self.file, *where, f"duplicate key '{name}' (first on line "
                                         f"{self.root.key_pos[name].line}); keep one of them"))
            return
        self.array, self.array_name = marked_list(where), name
        self.root[name] = self.array
        self.root.key_pos[name] = self.root.value_pos[name] = where
        self.root.value_at[name] = at + line.index("[")

    def end(self) -> None:
        """':end': the plain text since the last value joins it."""
        assert self.value is not None
        container, key, _ = self.value
        lines = ESCAPE.sub(r"\1", "\n".join(text for _, _, text in self.buffer))
        joined = f"{container[key]}\n{lines}".strip()
        if not container[key] and joined:  # the value starts on a later line: its first with text
            number, at = next((number, at) for number, at, text in self.buffer if text.strip())
            first, pos = self.start(at), self.place(number, at, self.start(at))
            if isinstance(container, MarkedDict):
                container.value_at[key], container.value_pos[key] = first, pos
            else:
                container.item_at[key], container.item_pos[key] = first, pos
        container[key] = joined
        self.value, self.buffer = None, []

    def flush(self) -> None:
        """A command line ends the plain text before it: text after a value with no ':end' is an error, other
        text a note (ArchieML leaves both out)."""
        text = [(number, at, line) for number, at, line in self.buffer if line.strip()]
        if text:
            number, at, line = text[0]
            lines = f"line {number}" if len(text) == 1 else f"lines {number} to {text[-1][0]}"
            if self.value is not None:
                _, key, started = self.value
                name = f"'{key}:'" if isinstance(key, str) else "'*'"
                self.problems.append(Problem(self.file, *self.place(number, at, self.start(at)),
                                             f"the text on {lines} follows {name} (line {started}) with no ':end' "
                                             "after it, so it would be left out",
                                             "end the value with a line ':end' (a line of it that starts with "
                                             f"'word:', '[' or '{{' needs a backslash before it); or {SKIP_HINT}"))
                self.end()  # checked as meant, so the value is not also reported empty
            else:
                self.note(number, at, f"the text on {lines} is outside any value, so it is left out",
                          f"to keep it, write it as a value ('key: text'); or {SKIP_HINT}")
        self.buffer, self.value = [], None

    def note(self, number: int, at: int, message: str, hint: str) -> None:
        """A note at the first character of line `number`, which starts at `at`."""
        self.problems.append(Problem(self.file, *self.place(number, at, self.start(at)), message, hint, "note"))

    @staticmethod
    def place(number: int, at: int, offset: int) -> Position:
        """The position of a character of line `number`, which starts at `at`."""
        return Position(number, offset - at + 1)

    def start(self, offset: int) -> int:
        """The first character at or after `offset` that is not a space or tab."""
        while offset < len(self.text) and self.text[offset] in " \t":
            offset += 1
        return offset


def marked_dict(pos: Position) -> MarkedDict:
    made = MarkedDict()
    made.pos, made.key_pos, made.value_pos, made.value_at = pos, {}, {}, {}
    return made


def marked_list(pos: Position) -> MarkedList:
    made = MarkedList()
    made.pos, made.item_pos, made.item_at = pos, [], []
    return made


def kind_of(file: str) -> type | None:
    """The model class a .aml file holds, by where it is: sections/ and pages/, or quotes and timeline files."""
    parts = file.split("/")
    folder, stem = (parts[-2] if len(parts) > 1 else ""), parts[-1].removesuffix(".aml")
    if folder in ("sections", "pages"):
        return Section if folder == "sections" else Article
    name = folder if folder in SHEETS else stem
    return COLLECTIONS[name] if name in SHEETS else None


def read_aml(text: str, file: str) -> AmlDict | AmlList | None:
    """A .aml file's fields (a section or page) or items (a collection), typed for its model, with the problems
    reading it found; None when the file holds nothing the model has (validate says so)."""
    cls = kind_of(file)
    if cls is None:
        return None
    reader = Reader(text, file)
    reader.read()
    root = reader.root
    made: AmlDict | AmlList
    if cls in (Section, Article):
        fields_of = AmlDict(root)
        fields_of.pos, fields_of.key_pos, fields_of.value_pos, fields_of.value_at = \
            root.pos, root.key_pos, root.value_pos, root.value_at
        typed(fields_of, cls)
        made = fields_of
    else:
        name = next(name for name, kind in COLLECTIONS.items() if kind is cls)
        made = items_of(root, name, file, reader.problems)
        for item in made:
            if isinstance(item, MarkedDict):
                typed(item, cls)
    made.problems = reader.problems
    return made


def items_of(root: MarkedDict, name: str, file: str, problems: list[Problem]) -> AmlList:
    """The items of a collection file's one array, `[name]`; each other key is an error."""
    found = root.get(name)
    made = AmlList(found if isinstance(found, MarkedList) else [])
    made.pos = found.pos if isinstance(found, MarkedList) else Position(1, 1)
    made.item_pos = found.item_pos if isinstance(found, MarkedList) else []
    made.item_at = found.item_at if isinstance(found, MarkedList) else []
    for key in root:
        if key != name:
            problems.append(Problem(file, *root.key_pos[key], f"unknown key '{key}': a {name} file holds one "
                                    f"array, [{name}]", did_you_mean(key, [name]) if isinstance(root[key], MarkedList)
                                    else f"write its items between '[{name}]' and '[]'"))
    if name not in root and not any(isinstance(value, MarkedList) for value in root.values()):
        problems.append(Problem(file, 1, 1, f"the file has no [{name}] array",
                                f"write its items between a line '[{name}]' and a line '[]'"))
    return made


@cache
def hints(cls: type) -> dict[str, Any]:
    """The model class's fields' types, resolved once."""
    return get_type_hints(cls, vars(model))


def typed(raw: MarkedDict, cls: type) -> None:
    """The text values of one item made what the model's fields take: whole numbers, true/false, and lists of
    ids separated by commas (each id at its place); anything else stays text for validation to judge."""
    kinds = hints(cls)
    for f in fields(cls):
        value = raw.get(f.name)
        if not isinstance(value, str):
            continue
        kind = kinds[f.name]
        if get_origin(kind) in (Union, UnionType):  # optional: what it holds when it is there
            kind = next(a for a in get_args(kind) if a is not type(None))
        if get_origin(kind) is tuple:
            raw[f.name] = ids(value, raw.value_at[f.name], raw.value_pos[f.name])
        elif kind is int and WHOLE.fullmatch(value):
            raw[f.name] = int(value)
        elif kind is bool and value.casefold() in ("true", "false"):
            raw[f.name] = value.casefold() == "true"


def ids(value: str, offset: int, pos: Position) -> MarkedList:
    """A value of ids separated by commas as a list, each at its place on the value's line."""
    matches = list(ID_LIST.finditer(value))
    found = marked_list(pos)
    found += [match.group() for match in matches]
    found.item_at = [offset + match.start() for match in matches]
    found.item_pos = [Position(pos.line, pos.col + match.start()) for match in matches]
    return found
