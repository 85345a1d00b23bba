"""The strict YAML parser against an independent account of the same text: generated nested YAML, whose values are
known from how it was written and whose positions come from PyYAML's own composer (yaml.compose, in Python)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from explainer import strict_yaml
from explainer.load import content_files, decode
from explainer.problems import Position, Problem
from explainer.project import Project
from explainer.strict_yaml import MarkedDict, MarkedList, PythonComposer, parse_yaml

COMPOSERS = [pytest.param(strict_yaml.COMPOSER, id="libyaml" if yaml.__with_libyaml__ else "python"),
             pytest.param(PythonComposer, id="python")]

# A tree is ("scalar", written, value, flowable), ("block", style, lines), ("map", [(key, tree)], flow) or
# ("seq", [tree], flow).
WORD = st.text("abcXYZ019 éїЖ€", max_size=12).map(lambda s: "x" + s.strip())
TYPED_AS_TEXT = ["2022-09-21", "12:30", "yes", "No", "on", "OFF", "010", "0x1F", "1e3", ".inf", "1_000", "-.5", "1.",
                 "0o7", "+.5e2", "1234567890123456789", "Null word", "true story"]
PLAIN = st.one_of(
    WORD.map(lambda w: ("scalar", w, w, True)),
    st.sampled_from(["~", "null", "Null", "NULL"]).map(lambda w: ("scalar", w, None, True)),
    st.just(("scalar", "", None, False)),  # an empty value
    st.sampled_from(["true", "True", "TRUE", "false", "False", "FALSE"]).map(
        lambda w: ("scalar", w, w[0] in "tT", True)),
    st.tuples(st.integers(-10**18 + 1, 10**18 - 1), st.sampled_from(["", "+"])).map(
        lambda t: ("scalar", (t[1] if t[0] >= 0 else "") + str(t[0]), t[0], True)),
    st.from_regex(r"[-+]?[0-9]{1,6}\.[0-9]{1,6}", fullmatch=True).map(lambda w: ("scalar", w, float(w), True)),
    st.sampled_from(TYPED_AS_TEXT).map(lambda w: ("scalar", w, w, ":" not in w)),
)
QUOTED = st.one_of(
    st.text("ab Ж'\":#&*!|>-,[]{}\\", max_size=10).map(
        lambda s: ("scalar", "'" + s.replace("'", "''") + "'", s, True)),
    st.tuples(st.text("ab Ж'\":#\\\n\t€", max_size=10), st.booleans()).map(
        lambda t: ("scalar", json.dumps(t[0], ensure_ascii=t[1]), t[0], True)),
    st.sampled_from(["yes", "1", "null", "true", "2022-09-21"]).map(lambda w: ("scalar", f'"{w}"', w, True)),
)
BLOCK = st.tuples(st.sampled_from(["|", ">"]), st.lists(WORD, min_size=1, max_size=3)).map(lambda t: ("block", *t))
SPECIAL_KEYS = {"1": "1", "-7": "-7", "1.50": "1.5", "~": "None", "null": "None", "true": "True", "FALSE": "False",
                "yes": "yes", "2022-09-21": "2022-09-21", "'quoted key'": "quoted key"}
KEY = st.one_of(st.from_regex(r"[a-z][a-z0-9_]{0,7}", fullmatch=True).filter(lambda k: k not in SPECIAL_KEYS),
                st.sampled_from(sorted(SPECIAL_KEYS)))


def key_text(written: str) -> str:
    return SPECIAL_KEYS.get(written, written)


def flowable(tree: tuple[Any, ...]) -> bool:
    return tree[3] if tree[0] == "scalar" else tree[0] != "block" and (tree[2] or not tree[1])


def collections(children: st.SearchStrategy[tuple[Any, ...]]) -> st.SearchStrategy[tuple[Any, ...]]:
    entries = st.lists(st.tuples(KEY, children), max_size=4, unique_by=lambda kv: key_text(kv[0]))
    return st.one_of(
        st.tuples(st.lists(children, max_size=4), st.booleans()).map(
            lambda t: ("seq", t[0], t[1] and all(map(flowable, t[0])))),
        st.tuples(entries, st.booleans()).map(
            lambda t: ("map", t[0], t[1] and all(flowable(child) for _, child in t[0]))))


TREE = st.recursive(st.one_of(PLAIN, QUOTED, BLOCK), collections, max_leaves=12)
TOP = st.one_of(
    st.lists(st.tuples(KEY, TREE), min_size=1, max_size=5, unique_by=lambda kv: key_text(kv[0])).map(
        lambda entries: ("map", entries, False)),
    st.lists(TREE, min_size=1, max_size=5).map(lambda items: ("seq", items, False)))


def flow(tree: tuple[Any, ...]) -> str:
    if tree[0] == "scalar":
        return tree[1]
    if tree[0] == "seq":
        return "[" + ", ".join(map(flow, tree[1])) + "]"
    return "{" + ", ".join(f"{key}: {flow(child)}" for key, child in tree[1]) + "}"


def entry(head: str, tree: tuple[Any, ...], indent: int) -> list[str]:
    """The lines of a mapping's entry or a list's item: its head ('key:' or '-') and its value."""
    if tree[0] == "scalar":
        return [f"{head} {tree[1]}" if tree[1] else head]
    if tree[0] == "block":
        return [f"{head} {tree[1]}"] + [" " * (indent + 2) + line for line in tree[2]]
    if flowable(tree):
        return [f"{head} {flow(tree)}"]
    return [head] + block(tree, indent + 2)


def block(tree: tuple[Any, ...], indent: int) -> list[str]:
    """The lines of a block mapping or list whose entries start `indent` columns in."""
    pad, lines = " " * indent, []
    if tree[0] == "map":
        for key, child in tree[1]:
            lines += entry(f"{pad}{key}:", child, indent)
        return lines
    for child in tree[1]:
        if child[0] in ("map", "seq") and not flowable(child):  # compact: '- key: value', '- - item'
            inner = block(child, indent + 2)
            lines += [f"{pad}- {inner[0][indent + 2:]}"] + inner[1:]
        else:
            lines += entry(f"{pad}-", child, indent)
    return lines


def value(tree: tuple[Any, ...]) -> Any:
    """What the tree means, as typed values: ('int', '5'), not 5, so that True, 1 and 1.0 differ."""
    kind = tree[0]
    if kind == "scalar":
        return type(tree[2]).__name__, repr(tree[2])
    if kind == "block":
        text = ("\n" if tree[1] == "|" else " ").join(tree[2]) + "\n"
        return "str", repr(text)
    if kind == "seq":
        return [value(child) for child in tree[1]]
    return {key_text(key): value(child) for key, child in tree[1]}


def typed(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: typed(item) for key, item in data.items()}
    if isinstance(data, list):
        return [typed(item) for item in data]
    return type(data).__name__, repr(data)


def check_positions(data: Any, node: Node, tree: tuple[Any, ...], text: str, lines: int, chars: int) -> None:
    """Every mapping's and list's positions as yaml.compose's marks give them, and every value's character at the
    text the tree wrote for it."""
    def at(mark: yaml.Mark) -> Position:
        return Position(mark.line + 1 + lines, mark.column + 1)

    def start(child: Node) -> Position:
        block_scalar = isinstance(child, ScalarNode) and child.style in ("|", ">")
        return Position(child.start_mark.line + 2 + lines, 1) if block_scalar else at(child.start_mark)

    def written(child: tuple[Any, ...], index: int) -> None:
        if child[0] in ("scalar", "block"):
            token = child[1] if child[0] == "block" else child[1] or ""
            assert text[index - chars:].startswith(token)

    if isinstance(node, MappingNode):
        assert type(data) is MarkedDict and data.pos == at(node.start_mark)
        assert list(data) == [key_text(key) for key, _ in tree[1]]
        for (key_node, value_node), key, (_, child) in zip(node.value, list(data), tree[1]):
            assert data.key_pos[key] == at(key_node.start_mark)
            assert data.value_pos[key] == start(value_node)
            assert data.value_at[key] == value_node.start_mark.index + chars
            written(child, data.value_at[key])
            check_positions(data[key], value_node, child, text, lines, chars)
    elif isinstance(node, SequenceNode):
        assert type(data) is MarkedList and data.pos == at(node.start_mark)
        assert data.item_pos == [start(item) for item in node.value]
        assert data.item_at == [item.start_mark.index + chars for item in node.value]
        for item, item_node, child, index in zip(data, node.value, tree[1], data.item_at):
            written(child, index)
            check_positions(item, item_node, child, text, lines, chars)


OFFSETS = st.tuples(st.integers(0, 40), st.integers(0, 2000))  # front matter: lines and characters before the text


@pytest.mark.parametrize("composer", COMPOSERS)
@settings(max_examples=120, deadline=None)
@given(tree=TOP, offsets=OFFSETS)
def test_values_and_positions_are_those_the_text_was_written_with(composer: type, tree: tuple[Any, ...],
                                                                  offsets: tuple[int, int]):
    text = "\n".join(block(tree, 0)) + "\n"
    with mock.patch.object(strict_yaml, "COMPOSER", composer):
        data, problems = parse_yaml(text, "content/x.yaml", *offsets)
    assert problems == []
    assert typed(data) == value(tree)
    check_positions(data, yaml.compose(text, Loader=yaml.SafeLoader), tree, text, *offsets)


TAGS = ["!thing", "!!timestamp", "!!binary", "!!set", "!!omap", "!!python/name:os.system",
        "!<tag:example.com,2000:x>", "!!merge"]


@st.composite
def broken(draw: st.DrawFn) -> tuple[str, str]:
    """A mapping with one thing the strict rules refuse added among its entries: a key written twice, an alias to
    an anchor, or a tag; and which of the three it is."""
    entries = draw(st.lists(st.tuples(KEY, TREE), min_size=1, max_size=4, unique_by=lambda kv: key_text(kv[0])))
    fault = draw(st.sampled_from(["duplicate", "alias", "tag"]))
    first = draw(st.integers(0, len(entries)))
    if fault == "duplicate":
        first = min(first, len(entries) - 1)
        added = [(draw(st.integers(first + 1, len(entries))), (entries[first][0], draw(PLAIN)))]
    elif fault == "alias":
        added = [(first, ("Anchor", ("scalar", "&a " + draw(WORD), None, False))),
                 (draw(st.integers(first, len(entries))), ("Alias", ("scalar", "*a", None, False)))]
    else:
        added = [(first, ("Tagged", ("scalar", f"{draw(st.sampled_from(TAGS))} {draw(WORD)}", None, False)))]
    for index, item in reversed(added):  # the later first, so that the earlier index still holds
        entries.insert(index, item)
    return "\n".join(block(("map", entries, False), 0)) + "\n", fault


@pytest.mark.parametrize("composer", COMPOSERS)
@settings(max_examples=120, deadline=None)
@given(case=broken(), offsets=OFFSETS)
def test_a_duplicate_key_an_alias_or_a_tag_is_the_problem_yaml_compose_places(composer: type, case: tuple[str, str],
                                                                              offsets: tuple[int, int]):
    text, fault = case
    lines = offsets[0]
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    keys = [(key_node, key_node.value, value_node) for key_node, value_node in root.value]
    if fault == "duplicate":
        seen: dict[str, Node] = {}
        for key_node, written, _ in keys:
            name = key_text(written if key_node.style is None else f"'{written}'")
            if name in seen:
                where = key_node.start_mark
                expected = (where, f"duplicate key '{name}' (first on line {seen[name].start_mark.line + 1 + lines})",
                            "keep one of them")
                break
            seen[name] = key_node
    elif fault == "alias":
        anchored = next(value_node for _, written, value_node in keys if written == "Alias")  # the anchor's node
        expected = (anchored.start_mark, "anchors and aliases (&name, *name) are not allowed",
                    "write the value out in full")
    else:
        tagged = next(value_node for _, written, value_node in keys if written == "Tagged")
        expected = (tagged.start_mark, f"the tag {tagged.tag!r} is not allowed", "remove it and write a plain value")
    mark, message, hint = expected
    with mock.patch.object(strict_yaml, "COMPOSER", composer):
        data, problems = parse_yaml(text, "content/x.yaml", *offsets)
    assert data is None
    assert problems == [Problem("content/x.yaml", mark.line + 1 + lines, mark.column + 1, message, hint)]


def test_without_libyaml_the_python_composer_reads_the_same():
    """The pure-Python fallback, as a machine without libyaml runs it: yaml._yaml cannot be imported."""
    text = "a: 1\nb: [2022-09-21, yes, 1.5]\nc: |\n  Text\nd: &x 1\n"
    script = ("import sys; sys.modules['yaml._yaml'] = None\n"
              "from explainer import strict_yaml\n"
              "assert strict_yaml.COMPOSER is strict_yaml.PythonComposer, strict_yaml.COMPOSER\n"
              f"data, problems = strict_yaml.parse_yaml({text!r}, 'x.yaml')\n"
              "print(repr((data, data.value_pos, data['b'].item_at, problems)))\n"
              f"print(repr(strict_yaml.parse_yaml({text + 'e: *x' + chr(10)!r}, 'x.yaml')))\n")
    environment = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=environment, check=True)
    data, problems = parse_yaml(text, "x.yaml")
    aliased = parse_yaml(text + "e: *x\n", "x.yaml")
    assert done.stdout == f"{(data, data.value_pos, data['b'].item_at, problems)!r}\n{aliased!r}\n"
    assert aliased[1][0].message.startswith("anchors and aliases")


def test_a_written_tag_that_fits_reads_as_pyyaml_reads_it_and_one_that_does_not_is_a_problem():
    data, _ = parse_yaml("a: !!str 5\nb: !!int 0x1F\nc: !!float 1\nd: !!bool yes\ne: !!null x\nf: !!seq [1]\n", "x")
    assert typed(data) == typed({"a": "5", "b": 31, "c": 1.0, "d": True, "e": None, "f": [1]})
    for text, col in (("a: !!int x\n", 4), ("a: !!map b\n", 4), ("- !!seq {a: 1}\n", 3), ("a: !!bool maybe\n", 4)):
        _, problems = parse_yaml(text, "x")
        assert [(p.line, p.col, p.hint) for p in problems] == [(1, col, "remove it and write a plain value")]
        assert problems[0].message.endswith("does not fit this value")


def test_lists_nested_deeper_than_python_recurses_are_a_problem_not_a_crash():
    _, problems = parse_yaml("a: " + "[" * 900 + "]" * 900 + "\n", "content/x.yaml")
    assert [(p.file, p.message) for p in problems] == [("content/x.yaml", "lists and mappings are nested too deeply")]


def test_a_byte_that_is_not_utf8_after_a_byte_order_mark_is_placed_where_it_is():
    assert decode(b"\xef\xbb\xbfab\ncd\xffx", "x") == (None, [Problem("x", 2, 3, "byte 0xff is not UTF-8",
                                                                      "save the file as UTF-8")])
    assert decode(b"\xef\xbb\xbfa\r\nb", "x") == ("a\nb", [])


def test_content_files_are_those_rglob_finds_in_its_order(tmp_path: Path):
    """One walk with os.scandir gives the files sorted(rglob) gave: by path, each folder before what it holds,
    hidden names and linked folders left out."""
    content = tmp_path / "content"
    for name in ("a.yaml", "a/b.yaml", "a-b/c.yaml", "a/b/c.yaml", "a/b-c.md", "B.yaml", "pages/x.md", "z/x.json",
                 "a/z/.hidden.yaml", ".git/a.yaml", "a/Z.yaml", "sections/é.md", "a/b/d/e.yaml"):
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text("a: 1\n" if not name.endswith(".md") else "---\na: 1\n---\n")
    (content / "linked").symlink_to(content / "a", target_is_directory=True)  # never entered
    (content / "a" / "inside.yaml").symlink_to(content / "B.yaml")  # a link that stays inside: a file
    files, problems = content_files(Project.at(tmp_path))
    expected = sorted(path for path in content.rglob("*") if path.suffix in (".yaml", ".md", ".json")
                      and not path.name.startswith(".") and path.is_file())
    assert problems == [] and files == expected and len(files) == 13
