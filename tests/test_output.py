"""The output folder: deterministic, swapped in whole, never touched by a failed build."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from bench.generate import generate
from explainer.write import MARK, MARK_TEXT
from helpers import MINI, Outcome, command, run_build, snapshot, write_tree


def test_the_same_input_gives_byte_identical_output(default_site, tmp_path):
    """Built in this process and in another (with its own hash seed, so set and dict orders differ)."""
    second = tmp_path / "second"
    assert run_build("--output", str(second)).returncode == 0
    assert snapshot(default_site) == snapshot(second)


def test_the_build_clock_never_reaches_the_output(mini, tmp_path, monkeypatch):
    """Dates on the site come from content; neither the clock nor SOURCE_DATE_EPOCH changes a byte."""
    outputs = []
    for epoch in ("0", "2000000000"):
        output = tmp_path / f"dist-{epoch}"
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        assert command("--content", str(mini), "--output", str(output)).returncode == 0
        outputs.append(snapshot(output))
    assert outputs[0] == outputs[1]


def test_a_rebuild_replaces_the_site_whole_and_leaves_no_temporary_folders(mini, tmp_path):
    output = tmp_path / "dist"
    assert command("--content", str(mini), "--output", str(output)).returncode == 0
    (output / "stale.html").write_text("from an old build")
    style = next((output / "assets").glob("style.*.css"))
    write_tree(mini, {"figures.yaml": MINI["figures.yaml"].replace("reservists to be called up", "reservists called")})
    assert command("--content", str(mini), "--output", str(output)).returncode == 0
    assert not (output / "stale.html").exists(), "files of the old site do not linger"
    assert style.exists(), "unchanged asset keeps its hashed name"
    assert "reservists called" in (output / "index.html").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "dist"]


def test_a_failed_build_leaves_the_last_good_site_byte_for_byte(mini, tmp_path):
    output = tmp_path / "dist"
    assert command("--content", str(mini), "--output", str(output)).returncode == 0
    before = snapshot(output)
    write_tree(mini, {"sources.yaml": "- id: nbc\n  publisher: [unclosed\n"})
    result = command("--content", str(mini), "--output", str(output))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert snapshot(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "dist"]


def test_a_layout_error_after_pages_were_written_leaves_the_last_good_site_and_no_temporary_folder(project, tmp_path):
    """Pages go into a fresh folder while the rest still renders; one page failing throws that folder away."""
    generate(tmp_path / "generated", scale=0.15)  # 600 pages: rendered in forked workers, written as they arrive
    content, output = tmp_path / "generated" / "content", tmp_path / "site" / "dist"
    assert command("--content", str(content), "--output", str(output), cwd=project).returncode == 0
    before = snapshot(output)
    layout = project / "layouts" / "page.html"
    layout.write_text(layout.read_text().replace(
        "{{ article.title }}</h1>", "{{ article.title }}{% if article.id == 'page-0590' %}{{ nothing }}{% endif %}</h1>"))
    result = run_build("--content", str(content), "--output", str(output), cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "layouts/page.html:5" in result.stderr and "'nothing' is undefined" in result.stderr
    assert snapshot(output) == before
    assert sorted(p.name for p in output.parent.iterdir()) == ["dist"]


def test_an_output_folder_that_cannot_be_written_is_one_clear_error(mini, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = command("--content", str(mini), "--output", str(blocker / "dist"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1


def test_the_summary_line_says_pages_files_folder_and_time(mini, tmp_path):
    result = command("--content", str(mini), "--output", str(tmp_path / "dist"))
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("Built 6 pages (") and " files) into " in last and last.endswith(" s")


def test_help_lists_each_command_with_what_it_does_and_each_option():
    """Each command on its own line of the list, with its words; not merely the word 'build' somewhere."""
    result = command("--help")
    assert result.returncode == 0
    listed = dict(re.findall(r"^    (\w+) +(\S.*)$", result.stdout, re.MULTILINE))
    assert listed == {"build": "build the site into dist/ (the default)",
                      "check": "check the content and layouts without writing anything",
                      "schema": "write the content model's JSON Schema files into docs/schema/",
                      "serve": "build, serve on 127.0.0.1 and reload the browser on every change",
                      "new": "start a new project folder from a small sample that builds",
                      "pull": "fetch the content files site.yaml's 'pull:' maps to addresses",
                      "docs": "print the folder of the docs the messages point at",
                      "status": "list each edition's stale and missing translations"}, result.stdout
    for name, options in (("build", ("--content", "--output", "--base-url")), ("check", ("--content", "--output")),
                             ("serve", ("--host", "--port", "--base-path", "--base-url"))):
        shown = command(name, "--help")
        assert shown.returncode == 0 and shown.stdout.startswith(f"usage: python build.py {name} ")
        assert all(re.search(rf"^  {option} [A-Z_]+\s+\S", shown.stdout, re.MULTILINE) for option in options), \
            shown.stdout


def test_updated_appears_only_once_there_is_an_update(mini, tmp_path):
    output = tmp_path / "dist"
    assert command("--content", str(mini), "--output", str(output)).returncode == 0
    assert "Updated" not in (output / "index.html").read_text()
    write_tree(mini, {"updates.yaml": "- date: 2022-09-22T10:00:00+00:00\n  kind: correction\n"
                                      "  text: Corrected the number of cities.\n"})
    assert command("--content", str(mini), "--output", str(output)).returncode == 0
    home = (output / "index.html").read_text()
    assert "Updated" in home and 'datetime="2022-09-22T10:00:00+00:00"' in home
    assert "Corrected the number of cities." in home


def refused(outcome: Outcome, output: Path | str, reason: str) -> None:
    """Exit 2 and one plain line naming the folder and why, without a traceback."""
    assert outcome.returncode == 2 and "Traceback" not in outcome.stderr, outcome
    assert outcome.stderr == f"error: refusing to write the site to {output}: {reason}\n", outcome.stderr


def test_a_folder_of_someone_elses_files_is_refused_until_force_takes_it_over(mini, tmp_path):
    home = write_tree(tmp_path / "home", {"Documents/thesis.txt": "three years of work"})
    result = command("--content", str(mini), "--output", str(home))
    refused(result, home, f"it holds files no build put there (it has no {MARK}), and the build replaces that "
                          "whole folder; pass --force to replace them with the site, or choose a new or empty folder "
                          "for --output")
    assert snapshot(home) == {"Documents/thesis.txt": b"three years of work"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "home"]
    assert command("--content", str(mini), "--output", str(home), "--force").returncode == 0
    assert not (home / "Documents").exists() and (home / MARK).read_bytes() == MARK_TEXT
    assert command("--content", str(mini), "--output", str(home), "--no-cache").returncode == 0, "marked: no --force"
    (tmp_path / "empty").mkdir()
    assert command("--content", str(mini), "--output", str(tmp_path / "empty")).returncode == 0, "empty: no --force"


def test_a_site_an_earlier_version_built_without_the_mark_is_rebuilt_without_force(mini, tmp_path):
    """An earlier version left no mark: the last build's record (in the cache) says which files it wrote."""
    output = tmp_path / "dist"
    assert command("--content", str(mini), "--output", str(output)).returncode == 0
    (output / MARK).unlink()
    assert command("--content", str(mini), "--output", str(output)).returncode == 0
    assert (output / MARK).read_bytes() == MARK_TEXT
    (output / MARK).unlink()
    (output / "notes.txt").write_text("put here by hand")  # not a file the last build wrote
    refused(command("--content", str(mini), "--output", str(output)), output,
            f"it holds files no build put there (it has no {MARK}), and the build replaces that whole folder; "
            "pass --force to replace them with the site, or choose a new or empty folder for --output")
    assert (output / "notes.txt").read_text() == "put here by hand"


@pytest.mark.parametrize("where", ["the root", "the home folder", "a folder above the home folder"])
def test_the_root_and_the_home_folder_are_refused_in_plain_words_even_with_force(mini, tmp_path, monkeypatch, where):
    home = write_tree(tmp_path / "users" / "ann", {"Documents/thesis.txt": "three years of work"})
    monkeypatch.setenv("HOME", str(home))
    output = {"the root": Path("/"), "the home folder": home, "a folder above the home folder": home.parent}[where]
    result = command("--content", str(mini), "--output", str(output), "--force")
    if where == "the root":
        refused(result, output, "it is the root of the file system, and the build replaces that whole folder; "
                                "choose a new or empty folder for --output")
    else:
        refused(result, output, f"the build replaces that whole folder, and it is or holds your home folder {home}; "
                                "choose a new or empty folder for --output")
    assert snapshot(home) == {"Documents/thesis.txt": b"three years of work"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "users"]


def test_an_output_that_is_a_file_is_refused_and_the_file_left_as_it_was(mini, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes")
    refused(command("--content", str(mini), "--output", str(notes), "--force"), notes,
            "it is a file, not a folder; choose a new or empty folder for --output")
    assert notes.read_text() == "my notes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "notes.txt"]


def test_a_linked_dist_is_followed_the_site_swapped_in_at_its_target_and_the_link_kept(mini, tmp_path):
    web = tmp_path / "srv" / "www"
    web.mkdir(parents=True)
    dist = tmp_path / "project" / "dist"
    dist.parent.mkdir()
    dist.symlink_to(web)
    for title in ("Test headline", "A new headline"):
        write_tree(mini, {"site.yaml": MINI["site.yaml"].replace("Test headline", title)})
        result = command("--content", str(mini), "--output", str(dist))
        assert result.returncode == 0 and "error" not in result.stderr, result
        assert dist.is_symlink() and dist.resolve() == web.resolve()
        assert title in (web / "index.html").read_text() and (web / MARK).is_file()
        assert sorted(p.name for p in dist.parent.iterdir()) == ["dist"]
        assert sorted(p.name for p in web.parent.iterdir()) == ["www"], "nothing left beside the target"


def test_a_link_to_nothing_is_refused_and_left_as_it_was(mini, tmp_path):
    dist = tmp_path / "dist"
    dist.symlink_to(tmp_path / "gone")
    refused(command("--content", str(mini), "--output", str(dist)), dist,
            f"it is a link to {tmp_path / 'gone'}, which does not exist; create that folder or remove the link")
    assert os.readlink(dist) == str(tmp_path / "gone") and not (tmp_path / "gone").exists()


def test_a_linked_dist_to_a_folder_of_other_files_is_refused_like_the_folder(mini, tmp_path):
    web = write_tree(tmp_path / "www", {"index.html": "the newsroom's home page"})
    dist = tmp_path / "dist"
    dist.symlink_to(web)
    result = command("--content", str(mini), "--output", str(dist))
    assert result.returncode == 2 and "--force" in result.stderr
    assert snapshot(web) == {"index.html": b"the newsroom's home page"} and dist.is_symlink()
    shutil.rmtree(web)
