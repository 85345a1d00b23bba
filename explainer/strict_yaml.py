"""YAML as editors mean it: dates, times and yes/no stay text, no duplicate keys, aliases or tags, and every
mapping and list remembers where its parts start (line and column, and the character in the file's text)."""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import ConstructorError

from .problems import Position, Problem, locate

Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ALLOWED_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq")}
MAX_FILE_BYTES = 5_000_000


class MarkedDict(dict[str, Any]):
    """A YAML mapping that remembers where it, its keys and its values start, and the character of the file's text
    where each value starts (for positions inside it: see positions.scalar_indexes)."""

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


def _pos(mark: yaml.Mark) -> Position:
    return Position(mark.line + 1, mark.column + 1)


class StrictLoader(Base):  # type: ignore[misc, valid-type]
    """YAML 1.2-like scalars (dates, times, yes/no stay text), no duplicate keys, aliases or tags."""

    line_offset = 0
    index_offset = 0  # where the parsed text starts in its file (front matter follows a '---' line)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            raise ConstructorError(None, None, "anchors and aliases (&name, *name) are not allowed; "
                                   "write the value out in full", node.start_mark)
        if node.tag not in ALLOWED_TAGS:
            raise ConstructorError(None, None, f"the tag {node.tag!r} is not allowed; "
                                   "remove it and write a plain value", node.start_mark)
        return super().construct_object(node, deep)


StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag in ("tag:yaml.org,2002:null",)]
    for first, resolvers in Base.yaml_implicit_resolvers.items()
}
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]{0,17})$"), list("-+0123456789"))
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float", re.compile(r"^[-+]?(?:[0-9]+\.[0-9]+)$"), list("-+0123456789"))


def _construct_mapping(loader: StrictLoader, node: yaml.MappingNode) -> MarkedDict:
    out = MarkedDict()
    out.pos, out.key_pos, out.value_pos, out.value_at = _shift(loader, node.start_mark), {}, {}, {}
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise ConstructorError(None, None, "merge keys (<<) are not allowed; write the keys out",
                                   key_node.start_mark)
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key)
        if key in out:
            first = out.key_pos[key][0]
            raise ConstructorError(None, None, f"duplicate key '{key}' (first on line {first}); "
                                   "keep one of them", key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_pos[key] = _shift(loader, key_node.start_mark)
        out.value_pos[key] = _value_pos(loader, value_node)
        out.value_at[key] = value_node.start_mark.index + loader.index_offset
    return out


def _value_pos(loader: StrictLoader, node: yaml.Node) -> Position:
    """Where a value's text starts: a block scalar's ('|' or '>') on the line after its indicator."""
    line, col = _shift(loader, node.start_mark)
    return Position(line + 1, 1) if getattr(node, "style", None) in ("|", ">") else Position(line, col)


def _construct_sequence(loader: StrictLoader, node: yaml.SequenceNode) -> MarkedList:
    out = MarkedList(loader.construct_object(child, deep=True) for child in node.value)
    out.pos = _shift(loader, node.start_mark)
    out.item_pos = [_value_pos(loader, child) for child in node.value]
    out.item_at = [child.start_mark.index + loader.index_offset for child in node.value]
    return out


def _shift(loader: StrictLoader, mark: yaml.Mark) -> Position:
    line, col = _pos(mark)
    return Position(line + loader.line_offset, col)


StrictLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
StrictLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)

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
    loader = StrictLoader(text)
    loader.line_offset, loader.index_offset = line_offset, index_offset
    try:
        return loader.get_single_data(), []
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = _pos(mark) if mark else (1, 1)
        message, _, hint = (error.problem or error.context or "invalid YAML").partition("; ")
        hint = hint or next((h for key, h in YAML_HINTS.items() if key in message),
                            "check the YAML on this line and the one before (see docs/yaml.md)")
        return None, [Problem(file, line + line_offset, col, message, hint)]
    except yaml.reader.ReaderError as error:
        line, col = locate(text, max(text.find(chr(error.character)), 0))  # libyaml counts bytes, not characters
        return None, [Problem(file, line + line_offset, col, f"the character U+{error.character:04X} is not allowed",
                              "delete it; invisible control characters often come with pasted text")]
    except yaml.YAMLError as error:
        return None, [Problem(file, 1 + line_offset, 1, f"invalid YAML: {error}", "see docs/yaml.md")]
    finally:
        loader.dispose()


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
