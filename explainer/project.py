"""Where a project's parts are: content, layouts, assets and the output folder."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Project:
    root: Path
    content_path: Path
    layouts_path: Path
    assets_path: Path
    output_path: Path
    base_url: str | None = None  # overrides site.yaml's base_url when given

    @classmethod
    def at(cls, root: Path, content: Path | None = None, output: Path | None = None,
           base_url: str | None = None) -> Project:
        """The conventional layout under root, with optional overrides."""
        root = root.absolute()
        return cls(root, (content or root / "content").absolute(), root / "layouts", root / "assets",
                   (output or root / "dist").absolute(), base_url)

    @property
    def cache_path(self) -> Path:
        """This project's own folder for what one process leaves the next (compiled layouts): under
        $XDG_CACHE_HOME (~/.cache by default), named after the project's folder so projects never share it."""
        home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        if not os.path.isabs(home):
            home = os.path.join(tempfile.gettempdir(), "cache")
        name = hashlib.sha256(os.fsencode(self.root)).hexdigest()[:16]
        return Path(home) / "explainer" / f"{self.root.name}-{name}"

    @property
    def keep(self) -> tuple[Path, ...]:
        """Folders the output folder must never be or hold: the build replaces that folder whole."""
        return self.root, self.content_path, self.layouts_path, self.assets_path

    def relative(self, path: Path) -> str:
        """A path as shown to people: relative to the working folder when it is inside it."""
        text = os.path.abspath(path)  # strings, not pathlib: this runs for every file of every build
        for base in (os.getcwd(), str(self.root)):
            prefix = base.rstrip(os.sep) + os.sep
            if text.startswith(prefix):
                return text[len(prefix):].replace(os.sep, "/")
        return text.replace(os.sep, "/")
