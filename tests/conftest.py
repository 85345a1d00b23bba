"""Shared fixtures: a small valid content tree, and running the real build."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

MINI = {
    "site.yaml": """\
title: Test headline
dek: A short standfirst.
description: A short description.
language: en
bylines:
  - name: Ann Writer
    role: Staff writer
publisher:
  name: Test News
published: 2022-09-21T20:00:00+00:00
sides:
  - {id: russia, label: Russia}
categories:
  - {id: announcement, label: Announcement}
  - {id: military, label: Military}
regions_page:
  title: The region
map:
  geodata: map/ukraine.json
  title: Map of the region
  description: Luhansk, in the east.
  legend: The region the story covers
""",
    "map/ukraine.json": (REPO / "content" / "map" / "ukraine.json").read_text(encoding="utf-8"),
    "sources.yaml": """\
- id: nbc
  publisher: NBC News
  title: A report
  url: https://example.com/report
  date: 2022-09-21
""",
    "people.yaml": """\
- id: putin
  name: Vladimir Putin
  role: President of Russia
  affiliation: Russia
  side: russia
""",
    "regions.yaml": """\
- id: luhansk
  name: Luhansk
  area: eastern Ukraine
  status: Held by Russian-backed forces ([NBC](source:nbc)).
  vote:
    announced: 2022-09-20
    announced_by: separatist officials
    planned: over four days starting Friday
  sources: [nbc]
""",
    "timeline.yaml": """\
- id: address
  date: 2022-09-21
  time: 09:00+03:00
  title: The address
  summary: Putin spoke.
  category: announcement
  regions: [luhansk]
  people: [putin]
  featured: true
  sources: [nbc]
- id: counteroffensive
  date: 2022-09
  qualifier: mid
  title: Counteroffensive
  summary: Ukraine advanced.
  category: military
  sources: [nbc]
""",
    "quotes.yaml": """\
- id: bluff
  text: This is not a bluff.
  speaker: putin
  occasion: National address
  date: 2022-09-21
  language: ru
  translated: true
  featured: true
  sources: [nbc]
""",
    "figures.yaml": """\
- id: reservists
  value: "300,000"
  number: 300000
  label: reservists to be called up
  sources: [nbc]
""",
    "updates.yaml": "[]\n",
    "sections/announcement.md": """\
---
title: What was announced
order: 1
---
Putin announced a partial mobilization ([NBC](source:nbc)).
""",
}


@pytest.fixture(scope="session", autouse=True)
def own_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Builds in the tests (and the processes they start) keep their caches in a folder of the run's own."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write files (relative path -> text) under root and return root."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A small valid content folder; tests edit its files to make them wrong."""
    return write_tree(tmp_path / "content", MINI)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the whole project (default content, layouts, assets, build.py) to build and edit."""
    root = tmp_path / "project"
    for name in ("content", "layouts", "assets", "explainer"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(REPO / "build.py", root / "build.py")
    return root


def run_build(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """Run `python build.py ARGS` as a user would, from cwd."""
    return subprocess.run([sys.executable, str(cwd / "build.py"), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="session")
def default_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's default content, built once by the real command into a temp folder."""
    output = tmp_path_factory.mktemp("default") / "dist"
    result = run_build("--output", str(output))
    assert result.returncode == 0, result.stderr
    return output


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root, by '/'-separated relative path, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
