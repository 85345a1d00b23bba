"""What a page is made from: the layouts it uses and the values they read, found in the layouts' syntax trees."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any

import jinja2
from jinja2 import meta, nodes

WHOLE = None  # a layout that passes the explainer along whole (not one attribute) depends on all of it
# What the explainer's methods read; a layout calling any other method depends on the whole explainer.
METHOD_READS = {"event_uri": "timeline_split"}


@dataclass(frozen=True, slots=True)
class Reads:
    """A layout with every layout it extends, includes or imports: their sources, the names they read from
    the values a page gets, and the explainer's attributes they read (WHOLE when it is used whole)."""

    sources: tuple[tuple[str, str], ...]
    names: tuple[str, ...]
    attributes: tuple[str, ...] | None  # '?pages': only whether it is empty


@dataclass(frozen=True, slots=True)
class SourceReads:
    referenced: tuple[str | None, ...]
    names: frozenset[str]
    attributes: frozenset[str] | None


def source_reads(env: jinja2.Environment, source: str) -> SourceReads | None:
    """What one layout source refers to, or None when it cannot be parsed (the build reports that)."""
    try:
        tree = env.parse(source)
        names = frozenset(meta.find_undeclared_variables(tree))
    except jinja2.TemplateError:
        return None
    used = [n for n in tree.find_all(nodes.Getattr) if isinstance(n.node, nodes.Name) and n.node.name == "explainer"]
    whole = sum(1 for n in tree.find_all(nodes.Name) if n.name == "explainer") > len(used)
    tested = {id(n.test) for n in tree.find_all((nodes.If, nodes.CondExpr))}  # `{% if explainer.pages %}`
    return SourceReads(tuple(meta.find_referenced_templates(tree)), names,
                       WHOLE if whole else frozenset(("?" if id(n) in tested else "") + n.attr for n in used))


@dataclass(slots=True)
class LayoutIndex:
    """Reads of every layout, computed once per source text and once per set of layouts."""

    by_source: dict[str, SourceReads | None] = field(default_factory=dict)
    by_name: dict[str, tuple[Any, Reads | None]] = field(default_factory=dict)

    def reads(self, env: jinja2.Environment, layouts: dict[str, str], name: str) -> Reads | None:
        """What the layout `name` reads, or None when that cannot be known (a computed name, a syntax error)."""
        cached = self.by_name.get(name)
        if cached is not None and cached[0] is layouts:
            return cached[1]
        found = self.closure(env, layouts, name)
        self.by_name[name] = (layouts, found)
        return found

    def closure(self, env: jinja2.Environment, layouts: dict[str, str], name: str) -> Reads | None:
        sources: dict[str, str] = {}
        names: set[str] = set()
        attributes: set[str] | None = set()
        todo = [name]
        while todo:
            current = todo.pop()
            if current in sources or current not in layouts:
                continue
            sources[current] = layouts[current]
            if current not in self.by_source and len(self.by_source) > 1000:
                self.by_source.clear()  # a long preview session edits layouts many times
            if layouts[current] not in self.by_source:
                self.by_source[layouts[current]] = source_reads(env, layouts[current])
            reads = self.by_source[layouts[current]]
            if reads is None or None in reads.referenced:
                return None
            names |= reads.names
            attributes = None if attributes is None or reads.attributes is None else attributes | reads.attributes
            todo += [r for r in reads.referenced if r is not None]
        return Reads(tuple(sorted(sources.items())), tuple(sorted(names)),
                     None if attributes is None else tuple(sorted(attributes)))


def same(a: Any, b: Any) -> bool:
    """Equal values; partial functions (such as `canonical`) are equal when made of equal parts."""
    if isinstance(a, partial) and isinstance(b, partial):
        return a.func is b.func and a.args == b.args and a.keywords == b.keywords
    return a is b or a == b


@dataclass(slots=True)
class Versions:
    """A number for each named value that changes only when the value does, so that a page's key holds small
    numbers instead of whole collections, and each collection is compared once per build, not once per page."""

    last: dict[str, tuple[Any, int]] = field(default_factory=dict)
    now: dict[str, int] = field(default_factory=dict)

    def start(self) -> None:
        self.now = {}

    def of(self, name: str, value: Any) -> int:
        if name not in self.now:
            last = self.last.get(name)
            version = last[1] if last is not None and same(last[0], value) else (last[1] + 1 if last else 0)
            self.last[name] = (value, version)
            self.now[name] = version
        return self.now[name]
