"""A build in a new process with nothing changed leaves the last site alone; any change builds it again."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import MINI, REPO, command, copy_project, run_build, snapshot, write_tree

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


def test_a_static_file_added_after_a_build_reaches_the_site(project):
    build(project)
    (project / "static").mkdir()
    (project / "static" / "CNAME").write_text("explainer.example.com\n")
    assert UP_TO_DATE not in build(project)
    assert (project / "dist" / "CNAME").read_text() == "explainer.example.com\n"


def test_an_edit_to_a_catalogue_string_builds_again(project):
    catalogue = project / "catalogues" / "en.yaml"
    write_tree(project, {"catalogues/en.yaml": "nav.timeline: Chronology\n"})
    build(project)
    catalogue.write_text("nav.timeline: Sequence of events\n")
    assert UP_TO_DATE not in build(project)
    assert "Sequence of events" in (project / "dist" / "index.html").read_text(encoding="utf-8")


def test_an_edit_to_the_theme_of_a_checkout_builds_another_project_again(tmp_path):
    """A project with no layouts of its own, built by a checkout's build.py: the theme is the checkout's."""
    checkout = copy_project(tmp_path / "checkout")
    other = write_tree(tmp_path / "other" / "content", MINI).parent
    build(checkout, "--project", str(other))
    base = checkout / "layouts" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("<body>", "<body data-theme-edit>"), encoding="utf-8")
    assert UP_TO_DATE not in build(checkout, "--project", str(other))
    assert "data-theme-edit" in (other / "dist" / "index.html").read_text(encoding="utf-8")


# Run by a checkout's own Python, so that the theme and the package's catalogues it changes are the copy's.
CHANGES_OF_EACH_INPUT = """
import sys
from pathlib import Path
from explainer.project import Project
from explainer.rebuild.manifest import fingerprint
project = Project.at(Path(sys.argv[1]))
for folder in project.inputs:
    before = fingerprint(project)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "added-by-the-test.txt").write_text("new")
    print(folder.relative_to(Path(sys.argv[2])).as_posix(), fingerprint(project) != before)
"""


def test_a_file_added_to_any_folder_a_build_reads_changes_the_fingerprint(tmp_path):
    """Every input folder (content, layouts, assets, catalogues and static/, the project's and the theme's) counts."""
    checkout = copy_project(tmp_path / "checkout")
    other = write_tree(tmp_path / "other" / "content", MINI).parent
    result = subprocess.run([sys.executable, "-c", CHANGES_OF_EACH_INPUT, str(other), str(tmp_path)], cwd=checkout,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert sorted(result.stdout.splitlines()) == [
        f"{folder} True" for folder in ("checkout/assets", "checkout/explainer/catalogues", "checkout/layouts",
                                        "other/assets", "other/catalogues", "other/content", "other/layouts",
                                        "other/static")]
