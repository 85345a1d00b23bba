"""Where each archive came from: the day it was saved and the hash of its text, recorded in sources.yaml, checked on
every build, and told to readers on the sources page."""

from __future__ import annotations

from pathlib import Path

from lxml import html as lxml_html

from helpers import MINI, command, write_tree
from explainer.provenance import sha256

ARCHIVE = "Putin warned: “This is not a bluff.” Shoigu said 300,000 reservists would be called up.\n"
HASH = sha256(ARCHIVE)
# 'archive' is at sources.yaml:6:12, 'archived' at 7:13, 'archive_sha256' at 8:19.
RECORDED = MINI["sources.yaml"] + f"  archive: archive/nbc.txt\n  archived: 2026-12-01\n  archive_sha256: {HASH}\n"
FAILED = "1 error; the build stopped and dist/ was left as it was"


def build(tmp_path: Path, sources: str = RECORDED, archive: str = ARCHIVE) -> tuple[int, list[str]]:
    """The real command on MINI with this sources.yaml and archive text: exit code, stderr lines."""
    content = write_tree(tmp_path / "content", {**MINI, "sources.yaml": sources, "archive/nbc.txt": archive})
    result = command("--content", str(content), "--output", str(tmp_path / "dist"))
    assert "Traceback" not in result.stderr
    return result.returncode, result.stderr.replace(f"{tmp_path}/", "").splitlines()


def test_an_archive_with_its_day_and_hash_recorded_builds_and_the_sources_page_says_when_it_was_saved(tmp_path):
    assert build(tmp_path) == (0, [])
    page = lxml_html.fromstring((tmp_path / "dist" / "sources.html").read_bytes())
    [line] = page.xpath("//li[@id='source-nbc']/p[@class='archived']")
    assert line.text_content() == ("Archived on 1 December 2026: the quotations and wording that cite it were "
                                   "checked against its text as saved that day.")
    assert line.xpath("time/@datetime") == ["2026-12-01"]


def test_an_archive_whose_text_changed_is_an_error_at_its_hash_giving_the_new_one(tmp_path):
    edited = ARCHIVE.replace("warned", "said")
    assert build(tmp_path, archive=edited) == (1, [
        "content/sources.yaml:8:19: error: archive_sha256: the text of archive/nbc.txt no longer matches its recorded "
        "hash; restore the archive as it was saved; or, if you changed it on purpose after checking it against the "
        f"source, record 'archive_sha256: {sha256(edited)}' and the day in 'archived'", FAILED])


def test_recording_the_hash_the_message_gives_makes_the_edited_archive_build(tmp_path):
    edited = ARCHIVE.replace("warned", "said")
    assert build(tmp_path, RECORDED.replace(HASH, sha256(edited)), edited)[0] == 0


def test_an_archive_without_its_hash_and_day_is_an_error_at_its_field_giving_the_hash_to_paste(tmp_path):
    bare = MINI["sources.yaml"] + "  archive: archive/nbc.txt\n"
    assert build(tmp_path, bare) == (1, [
        "content/sources.yaml:6:12: error: archive: archive/nbc.txt has no 'archived' date and no 'archive_sha256' "
        "hash; add 'archived: YYYY-MM-DD', the day its text was saved from the source; after checking its text "
        f"against the source, add 'archive_sha256: {HASH}'", FAILED])


def test_an_archive_without_its_hash_alone_is_an_error_naming_only_the_hash(tmp_path):
    assert build(tmp_path, RECORDED.replace(f"  archive_sha256: {HASH}\n", "")) == (1, [
        "content/sources.yaml:6:12: error: archive: archive/nbc.txt has no 'archive_sha256' hash; after checking "
        f"its text against the source, add 'archive_sha256: {HASH}'", FAILED])


def test_a_hash_that_is_not_a_sha256_is_an_error_at_its_value(tmp_path):
    assert build(tmp_path, RECORDED.replace(HASH, "abc123")) == (1, [
        "content/sources.yaml:8:19: error: archive_sha256: 'abc123' is not a SHA-256 hash; write its 64 hexadecimal "
        "digits, as the build's message about the archive gives them", FAILED])
