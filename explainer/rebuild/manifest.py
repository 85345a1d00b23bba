"""What the last build in another process read and wrote, so that a build with nothing changed can stop at once.

A manifest in the project's cache folder records a fingerprint of everything a build reads (every file of every
input folder, Project.inputs, the tool's own code and its dependencies' files, the options) and the identity of
every file it wrote. When the fingerprint is the same and the output folder still holds exactly those files,
the site there is the site the build would make: the build says so and writes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import jinja2
import markdown
import markupsafe
import PIL
import yaml

from ..problems import Problem
from ..project import Project

PACKAGE = Path(__file__).resolve().parent.parent
DEPENDENCIES = tuple(Path(module.__file__ or "").parent for module in (jinja2, markdown, markupsafe, PIL, yaml))
FileKey = tuple[int, int, int, int]  # modification and change times, size, inode


def files_under(folder: Path | str) -> dict[str, FileKey]:
    """Every file under a folder (not following linked folders), by its '/'-separated path, with its identity
    (the change time moves with a new mode, so a file made unreadable counts as changed)."""
    found: dict[str, FileKey] = {}
    root = os.path.join(os.path.normpath(folder), "")  # with one separator at its end, cut from each entry's path
    todo = [root]
    while todo:
        try:
            entries = list(os.scandir(todo.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                todo.append(entry.path)
                continue
            try:
                stat = entry.stat()
            except OSError:  # a broken link, or one that leads to itself: the build says what is wrong with it
                stat = entry.stat(follow_symlinks=False)
            found[entry.path[len(root):].replace(os.sep, "/")] = (
                stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino)
    return found


def fingerprint(project: Project) -> str:
    """A digest of everything a build reads (the files of every input folder, the project's settings, the tool's
    own code, the version of Python, the libraries' files, so an upgrade counts): change any of it and the digest
    changes."""
    digest = hashlib.sha256(repr((sys.version_info, project)).encode())
    for folder in (PACKAGE, *DEPENDENCIES):
        code = {name: key for name, key in files_under(folder).items() if not name.endswith(".pyc")}
        digest.update(repr((str(folder), sorted(code.items()))).encode())
    for folder in project.inputs:
        digest.update(repr((str(folder), sorted(files_under(folder).items()))).encode())
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class Manifest:
    """The fingerprint of a build's inputs, the files it wrote, and the notes it printed (to print them again)."""

    inputs: str
    outputs: dict[str, FileKey]
    notes: list[Problem]

    def holds(self, inputs: str, output_path: Path) -> bool:
        """True when these are the same inputs and the output folder is exactly as this build left it."""
        return inputs == self.inputs and files_under(output_path) == self.outputs


def manifest_path(project: Project) -> Path:
    """One manifest for each content folder and output folder of the project."""
    name = hashlib.sha256(repr((project.content_path, project.output_path)).encode()).hexdigest()[:16]
    return project.cache_path / f"last-build-{name}.json"


def read_manifest(project: Project) -> Manifest | None:
    """The last build's manifest, or None when there is none (or it cannot be read: then the build just runs)."""
    try:
        data = json.loads(manifest_path(project).read_text(encoding="utf-8"))
        outputs = {uri: (int(key[0]), int(key[1]), int(key[2]), int(key[3])) for uri, key in data["outputs"].items()}
        notes = [Problem(str(n[0]), int(n[1]), int(n[2]), str(n[3]), str(n[4]), "note") for n in data["notes"]]
        return Manifest(str(data["inputs"]), outputs, notes)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None


def write_manifest(project: Project, inputs: str, notes: list[Problem]) -> None:
    """Record this build: its inputs' fingerprint, what the output folder now holds and the notes it printed. A
    cache that cannot be written is skipped: the next build then simply runs."""
    path = manifest_path(project)
    data = {"inputs": inputs, "outputs": files_under(project.output_path),
            "notes": [(n.file, n.line, n.col, n.message, n.hint) for n in notes]}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        pass
