"""Sections, pages and quotes written in ArchieML (content/sections/NAME.aml, pages/NAME.aml, quotes.aml) build the
same site as their Markdown and YAML, their problems land at line and column, and no line is left out silently."""

from __future__ import annotations

from pathlib import Path

from explainer.provenance import sha256
from helpers import MINI, build, errors_of, write_tree

SECTION = """\
title: What was announced
order: 1
body:
Putin announced a partial mobilization ([NBC](source:nbc)).

[NBC](source:nbc) reported it.

\\\\* Escaped lines keep their text:
\\:end
:end
"""
SECTION_MD = MINI["sections/announcement.md"].replace(
    "([NBC](source:nbc)).\n", "([NBC](source:nbc)).\n\n[NBC](source:nbc) reported it.\n\n\\* Escaped lines keep their text:\n:end\n")
PAGE = """\
title: How this was made
description: Where the facts come from.
body: Every fact cites a source on the [sources page](sources.html).
:end
"""
PAGE_MD = """\
---
title: How this was made
description: Where the facts come from.
---
Every fact cites a source on the [sources page](sources.html).
"""
QUOTES = """\
These notes above the list are for the desk.
[quotes]
id: bluff
text: This is not a bluff.
speaker: putin
occasion: National address
date: 2022-09-21
language: ru
translated: true
featured: true
sources: nbc
[]
"""


def aml_build(tmp_path: Path, **files: str) -> tuple[int, str]:
    """Build MINI with its section as sections/announcement.aml (and files given by name, '__' for '/'): exit code
    and stderr."""
    named = {name.replace("__", "/").replace("_aml", ".aml").replace("_md", ".md").replace("_yaml", ".yaml").replace("_txt", ".txt"): text
             for name, text in files.items()}
    content = write_tree(tmp_path / "content", {**{k: v for k, v in MINI.items() if k != "sections/announcement.md"},
                                                "sections/announcement.aml": SECTION, **named})
    outcome = build(content, tmp_path / "dist")
    return outcome.returncode, outcome.stderr


def test_an_aml_section_page_and_quotes_build_the_same_pages_as_markdown_and_yaml(tmp_path: Path):
    markdown = write_tree(tmp_path / "md" / "content", {**MINI, "sections/announcement.md": SECTION_MD,
                                                         "pages/about.md": PAGE_MD})
    assert build(markdown, tmp_path / "md" / "dist").returncode == 0
    content = write_tree(tmp_path / "aml" / "content", {
        **{k: v for k, v in MINI.items() if k not in ("sections/announcement.md", "quotes.yaml")},
        "sections/announcement.aml": SECTION, "pages/about.aml": PAGE, "quotes.aml": QUOTES})
    outcome = build(content, tmp_path / "aml" / "dist")
    assert outcome.returncode == 0, outcome.stderr
    for page in ("index.html", "pages/about.html", "quotes.html", "data/quotes.json"):
        made = (tmp_path / "aml" / "dist" / page).read_text(encoding="utf-8")
        assert made == (tmp_path / "md" / "dist" / page).read_text(encoding="utf-8"), page
    index = (tmp_path / "aml" / "dist" / "index.html").read_text(encoding="utf-8")
    assert "* Escaped lines keep their text:\n:end" in index
    assert outcome.stderr.splitlines()[0] == (
        "content/quotes.aml:1:1: note: the text on line 1 is outside any value, so it is left out; to keep it, "
        "write it as a value ('key: text'); or put notes to yourself between ':skip' and ':endskip' lines, or "
        "below an ':ignore' line"), "a line ArchieML leaves out is a note, and the build goes on"


def test_an_unknown_key_is_an_error_at_its_line_and_column_with_a_suggestion(tmp_path: Path):
    code, stderr = aml_build(tmp_path, sections__announcement_aml=SECTION.replace("order: 1", "  ordre: 1"))
    assert code == 1
    assert errors_of(stderr) == ["content/sections/announcement.aml:2:3: error: unknown field 'ordre'; "
                                 "did you mean 'order'?"]


def test_an_unknown_key_in_a_quote_and_an_unknown_id_in_a_list_are_at_their_line_and_column(tmp_path: Path):
    quotes = QUOTES.replace("speaker: putin", "speeker: putin").replace("sources: nbc", "sources: nbc, nbcc")
    code, stderr = aml_build(tmp_path, quotes_aml=quotes, quotes_yaml="[]\n")
    assert code == 1
    assert errors_of(stderr) == [
        "content/quotes.aml:5:1: error: unknown field 'speeker'; did you mean 'speaker'?",
        "content/quotes.aml:11:15: error: sources: 'nbcc' is not in sources; did you mean 'nbc'?"]


def test_text_after_a_value_without_end_is_an_error_at_its_line(tmp_path: Path):
    code, stderr = aml_build(tmp_path, sections__announcement_aml=SECTION.replace("\\:end\n:end\n", ""))
    assert code == 1
    assert errors_of(stderr) == [
        "content/sections/announcement.aml:4:1: error: the text on lines 4 to 8 follows 'body:' (line 3) with no "
        "':end' after it, so it would be left out; end the value with a line ':end' (a line of it that starts "
        "with 'word:', '[' or '{' needs a backslash before it); or put notes to yourself "
        "between ':skip' and ':endskip' lines, or below an ':ignore' line"]


def test_a_section_written_both_as_markdown_and_as_archieml_is_an_error_naming_both(tmp_path: Path):
    code, stderr = aml_build(tmp_path, sections__announcement_md=MINI["sections/announcement.md"])
    assert code == 1
    assert errors_of(stderr) == [
        "content/sections/announcement.aml: error: the section 'announcement' is written twice, in "
        "sections/announcement.md and sections/announcement.aml; keep one of the two files"]


def test_skipped_and_ignored_lines_are_left_out_without_a_word(tmp_path: Path):
    section = ":skip\nA note to the desk: check the figure.\n:endskip\n" + SECTION + ":ignore\nScratch text.\n"
    code, stderr = aml_build(tmp_path, sections__announcement_aml=section)
    assert code == 0 and "announcement.aml" not in stderr, stderr


def test_quotations_and_copied_wording_in_aml_are_checked_at_their_line_and_column(tmp_path: Path):
    archive = ("Putin said: This is not a bluff. Officials said the country would call up three hundred thousand "
               "reservists over the coming months. Shoigu gave the number as 300,000.")
    sources = MINI["sources.yaml"] + f"  archive: archive/nbc.txt\n  archived: 2026-12-01\n  archive_sha256: {sha256(archive)}\n"
    section = SECTION.replace("Putin announced", "Putin said the country would call up three hundred thousand "
                              "reservists over the coming months and announced")
    quotes = QUOTES.replace("text: This is not a bluff.", "text: This is not a bluf.")
    code, stderr = aml_build(tmp_path, sections__announcement_aml=section, quotes_aml=quotes, quotes_yaml="[]\n",
                             sources_yaml=sources, archive__nbc_txt=archive)
    assert code == 1
    found = errors_of(stderr)
    assert [error.split(": error: ")[0] for error in found] == ["content/quotes.aml:4:7",
                                                                "content/sections/announcement.aml:4:7"], found
    assert found[0].startswith("content/quotes.aml:4:7: error: text: the quotation is not in"), found
    assert found[1].startswith("content/sections/announcement.aml:4:7: error: body: copies 14 words in a row from nbc"), found


def test_a_timeline_in_archieml_builds_the_same_timeline_as_the_yaml(tmp_path: Path):
    timeline = """\
[timeline]
id: address
date: 2022-09-21
time: 09:00+03:00
title: The address
summary: Putin spoke.
category: announcement
regions: luhansk
people: putin
featured: true
sources: nbc
id: counteroffensive
date: 2022-09
qualifier: mid
title: Counteroffensive
summary: Ukraine advanced.
category: military
sources: nbc
[]
"""
    from_yaml = write_tree(tmp_path / "yaml" / "content", MINI)
    assert build(from_yaml, tmp_path / "yaml" / "dist").returncode == 0
    content = write_tree(tmp_path / "aml" / "content",
                         {**{k: v for k, v in MINI.items() if k != "timeline.yaml"}, "timeline.aml": timeline})
    outcome = build(content, tmp_path / "aml" / "dist")
    assert outcome.returncode == 0, outcome.stderr
    for page in ("timeline.html", "index.html", "data/timeline.json"):
        made = (tmp_path / "aml" / "dist" / page).read_text(encoding="utf-8")
        assert made == (tmp_path / "yaml" / "dist" / page).read_text(encoding="utf-8"), page
