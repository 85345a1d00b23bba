"""YAML as editors mean it: dates, times and yes/no stay text, no duplicate keys, aliases or tags, and every
mapping and list remembers where its parts start (line and column, and the character in the file's text).

libyaml composes the node tree (PyYAML in Python where libyaml is missing); construct() makes the values from it
in one recursive pass, by the strict rules."""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader, ReaderError
from yaml.scanner import Scanner

from .problems import Position, Problem, locate

TAG = "tag:yaml.org,2002:"
STR, MAP, SEQ, MERGE = TAG + "str", TAG + "map", TAG + "seq", TAG + "merge"
ALLOWED_TAGS = {TAG + t for t in ("str", "int", "float", "bool", "null", "map", "seq")}
BLOCK_STYLES = ("|", ">")


# The strict rules for plain scalars: these words, decimal whole numbers (up to 18 digits) and decimals; anything else
# (dates, times, yes/no, 010, 0x1F, 1e3) stays text. (A plain scalar never ends in a line break: fullmatch is `^...$`.)
WORDS = {"": None, "~": None, "null": None, "Null": None, "NULL": None,
         "true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
NUMBER = re.compile(r"[-+]?(?:(0|[1-9][0-9]{0,17})|[0-9]+\.[0-9]+)")  # group 1: a whole number


class StrictTags:
    """What a composer asks of a resolver: a node written without a tag gets its kind's, except a plain scalar,
    which gets none: construct() types it by the strict rules (PyYAML's resolver would try YAML 1.1's patterns)."""

    def resolve(self, kind: type[Node], value: str | None, implicit: Any) -> str | None:
        if kind is ScalarNode:
            return None if implicit[0] else STR
        return MAP if kind is MappingNode else SEQ

    def descend_resolver(self, parent: Node | None, index: Any) -> None:
        """No path resolvers."""

    def ascend_resolver(self) -> None:
        """No path resolvers."""


class PythonComposer(StrictTags, Reader, Scanner, Parser, Composer):
    """PyYAML's composer in Python, where libyaml is missing: the same node tree, several times slower."""

    def __init__(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)


if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class CComposer(StrictTags, CParser):
        """libyaml's composer, in C."""

    COMPOSER: type[CComposer | PythonComposer] = CComposer
else:
    COMPOSER = PythonComposer


class MarkedDict(dict[str, Any]):
    """A YAML mapping that remembers where it, its keys and its values start, and the character of the file's text
    where each value starts (for positions inside it: see scalar_indexes)."""

    __slots__ = ("pos", "key_pos", "value_pos", "value_at")
    pos: Position
    key_pos: dict[str, Position]
    value_pos: dict[str, Position]
    value_at: dict[str, int]


class MarkedList(list[Any]):
    """A YAML sequence that remembers where it and each item start (line and column, and character)."""

    __slots__ = ("pos", "item_pos", "item_at")
    pos: Position
    item_pos: list[Position]
    item_at: list[int]


def construct(root: Node, line_offset: int = 0, index_offset: int = 0) -> Any:
    """The value of a composed node tree by the strict rules, its mappings and lists with their positions in a file
    whose text starts `line_offset` lines and `index_offset` characters before the tree's (front matter)."""
    return _value(root, line_offset + 1, index_offset, set())  # marks count lines from 0


# Plain functions that pass the offsets down (closures calling each other would make a reference cycle that keeps
# every node alive until the next full collection). `lines` is the line offset plus one, `seen` every node met.

def _value(node: Node, lines: int, chars: int, seen: set[Node]) -> Any:
    if node in seen:  # an alias: the node its anchor named, met again
        raise ConstructorError(None, None, "anchors and aliases (&name, *name) are not allowed; "
                               "write the value out in full", node.start_mark)
    seen.add(node)
    tag = node.tag
    if tag is None:  # a plain scalar (see StrictTags)
        text = node.value
        if text in WORDS:
            return WORDS[text]
        number = NUMBER.fullmatch(text) if text[:1] in "-+0123456789" else None
        return text if number is None else int(text) if number[1] else float(text)
    if tag == STR and isinstance(node, ScalarNode):
        return node.value
    if tag == MAP and isinstance(node, MappingNode):
        return _mapping(node, lines, chars, seen)
    if tag == SEQ and isinstance(node, SequenceNode):
        return _sequence(node, lines, chars, seen)
    return tagged(node)


def _mapping(node: MappingNode, lines: int, chars: int, seen: set[Node]) -> MarkedDict:
    out = MarkedDict()
    mark = node.start_mark
    out.pos, out.key_pos, out.value_pos, out.value_at = _new(Position, (mark.line + lines, mark.column + 1)), {}, {}, {}
    key_pos, value_pos, value_at = out.key_pos, out.value_pos, out.value_at
    for key_node, value_node in node.value:
        if key_node.tag == MERGE:
            raise ConstructorError(None, None, "merge keys (<<) are not allowed; write the keys out",
                                   key_node.start_mark)
        key = _value(key_node, lines, chars, seen)
        if not isinstance(key, str):
            key = str(key)
        if key in out:
            raise ConstructorError(None, None, f"duplicate key '{key}' (first on line {key_pos[key][0]}); "
                                   "keep one of them", key_node.start_mark)
        out[key] = _value(value_node, lines, chars, seen)
        mark = key_node.start_mark
        key_pos[key] = _new(Position, (mark.line + lines, mark.column + 1))
        value_pos[key] = _start(value_node, lines)
        value_at[key] = value_node.start_mark.index + chars
    return out


def _sequence(node: SequenceNode, lines: int, chars: int, seen: set[Node]) -> MarkedList:
    items = node.value
    out = MarkedList([_value(item, lines, chars, seen) for item in items])
    mark = node.start_mark
    out.pos = _new(Position, (mark.line + lines, mark.column + 1))
    out.item_pos = [_start(item, lines) for item in items]
    out.item_at = [item.start_mark.index + chars for item in items]
    return out


def _start(node: Node, lines: int) -> Position:
    """Where a value's text starts: a block scalar's ('|' or '>') on the line after its indicator."""
    mark = node.start_mark
    if node.__class__ is ScalarNode and node.style in BLOCK_STYLES:
        return _new(Position, (mark.line + lines + 1, 1))
    return _new(Position, (mark.line + lines, mark.column + 1))


_new = tuple.__new__  # a Position without NamedTuple's __new__ frame: this runs for every value


def tagged(node: Node) -> Any:
    """A value whose tag is written out, past construct()'s common cases: !!str, !!int, !!float, !!bool or !!null on
    a scalar, read as PyYAML reads them (`!!int 0x1F` is 31); any other tag, or one that does not fit, is refused."""
    tag = node.tag
    if tag not in ALLOWED_TAGS:
        raise ConstructorError(None, None, f"the tag {tag!r} is not allowed; remove it and write a plain value",
                               node.start_mark)
    unfit = ConstructorError(None, None, f"the tag {tag!r} does not fit this value; remove it and write a plain value",
                             node.start_mark)
    if tag in (MAP, SEQ):  # on another kind of node
        raise unfit
    if not isinstance(node, ScalarNode):
        raise ConstructorError(None, None, "expected a scalar node, but found "
                               + ("mapping" if isinstance(node, MappingNode) else "sequence"), node.start_mark)
    try:
        return SafeConstructor.yaml_constructors[tag](SafeConstructor(), node)
    except (ValueError, KeyError, IndexError):  # `!!int x`, `!!bool maybe`, `!!float ''`
        raise unfit from None


YAML_HINTS = {
    "found character '\\t' that cannot start any token": "indent with spaces, not tabs",
    "found a tab character": "indent with spaces, not tabs",
    "did not find expected ',' or ']'": "close the list with ']', or put text that starts with '[' in quotes",
    "did not find expected ',' or '}'": "close the mapping with '}', or put text that starts with '{' in quotes",
    "did not find expected key": "check the indentation of this line and the one before",
    "mapping values are not allowed": "put text that contains ': ' in quotes",  # libyaml: "... in this context"
    "found undefined alias": "anchors and aliases (&name, *name) are not allowed",
    "found unexpected end of stream": "close the quote or bracket opened above",
    "could not find expected ':'": "a key needs a ':' after it; quote text that spans lines",
}


def parse_yaml(text: str, file: str, line_offset: int = 0, index_offset: int = 0) -> tuple[Any, list[Problem]]:
    """Parse YAML text strictly; return the data, or None and the problem with its position."""
    composer = COMPOSER(text)
    try:
        root = composer.get_single_node()
        return (None if root is None else construct(root, line_offset, index_offset)), []
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message, _, hint = (error.problem or error.context or "invalid YAML").partition("; ")
        hint = hint or next((h for key, h in YAML_HINTS.items() if key in message),
                            "check the YAML on this line and the one before (see docs/yaml.md)")
        return None, [Problem(file, line + line_offset, col, message, hint)]
    except ReaderError as error:
        line, col = locate(text, max(text.find(chr(error.character)), 0))  # libyaml counts bytes, not characters
        return None, [Problem(file, line + line_offset, col, f"the character U+{error.character:04X} is not allowed",
                              "delete it; invisible control characters often come with pasted text")]
    except yaml.YAMLError as error:
        return None, [Problem(file, 1 + line_offset, 1, f"invalid YAML: {error}", "see docs/yaml.md")]
    except RecursionError:
        return None, [Problem(file, 1 + line_offset, 1, "lists and mappings are nested too deeply",
                              "write the values with fewer levels")]
    finally:
        composer.dispose()


ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
           "e": "\x1b", " ": " ", "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}
HEX_DIGITS = {"x": 2, "u": 4, "U": 8}


def scalar_indexes(text: str, start: int, value: str, offsets: list[int]) -> list[int]:
    """Where in the file's `text` each of the ascending character `offsets` of a YAML scalar `value` that starts
    at `start` (a value_at or item_at) was written. The value's visible characters are matched in order with
    the file's: line folding, indentation, a block scalar's header line, quoting and escapes change only what
    lies between them. An offset at a space is placed at the next visible character."""
    style = text[start] if start < len(text) else ""
    i = text.find("\n", start) + 1 if style in ("|", ">") else start + 1 if style in ("'", '"') else start
    found: list[int] = []
    for k, char in enumerate(value):
        if len(found) == len(offsets):
            break
        if char.isspace():
            continue
        length = 1
        while i < len(text):
            made = text[i]
            if style == '"' and made == "\\" and i + 1 < len(text):
                code = text[i + 1]
                length = 2 + HEX_DIGITS.get(code, 0)
                made = "" if code == "\n" else chr(int(text[i + 2:i + length], 16)) if code in HEX_DIGITS \
                    else ESCAPES.get(code, code)
            elif style == "'" and text.startswith("''", i):
                length, made = 2, "'"
            else:
                length = 1
            if made and not made.isspace():
                break
            i += length
        while len(found) < len(offsets) and offsets[len(found)] <= k:
            found.append(min(i, len(text)))
        i += length
    return found + [min(i, len(text))] * (len(offsets) - len(found))
