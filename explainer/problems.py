"""Content problems: where they are, what is wrong, how to fix it, and how they print."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, NamedTuple


UNPRINTABLE = {"Cc", "Cs", "Zl", "Zp"}


class Position(NamedTuple):
    """Where something starts in a file: 1-based line and column."""

    line: int
    col: int


def places(text: str, offsets: list[int]) -> list[Position]:
    """The position of each of the ascending character offsets of a file's text, in one pass through it."""
    found, line, line_start, last = [], 1, 0, 0
    for offset in offsets:
        line += text.count("\n", last, offset)
        line_start = text.rfind("\n", last, offset) + 1 or line_start
        found.append(Position(line, offset - line_start + 1))
        last = offset
    return found


def locate(text: str, offset: int, start: Position = Position(1, 1)) -> Position:
    """The position of a character offset in text that itself starts at `start` in its file."""
    [(line, col)] = places(text, [offset])
    return Position(start.line + line - 1, start.col + col - 1 if line == 1 else col)


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    file: str  # project-relative, '/'-separated
    line: int  # 1-based; 0 when the problem is about the whole file
    col: int  # 1-based; 0 when unknown
    message: str
    hint: str = ""
    severity: Literal["error", "note"] = "error"  # an error stops the build; a note only tells

    def __str__(self) -> str:
        where = self.file
        if self.line:
            col = self.col or 1  # a spreadsheet's by its letter, as the spreadsheet shows it: timeline.csv:14:C
            where += f":{self.line}:{column_letter(col) if self.file.endswith('.csv') else col}"
        text = f"{where}: {self.severity}: {self.message}"
        return one_line(f"{text}; {self.hint}" if self.hint else text)


def column_letter(number: int) -> str:
    """A spreadsheet column's letters from its 1-based number: 1 is A, 27 is AA."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def one_line(text: str) -> str:
    """The text with line breaks and other invisible characters written as escapes, so a problem stays one line."""
    return "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in UNPRINTABLE else c for c in text)


def closest(word: str, options: Iterable[object]) -> str | None:
    """The option most like the word, when one is close enough to be what was meant."""
    close = difflib.get_close_matches(word, sorted(str(o) for o in options), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, options: Iterable[object]) -> str:
    """A hint naming the closest option, or listing them when none is close."""
    choices = sorted(str(o) for o in options)
    close = closest(word, choices)
    if close:
        return f"did you mean '{close}'?"
    if not choices:
        return "there is nothing to refer to yet"
    shown = ", ".join(f"'{c}'" for c in choices[:8])
    return f"expected one of {shown}" + (", …" if len(choices) > 8 else "")


def errors(problems: list[Problem]) -> list[Problem]:
    """The problems that stop a build: all but the notes."""
    return [p for p in problems if p.severity == "error"]


def summary(problems: list[Problem], output: str | None) -> str:
    """The closing count line: '3 errors; the build stopped and dist/ was left as it was', or for a check (no
    output) '3 errors; check writes nothing'. Notes are not counted."""
    count = len(errors(problems))
    noun = "error" if count == 1 else "errors"
    if output is None:
        return f"{count} {noun}; check writes nothing"
    return f"{count} {noun}; the build stopped and {output}/ was left as it was"
