"""Where a project's parts are: content, layouts, assets, the output folder, and the theme it builds on."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path


def packaged_theme() -> Path:
    """The folder holding the default theme's layouts/ and assets/: inside the installed package, or the root
    of a source checkout (where the package's layouts/ and assets/ live beside it; see pyproject.toml)."""
    package = Path(__file__).resolve().parent
    return package if (package / "layouts").is_dir() else package.parent


THEME_PATH = packaged_theme()
DOCS_PATH = THEME_PATH / "docs"  # the docs the messages point at (docs/content.md, docs/errors.md, …)
CATALOGUES_PATH = Path(__file__).resolve().parent / "catalogues"


@dataclass(frozen=True, slots=True)
class Project:
    root: Path
    content_path: Path
    layouts_path: Path
    assets_path: Path
    output_path: Path
    base_url: str | None = None  # overrides site.yaml's base_url when given
    theme_path: Path = THEME_PATH  # its layouts/ and assets/ give every file the project does not override
    static_path: Path | None = None  # copied verbatim to the output's root (CNAME, .nojekyll, .well-known/)

    @classmethod
    def at(cls, root: Path, content: Path | None = None, output: Path | None = None,
           base_url: str | None = None) -> Project:
        """The conventional layout under root, with optional overrides."""
        root = root.absolute()
        return cls(root, (content or root / "content").absolute(), root / "layouts", root / "assets",
                   (output or root / "dist").absolute(), base_url, static_path=root / "static")

    @property
    def cache_path(self) -> Path:
        """This project's own folder for what one process leaves the next (compiled layouts): under
        $XDG_CACHE_HOME (~/.cache by default), named after the project's folder so projects never share it."""
        name = hashlib.sha256(os.fsencode(self.root)).hexdigest()[:16]
        return cache_home() / f"{self.root.name}-{name}"

    @property
    def layout_folders(self) -> tuple[Path, ...]:
        """Where layouts are read from, in order: the theme's, then the project's, whose files win."""
        return unique(self.theme_path / "layouts", self.layouts_path)

    @property
    def asset_folders(self) -> tuple[Path, ...]:
        """Where assets are read from, in order: the theme's, then the project's, whose files win."""
        return unique(self.theme_path / "assets", self.assets_path)

    @property
    def catalogue_folders(self) -> tuple[Path, ...]:
        """Where interface catalogues are read from, in order: the package's, then the project's, whose keys win."""
        return unique(CATALOGUES_PATH, self.root / "catalogues")

    @property
    def inputs(self) -> tuple[Path, ...]:
        """Every folder a build reads: content (with its archives, geodata and images), the layouts, assets and
        catalogues (the theme's and the project's) and static/."""
        return unique(self.content_path, *self.layout_folders, *self.asset_folders, *self.catalogue_folders,
                      *((self.static_path,) if self.static_path else ()))

    @property
    def own_folders(self) -> tuple[Path, ...]:
        """The project's own folders the build reads (not the theme's): each must lead to a place inside it."""
        return tuple(p for p in (self.content_path, self.layouts_path, self.assets_path, self.root / "catalogues",
                                 self.static_path) if p is not None)

    @property
    def keep(self) -> tuple[Path, ...]:
        """Folders the output folder must never be or hold: the build replaces that folder whole."""
        return unique(self.root, *self.inputs)

    @property
    def copied(self) -> tuple[Path, ...]:
        """Folders whose files the build publishes: the output folder must not be inside one (it would copy
        itself into the next build)."""
        return tuple(p for p in (*self.asset_folders, self.static_path) if p is not None)

    def relative(self, path: Path) -> str:
        """A path as shown to people: relative to the working folder when it is inside it."""
        text = os.path.abspath(path)  # strings, not pathlib: this runs for every file of every build
        for base in (os.getcwd(), str(self.root)):
            prefix = base.rstrip(os.sep) + os.sep
            if text.startswith(prefix):
                return text[len(prefix):].replace(os.sep, "/")
        return text.replace(os.sep, "/")


def cache_home() -> Path:
    """The folder every project's caches are in: explainer/ under $XDG_CACHE_HOME (~/.cache by default)."""
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(home):
        home = os.path.join(tempfile.gettempdir(), "cache")
    return Path(home) / "explainer"


def private(folder: Path) -> bool:
    """Whether only this user can write in the folder: what a cache holds is run (a compiled layout) or published
    (a picture), so a cache someone else could put files in (a shared /tmp, a folder made for a CI job) is never
    read."""
    if os.name != "posix":
        return True
    status = folder.stat()
    return status.st_uid == os.getuid() and not status.st_mode & 0o022


def unique(*paths: Path) -> tuple[Path, ...]:
    """The paths without repeats (a source checkout's project is its own theme), in order."""
    return tuple(dict.fromkeys(paths))
