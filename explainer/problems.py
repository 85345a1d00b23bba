"""Content problems: where they are, what is wrong, how to fix it, and how they print."""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from typing import Literal

UNPRINTABLE = {"Cc", "Cs", "Zl", "Zp"}


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
            where += f":{self.line}:{self.col or 1}"
        text = f"{where}: {self.severity}: {self.message}"
        return one_line(f"{text}; {self.hint}" if self.hint else text)


def one_line(text: str) -> str:
    """The text with line breaks and other invisible characters written as escapes, so a problem stays one line."""
    return "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in UNPRINTABLE else c for c in text)


class ContentError(Exception):
    """Raised by a stage that cannot go on; carries every problem found so far."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = sorted(set(problems))


def did_you_mean(word: str, options: object) -> str:
    """A hint naming the closest option, or listing them when none is close."""
    choices = sorted(str(o) for o in options)  # type: ignore[attr-defined]
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    if not choices:
        return "there is nothing to refer to yet"
    shown = ", ".join(f"'{c}'" for c in choices[:8])
    return f"expected one of {shown}" + (", …" if len(choices) > 8 else "")


def errors(problems: list[Problem]) -> list[Problem]:
    """The problems that stop a build: all but the notes."""
    return [p for p in problems if p.severity == "error"]


def summary(problems: list[Problem]) -> str:
    """The closing count line, e.g. '3 errors; nothing was written'; notes are not counted."""
    count = len(errors(problems))
    noun = "error" if count == 1 else "errors"
    return f"{count} {noun}; the build stopped and dist/ was left as it was"
