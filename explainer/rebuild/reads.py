"""What a page is made from: the layouts it uses and the values they read, found in the layouts' syntax trees."""

from __future__ import annotations

from dataclasses import dataclass, field

import jinja2
from jinja2 import meta, nodes


@dataclass(frozen=True, slots=True)
class Reads:
    """A layout with every layout it extends, includes or imports: their sources, the values they read by
    name, and what they read of the explainer."""

    layouts: tuple[tuple[str, str], ...]  # (name, source), sorted by name
    names: frozenset[str]  # top-level values: 'site', 'date_groups', 'explainer', …
    whole_explainer: bool  # the explainer is passed along whole (to a macro, a filter), so any fact may matter
    fields: frozenset[str]  # the explainer's fields (and properties) it reads
    tested: frozenset[str]  # fields it only tests for emptiness, as `{% if explainer.pages %}` does


@dataclass(frozen=True, slots=True)
class LayoutReads:
    """What one layout source reads by itself, before following what it pulls in."""

    pulls_in: tuple[str | None, ...]  # the layouts it extends, includes or imports (None: a computed name)
    names: frozenset[str]
    whole_explainer: bool
    fields: frozenset[str]
    tested: frozenset[str]


def layout_reads(env: jinja2.Environment, source: str) -> LayoutReads | None:
    """What one layout source reads, or None when it cannot be parsed (the build reports that)."""
    try:
        tree = env.parse(source)
    except jinja2.TemplateError:
        return None
    # Every name the layout loads, its own variables too: a few more than it reads from outside, found without
    # meta.find_undeclared_variables, which costs as much as compiling the layout.
    names = frozenset(n.name for n in tree.find_all(nodes.Name) if n.ctx == "load")
    used = [n for n in tree.find_all(nodes.Getattr) if isinstance(n.node, nodes.Name) and n.node.name == "explainer"]
    whole = sum(1 for n in tree.find_all(nodes.Name) if n.name == "explainer") > len(used)
    test_ids = {id(n.test) for n in tree.find_all((nodes.If, nodes.CondExpr))}  # type: ignore[attr-defined]
    tested = frozenset(n.attr for n in used if id(n) in test_ids)
    fields = frozenset(n.attr for n in used if id(n) not in test_ids)
    return LayoutReads(tuple(meta.find_referenced_templates(tree)), names, whole, fields, tested)


@dataclass(slots=True)
class LayoutIndex:
    """What each layout reads; keyed on the layouts' source texts, so an edited layout is read again."""

    by_source: dict[str, LayoutReads | None] = field(default_factory=dict)
    by_name: dict[str, tuple[dict[str, str], Reads | None]] = field(default_factory=dict)

    def reads(self, env: jinja2.Environment, layouts: dict[str, str], name: str) -> Reads | None:
        """What the layout `name` reads, or None when that cannot be known (a computed name, a syntax error)."""
        cached = self.by_name.get(name)
        if cached is not None and cached[0] == layouts:
            return cached[1]
        found = self.closure(env, layouts, name)
        self.by_name[name] = (layouts, found)
        return found

    def closure(self, env: jinja2.Environment, layouts: dict[str, str], name: str) -> Reads | None:
        sources: dict[str, str] = {}
        names: set[str] = set()
        fields: set[str] = set()
        tested: set[str] = set()
        whole = False
        todo = [name]
        while todo:
            current = todo.pop()
            if current in sources or current not in layouts:
                continue
            sources[current] = layouts[current]
            if current not in self.by_source and len(self.by_source) > 1000:
                self.by_source.clear()  # a long preview session edits layouts many times
            if layouts[current] not in self.by_source:
                self.by_source[layouts[current]] = layout_reads(env, layouts[current])
            reads = self.by_source[layouts[current]]
            if reads is None or None in reads.pulls_in:
                return None
            names |= reads.names
            fields |= reads.fields
            tested |= reads.tested
            whole = whole or reads.whole_explainer
            todo += [r for r in reads.pulls_in if r is not None]
        return Reads(tuple(sorted(sources.items())), frozenset(names), whole, frozenset(fields),
                     frozenset(tested - fields))
