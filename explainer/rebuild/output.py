"""What the output folder holds after the last build, so the next one links unchanged files instead of writing
them, and writes nothing at all when the folder holds the new site already."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..write import MARK, Output

OutputKey = tuple[int, int, int]


def output_key(path: Path | str) -> OutputKey | None:
    """An output file's identity: modification time, size and inode (a hard link keeps them; the change time
    moves with the link count, so it is left out)."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_mtime_ns, found.st_size, found.st_ino


@dataclass(slots=True)
class OutputFolder:
    """Each file of the last build's output folder, keyed on its URI: its bytes and its identity on disk (so a
    file edited by hand is noticed and written again)."""

    path: Path | None = None
    files: dict[str, tuple[bytes, OutputKey]] = field(default_factory=dict)
    linked: set[str] = field(default_factory=set)

    def same_file(self, output_path: Path, uri: str, data: bytes) -> str | None:
        """The path of a file of the output folder with exactly these bytes, to hard-link instead of writing."""
        last = self.files.get(uri) if self.path == output_path else None
        if last is None or (last[0] is not data and last[0] != data):
            return None
        path = os.path.join(output_path, uri)
        if output_key(path) != last[1]:
            return None
        self.linked.add(uri)
        return path

    def holds(self, output_path: Path, outputs: Sequence[Output]) -> bool:
        """True when the output folder holds exactly these outputs already, so there is nothing to write."""
        if self.path != output_path or len(outputs) != len(self.files):
            return False
        for output in outputs:  # the bytes first: that is cheap, and after an edit it fails soon
            last = self.files.get(output.uri)
            if last is None or not (last[0] is output.data or last[0] == output.data):
                return False
        if any(output_key(output_path / output.uri) != self.files[output.uri][1] for output in outputs):
            return False
        if not (output_path / MARK).is_file():  # every build leaves it: without it, the folder is not the site
            return False
        return sum(len(files) for _, _, files in os.walk(output_path)) == len(outputs) + 1

    def wrote(self, output_path: Path, outputs: Sequence[Output]) -> None:
        """Remember what the output folder now holds."""
        files = {}
        for output in outputs:
            reused = output.uri in self.linked and self.path == output_path
            key = self.files[output.uri][1] if reused else output_key(output_path / output.uri)
            if key is not None:
                files[output.uri] = (output.data, key)
        self.path, self.files, self.linked = output_path, files, set()
