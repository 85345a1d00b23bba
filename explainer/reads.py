"""Recorded reads: what a page or a shared value was made from, noted while it was made, never declared.

Layouts and the functions of views.SHARED get the explainer and the plan wrapped in a `Recorded`, which notes
the name of each attribute read through it ('explainer.events', 'plan.words'); the renderer notes each layout a
page loads ('layout:base.html') and each shared value it reads ('shared.citations'). Notes go to the innermost
`recording()` open in this process: a forked worker sends its page's notes back with the page (render.Rendered).
The rebuild layer (rebuild/pages.py) keys each page and each shared value on the versions of what it read last
time, so a rebuild makes it again when any of that changed, whatever a layout or a function starts reading.
Only top-level fields are noted: a page that read `explainer.events` depends on every event.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_open: list[set[str]] = []  # the recordings open now, innermost last


@contextmanager
def recording() -> Iterator[set[str]]:
    """The names of what is read until the block ends (what a recording opened inside it reads, it keeps)."""
    read: set[str] = set()
    _open.append(read)
    try:
        yield read
    finally:
        _open.pop()


def note(name: str) -> None:
    """Note a read in the innermost recording, if one is open."""
    if _open:
        _open[-1].add(name)


class Recorded:
    """An object read through: each attribute read is noted as '<kind>.<attribute>' and answered by the object."""

    __slots__ = ("_target", "_kind")

    def __init__(self, target: object, kind: str) -> None:
        self._target = target
        self._kind = kind

    def __getattr__(self, name: str) -> Any:
        note(f"{self._kind}.{name}")
        return getattr(self._target, name)
