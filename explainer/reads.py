"""Recorded reads: what a page, a shared value or a file beside the pages was made from, noted while it was made,
never declared.

Layouts get the explainer, and the functions of views.SHARED and formats.files the explainer and the plan,
wrapped in a `Recorded`, which notes the name of each attribute read through it ('explainer.events',
'plan.words'); the renderer notes each layout a page loads ('layout:base.html') and each shared value it reads
('shared.citations'). Notes go to the innermost `recording()` open in this process: a forked worker sends its
page's notes back with the page (render.Rendered). The rebuild layer (rebuild/pages.py, rebuild/session.py)
keys each of them on the versions of what it read last time, so a rebuild makes it again when any of that
changed, whatever a layout or a function starts reading. What the renderer sets up once a build for every page
(the addresses, the words, what Markdown converts with) is read outside any recording: those keys name it.
Only top-level fields are noted: a page that read `explainer.events` depends on every event; one that only
tested whether a field of many items is empty (`{% if explainer.pages %}`) depends on that alone
('explainer.pages?')."""

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
    """An object read through: each attribute read is noted as '<kind>.<attribute>' and answered by the object;
    for a layout (`items`), a tuple comes as Items, noted only once it is used."""

    __slots__ = ("_target", "_kind", "_items")

    def __init__(self, target: object, kind: str, items: bool = False) -> None:
        self._target = target
        self._kind = kind
        self._items = items

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if self._items and isinstance(value, tuple):
            return Items(value, f"{self._kind}.{name}")
        note(f"{self._kind}.{name}")
        return value


class Items:
    """A field of many items as a layout gets it: testing whether it is empty notes '<name>?', any other use
    (a loop, a filter, an index, its length) notes the field."""

    __slots__ = ("_items", "_name")

    def __init__(self, items: tuple[Any, ...], name: str) -> None:
        self._items = items
        self._name = name

    def _used(self) -> tuple[Any, ...]:
        note(self._name)
        return self._items

    def __bool__(self) -> bool:
        note(f"{self._name}?")
        return bool(self._items)

    def __len__(self) -> int:
        return len(self._used())

    def __iter__(self) -> Iterator[Any]:
        return iter(self._used())

    def __reversed__(self) -> Iterator[Any]:
        return reversed(self._used())

    def __getitem__(self, index: Any) -> Any:
        return self._used()[index]

    def __contains__(self, item: object) -> bool:
        return item in self._used()

    def __eq__(self, other: object) -> bool:
        return self._used() == (other._used() if isinstance(other, Items) else other)

    __hash__ = None  # type: ignore[assignment]

    def __getattr__(self, name: str) -> Any:  # a tuple's methods: count, index
        return getattr(self._used(), name)
