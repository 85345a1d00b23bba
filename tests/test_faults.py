"""Faults: a build killed at any step leaves dist/ the old or the new site whole; one build at a time writes a folder;
an output that cannot be written is one clear error that leaves the last good site alone."""

from __future__ import annotations

import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import MINI, REPO, Outcome, as_plain_user, build, build_process, snapshot, write_tree

LAUNCHER = REPO / "tests" / "launcher.py"


def many_quotes(count: int) -> str:
    """A quotes file of `count` quotes: each is an embed page, so the new site has many more files than the old."""
    one = MINI["quotes.yaml"]
    return "".join(one.replace("id: bluff", f"id: bluff-{n}").replace("featured: true", "featured: false")
                   for n in range(count))


NEW = {**MINI, "quotes.yaml": many_quotes(30),
       "site.yaml": MINI["site.yaml"].replace("title: Test headline", "title: The new headline")}


def launch(fault: str, content: Path, output: Path, **options) -> subprocess.Popen[str]:
    """The real build with a fault injected at an exact moment (see tests/launcher.py)."""
    return subprocess.Popen([sys.executable, str(LAUNCHER), fault, "--content", str(content), "--output", str(output)],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **options)


@dataclass(frozen=True, slots=True)
class Tree:
    content: Path
    output: Path  # the site the command built from it, for tests to copy as their last good dist/
    site: dict[str, bytes]  # that site, byte for byte

    def copy(self, output: Path) -> Path:
        """This site as the last good dist/ at `output`."""
        return shutil.copytree(self.output, output)


@pytest.fixture(scope="module")
def trees(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Tree]:
    """The old and the new content, with the sites the real command builds from them."""
    root = tmp_path_factory.mktemp("trees")
    found = {}
    for name, files in (("old", MINI), ("new", NEW)):
        content, output = write_tree(root / name / "content", files), root / name / "dist"
        assert build(content, output).returncode == 0
        found[name] = Tree(content, output, snapshot(output))
    assert found["old"].site != found["new"].site
    return found


def leftovers(output: Path) -> list[str]:
    return sorted(p.name for p in output.parent.iterdir() if p.name != output.name)


# Where the build is killed, and which site dist/ holds afterwards.
KILLS = {"kill-at-write:1": "old", "kill-at-write:20": "old", "kill-at-write:LAST": "old", "kill-at-swap": "old",
         "kill-after-exchange": "new", "kill-after-swap": "new",
         "no-renameat2,kill-at-write:20": "old", "no-renameat2,kill-at-swap": "old",
         "no-renameat2,kill-at-aside": "aside", "no-renameat2,kill-after-swap": "new"}


@pytest.mark.parametrize("fault", KILLS, ids=list(KILLS))
def test_a_build_killed_at_any_step_leaves_the_old_or_the_new_site_whole(trees, tmp_path, fault):
    output = trees["old"].copy(tmp_path / "dist")
    process = launch(fault.replace("LAST", str(len(trees["new"].site))), trees["new"].content, output)
    assert process.wait(timeout=60) == -signal.SIGKILL, process.communicate()
    expected = KILLS[fault]
    if expected == "aside":  # two renames, killed between them: the old site waits beside dist/ for the next build
        assert not output.exists() and snapshot(output.with_name(".dist-previous")) == trees["old"].site
    else:
        assert snapshot(output) == trees[expected].site, f"dist/ is not the {expected} site whole"
    assert leftovers(output), "the kill left something for the next build to tidy"
    assert build(trees["new"].content, output).returncode == 0
    assert snapshot(output) == trees["new"].site
    assert leftovers(output) == [], "the next build clears what a killed one left"


def test_without_renameat2_as_on_windows_a_rebuild_swaps_by_two_renames(trees, tmp_path):
    output = tmp_path / "dist"
    for name in ("old", "new", "old"):
        process = launch("no-renameat2", trees[name].content, output)
        out, err = process.communicate(timeout=60)
        assert process.returncode == 0 and "Traceback" not in err, err
        assert snapshot(output) == trees[name].site
    assert leftovers(output) == []


def test_a_second_build_into_the_same_folder_says_so_and_leaves_the_first_to_finish(trees, tmp_path):
    """Two real processes: the first holds dist/ while it writes; the second exits 2 without touching its work."""
    output, signals = tmp_path / "dist", tmp_path / "signals"
    signals.mkdir()
    trees["old"].copy(output)
    first = launch(f"pause-at-write:5:{signals}", trees["new"].content, output)
    try:
        wait_for(signals / "paused", first)
        staging = [p for p in output.parent.iterdir() if p.name.startswith(".dist-")]
        second = build_process(trees["old"].content, output)
        assert second.returncode == 2 and "Traceback" not in second.stderr
        assert second.stderr == f"error: another build is writing {output}: wait for it to finish, or pass another --output\n"
        assert [p for p in output.parent.iterdir() if p.name.startswith(".dist-")] == staging, \
            "the second build left the first one's staging folder alone"
    finally:
        (signals / "go").touch()
    assert first.wait(timeout=60) == 0, first.communicate()
    assert snapshot(output) == trees["new"].site
    assert leftovers(output) == ["signals"]
    assert build_process(trees["old"].content, output).returncode == 0, "the lock is free once the first build ends"
    assert snapshot(output) == trees["old"].site


def test_builds_racing_into_one_folder_each_finish_whole_or_say_another_is_writing(trees, tmp_path):
    output = trees["old"].copy(tmp_path / "dist")
    for _ in range(4):
        racers = [start_build(trees[name].content, output) for name in ("new", "old", "new")]
        codes = sorted(racer.wait(timeout=60) for racer in racers)
        assert set(codes) <= {0, 2} and 0 in codes, codes
        assert snapshot(output) in (trees["old"].site, trees["new"].site)
        assert leftovers(output) == []


def start_build(content: Path, output: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, str(REPO / "build.py"), "--content", str(content), "--output", str(output)],
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_for(path: Path, process: subprocess.Popen[str]) -> None:
    """Until the launched build has reached its pause (it creates `path` there)."""
    deadline = time.monotonic() + 60
    while not path.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, f"the build never reached {path.name}"
        time.sleep(0.01)


def assert_output_error(outcome: Outcome, output: Path, before: dict[str, bytes], reason: str) -> None:
    """Exit 2, one 'error:' line naming the folder and the reason, no traceback, the last good site untouched."""
    assert outcome.returncode == 2, outcome
    assert "Traceback" not in outcome.stderr
    lines = outcome.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), outcome.stderr
    assert str(output.parent) in lines[0] and reason in lines[0], outcome.stderr
    assert snapshot(output) == before
    assert not list(output.parent.glob(f".{output.name}-*")), "no half-written folder is left behind"


def test_a_read_only_output_location_is_one_clear_error(trees, tmp_path):
    parent = tmp_path / "site"
    output = trees["old"].copy(parent / "dist")
    before = snapshot(output)
    parent.chmod(0o555)
    try:
        outcome = build_process(trees["new"].content, output, preexec_fn=as_plain_user)
    finally:
        parent.chmod(0o755)
    assert_output_error(outcome, output, before, "Permission denied")


def read_only(folder: Path, mode: int) -> None:
    """Set the mode of the folder and of every folder in it."""
    for path in [folder, *(p for p in folder.rglob("*") if p.is_dir())]:
        path.chmod(mode)


def test_a_read_only_dist_gets_the_new_site_with_exit_0_and_nothing_left_beside(trees, tmp_path):
    """The swap only needs the folder around dist/; the old site's read-only folders are made writable to go."""
    output = trees["old"].copy(tmp_path / "dist")
    read_only(output, 0o555)
    outcome = build_process(trees["new"].content, output, preexec_fn=as_plain_user)
    assert outcome.returncode == 0 and "Built" in outcome.stdout, outcome
    assert "warning" not in outcome.stderr and "error" not in outcome.stderr, outcome.stderr
    assert snapshot(output) == trees["new"].site
    assert leftovers(output) == []


def test_an_old_site_that_cannot_be_removed_after_the_swap_is_a_warning_not_a_failure(trees, tmp_path):
    output = trees["old"].copy(tmp_path / "dist")
    read_only(output, 0o555)
    process = launch("cannot-chmod", trees["new"].content, output, preexec_fn=as_plain_user)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0 and "Built" in out, (out, err)
    [left] = leftovers(output)
    assert err.splitlines()[-1] == (f"warning: the site was built into {output}, but the old one could not be removed "
                                    f"from {output.parent / left} (Permission denied); delete that folder by hand")
    assert snapshot(output) == trees["new"].site and snapshot(output.parent / left) == trees["old"].site
    read_only(output.parent / left, 0o755)
    assert build(trees["old"].content, output).returncode == 0
    assert leftovers(output) == [], "the next build clears what was left"


def test_a_full_output_location_is_one_clear_error(trees, tmp_path):
    """No tiny file system here: a 16 KiB file-size limit makes the first large page fail the way a full disk does."""
    output = trees["old"].copy(tmp_path / "dist")
    before = snapshot(output)
    limit = 16 * 1024
    empty = tmp_path / "tmp"  # no compiled layouts cached there: storing them fails too, and must not matter
    empty.mkdir()
    outcome = build_process(trees["new"].content, output, env={**os.environ, "TMPDIR": str(empty)},
                            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit)))
    assert_output_error(outcome, output, before, "File too large; check free space and permissions")


@pytest.mark.parametrize("where", ["the content folder", "the folder above it"])
def test_an_output_folder_that_holds_the_content_is_refused(tmp_path, where):
    content = write_tree(tmp_path / "content", MINI)
    before = snapshot(content)
    output = content if where == "the content folder" else tmp_path
    outcome = build(content, output)
    assert outcome.returncode == 2 and "Traceback" not in outcome.stderr
    assert re.fullmatch(r"error: refusing to write the site to \S+: the build replaces that whole folder, "
                        r"and it holds \S+; choose another --output\n", outcome.stderr), outcome.stderr
    assert snapshot(content) == before
