"""The write stage on its own: Staging puts files into a fresh folder beside the output and swaps it in whole, or
throws it away; it never writes outside the output folder, and one Staging at a time holds an output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from explainer.write import MARK, MARK_TEXT, Output, OutputBusy, OutputError, Staging, safe_parts
from helpers import snapshot, write_tree

OLD = {"index.html": "old home", "stale.html": "a page the new site no longer has", "assets/a.css": "old",
       MARK: MARK_TEXT.decode()}
NEW = [Output("index.html", b"new home"), Output("embed/quote/bluff.html", b"an embed"), Output("assets/a.css", b"old")]


@pytest.fixture
def output(tmp_path: Path) -> Path:
    """A last good site in tmp_path/site/dist, with the mark a build leaves."""
    return write_tree(tmp_path / "site" / "dist", OLD)


def beside(output: Path) -> list[str]:
    return sorted(p.name for p in output.parent.iterdir() if p != output)


def site(outputs: list[Output]) -> dict[str, bytes]:
    """The output folder a build of these outputs leaves: them and its mark."""
    return {**{item.uri: item.data for item in outputs}, MARK: MARK_TEXT}


def test_finish_swaps_in_exactly_the_new_site_and_leaves_nothing_beside_it(output):
    with Staging(output) as staging:
        staging.put("index.html", b"new home")  # a page written early, as it is rendered
        assert snapshot(output) == {name: text.encode() for name, text in OLD.items()}, "readers still see the old"
        assert staging.finish(NEW) == 3
    assert snapshot(output) == site(NEW)
    assert beside(output) == []


def test_a_build_that_fails_midway_leaves_the_output_as_it_was_and_the_next_one_may_write(output):
    before = snapshot(output)
    with pytest.raises(RuntimeError), Staging(output) as staging:
        staging.put("index.html", b"half a site")
        raise RuntimeError("a bug while rendering")
    assert snapshot(output) == before and beside(output) == []
    with Staging(output) as staging:
        staging.finish(NEW)
    assert snapshot(output) == site(NEW)


def test_a_build_that_fails_before_its_first_file_makes_nothing(tmp_path):
    output = tmp_path / "not-yet" / "dist"
    with pytest.raises(RuntimeError), Staging(output):
        raise RuntimeError("a content error")
    assert not output.parent.exists()


@pytest.mark.parametrize("uri", ["../escape.html", "a/../../escape.html", "./index.html", "a//b.html", "/etc/x",
                                 "a\\..\\b.html", "a\0b.html", ""])
def test_a_path_that_could_leave_the_output_folder_is_refused_before_anything_is_written(output, uri):
    with pytest.raises(ValueError, match="refusing to write outside the output folder"):
        safe_parts(uri)
    before = snapshot(output)
    with pytest.raises(ValueError), Staging(output) as staging:
        staging.finish([*NEW, Output(uri, b"x")])
    assert snapshot(output) == before and beside(output) == []
    assert not (output.parent.parent / "escape.html").exists()


def test_two_outputs_for_one_path_are_refused(output):
    before = snapshot(output)
    with pytest.raises(ValueError, match="two outputs want the same path: index.html"), Staging(output) as staging:
        staging.finish([*NEW, Output("index.html", b"another home")])
    assert snapshot(output) == before and beside(output) == []


def test_one_staging_at_a_time_holds_an_output_and_lets_it_go_when_done(output):
    with Staging(output) as first:
        first.put("index.html", b"new home")
        with pytest.raises(OutputBusy, match=f"another build is writing {output}"), Staging(output) as second:
            second.put("index.html", b"a rival home")
        first.finish(NEW)
    assert snapshot(output) == site(NEW)
    with Staging(output) as later:
        later.finish(NEW[:1])
    assert snapshot(output) == site(NEW[:1])


def test_a_file_of_the_last_site_with_the_same_bytes_is_linked_not_written(output):
    kept = output / "assets" / "a.css"
    inode = kept.stat().st_ino
    asked = []

    def reuse(uri: str, data: bytes) -> str | None:
        asked.append(uri)
        return str(kept) if uri == "assets/a.css" and data == kept.read_bytes() else None
    with Staging(output) as staging:
        staging.finish(NEW, reuse)
    assert sorted(asked) == sorted(item.uri for item in NEW)
    assert (output / "assets" / "a.css").stat().st_ino == inode
    assert snapshot(output) == site(NEW)


def test_a_staging_folder_removed_midway_is_an_error_not_a_site_with_files_missing(output):
    before = snapshot(output)
    with pytest.raises(OutputError, match="cannot write the site to"), Staging(output) as staging:
        staging.put("embed/quote/early.html", b"written early")
        shutil.rmtree(staging.open())  # someone tidying up beside dist/ while the build runs
        staging.finish(NEW)
    assert snapshot(output) == before


@pytest.mark.parametrize("where", ["content", "project"])
def test_an_output_folder_that_holds_a_kept_folder_is_refused_before_anything_is_made(tmp_path, where):
    project = tmp_path / "project"
    content = write_tree(project / "content", {"site.yaml": "title: x\n"})
    output = content if where == "content" else project
    with pytest.raises(OutputError, match=r"refusing to write the site to .*: the build replaces that whole folder"), \
            Staging(output, keep=[content]) as staging:
        staging.put("index.html", b"home")
    assert snapshot(project) == {"content/site.yaml": b"title: x\n"}


def test_a_folder_of_files_no_build_put_there_is_refused_and_they_survive(tmp_path):
    home = write_tree(tmp_path / "home", {"Documents/thesis.txt": "three years of work"})
    with pytest.raises(OutputError, match=r"refusing to write the site to .*home: it holds files no build put there "
                                          r"\(it has no \.explainer-site\).*pass --force"), Staging(home) as staging:
        staging.put("index.html", b"home")
    assert snapshot(home) == {"Documents/thesis.txt": b"three years of work"}
    assert beside(home) == []


def test_force_takes_over_a_folder_and_marks_it_so_the_next_build_needs_no_force(tmp_path):
    taken = write_tree(tmp_path / "www", {"index.html": "a page by hand"})
    with Staging(taken, force=True) as staging:
        staging.finish(NEW)
    assert snapshot(taken) == site(NEW) and beside(taken) == []
    with Staging(taken) as staging:
        staging.finish(NEW[:1])
    assert snapshot(taken) == site(NEW[:1])

