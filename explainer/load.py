"""Reading the project: content files (YAML, Markdown with front matter, map geodata in JSON, the timeline as a
spreadsheet's CSV, ArchieML from a document) and the archives
sources name, layouts and asset bytes."""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .archieml import read_aml
from .images import SUFFIXES, unusable
from .problems import Problem, locate
from .project import Project
from .spreadsheet import holds_timeline, read_sheet
from .strict_yaml import MarkedDict, MarkedList, parse_yaml

MAX_FILE_BYTES = 5_000_000
MAX_ARCHIVES_BYTES = 20_000_000  # all archives together: a build's memory grows with them (docs/performance.md)
PROSE_FOLDERS = ("sections", "pages")  # Markdown or ArchieML files only
READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)  # Windows would translate line ends without O_BINARY


@dataclass(frozen=True, slots=True)
class Document:
    """One content file: its data (YAML or front matter) and, for Markdown, its body."""

    file: str  # project-relative path, '/'-separated
    digest: str  # of the file's bytes: equal digests, equal documents
    data: Any
    body: str = ""
    body_line: int = 1  # line of the body's first line in the file
    text: str = ""  # the whole file, which the positions of values and body point into


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
    archives: dict[str, str] = field(default_factory=dict)  # a source's 'archive' path -> the text it names
    catalogues: tuple[Document, ...] = ()  # the package's catalogues/LANG.yaml, then the project's
    static: tuple[Asset, ...] = ()  # the files of static/, by their path there: published as they are
    pictures: dict[str, bytes] = field(default_factory=dict)  # a picture's 'file' path -> the file's bytes


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
    raw, problems = read_bytes(path, file)
    return (None, problems) if raw is None else decode(raw, file)


def read_bytes(path: Path, file: str, limit: int | None = MAX_FILE_BYTES) -> tuple[bytes | None, list[Problem]]:
    """A file's bytes, or why they cannot be read (content files are refused past the size limit)."""
    try:
        fd = os.open(path, READ_FLAGS)
        try:
            size = os.fstat(fd).st_size
            if limit is not None and size > limit:
                return None, [Problem(file, 0, 0, f"the file is larger than {MAX_FILE_BYTES // 1_000_000} MB",
                                      "split it into smaller files")]
            data = os.read(fd, size + 1)  # a byte past the size: the size back is the whole file
            if len(data) != size:  # a read cut short (Linux stops at 2 GB) or a file changed since fstat
                while more := os.read(fd, 1 << 20):
                    data += more
            return data, []
        finally:
            os.close(fd)
    except OSError as error:
        return None, [Problem(file, 0, 0, f"cannot read the file: {error.strerror}",
                              "check that it exists and is readable")]


def decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text (a byte-order mark is allowed) with Windows line ends made plain, or where it is not UTF-8."""
    bom = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    try:
        text = (raw[bom:] if bom else raw).decode()  # not "utf-8-sig": its Python decoder takes twice as long
    except UnicodeDecodeError as error:
        at = error.start + bom
        line = raw.count(b"\n", 0, at) + 1
        col = at - (raw.rfind(b"\n", 0, at) + 1) + 1
        return None, [Problem(file, line, col, f"byte 0x{raw[at]:02x} is not UTF-8", "save the file as UTF-8")]
    return (text.replace("\r\n", "\n") if "\r" in text else text), []


def parse_json(text: str, file: str, digest: str) -> tuple[Document | None, list[Problem]]:
    """A JSON content file (a map's geodata), or the problem with its position."""
    try:
        return Document(file, digest, json.loads(text)), []
    except json.JSONDecodeError as error:
        return None, [Problem(file, error.lineno, error.colno, f"invalid JSON: {error.msg}",
                              "make the file again with tools/make_geodata.py (see docs/map.md)")]
    except RecursionError:
        return None, [Problem(file, 1, 1, "the JSON is nested too deeply", "make the file again with "
                              "tools/make_geodata.py (see docs/map.md)")]
    except ValueError:  # a whole number longer than Python reads (sys.get_int_max_str_digits(), 4,300 digits)
        longest = max(re.finditer(r"\d+", text), key=lambda number: len(number.group()))
        line, col = locate(text, longest.start())
        return None, [Problem(file, line, col, f"a number of {len(longest.group()):,} digits is too long",
                              "make the file again with tools/make_geodata.py (see docs/map.md)")]


def load_document(path: Path, file: str) -> tuple[Document | None, list[Problem]]:
    """Read one YAML or Markdown content file into a Document."""
    raw, problems = read_bytes(path, file)
    return (None, problems) if raw is None else parse_document(raw, file)


def parse_document(raw: bytes, file: str) -> tuple[Document | None, list[Problem]]:
    """A content file's bytes as a Document (Markdown for .md, JSON for .json, for .csv the timeline's spreadsheet
    or a chart's table, ArchieML for .aml, else YAML)."""
    text, problems = decode(raw, file)
    if text is None:
        return None, problems
    digest = hashlib.blake2b(raw, digest_size=16).hexdigest()
    if not text.strip():
        hint = ("write [] for an empty list" if file.endswith(".yaml") else "add front matter and text"
                if file.endswith(".md") else "add its 'key: value' lines (see docs/content.md)"
                if file.endswith(".aml") else "write the header row, then one row a line (see docs/content.md)"
                if file.endswith(".csv") else "make it with tools/make_geodata.py (see docs/map.md)")
        return None, [Problem(file, 0, 0, "the file is empty", hint)]
    if file.endswith(".md"):
        data, body, body_line, problems = split_front_matter(text, file)
        return (Document(file, digest, data, body, body_line, text) if not problems else None), problems
    if file.endswith(".json"):
        return parse_json(text, file, digest)
    if file.endswith(".aml"):
        return Document(file, digest, read_aml(text, file), text=text), []
    if file.endswith(".csv") and holds_timeline(file):
        sheet, problems = read_sheet(text, file)
        return (Document(file, digest, sheet, text=text) if sheet is not None else None), problems
    if file.endswith(".csv"):  # a chart's rows: validate reads the cells, which charts name by column
        return Document(file, digest, None, text=text), []
    data, problems = parse_yaml(text, file)
    return (Document(file, digest, data, text=text) if not problems else None), problems


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a link that leads to itself
        return False


def content_files(project: Project) -> tuple[list[Path], list[Problem]]:
    """Every .yaml, .md, .json, .csv and .aml file under content/, sorted, refusing links that leave the tree."""
    root = project.content_path
    if linked_out := folder_outside(project, root):
        return [], linked_out
    if not root.is_dir():
        return [], [Problem(project.relative(root), 0, 0, "the content folder does not exist",
                            "create it, or pass --content with the right folder")]
    prose = {os.path.join(root, name) for name in PROSE_FOLDERS}
    files: list[Path] = []
    problems: list[Problem] = []
    for folder, entry in walk(os.fspath(root)):
        name = entry.name
        if name.startswith("."):
            continue
        if entry.is_symlink() and _is(entry.is_dir) and not _inside(Path(entry.path), root):
            problems.append(Problem(project.relative(Path(entry.path)), 0, 0,
                                    "the folder links to a place outside content/",
                                    "copy its files into content/ instead of linking to it"))
            continue
        suffix = os.path.splitext(name)[1]
        if folder in prose and suffix not in (".md", ".aml"):
            if not _is(entry.is_dir):
                problems.append(Problem(project.relative(Path(entry.path)), 0, 0,
                                        f"{os.path.basename(folder)} are Markdown files ending in .md",
                                        f"rename it to '{Path(name).stem}.md'"))
            continue
        if suffix not in (".yaml", ".md", ".json", ".csv", ".aml"):
            if suffix == ".yml":
                problems.append(Problem(project.relative(Path(entry.path)), 0, 0, "content files end in .yaml",
                                        f"rename it to '{Path(name).stem}.yaml'"))
            continue
        if entry.is_symlink() and not _inside(Path(entry.path), root):  # walk never enters a linked folder
            problems.append(Problem(project.relative(Path(entry.path)), 0, 0,
                                    "the file links to a place outside content/ (or to itself)",
                                    "copy the file into content/ instead of linking to it"))
        elif _is(entry.is_file):
            files.append(Path(entry.path))
        else:
            problems.append(Problem(project.relative(Path(entry.path)), 0, 0,
                                    "this is not a file that can be read (a folder, a pipe or a broken link)",
                                    "replace it with a plain text file, or remove it"))
    return files, problems


def walk(folder: str) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Every entry under a folder with the folder it is in, in the order of sorted(Path(folder).rglob('*')): by
    name, each folder before what it holds. Like rglob, it enters no linked folder and skips unreadable ones."""
    try:
        with os.scandir(folder) as found:
            entries = sorted(found, key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        yield folder, entry
        if entry.is_dir(follow_symlinks=False):
            yield from walk(entry.path)


def _is(test: Callable[[], bool]) -> bool:
    """A DirEntry's is_file or is_dir, False where the link it follows leads nowhere (or to itself)."""
    try:
        return test()
    except OSError:
        return False


def load_assets(project: Project) -> tuple[tuple[Asset, ...], list[Problem]]:
    """Every asset, as bytes, sorted by path: the theme's, each replaced by the project's file of the same name."""
    found: dict[str, Asset] = {}
    problems: list[Problem] = []
    for root in project.asset_folders:
        assets, problems_here = load_files(project, root)
        problems += problems_here
        found |= {asset.uri: asset for asset in assets}
    return tuple(found[uri] for uri in sorted(found)), problems


def load_static(project: Project) -> tuple[tuple[Asset, ...], list[Problem]]:
    """Every file under static/ (hidden ones too: .nojekyll, .well-known/), as bytes, sorted by path."""
    return load_files(project, project.static_path) if project.static_path else ((), [])


def load_files(project: Project, root: Path) -> tuple[tuple[Asset, ...], list[Problem]]:
    """Every file under a folder that is published (assets/, static/), as bytes, refusing links that lead out of it
    and names that cannot be a web address."""
    assets = []
    paths, problems = folder_files(project, root)
    for path in paths:
        file, uri = project.relative(path), path.relative_to(root).as_posix()
        if wrong := unpublishable(uri):
            problems.append(Problem(file, 0, 0, *wrong))
            continue
        data, found = read_bytes(path, file, limit=None)
        problems += found
        if data is not None:
            assets.append(Asset(uri, data))
    return tuple(assets), problems


def unpublishable(uri: str) -> tuple[str, str] | None:
    """Why a file's path cannot be part of a web address, and the fix; None when it can."""
    if "\\" in uri:
        return "the file name holds a backslash (\\), which web addresses do not take", "rename the file without it"
    try:
        uri.encode()
    except UnicodeEncodeError:  # the bytes of a name saved in another encoding (os.fsdecode's surrogates)
        return "the file name is not UTF-8", "rename the file: type its name again, or use only ASCII letters"
    return None


def folder_files(project: Project, root: Path) -> tuple[list[Path], list[Problem]]:
    """Every file under a folder the build reads, sorted: a link that leads out of the folder (a file's or a
    folder's, or to itself) is a problem naming it; a linked folder that stays inside is not entered."""
    if linked_out := folder_outside(project, root):
        return [], linked_out
    files, problems = [], []
    for _, entry in walk(os.fspath(root)):
        path = Path(entry.path)
        if entry.is_symlink() and not _inside(path, root):
            kind = "folder" if _is(entry.is_dir) else "file"
            problems.append(Problem(project.relative(path), 0, 0, f"the {kind} links outside {root.name}/",
                                    f"copy the {kind} into {root.name}/ instead of linking to it"))
        elif _is(entry.is_file):
            files.append(path)
    return files, problems


def folder_outside(project: Project, folder: Path) -> list[Problem]:
    """A problem when one of the project's own input folders is a link that leads out of the project (`static ->
    ~/.ssh`). A folder named on the command line outside the project (--content) is the builder's own choice."""
    if folder not in project.own_folders or not folder.is_relative_to(project.root) or _inside(folder, project.root):
        return []
    return [Problem(project.relative(folder), 0, 0, "the folder links to a place outside the project",
                    "replace the link with the real folder and its files")]


def load_layouts(project: Project) -> tuple[dict[str, str], list[Problem]]:
    """Every template by its name under layouts/ ('partials/event.html'): the theme's, each replaced by the
    project's file of the same name."""
    layouts, problems = {}, []
    for root in project.layout_folders:
        paths, problems_here = folder_files(project, root)
        problems += problems_here
        for path in paths:
            text, found = read_text(path, project.relative(path))
            problems += found
            if text is not None:
                layouts[path.relative_to(root).as_posix()] = text
    return dict(sorted(layouts.items())), problems


Read = Callable[[Path, str], tuple[Document | None, list[Problem]]]


def load_catalogues(project: Project, read: Read = load_document) -> tuple[tuple[Document, ...], list[Problem]]:
    """Every interface catalogue: the package's, then the project's (whose keys the catalogue stage puts over them)."""
    documents, problems = [], []
    for root in project.catalogue_folders:
        paths, problems_here = folder_files(project, root)
        problems += problems_here
        for path in (path for path in paths if path.parent == root and path.suffix == ".yaml"):
            document, found = read(path, project.relative(path))
            problems += found
            if document is not None:
                documents.append(document)
    return tuple(documents), problems


def load_archives(project: Project, documents: dict[str, Document]) -> tuple[dict[str, str], list[Problem]]:
    """The text of every archive a source names ('archive: archive/nbc.txt' in sources.yaml), by its path as
    written; a path outside content/, one that names no readable UTF-8 .txt file, or one that takes them all over
    MAX_ARCHIVES_BYTES, is a problem at the field."""
    archives: dict[str, str] = {}
    problems = []
    total = 0
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
            size = len(text.encode()) if text is not None else 0
            if total + size > MAX_ARCHIVES_BYTES:
                text, wrong, fix = None, f"'{path}' takes the archives over {MAX_ARCHIVES_BYTES // 1_000_000} MB in " \
                    "all", "keep only the sources' own text in them, and archive only the sources the content quotes"
            if text is None:
                line, col = item.value_pos["archive"]
                problems.append(Problem(document.file, line, col, f"archive: {wrong}", fix))
            else:
                archives[path] = text
                total += size
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


def load_pictures(project: Project, documents: dict[str, Document]) -> tuple[dict[str, bytes], list[Problem]]:
    """The bytes of every file pictures.yaml names ('file: pictures/bridge.jpg'), by its path as written; a file
    that is not there, leads outside content/ or is no picture Pillow can read is a problem at the field. A path
    validate refuses (not a picture's suffix, not inside content/) is left for validate to report."""
    pictures: dict[str, bytes] = {}
    problems = []
    for name, document in documents.items():
        if not (name == "pictures.yaml" or name.startswith("pictures/")) or not isinstance(document.data, MarkedList):
            continue
        for item in document.data:
            written = item.get("file") if isinstance(item, MarkedDict) else None
            path = written.strip() if isinstance(written, str) else ""
            if path in pictures or not path.lower().endswith(SUFFIXES) or path.startswith("/") or ".." in path.split("/"):
                continue
            data, wrong, fix = read_picture(project, path)
            if data is None:
                line, col = item.value_pos["file"]
                problems.append(Problem(document.file, line, col, f"file: {wrong}", fix))
            else:
                pictures[path] = data
    return pictures, problems


def read_picture(project: Project, path: str) -> tuple[bytes | None, str, str]:
    """A picture's bytes, or what is wrong with its file and how to fix it."""
    full = project.content_path / path
    try:
        outside = not _inside(full, project.content_path)
        found = full.is_file()
    except (OSError, ValueError):  # a name no file system takes: too long, or with a NUL character
        return None, f"'{path}' is not a file name", "write the path of the picture under content/"
    if outside:
        return None, f"'{path}' leads outside content/", "copy the picture into content/ instead of linking to it"
    if not found:
        return None, f"'{path}' names no file in content/", \
            f"save the picture as {project.relative(full)}, or correct the path"
    data, problems = read_bytes(full, project.relative(full), limit=None)
    if data is None:
        return None, f"'{path}': {problems[0].message}", problems[0].hint
    if wrong := unusable(data):
        return None, f"'{path}' {wrong[0]}", wrong[1]
    return data, "", ""


def load(project: Project) -> Loaded:
    """Read every content file, layout and asset of the project."""
    paths, problems = content_files(project)
    return gather(project, paths, [load_document(path, project.relative(path)) for path in paths], problems)


def gather(project: Project, paths: list[Path], read: list[tuple[Document | None, list[Problem]]],
           problems: list[Problem], read_catalogue: Read = load_document) -> Loaded:
    """What was read of the content files at `paths`, with the layouts, assets and catalogues, as one Loaded."""
    problems = list(problems)
    documents = {}
    inside = len(os.path.join(project.content_path, ""))  # the paths are content_files': content/ and a name
    for path, (document, found) in zip(paths, read):
        problems += found
        if document is not None:
            documents[os.fspath(path)[inside:].replace(os.sep, "/")] = document
    archives, found_in_archives = load_archives(project, documents)
    pictures, found_in_pictures = load_pictures(project, documents)
    layouts, found_in_layouts = load_layouts(project)
    assets, found_in_assets = load_assets(project)
    catalogues, found_in_catalogues = load_catalogues(project, read_catalogue)
    static, found_in_static = load_static(project)
    return Loaded(documents, layouts, assets, problems + found_in_archives + found_in_pictures + found_in_layouts
                  + found_in_assets + found_in_catalogues + found_in_static, archives, catalogues, static, pictures)
