"""A build in a new process with nothing changed leaves the last site alone; any change builds it again."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from helpers import MINI, REPO, command, run_build, snapshot, write_tree

UP_TO_DATE = "Up to date: nothing changed since the last build"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder of its own: the mini content, copies of the layouts and assets, and build.py."""
    write_tree(tmp_path / "content", MINI)
    for folder in ("layouts", "assets"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    shutil.copy2(REPO / "build.py", tmp_path / "build.py")
    (tmp_path / "explainer").symlink_to(REPO / "explainer")
    return tmp_path


def build(project: Path, *args: str) -> str:
    result = run_build(*args, cwd=project)
    assert result.returncode == 0, result.stderr
    return result.stdout


def clean(project: Path, tmp_path: Path) -> dict[str, bytes]:
    """What a build that remembers nothing makes, in a folder of its own (in this process: it is only the yardstick)."""
    result = command("--no-cache", "--output", str(tmp_path / "clean"), cwd=project)
    assert result.returncode == 0, result.stderr
    return snapshot(tmp_path / "clean")


def test_a_second_build_with_nothing_changed_writes_nothing_and_the_site_is_a_clean_builds(project, tmp_path):
    assert UP_TO_DATE not in build(project)
    before = {path: path.stat().st_ino for path in (project / "dist").rglob("*")}
    assert UP_TO_DATE in build(project)
    assert {path: path.stat().st_ino for path in (project / "dist").rglob("*")} == before
    assert snapshot(project / "dist") == clean(project, tmp_path)


@pytest.mark.parametrize("edit", ["content/quotes.yaml", "layouts/base.html", "assets/style.css"])
def test_an_edit_to_content_a_layout_or_an_asset_builds_again(project, tmp_path, edit):
    build(project)
    path = project / edit
    path.write_text(path.read_text(encoding="utf-8").replace("bluff", "bluf").replace("<body>", "<body >")
                    + "\n", encoding="utf-8")
    assert UP_TO_DATE not in build(project)
    assert snapshot(project / "dist") == clean(project, tmp_path)


def test_a_file_changed_or_added_in_the_output_by_hand_is_undone(project, tmp_path):
    build(project)
    (project / "dist" / "index.html").write_text("edited by hand")
    assert UP_TO_DATE not in build(project)
    (project / "dist" / "stray.html").write_text("added by hand")
    assert UP_TO_DATE not in build(project)
    assert snapshot(project / "dist") == clean(project, tmp_path)


def test_no_cache_builds_anyway_and_a_broken_manifest_is_ignored(project):
    build(project)
    assert UP_TO_DATE not in build(project, "--no-cache")
    for manifest in Path(os.environ["XDG_CACHE_HOME"]).rglob("last-build-*.json"):
        manifest.write_text("{not json")
    assert UP_TO_DATE not in build(project)
    assert UP_TO_DATE in build(project)


def test_a_build_with_nothing_changed_prints_the_notes_of_the_last_one(project):
    first = run_build(cwd=project)
    second = run_build(cwd=project)
    assert UP_TO_DATE in second.stdout
    notes = [line for line in first.stderr.splitlines() if ": note: " in line]
    assert notes and [line for line in second.stderr.splitlines() if ": note: " in line] == notes
