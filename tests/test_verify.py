"""Quotations and wording checked against archived sources: each message whole, at its exact file:line:col."""

from __future__ import annotations

import gc
import os
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import MINI, REPO, command, snapshot, write_tree
from explainer.problems import places
from explainer.strict_yaml import parse_yaml, scalar_indexes
from explainer.pipeline import check_site, write_site
from explainer.project import Project
from explainer.provenance import sha256
from explainer.rebuild.session import Session
from explainer.verify import Archive

ARCHIVE = """\
Page furniture that is not reporting.

Russian President Vladimir Putin announced the partial mobilization of military reservists Wednesday, a \
significant escalation of his war in Ukraine.

Vowing that Russia would use all the means at its disposal to protect what it considers its territory, Putin \
accused the West of nuclear blackmail and warned: “This is not a bluff.”

"You save the most valuable thing — your life — for yourself and for your loved ones," Vereshchuk said. \
"This is better than an inglorious death in a foreign land."

Kyiv and its Western allies dismissed the plan as a desperate “sham.”

Defense Minister Sergei Shoigu said 300,000 reservists would be called up.
"""
# The value of 'archive' is at sources.yaml:6:12, the hash's at 8:19.
ARCHIVED = MINI["sources.yaml"] + f"  archive: archive/nbc.txt\n  archived: 2026-12-01\n  archive_sha256: {sha256(ARCHIVE)}\n"
OTHER_SOURCE = "- id: bbc\n  publisher: BBC\n  title: Live page\n  url: https://example.com/bbc\n  date: 2022-09-21\n"
COPIED = "rewrite it in your own words, or quote and attribute it"
VERBATIM = "quote the source's words exactly (only quotation marks, apostrophes, dashes and spacing may differ)"
MISQUOTED = "quote the source exactly, or drop the quotation marks and say it in your own words"
SECTION = "---\ntitle: What was announced\norder: 1\n---\n"  # the body starts on line 5


def build(tmp_path: Path, subcommand: str = "build", **files: str) -> tuple[int, list[str]]:
    """The real command on MINI with the archive and these files (name with '__' for '/'): exit code, stderr lines."""
    given = {name.replace("__", "/"): text for name, text in files.items()}
    archive = given.get("archive/nbc.txt", ARCHIVE)  # its hash recorded, unless the test gives sources.yaml
    tree = {**MINI, "sources.yaml": ARCHIVED.replace(sha256(ARCHIVE), sha256(archive)), "archive/nbc.txt": ARCHIVE,
            **given}
    content = write_tree(tmp_path / "content", tree)
    result = command(subcommand, "--content", str(content), "--output", str(tmp_path / "dist"))
    assert "Traceback" not in result.stderr
    return result.returncode, result.stderr.replace(f"{tmp_path}/", "").splitlines()


def quote(text: str, sources: str = "[nbc]") -> str:
    """MINI's quotation with other words (the text's value starts at quotes.yaml:2:9)."""
    return MINI["quotes.yaml"].replace("text: This is not a bluff.", f"text: {text}").replace("sources: [nbc]",
                                                                                               f"sources: {sources}")


def test_the_mini_site_with_its_archive_builds_with_nothing_to_say(tmp_path):
    assert build(tmp_path) == (0, [])


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_quotation_that_is_not_in_the_archive_is_an_error_with_the_nearest_passage(command, tmp_path):
    assert build(tmp_path, command, **{"quotes.yaml": quote("This is no bluff.")}) == (1, [
        "content/quotes.yaml:2:9: error: text: the quotation is not in the archive of nbc; nearest passage: "
        f"\"This is not a bluff.\"; {VERBATIM}",
        "1 error; check writes nothing" if command == "check" else "1 error; the build stopped and dist/ was left as it was"])


def test_quotation_marks_apostrophes_dashes_and_spacing_may_differ_but_not_case_or_other_punctuation(tmp_path):
    same = ">-\n    You save the most valuable thing -- your life --\n    for yourself and for your loved ones"
    assert build(tmp_path, **{"quotes.yaml": quote(same)}) == (0, [])
    assert build(tmp_path, **{"quotes.yaml": quote("this is not a bluff.")})[1][0].startswith(
        "content/quotes.yaml:2:9: error: text: the quotation is not in the archive of nbc")
    assert build(tmp_path, **{"quotes.yaml": quote("This is not a bluff!")})[1][0].startswith(
        "content/quotes.yaml:2:9: error: text: the quotation is not in the archive of nbc")


def test_each_part_of_a_partial_quotation_is_checked_where_it_stands_in_a_folded_block(tmp_path):
    text = ">-\n    You save the most valuable thing … for yourself and\n    for your beloved ones"
    assert build(tmp_path, **{"quotes.yaml": quote(text)}) == (1, [
        "content/quotes.yaml:3:40: error: text: the part \"for yourself and for your beloved ones\" is not in the "
        f"archive of nbc; nearest passage: \"for yourself and for your loved ones\"; {VERBATIM}",
        "1 error; the build stopped and dist/ was left as it was"])


NUMBERS = "\nOnly non-nuclear weapons will be used, he said. Russia will call up 300,000 reservists, 2.5 times more.\n"
NOT_IN = "content/quotes.yaml:2:{col}: error: text: the quotation is not in the archive of nbc; {nearest}; " + VERBATIM


@pytest.mark.parametrize("wrong, right, col, nearest", [
    ("nuclear weapons will be used", "non-nuclear weapons will be used", 9,
     'nearest passage: "non-nuclear weapons will be used"'),
    ("call up 300", "call up 300,000 reservists", 9, 'nearest passage: "call up 300,000"'),
    ("'2'", "'2.5'", 10, "no passage comes close")], ids=["hyphen", "thousands", "decimals"])
def test_a_quotation_is_whole_words_never_the_piece_of_a_longer_word_or_number(wrong, right, col, nearest, tmp_path):
    archive = {"archive__nbc.txt": ARCHIVE + NUMBERS}
    assert build(tmp_path, **{"quotes.yaml": quote(right)}, **archive) == (0, [])
    assert build(tmp_path, **{"quotes.yaml": quote(wrong)}, **archive) == (1, [
        NOT_IN.format(col=col, nearest=nearest), "1 error; the build stopped and dist/ was left as it was"])


def test_the_parts_of_a_partial_quotation_stand_in_its_order_and_close_together(tmp_path):
    archive = {"archive__nbc.txt": ARCHIVE + NUMBERS}  # "Page furniture" is 900 characters before "call up"
    close = quote("Only non-nuclear weapons … call up 300,000")
    assert build(tmp_path, **{"quotes.yaml": close}, **archive) == (0, [])
    for spliced in ("a bluff … This is not", "Page furniture … call up 300,000"):
        assert build(tmp_path, **{"quotes.yaml": quote(spliced)}, **archive) == (1, [
            "content/quotes.yaml:2:9: error: text: the parts of the quotation do not stand in this order within 600 "
            "characters of each other in the archive of nbc; quote each passage separately, or in the order the "
            "source has them", "1 error; the build stopped and dist/ was left as it was"]), spliced


def test_a_quotation_without_words_or_with_one_word_between_ellipses_is_refused(tmp_path):
    assert build(tmp_path, **{"quotes.yaml": quote("'…'")}) == (1, [
        "content/quotes.yaml:2:10: error: text: the quotation has no words; quote the source's words, or remove the "
        "quotation", "1 error; the build stopped and dist/ was left as it was"])
    assert build(tmp_path, **{"quotes.yaml": quote("You save … valuable … your life")}) == (1, [
        "content/quotes.yaml:2:20: error: text: the part \"valuable\" is a single word between ellipses, which could "
        "stand anywhere; quote the words around it too, or end the quotation before it",
        "1 error; the build stopped and dist/ was left as it was"])


@pytest.mark.parametrize("archive, text", [
    (ARCHIVE + unicodedata.normalize("NFD", "Zoë Müller said: “Nous n’irons pas à Moscou.”\n"),
     "Nous n’irons pas à Moscou."),
    (ARCHIVE.replace("bluff", "blu\u00adff"), "This is not a bluff."),
    (ARCHIVE.replace("inglorious", "inglo\u200brious").replace("foreign", "for\u200deign\ufeff"),
     "This is better than an inglorious death in a foreign land."),
    (ARCHIVE, "This is not a bl\u00aduff.")], ids=["NFD", "soft hyphen", "zero-width", "soft hyphen in the quotation"])
def test_a_faithful_quotation_passes_whatever_the_unicode_form_or_invisible_characters(archive, text, tmp_path):
    assert build(tmp_path, **{"archive__nbc.txt": archive, "quotes.yaml": quote(text)}) == (0, [])


def test_a_bidi_control_in_a_quotation_or_an_archive_gets_a_note(tmp_path):
    hint = "delete it, unless right-to-left words need it to show in the right order"
    assert build(tmp_path, **{"quotes.yaml": quote("This is not\u202e a bluff.")}) == (0, [
        "content/quotes.yaml:2:20: note: text: the quotation holds an invisible bidi control character (U+202E), "
        f"which changes the order its words are shown in; {hint}"])
    assert build(tmp_path, **{"archive__nbc.txt": ARCHIVE.replace("Kyiv", "\u200fKyiv")}) == (0, [
        "content/archive/nbc.txt:9:1: note: the archive holds an invisible bidi control character (U+200F), which "
        f"changes the order text is shown in; {hint}"])


def test_archives_over_20_mb_in_all_are_an_error_at_the_one_that_passes_the_limit(tmp_path):
    sources = "".join(f"- id: s{i}\n  publisher: P\n  title: T\n  url: https://example.com/{i}\n  date: 2022-09-21\n"
                      f"  archive: archive/s{i}.txt\n" for i in range(5))
    code, lines = build(tmp_path, "check", **{"sources.yaml": ARCHIVED + sources,
                                              **{f"archive__s{i}.txt": "word " * 900_000 for i in range(5)}})
    assert (code, lines) == (1, [
        f"content/sources.yaml:{(ARCHIVED + sources).count(chr(10))}:12: error: archive: 'archive/s4.txt' takes the "
        "archives over 20 MB in all; keep only the sources' own text in them, and archive only the sources the "
        "content quotes", "1 error; check writes nothing"])


def test_a_session_keeps_only_the_current_version_of_an_archive_however_often_it_is_saved(tmp_path):
    """A preview that rebuilds after each save of an archive holds one archive made ready, not one a version."""
    content = write_tree(tmp_path / "content", {**MINI, "sources.yaml": ARCHIVED, "archive/nbc.txt": ARCHIVE})
    project, session = Project.at(REPO, content, tmp_path / "dist"), Session()
    for save in range(6):
        saved = ARCHIVE + f"Saved {save} times.\n"
        (content / "archive" / "nbc.txt").write_text(saved, encoding="utf-8")
        (content / "sources.yaml").write_text(ARCHIVED.replace(sha256(ARCHIVE), sha256(saved)), encoding="utf-8")
        assert write_site(project, session).ok
    gc.collect()
    kept = [o for o in gc.get_objects() if isinstance(o, Archive)]
    assert [archive.raw for archive in kept] == [ARCHIVE + "Saved 5 times.\n"]


def test_a_quotation_whose_sources_have_no_archive_gets_a_note_and_the_site_is_built(tmp_path):
    code, lines = build(tmp_path, **{"sources.yaml": ARCHIVED + OTHER_SOURCE,
                                     "quotes.yaml": quote("Words nobody archived.", "[bbc]")})
    assert (code, lines) == (0, ["content/quotes.yaml:2:9: note: text: not checked: no source it cites has an "
                                 "archive (bbc); add 'archive:' to one of them in sources.yaml"])
    assert (tmp_path / "dist" / "quotes.html").is_file()


def test_a_quotation_that_cites_an_unarchived_source_too_must_still_be_in_the_archive(tmp_path):
    code, lines = build(tmp_path, **{"sources.yaml": ARCHIVED + OTHER_SOURCE,
                                     "quotes.yaml": quote("Words nobody archived.", "[nbc, bbc]")})
    assert lines[0] == ("content/quotes.yaml:2:9: error: text: the quotation is not in the archive of nbc; "
                        f"no passage comes close; {VERBATIM}; if they come from bbc, archive it too")


def test_without_any_archive_one_note_says_nothing_was_checked(tmp_path):
    content = write_tree(tmp_path / "content", MINI)
    result = command("--content", str(content), "--output", str(tmp_path / "dist"))
    assert result.returncode == 0
    assert result.stderr.replace(f"{tmp_path}/", "").splitlines() == [
        "content/sources.yaml: note: no source has an archive, so no quotation or wording was checked against one; "
        "add 'archive:' with a text copy of a source (docs/content.md)"]


def test_copied_words_in_a_markdown_body_are_an_error_where_the_run_starts(tmp_path):
    body = "Putin spoke ([NBC](source:nbc)).\n\nHe said Russia would use all the means at its disposal to protect it.\n"
    assert build(tmp_path, **{"sections__announcement.md": SECTION + body}) == (1, [
        "content/sections/announcement.md:7:9: error: copies 11 words in a row from nbc: \"Russia would use all "
        f"the means at its disposal to protect\"; {COPIED}",
        "1 error; the build stopped and dist/ was left as it was"])


def test_copied_words_are_found_in_folded_and_literal_blocks_and_escaped_flow_scalars(tmp_path):
    timeline = MINI["timeline.yaml"].replace("summary: Putin spoke.", "summary: >-\n    Putin spoke on Wednesday. Then\n"
                                             "    Vladimir Putin announced the partial mobilization of military\n"
                                             "    reservists, it said.")
    regions = MINI["regions.yaml"].replace("  sources: [nbc]", "  open_questions:\n    - |\n      Would it stop?\n"
                                           "      Russia would use all the means at its disposal.\n  sources: [nbc]")
    figures = MINI["figures.yaml"].replace("label: reservists to be called up",
                                           r'label: "\u201Csham\u201D, a significant escalation of his war in Ukraine"')
    assert build(tmp_path, **{"timeline.yaml": timeline, "regions.yaml": regions, "figures.yaml": figures}) == (1, [
        "content/figures.yaml:4:29: error: label: copies 8 words in a row from nbc: \"a significant escalation of "
        f"his war in Ukraine\"; {COPIED}",
        "content/regions.yaml:13:7: error: open_questions: copies 9 words in a row from nbc: \"Russia would use all "
        f"the means at its disposal\"; {COPIED}",
        "content/timeline.yaml:7:5: error: summary: copies 9 words in a row from nbc: \"Vladimir Putin announced the "
        f"partial mobilization of military reservists\"; {COPIED}",
        "3 errors; the build stopped and dist/ was left as it was"])


def test_words_in_quotation_marks_are_not_copying_but_an_apostrophe_quotes_nothing(tmp_path):
    body = ("Putin said \"Russia would use all the means at its disposal\" ([NBC](source:nbc)).\n\n"
            "Later: “Russia would use all the means at its disposal” and ‘Russia would use all the means at its "
            "disposal’ ([NBC](source:nbc)).\n\n"
            "Putin's vow: Russia would use all the means at its disposal, he said ([NBC](source:nbc)).\n")
    assert build(tmp_path, **{"sections__announcement.md": SECTION + body}) == (1, [
        "content/sections/announcement.md:9:14: error: copies 9 words in a row from nbc: \"Russia would use all the "
        f"means at its disposal\"; {COPIED}",
        "1 error; the build stopped and dist/ was left as it was"])


def test_the_copied_words_limit_is_a_site_setting(tmp_path):
    body = "Putin made the partial mobilization of reservists official ([NBC](source:nbc)).\n"
    section = {"sections__announcement.md": SECTION + body}
    assert build(tmp_path, **section) == (0, [])
    site = MINI["site.yaml"] + "copied_words_limit: 4\n"
    assert build(tmp_path, **{**section, "site.yaml": site}) == (1, [
        "content/sections/announcement.md:5:12: error: copies 4 words in a row from nbc: \"the partial mobilization "
        f"of\"; {COPIED}",
        "1 error; the build stopped and dist/ was left as it was"])
    assert build(tmp_path, **{"site.yaml": MINI["site.yaml"] + "copied_words_limit: 3\n"}) == (1, [
        f"content/site.yaml:{len(MINI['site.yaml'].splitlines()) + 1}:21: error: copied_words_limit: 3 words is too "
        "few to tell copying from common phrases; "
        "use 4 or more; 8 is the default",
        "1 error; the build stopped and dist/ was left as it was"])


def test_words_quoted_in_our_prose_must_be_in_the_archive_of_the_source_cited_with_them(tmp_path):
    body = "Putin warned:\n\"This is no bluff\" ([NBC](source:nbc)). Allies called it a \"sham,\" too.\n"
    assert build(tmp_path, **{"sections__announcement.md": SECTION + body}) == (1, [
        "content/sections/announcement.md:6:2: error: the quoted words \"This is no bluff\" are not in the archive of "
        f"nbc; nearest passage: \"This is not a bluff\"; {MISQUOTED}",
        "1 error; the build stopped and dist/ was left as it was"])


def test_a_misquote_in_prose_that_also_cites_an_unarchived_source_is_a_note(tmp_path):
    body = "Allies called the votes a \"fraud\" ([NBC](source:nbc), [BBC](source:bbc)).\n"
    code, lines = build(tmp_path, **{"sources.yaml": ARCHIVED + OTHER_SOURCE, "sections__announcement.md": SECTION + body})
    assert (code, lines) == (0, [
        "content/sections/announcement.md:5:28: note: the quoted words \"fraud\" are not in the archive of nbc; bbc has "
        "no archive to check them against; no passage comes close; check them against that source"])


def test_quoted_words_in_a_field_are_checked_against_the_items_sources(tmp_path):
    timeline = MINI["timeline.yaml"].replace("summary: Putin spoke.", "summary: Kyiv called it a desperate 'fake'.")
    assert build(tmp_path, **{"timeline.yaml": timeline}) == (1, [
        "content/timeline.yaml:5:40: error: summary: the quoted words \"fake\" are not in the archive of nbc; no "
        f"passage comes close; {MISQUOTED}",
        "1 error; the build stopped and dist/ was left as it was"])


def symlink_out(content: Path) -> None:
    (content.parent / "outside.txt").write_text(ARCHIVE, encoding="utf-8")
    os.symlink(content.parent / "outside.txt", content / "archive" / "linked.txt")


ARCHIVE_CASES = {
    "missing": ("archive/gone.txt", None, "'archive/gone.txt' names no file in content/; save a text copy of the "
                "source as {content}/archive/gone.txt, or correct the path"),
    "outside": ("../outside.txt", None, "'../outside.txt' is outside content/; copy the file into content/ and write "
                "its path from there, e.g. 'archive/report.txt' for content/archive/report.txt"),
    "absolute": ("/etc/hostname.txt", None, "'/etc/hostname.txt' is outside content/; copy the file into content/ "
                 "and write its path from there, e.g. 'archive/report.txt' for content/archive/report.txt"),
    "linked outside": ("archive/linked.txt", symlink_out, "'archive/linked.txt' is outside content/; copy the file "
                       "into content/ and write its path from there, e.g. 'archive/report.txt' for "
                       "content/archive/report.txt"),
    "not text": ("archive/nbc.html", None, "'archive/nbc.html' is not a .txt file; save the source's text as UTF-8 "
                 "plain text in a .txt file"),
    "not utf-8": ("archive/latin.txt", lambda c: (c / "archive" / "latin.txt").write_bytes(b"caf\xe9\n"),
                  "'archive/latin.txt': byte 0xe9 is not UTF-8 (line 1); save the file as UTF-8"),
    "empty": ("archive/empty.txt", lambda c: (c / "archive" / "empty.txt").write_text(" \n"),
              "'archive/empty.txt' is empty; paste the source's text into it"),
    "too large": ("archive/big.txt", lambda c: (c / "archive" / "big.txt").write_text("word " * 1_000_001),
                  "'archive/big.txt' is larger than 5 MB; keep only the source's text in it"),
    "not a name": ("a" * 300 + ".txt", None, f"'{'a' * 300}.txt' is not a file name; write the path of a .txt file "
                   "under content/, e.g. archive/a.txt"),
}


@pytest.mark.parametrize("case", ARCHIVE_CASES, ids=list(ARCHIVE_CASES))
def test_an_archive_that_cannot_be_read_is_an_error_at_its_field(case, tmp_path):
    path, prepare, message = ARCHIVE_CASES[case]
    content = write_tree(tmp_path / "content", {**MINI, "archive/nbc.txt": ARCHIVE,
                                                "sources.yaml": ARCHIVED.replace("archive/nbc.txt", path)})
    if prepare:
        prepare(content)
    result = command("--content", str(content), "--output", str(tmp_path / "dist"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.replace(f"{tmp_path}/", "").splitlines() == [
        "content/sources.yaml:6:12: error: archive: " + message.format(content="content"),
        "1 error; the build stopped and dist/ was left as it was"]


def test_an_archive_is_never_published(tmp_path):
    assert build(tmp_path) == (0, [])
    site = snapshot(tmp_path / "dist")
    assert not any("archive" in name.split("/")[0] for name in site)
    assert not any(b"Page furniture" in data or b"archive/nbc.txt" in data for data in site.values())


def test_a_rebuild_reports_what_a_clean_build_reports_after_each_edit(tmp_path):
    """A preview checks only the files that changed; its findings are the same as a clean build's."""
    body = "Putin spoke ([NBC](source:nbc)).\n"
    content = write_tree(tmp_path / "content", {**MINI, "sources.yaml": ARCHIVED, "archive/nbc.txt": ARCHIVE,
                                                "sections/announcement.md": SECTION + body})
    warm, session = Project.at(REPO, content, tmp_path / "dist"), Session()
    edits = [("sections/announcement.md", "Putin spoke", "He said Russia would use all the means at its disposal"),
             ("quotes.yaml", "This is not a bluff.", "This is no bluff."),
             ("sections/announcement.md", "at its disposal", "it has"),
             ("archive/nbc.txt", "This is not a bluff.", "This is no bluff."),
             ("sources.yaml", sha256(ARCHIVE), sha256(ARCHIVE.replace("This is not a bluff.", "This is no bluff."))),
             ("site.yaml", "language: en", "language: en\ncopied_words_limit: 4"),
             ("quotes.yaml", "This is no bluff.", "This is not a bluff.")]
    assert write_site(warm, session).ok
    for file, old, new in edits:
        text = (content / file).read_text(encoding="utf-8")
        assert old in text, (file, old)
        (content / file).write_text(text.replace(old, new, 1), encoding="utf-8")
        rebuilt = [str(p) for p in write_site(warm, session).problems]
        assert rebuilt == [str(p) for p in check_site(Project.at(REPO, content)).problems], (file, new)
    assert [line.replace(f"{content}/", "content/") for line in rebuilt] == [
        "content/quotes.yaml:2:9: error: text: the quotation is not in the archive of nbc; nearest passage: "
        f"\"This is no bluff.\"; {VERBATIM}",
        "content/sections/announcement.md:5:9: error: copies 6 words in a row from nbc: \"Russia would use all the "
        f"means\"; {COPIED}"]


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(words=st.lists(st.sampled_from(["Russia's", "“sham”", "—", "all-out", "a:b", "#x", "'q'", '"dq"', "x\\y",
                                       "Луганська", "😀", "tab\there", "end.", "\xa0nb", "\n"]), min_size=1, max_size=30),
       style=st.sampled_from([None, "'", '"', "|", ">"]), width=st.sampled_from([20, 40, 80]))
def test_every_character_of_a_loaded_value_is_placed_at_its_line_and_column(words, style, width):
    """Whatever style YAML writes a value in (plain, quoted, escaped, folded, literal), each visible character
    is found where it stands in the file, or at the escape that makes it."""
    value = " ".join(words)
    text = "# a comment\n" + yaml.dump({"key": [value], "other": value}, default_style=style, width=width,
                                       allow_unicode=True)
    data, problems = parse_yaml(text, "content/x.yaml")
    assert not problems
    lines = text.split("\n")
    for loaded, at in ((data["other"], data.value_at["other"]), (data["key"][0], data["key"].item_at[0])):
        assert loaded == value
        offsets = [offset for offset, char in enumerate(loaded) if not char.isspace()]
        for offset, (line, col) in zip(offsets, places(text, scalar_indexes(text, at, loaded, offsets)), strict=True):
            there = lines[line - 1][col - 1:]
            assert there.startswith(loaded[offset]) or there.startswith("\\") and text[at] == '"', (offset, text)


def test_a_sentence_kept_with_one_word_swapped_is_a_near_copy_shown_beside_the_source(tmp_path):
    body = ("Vowing that Russia would use all the means at its command to protect what it considers its territory, "
            "Putin spoke ([NBC](source:nbc)).\n")
    assert build(tmp_path, **{"sections__announcement.md": SECTION + body}) == (1, [
        "content/sections/announcement.md:5:1: error: nearly copies 19 words from nbc, 1 changed: \"Vowing that Russia "
        "would use all the means at its [command] to protect what it considers its territory Putin\" where it has "
        "\"Vowing that Russia would use all the means at its [disposal] to protect what it considers its territory "
        "Putin\"; a word "
        f"or two changed is still the source's sentence; {COPIED}",
        "1 error; the build stopped and dist/ was left as it was"])


def test_a_hyphenated_or_british_spelling_does_not_hide_copied_words(tmp_path):
    archive = ARCHIVE + "\nThe counteroffensive in the northeast was the biggest defense success of the war so far.\n"
    body = "The counter-offensive in the north-east was the biggest defence success of the war ([NBC](source:nbc)).\n"
    assert build(tmp_path, **{"archive__nbc.txt": archive, "sections__announcement.md": SECTION + body}) == (1, [
        "content/sections/announcement.md:5:1: error: copies 13 words in a row from nbc: \"The counter-offensive in "
        f"the north-east was the biggest defence success of the war\"; {COPIED}",
        "1 error; the build stopped and dist/ was left as it was"])


def test_the_near_copy_length_is_a_site_setting_and_0_turns_it_off(tmp_path):
    body = "Moscow would use all the means at its command to protect what it considers its land ([NBC](source:nbc)).\n"
    section = {"sections__announcement.md": SECTION + body}  # 14 words follow the source, one swapped
    assert build(tmp_path, **section)[1][0].startswith("content/sections/announcement.md:5:8: error: nearly copies 14")
    for setting in ("near_copy_words: 15\n", "near_copy_words: 0\n"):
        assert build(tmp_path, **{**section, "site.yaml": MINI["site.yaml"] + setting}) == (0, []), setting
    assert build(tmp_path, **{"site.yaml": MINI["site.yaml"] + "near_copy_words: 5\n"}) == (1, [
        f"content/site.yaml:{len(MINI['site.yaml'].splitlines()) + 1}:18: error: near_copy_words: 5 words is too few "
        "to tell a near-copy from common phrases; use 6 or more, or 0 to turn the check off; 10 is the default",
        "1 error; the build stopped and dist/ was left as it was"])


def test_a_figure_must_be_a_number_its_archived_source_gives_unless_it_says_how_it_was_derived(tmp_path):
    changed = MINI["figures.yaml"].replace('"300,000"', '"310 000"').replace("300000", "310000")
    assert build(tmp_path, **{"figures.yaml": changed}) == (1, [
        "content/figures.yaml:2:11: error: value: 310 000 is not a number the archive of nbc gives; correct it, cite "
        "the archived source that gives it, or say how it was worked out in 'derived:'",
        "1 error; the build stopped and dist/ was left as it was"])
    derived = changed + "  derived: 300,000 called up at first, plus the 10,000 said to follow\n"
    assert build(tmp_path, **{"figures.yaml": derived}) == (0, [])
    home = (tmp_path / "dist" / "index.html").read_text(encoding="utf-8")
    assert "Worked out: 300,000 called up at first, plus the 10,000 said to follow" in home
    sources = (tmp_path / "dist" / "sources.html").read_text(encoding="utf-8")
    assert "worked out as 300,000 called up at first" in sources


def test_quoted_words_are_checked_against_the_citation_that_follows_them_not_the_whole_paragraph(tmp_path):
    sources = {"sources.yaml": ARCHIVED + OTHER_SOURCE}
    own = 'The minister spoke ([BBC](source:bbc)). Kyiv called it a "sham plan" ([NBC](source:nbc)).\n'
    assert build(tmp_path, **sources, **{"sections__announcement.md": SECTION + own}) == (1, [
        "content/sections/announcement.md:5:59: error: the quoted words \"sham plan\" are not in the archive of nbc; "
        f"nearest passage: \"the plan\"; {MISQUOTED}",
        "1 error; the build stopped and dist/ was left as it was"])
    other = 'Kyiv spoke ([NBC](source:nbc)). The minister called it a "farce" ([BBC](source:bbc)).\n'
    assert build(tmp_path, **sources, **{"sections__announcement.md": SECTION + other}) == (0, [])
