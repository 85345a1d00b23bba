"""Where a project's parts are: content, layouts, assets and the output folder."""

from __future__ import annotations

import os
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
    static_path: Path | None = None  # copied verbatim to the output's root (CNAME, .nojekyll, .well-known/)

    @classmethod
    def at(cls, root: Path, content: Path | None = None, output: Path | None = None,
           base_url: str | None = None) -> Project:
        """The conventional layout under root, with optional overrides."""
        root = root.absolute()
        return cls(root, (content or root / "content").absolute(), root / "layouts", root / "assets",
                   (output or root / "dist").absolute(), base_url, root / "static")

    @property
    def keep(self) -> tuple[Path, ...]:
        """Folders the output folder must never be or hold: the build replaces that folder whole."""
        return tuple(p for p in (self.root, self.content_path, self.layouts_path, self.assets_path,
                                 self.static_path) if p is not None)

    @property
    def copied(self) -> tuple[Path, ...]:
        """Folders whose files the build publishes: the output folder must not be inside one (it would copy
        itself into the next build)."""
        return tuple(p for p in (self.assets_path, self.static_path) if p is not None)

    def relative(self, path: Path) -> str:
        """A path as shown to people: relative to the working folder when it is inside it."""
        text = os.path.abspath(path)  # strings, not pathlib: this runs for every file of every build
        for base in (os.getcwd(), str(self.root)):
            prefix = base.rstrip(os.sep) + os.sep
            if text.startswith(prefix):
                return text[len(prefix):].replace(os.sep, "/")
        return text.replace(os.sep, "/")
