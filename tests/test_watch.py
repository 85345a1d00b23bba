"""The preview's watchers on real folders: the kernel's notices (inotify) and the scanner that stands in for them."""

from __future__ import annotations

import ctypes
import shutil
import time
from pathlib import Path

import pytest

from explainer import watch
from explainer.watch import IN_Q_OVERFLOW, Inotify, Scanner

DEADLINE = 5.0


def seen(watcher: Inotify | Scanner, expected: set[Path]) -> set[Path]:
    """What the watcher reports until it has reported every expected path (or the deadline passes)."""
    found: set[Path] = set()
    deadline = time.monotonic() + DEADLINE
    while not expected <= found and time.monotonic() < deadline:
        time.sleep(0.01)
        found |= watcher.changes()
    return found


def first_report(watcher: Inotify | Scanner) -> set[Path]:
    """The first changes the watcher reports (empty when none by the deadline)."""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        if found := watcher.changes():
            return found
        time.sleep(0.01)
    return set()


@pytest.fixture(params=[Inotify, Scanner])
def folders(request, tmp_path):
    content, layouts = tmp_path / "content", tmp_path / "layouts"
    (content / "pages").mkdir(parents=True)
    (content / "site.yaml").write_text("title: A\n")
    layouts.mkdir()
    (layouts / "base.html").write_text("<p>")
    made = request.param([content, layouts])
    yield made, content, layouts
    if isinstance(made, Inotify):
        made.close()


def test_a_saved_file_is_reported_and_nothing_else(folders):
    watcher, content, layouts = folders
    assert watcher.changes() == set(), "nothing has changed yet"
    (layouts / "base.html").write_text("<p>edited")
    found = seen(watcher, {layouts / "base.html"})
    assert layouts / "base.html" in found and not found & {content / "site.yaml"}


def test_new_deleted_and_renamed_files_are_reported(folders):
    watcher, content, _ = folders
    (content / "pages" / "new.md").write_text("# New\n")
    (content / "site.yaml").unlink()
    assert {content / "pages" / "new.md", content / "site.yaml"} <= seen(
        watcher, {content / "pages" / "new.md", content / "site.yaml"})
    (content / "pages" / "new.md").rename(content / "pages" / "renamed.md")
    assert {content / "pages" / "new.md", content / "pages" / "renamed.md"} <= seen(
        watcher, {content / "pages" / "new.md", content / "pages" / "renamed.md"})


def test_a_new_folder_is_watched_with_the_files_it_came_with(folders):
    watcher, content, _ = folders
    fresh = content / "sections" / "deep"
    fresh.mkdir(parents=True)
    (fresh / "one.md").write_text("One\n")
    assert fresh / "one.md" in seen(watcher, {fresh / "one.md"})
    (fresh / "one.md").write_text("One, edited\n")  # a file in a folder that did not exist when watching began
    assert fresh / "one.md" in seen(watcher, {fresh / "one.md"})


def test_a_watched_folder_that_appears_later_is_watched_from_then(tmp_path):
    static = tmp_path / "static"
    for watcher in (Inotify([static]), Scanner([static])):
        static.mkdir()
        (static / "robots.txt").write_text("User-agent: *\n")
        assert static / "robots.txt" in seen(watcher, {static / "robots.txt"}), type(watcher).__name__
        (static / "robots.txt").write_text("User-agent: *\nDisallow:\n")
        assert static / "robots.txt" in seen(watcher, {static / "robots.txt"}), type(watcher).__name__
        (static / "robots.txt").unlink()
        static.rmdir()


def test_when_the_kernel_drops_notices_every_watched_folder_counts_as_changed(tmp_path):
    watcher = Inotify([tmp_path / "content", tmp_path / "layouts"])
    assert watcher.event(-1, IN_Q_OVERFLOW, "") == {tmp_path / "content", tmp_path / "layouts"}
    watcher.close()


def test_without_inotify_the_scanner_stands_in(tmp_path, monkeypatch):
    def no_libc(name, *args, **kwargs):
        raise TypeError("LoadLibrary() argument 1 must be str, not None")  # as on Windows
    monkeypatch.setattr(ctypes, "CDLL", no_libc)
    assert isinstance(watch.watcher([tmp_path]), Scanner)


@pytest.mark.parametrize("gone", ["deleted", "renamed away"])
def test_a_watched_folder_that_goes_and_comes_back_is_watched_again(tmp_path, gone):
    """The kernel's watches go with the folder (a scan finds whatever is there): the folder is awaited again."""
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    (layouts / "base.html").write_text("<p>")
    watcher = Inotify([layouts])
    if gone == "deleted":
        shutil.rmtree(layouts)
    else:
        layouts.rename(tmp_path / "layouts-old")
    gone_paths = first_report(watcher)
    assert gone_paths and all(path.is_relative_to(layouts) for path in gone_paths), gone_paths
    layouts.mkdir()
    (layouts / "base.html").write_text("<p>back")
    assert layouts / "base.html" in seen(watcher, {layouts / "base.html"})
    (layouts / "base.html").write_text("<p>edited")  # a file saved in the folder that came back
    assert layouts / "base.html" in seen(watcher, {layouts / "base.html"})
    watcher.close()
