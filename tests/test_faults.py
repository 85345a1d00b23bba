"""Faults: a build killed at any moment leaves dist/ the old or the new site whole; an output that cannot be written is
one clear error that leaves the last good site alone."""

from __future__ import annotations

import random
import re
import resource
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import MINI, REPO, snapshot, write_tree
from test_hostile import Outcome, as_plain_user, build_process

KILLS = 24
SEED = 20220921


def many_quotes(count: int) -> str:
    """A quotes file of `count` quotes: each is an embed page, so the new site takes a while to write."""
    one = MINI["quotes.yaml"]
    return "".join(one.replace("id: bluff", f"id: bluff-{n}").replace("featured: true", "featured: false")
                   for n in range(count))


NEW = {**MINI, "quotes.yaml": many_quotes(300),
       "site.yaml": MINI["site.yaml"].replace("title: Test headline", "title: The new headline")}


def start_build(content: Path, output: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, str(REPO / "build.py"), "--content", str(content), "--output", str(output)],
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_for_temp_folder(output: Path, process: subprocess.Popen[bytes], deadline: float) -> bool:
    """Poll until the build has started its fresh folder beside dist/ (or has ended); True when it did."""
    while time.monotonic() < deadline and process.poll() is None:
        if any(output.parent.glob(f".{output.name}-*")):
            return True
        time.sleep(0.001)
    return False


@dataclass(frozen=True, slots=True)
class Tree:
    content: Path
    site: dict[str, bytes]  # what the real command builds from it
    seconds: float  # a whole run of the command
    writing: float  # from the fresh folder's appearance to the end of the run (writing, swapping, cleaning up)


def measure(content: Path, output: Path) -> Tree:
    started = time.monotonic()
    outcome = build_process(content, output)
    assert outcome.code == 0, outcome.stderr
    seconds = time.monotonic() - started
    process = start_build(content, output)  # again, now that there is a site to swap out
    seen = wait_for_temp_folder(output, process, time.monotonic() + 60)
    writing_started = time.monotonic()
    assert process.wait(timeout=60) == 0
    writing = time.monotonic() - writing_started if seen else 0.0  # a small site can be written between two polls
    return Tree(content, snapshot(output), seconds, writing)


@pytest.fixture(scope="module")
def trees(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Tree]:
    """The old and the new content, with their sites and timings."""
    root = tmp_path_factory.mktemp("trees")
    found = {name: measure(write_tree(root / name / "content", files), root / name / "dist")
             for name, files in (("old", MINI), ("new", NEW))}
    assert found["old"].site != found["new"].site
    return found


def test_a_build_killed_at_random_moments_leaves_the_old_or_the_new_site_whole(trees, tmp_path):
    rng = random.Random(SEED)
    output = tmp_path / "dist"
    assert build_process(trees["old"].content, output).code == 0
    sites = {name: tree.site for name, tree in trees.items()}
    current, mid_write, swapped, kept = "old", 0, 0, 0
    for n in range(KILLS):
        target = "new" if current == "old" else "old"
        tree = trees[target]
        process = start_build(tree.content, output)
        if n % 3 == 0:  # any moment of the run, start-up included
            time.sleep(rng.uniform(0, 1.2 * tree.seconds))
        elif wait_for_temp_folder(output, process, time.monotonic() + 60):  # while it writes, or around the swap
            time.sleep(rng.uniform(0, 0.8 * tree.writing) if n % 3 == 1 else rng.uniform(0.5, 2) * tree.writing)
        mid_write += any(output.parent.glob(f".{output.name}-*")) and process.poll() is None
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        now = snapshot(output)
        assert now in (sites["old"], sites["new"]), f"kill {n}: dist/ is a mix of the old and the new site"
        if now == sites[current]:
            kept += 1
        else:
            swapped, current = swapped + 1, target
    assert mid_write >= 2, f"only {mid_write} kills landed while the site was being written"
    assert swapped and kept, f"every kill landed on the same side of the swap ({swapped} swapped, {kept} kept)"
    assert build_process(trees["new"].content, output).code == 0
    assert snapshot(output) == sites["new"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"], "the next build clears what a killed one left"


def assert_output_error(outcome: Outcome, output: Path, before: dict[str, bytes], reason: str) -> None:
    """Exit 2, one 'error:' line naming the folder and the reason, no traceback, the last good site untouched."""
    assert outcome.code == 2, outcome
    assert "Traceback" not in outcome.stderr
    lines = outcome.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), outcome.stderr
    assert str(output.parent) in lines[0] and reason in lines[0], outcome.stderr
    assert snapshot(output) == before
    assert not list(output.parent.glob(f".{output.name}-*")), "no half-written folder is left behind"


def test_a_read_only_output_location_is_one_clear_error(trees, tmp_path):
    parent = tmp_path / "site"
    output = parent / "dist"
    assert build_process(trees["old"].content, output).code == 0
    before = snapshot(output)
    parent.chmod(0o555)
    try:
        outcome = build_process(trees["new"].content, output, preexec_fn=as_plain_user)
    finally:
        parent.chmod(0o755)
    assert_output_error(outcome, output, before, "Permission denied")


def test_a_full_output_location_is_one_clear_error(trees, tmp_path):
    """No tiny file system here: a 16 KiB file-size limit makes the first large page fail the way a full disk does."""
    output = tmp_path / "dist"
    assert build_process(trees["old"].content, output).code == 0
    before = snapshot(output)
    limit = 16 * 1024
    outcome = build_process(trees["new"].content, output,
                            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit)))
    assert_output_error(outcome, output, before, "File too large; check free space and permissions")


@pytest.mark.parametrize("where", ["the content folder", "the folder above it"])
def test_an_output_folder_that_holds_the_content_is_refused(tmp_path, where):
    content = write_tree(tmp_path / "content", MINI)
    before = snapshot(content)
    output = content if where == "the content folder" else tmp_path
    outcome = build_process(content, output)
    assert outcome.code == 2 and "Traceback" not in outcome.stderr
    assert re.fullmatch(r"error: refusing to write the site to \S+: the build replaces that whole folder, "
                        r"and it holds \S+; choose another --output\n", outcome.stderr), outcome.stderr
    assert snapshot(content) == before
