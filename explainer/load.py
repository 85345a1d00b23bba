"""Reading the project: strict YAML and Markdown front matter with positions, layouts' folder, asset bytes."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError

from .problems import Problem
from .project import Project

Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ALLOWED_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq")}
MAX_FILE_BYTES = 5_000_000


class MarkedDict(dict):
    """A YAML mapping that remembers where it, its keys and its values start (1-based line, col), and where
    each value starts in the file's text (a character offset, for positions inside it: see scalar_indexes)."""

    __slots__ = ("pos", "key_pos", "value_pos", "value_at")


class MarkedList(list):
    """A YAML sequence that remembers where it and each item start (line and column, and offset in the text)."""

    __slots__ = ("pos", "item_pos", "item_at")


def _pos(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


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


def _value_pos(loader: StrictLoader, node: yaml.Node) -> tuple[int, int]:
    """Where a value's text starts: a block scalar's ('|' or '>') on the line after its indicator."""
    line, col = _shift(loader, node.start_mark)
    return (line + 1, 1) if getattr(node, "style", None) in ("|", ">") else (line, col)


def _construct_sequence(loader: StrictLoader, node: yaml.SequenceNode) -> MarkedList:
    out = MarkedList(loader.construct_object(child, deep=True) for child in node.value)
    out.pos = _shift(loader, node.start_mark)
    out.item_pos = [_value_pos(loader, child) for child in node.value]
    out.item_at = [child.start_mark.index + loader.index_offset for child in node.value]
    return out


def _shift(loader: StrictLoader, mark: yaml.Mark) -> tuple[int, int]:
    line, col = _pos(mark)
    return line + loader.line_offset, col


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
        (line, col), = places(text, [max(text.find(chr(error.character)), 0)])  # libyaml counts bytes, not characters
        return None, [Problem(file, line + line_offset, col, f"the character U+{error.character:04X} is not allowed",
                              "delete it; invisible control characters often come with pasted text")]
    except yaml.YAMLError as error:
        return None, [Problem(file, 1 + line_offset, 1, f"invalid YAML: {error}", "see docs/yaml.md")]
    finally:
        loader.dispose()


ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
           "e": "\x1b", " ": " ", "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}
HEX_DIGITS = {"x": 2, "u": 4, "U": 8}


def places(text: str, indexes: list[int]) -> list[tuple[int, int]]:
    """The 1-based line and column of each of the ascending character offsets, in one pass through text."""
    found, line, line_start, last = [], 1, 0, 0
    for index in indexes:
        line += text.count("\n", last, index)
        line_start = text.rfind("\n", last, index) + 1 or line_start
        found.append((line, index - line_start + 1))
        last = index
    return found


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


@dataclass(frozen=True, slots=True)
class Document:
    """One content file: its data (YAML or front matter) and, for Markdown, its body."""

    file: str  # project-relative path, '/'-separated
    data: Any
    body: str = ""
    body_line: int = 1  # line of the body's first line in the file
    text: str = ""  # the whole file, which the positions of values and body point into


@dataclass(frozen=True, slots=True)
class Asset:
    uri: str  # relative to assets/, '/'-separated
    data: bytes


# A memo of parsed files across builds: called with (path, file, load_document), it may reuse a parse.
Memo = Callable[[Path, str, Callable[[Path, str], "tuple[Document | None, list[Problem]]"]],
                "tuple[Document | None, list[Problem]]"]


@dataclass(frozen=True, slots=True)
class Loaded:
    documents: dict[str, Document]
    layouts: dict[str, str]  # template name -> source
    assets: tuple[Asset, ...]
    problems: list[Problem] = field(default_factory=list)
    archives: dict[str, str] = field(default_factory=dict)  # a source's 'archive' path -> the text it names


FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)


def split_front_matter(text: str, file: str) -> tuple[Any, str, int, list[Problem]]:
    """Split '---' front matter from a Markdown body: (data, body, body_line, problems)."""
    match = FRONT_MATTER.match(text)
    if not match:
        return None, text, 1, [Problem(file, 1, 1, "the file has no front matter",
                                       "start it with a '---' line, then 'title:' and 'order:', then '---'")]
    data, problems = parse_yaml(match.group(1) or "", file, line_offset=1, index_offset=match.start(1))
    body_line = text.count("\n", 0, match.end()) + 1
    if data is None and not problems:
        problems = [Problem(file, 2, 1, "the front matter is empty", "add 'title:' and 'order:'")]
    return data, text[match.end():], body_line, problems


def read_text(path: Path, file: str) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 file (a byte-order mark is allowed), or say why it cannot be read."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None, [Problem(file, 0, 0, f"the file is larger than {MAX_FILE_BYTES // 1_000_000} MB",
                                  "split it into smaller files")]
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem(file, 0, 0, f"cannot read the file: {error.strerror}",
                              "check that it exists and is readable")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        col = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return None, [Problem(file, line, col, f"byte 0x{raw[error.start]:02x} is not UTF-8",
                              "save the file as UTF-8")]
    return text.replace("\r\n", "\n"), []


def load_document(path: Path, file: str) -> tuple[Document | None, list[Problem]]:
    """Read one YAML or Markdown content file into a Document."""
    text, problems = read_text(path, file)
    if text is None:
        return None, problems
    if not text.strip():
        hint = "write [] for an empty list" if file.endswith(".yaml") else "add front matter and text"
        return None, [Problem(file, 0, 0, "the file is empty", hint)]
    if file.endswith(".md"):
        data, body, body_line, problems = split_front_matter(text, file)
        return (Document(file, data, body, body_line, text) if not problems else None), problems
    data, problems = parse_yaml(text, file)
    return (Document(file, data, text=text) if not problems else None), problems


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a link that leads to itself
        return False


def content_files(project: Project) -> tuple[list[Path], list[Problem]]:
    """Every .yaml and .md file under content/, sorted, refusing links that leave the tree."""
    root = project.content_path
    files, problems = [], []
    for path in sorted(root.rglob("*")):
        if path.suffix not in (".yaml", ".md") or path.name.startswith("."):
            if path.suffix == ".yml":
                problems.append(Problem(project.relative(path), 0, 0, "content files end in .yaml", "rename it to .yaml"))
            continue
        if path.is_symlink() and not _inside(path, root):  # rglob never enters a linked folder: only a link leads out
            problems.append(Problem(project.relative(path), 0, 0,
                                    "the file links to a place outside content/ (or to itself)",
                                    "copy the file into content/ instead of linking to it"))
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(project.relative(path), 0, 0,
                                    "this is not a file that can be read (a folder, a pipe or a broken link)",
                                    "replace it with a plain text file, or remove it"))
    return files, problems


def load_assets(project: Project) -> tuple[tuple[Asset, ...], list[Problem]]:
    """Every file under assets/, as bytes, sorted by path."""
    assets, problems = [], []
    root = project.assets_path
    for path in sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []:
        if not _inside(path, root):
            problems.append(Problem(project.relative(path), 0, 0, "the file links outside assets/",
                                    "copy the file into assets/ instead of linking to it"))
            continue
        assets.append(Asset(path.relative_to(root).as_posix(), path.read_bytes()))
    return tuple(assets), problems


def load_layouts(project: Project) -> tuple[dict[str, str], list[Problem]]:
    """Every template under layouts/, by its name there ('partials/event.html')."""
    layouts, problems = {}, []
    root = project.layouts_path
    for path in sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []:
        text, found = read_text(path, project.relative(path))
        problems += found
        if text is not None:
            layouts[path.relative_to(root).as_posix()] = text
    return layouts, problems


def load_archives(project: Project, documents: dict[str, Document]) -> tuple[dict[str, str], list[Problem]]:
    """The text of every archive a source names ('archive: archive/nbc.txt' in sources.yaml), by its path as
    written; a path outside content/, or one that names no readable UTF-8 .txt file, is a problem at the field."""
    archives: dict[str, str] = {}
    problems = []
    for name, document in documents.items():
        is_sources = name == "sources.yaml" or name.startswith("sources/")
        if not is_sources or not isinstance(document.data, MarkedList):
            continue
        for item in document.data:
            written = item.get("archive") if isinstance(item, MarkedDict) else None
            if not isinstance(written, str) or not written.strip() or written.strip() in archives:
                continue  # validate reports a value that is not a path
            path = written.strip()
            text, wrong, fix = read_archive(project, path)
            if text is None:
                problems.append(Problem(document.file, *item.value_pos["archive"], f"archive: {wrong}", fix))
            else:
                archives[path] = text
    return archives, problems


def read_archive(project: Project, path: str) -> tuple[str | None, str, str]:
    """An archive's text, or what is wrong with its path and how to fix it."""
    root = project.content_path
    full = root / path
    try:
        outside = Path(path).is_absolute() or ".." in Path(path).parts or not _inside(full, root)
        size = full.stat().st_size if full.is_file() else None
    except (OSError, ValueError):  # a name no file system takes: too long, or with a NUL character
        return None, f"'{path}' is not a file name", "write the path of a .txt file under content/, e.g. archive/a.txt"
    if outside:
        return None, f"'{path}' is outside content/", ("copy the file into content/ and write its path from there, "
                                                      "e.g. 'archive/report.txt' for content/archive/report.txt")
    if not path.endswith(".txt"):
        return None, f"'{path}' is not a .txt file", "save the source's text as UTF-8 plain text in a .txt file"
    if size is None:
        return None, f"'{path}' names no file in content/", \
            f"save a text copy of the source as {project.relative(full)}, or correct the path"
    if size > MAX_FILE_BYTES:
        return None, f"'{path}' is larger than {MAX_FILE_BYTES // 1_000_000} MB", "keep only the source's text in it"
    text, problems = read_text(full, project.relative(full))
    if text is None:
        found = problems[0]
        where = f" (line {found.line})" if found.line else ""
        return None, f"'{path}': {found.message}{where}", found.hint
    if not text.strip():
        return None, f"'{path}' is empty", "paste the source's text into it"
    return text, "", ""


def load(project: Project, memo: Memo | None = None) -> Loaded:
    """Read every content file, layout and asset of the project (content files through `memo` when given)."""
    problems: list[Problem] = []
    if not project.content_path.is_dir():
        return Loaded({}, {}, (), [Problem(project.relative(project.content_path), 0, 0,
                                       "the content folder does not exist",
                                       "create it, or pass --content with the right folder")])
    paths, problems = content_files(project)
    documents = {}
    for path in paths:
        file = project.relative(path)
        document, found = memo(path, file, load_document) if memo else load_document(path, file)
        problems += found
        if document is not None:
            documents[path.relative_to(project.content_path).as_posix()] = document
    archives, found_in_archives = load_archives(project, documents)
    layouts, found_in_layouts = load_layouts(project)
    assets, found_in_assets = load_assets(project)
    return Loaded(documents, layouts, assets, problems + found_in_archives + found_in_layouts + found_in_assets,
                  archives)
