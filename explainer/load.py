"""Reading the project: strict YAML and Markdown front matter with positions, layouts' folder, asset bytes."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError

from .problems import Position, Problem, locate
from .project import Project

Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ALLOWED_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq")}
MAX_FILE_BYTES = 5_000_000
PROSE_FOLDERS = ("sections", "pages")  # Markdown files only


class MarkedDict(dict[str, Any]):
    """A YAML mapping that remembers where it, its keys and its values start."""

    __slots__ = ("pos", "key_pos", "value_pos")
    pos: Position
    key_pos: dict[str, Position]
    value_pos: dict[str, Position]


class MarkedList(list[Any]):
    """A YAML sequence that remembers where it and each item start."""

    __slots__ = ("pos", "item_pos")
    pos: Position
    item_pos: list[Position]


def _pos(mark: yaml.Mark) -> Position:
    return Position(mark.line + 1, mark.column + 1)


class StrictLoader(Base):  # type: ignore[misc, valid-type]
    """YAML 1.2-like scalars (dates, times, yes/no stay text), no duplicate keys, aliases or tags."""

    line_offset = 0

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
    out.pos, out.key_pos, out.value_pos = _shift(loader, node.start_mark), {}, {}
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
    return out


def _value_pos(loader: StrictLoader, node: yaml.Node) -> Position:
    """Where a value's text starts: a block scalar's ('|' or '>') on the line after its indicator."""
    line, col = _shift(loader, node.start_mark)
    return Position(line + 1, 1) if getattr(node, "style", None) in ("|", ">") else Position(line, col)


def _construct_sequence(loader: StrictLoader, node: yaml.SequenceNode) -> MarkedList:
    out = MarkedList(loader.construct_object(child, deep=True) for child in node.value)
    out.pos = _shift(loader, node.start_mark)
    out.item_pos = [_value_pos(loader, child) for child in node.value]
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


def parse_yaml(text: str, file: str, line_offset: int = 0) -> tuple[Any, list[Problem]]:
    """Parse YAML text strictly; return the data, or None and the problem with its position."""
    loader = StrictLoader(text)
    loader.line_offset = line_offset
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


@dataclass(frozen=True, slots=True)
class Document:
    """One content file: its data (YAML or front matter) and, for Markdown, its body."""

    file: str  # project-relative path, '/'-separated
    digest: str  # of the file's bytes: equal digests, equal documents
    data: Any
    body: str = ""
    body_line: int = 1  # line of the body's first line in the file


@dataclass(frozen=True, slots=True)
class Asset:
    uri: str  # relative to assets/, '/'-separated
    data: bytes


@dataclass(frozen=True, slots=True)
class Loaded:
    documents: dict[str, Document]
    layouts: dict[str, str]  # template name -> source
    assets: tuple[Asset, ...]
    problems: list[Problem] = field(default_factory=list)
    static: tuple[Asset, ...] = ()  # the files of static/, by their path there: published as they are


FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)


def split_front_matter(text: str, file: str) -> tuple[Any, str, int, list[Problem]]:
    """Split '---' front matter from a Markdown body: (data, body, body_line, problems)."""
    match = FRONT_MATTER.match(text)
    if not match:
        return None, text, 1, [Problem(file, 1, 1, "the file has no front matter",
                                       "start it with a '---' line, then 'title:' and 'order:', then '---'")]
    data, problems = parse_yaml(match.group(1) or "", file, line_offset=1)
    body_line = text.count("\n", 0, match.end()) + 1
    if data is None and not problems:
        problems = [Problem(file, 2, 1, "the front matter is empty", "add 'title:' and 'order:'")]
    return data, text[match.end():], body_line, problems


def read_text(path: Path, file: str) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 file (a byte-order mark is allowed), or say why it cannot be read."""
    raw, problems = read_bytes(path, file)
    return (None, problems) if raw is None else decode(raw, file)


def read_bytes(path: Path, file: str, limit: int | None = MAX_FILE_BYTES) -> tuple[bytes | None, list[Problem]]:
    """A file's bytes, or why they cannot be read (content files are refused past the size limit)."""
    try:
        if limit is not None and path.stat().st_size > limit:
            return None, [Problem(file, 0, 0, f"the file is larger than {MAX_FILE_BYTES // 1_000_000} MB",
                                  "split it into smaller files")]
        return path.read_bytes(), []
    except OSError as error:
        return None, [Problem(file, 0, 0, f"cannot read the file: {error.strerror}",
                              "check that it exists and is readable")]


def decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text (a byte-order mark is allowed) with Windows line ends made plain, or where it is not UTF-8."""
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
    raw, problems = read_bytes(path, file)
    if raw is None:
        return None, problems
    text, problems = decode(raw, file)
    if text is None:
        return None, problems
    digest = hashlib.blake2b(raw, digest_size=16).hexdigest()
    if not text.strip():
        hint = "write [] for an empty list" if file.endswith(".yaml") else "add front matter and text"
        return None, [Problem(file, 0, 0, "the file is empty", hint)]
    if file.endswith(".md"):
        data, body, body_line, problems = split_front_matter(text, file)
        return (Document(file, digest, data, body, body_line) if not problems else None), problems
    data, problems = parse_yaml(text, file)
    return (Document(file, digest, data) if not problems else None), problems


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a link that leads to itself
        return False


def content_files(project: Project) -> tuple[list[Path], list[Problem]]:
    """Every .yaml and .md file under content/, sorted, refusing links that leave the tree."""
    root = project.content_path
    if not root.is_dir():
        return [], [Problem(project.relative(root), 0, 0, "the content folder does not exist",
                            "create it, or pass --content with the right folder")]
    files: list[Path] = []
    problems: list[Problem] = []
    for path in sorted(root.rglob("*")):
        if path.name.startswith("."):
            continue
        if path.parent.parent == root and path.parent.name in PROSE_FOLDERS and path.suffix != ".md":
            if not path.is_dir():
                problems.append(Problem(project.relative(path), 0, 0,
                                        f"{path.parent.name} are Markdown files ending in .md",
                                        f"rename it to '{path.stem}.md'"))
            continue
        if path.suffix not in (".yaml", ".md"):
            if path.suffix == ".yml":
                problems.append(Problem(project.relative(path), 0, 0, "content files end in .yaml",
                                        f"rename it to '{path.stem}.yaml'"))
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
    return load_files(project, project.assets_path)


def load_static(project: Project) -> tuple[tuple[Asset, ...], list[Problem]]:
    """Every file under static/ (hidden ones too: .nojekyll, .well-known/), as bytes, sorted by path."""
    return load_files(project, project.static_path) if project.static_path else ((), [])


def load_files(project: Project, root: Path) -> tuple[tuple[Asset, ...], list[Problem]]:
    """Every file under a folder, as bytes, refusing links that lead out of it."""
    assets, problems = [], []
    for path in sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []:
        file = project.relative(path)
        if not _inside(path, root):
            problems.append(Problem(file, 0, 0, f"the file links outside {root.name}/",
                                    f"copy the file into {root.name}/ instead of linking to it"))
            continue
        data, found = read_bytes(path, file, limit=None)
        problems += found
        if data is not None:
            assets.append(Asset(path.relative_to(root).as_posix(), data))
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


def load(project: Project) -> Loaded:
    """Read every content file, layout and asset of the project."""
    paths, problems = content_files(project)
    return gather(project, paths, [load_document(path, project.relative(path)) for path in paths], problems)


def gather(project: Project, paths: list[Path], read: list[tuple[Document | None, list[Problem]]],
           problems: list[Problem]) -> Loaded:
    """What was read of the content files at `paths`, with the layouts and assets, as one Loaded."""
    problems = list(problems)
    documents = {}
    for path, (document, found) in zip(paths, read):
        problems += found
        if document is not None:
            documents[path.relative_to(project.content_path).as_posix()] = document
    layouts, found_in_layouts = load_layouts(project)
    assets, found_in_assets = load_assets(project)
    static, found_in_static = load_static(project)
    return Loaded(documents, layouts, assets, problems + found_in_layouts + found_in_assets + found_in_static, static)
