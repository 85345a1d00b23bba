"""One test per class of content error: the real command prints file:line:col, what is wrong and the fix, exit 1."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from helpers import MINI, REPO, Outcome, command, snapshot, write_tree

LINE = re.compile(r"^(?P<file>content/[\w/.-]+):(?P<line>[1-9]\d*):(?P<col>[1-9]\d*): error: (?P<message>.+)$")  # 1-based


def replace(text: str, old: str, new: str) -> str:
    assert old in text, f"fixture drifted: {old!r} not in content"
    return text.replace(old, new, 1)


CASES = {
    "yaml syntax": ("timeline.yaml", "title: The address", "title: [The address", r"timeline\.yaml:\d+:\d+: error: .*"),
    "tab indentation": ("people.yaml", "  name: Vladimir Putin", "\tname: Vladimir Putin", r"people\.yaml:2:\d+: error: .*tab"),
    "duplicate key": ("people.yaml", "  side: russia", "  side: russia\n  name: V. Putin", r"people\.yaml:6:3: error: .*duplicate.*'name'"),
    "unknown key with did-you-mean": ("timeline.yaml", "  category: military", "  categroy: military",
                                      r"timeline\.yaml:\d+:3: error: unknown field 'categroy'.*category"),
    "missing required field": ("sources.yaml", "  title: A report\n", "", r"sources\.yaml:1:3: error: missing required field 'title'"),
    "wrong type": ("figures.yaml", "  number: 300000", "  number: lots", r"figures\.yaml:3:\d+: error: number: .*whole number.*'lots'"),
    "impossible date": ("timeline.yaml", "date: 2022-09-21", "date: 2022-13-01",
                        r"timeline\.yaml:2:9: error: date: .*YYYY-MM-DD.*'2022-13-01'"),
    "a date without leading zeros": ("timeline.yaml", "date: 2022-09-21", "date: 2022-9-21",
                                    r"timeline\.yaml:2:9: error: date: .*'2022-9-21'; write it as '2022-09-21'$"),
    "time without zone": ("timeline.yaml", "time: 09:00+03:00", "time: 09:00", r"timeline\.yaml:3:9: error: time: .*"),
    "unknown reference with closest id": ("quotes.yaml", "speaker: putin", "speaker: puttin",
                                          r"quotes\.yaml:3:12: error: .*'puttin'.*putin"),
    "unknown source in markdown": ("sections/announcement.md", "(source:nbc)", "(source:nbcc)",
                                   r"sections/announcement\.md:5:\d+: error: .*'source:nbcc'.*'nbc'"),
    "an unquoted 'no' is text, so a boolean field says so": ("quotes.yaml", "translated: true", "translated: no",
                                                            r"quotes\.yaml:7:\d+: error: translated: .*true or false.*'no'"),
    "a number where text belongs": ("people.yaml", "role: President of Russia", "role: 1984",
                                    r"people\.yaml:3:\d+: error: role: .*quotes"),
    "yaml aliases": ("sources.yaml", "- id: nbc\n  publisher: NBC News", "- id: &a nbc\n  publisher: *a",
                    r"sources\.yaml:1:7: error: anchors and aliases .*are not allowed; write the value out in full"),
    "unknown category names the closest in site.yaml": (
        "timeline.yaml", "category: military", "category: militray",
        r"timeline\.yaml:16:13: error: category: 'militray' is not one of the categories in site\.yaml; "
        r"did you mean 'military'\?$"),
    "unknown side lists site.yaml's sides": (
        "people.yaml", "side: russia", "side: kremlin",
        r"people\.yaml:5:9: error: side: 'kremlin' is not one of the sides in site\.yaml; expected one of "
        r"'russia'; or add 'kremlin' to 'sides:' in site\.yaml$"),
    "a term listed twice in site.yaml": (
        "site.yaml", "  - {id: military, label: Military}", "  - {id: military, label: Military}\n  - {id: military, label: War}",
        r"site\.yaml:\d+:\d+: error: categories: the id 'military' is listed twice; keep one of them"),
    "python tags": ("sources.yaml", "title: A report", "title: !!python/object:os.system x",
                    r"sources\.yaml:3:\d+: error: .*tag"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_a_content_error_is_one_clear_line_and_the_last_good_site_stays(case, mini_site, tmp_path):
    """Run from the project folder, as an editor does, so every line starts 'content/…' as it is printed."""
    file, old, new, expected = CASES[case]
    root = tmp_path / "project"
    content = write_tree(root / "content", MINI)
    before = snapshot(shutil.copytree(mini_site, root / "dist"))  # the last good site, as `python build.py` made it

    (content / file).write_text(replace(MINI[file], old, new), encoding="utf-8")
    result = in_project(root)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    *printed, count = result.stderr.splitlines()
    errors = [line for line in printed if ": note: " not in line]  # a note (nothing archived) only tells
    assert errors and all(LINE.match(line) for line in errors), result.stderr
    assert count == f"{len(errors)} error{'s' if len(errors) > 1 else ''}; the build stopped and dist/ was left as it was"
    assert any(re.search(expected, line, re.IGNORECASE) for line in errors), result.stderr
    assert all("; " in line for line in errors), "every error says how to fix it"
    assert snapshot(root / "dist") == before


def in_project(root: Path) -> Outcome:
    """`python build.py` in a project folder that holds content/ (the layouts and assets are the repository's)."""
    return command("--content", "content", "--output", "dist", cwd=root, checkout=REPO)


def test_every_problem_is_reported_in_one_run(mini, tmp_path):
    (mini / "timeline.yaml").write_text(replace(replace(MINI["timeline.yaml"], "date: 2022-09-21", "date: 2022-02-30"),
                                                "category: military", "category: militray"), encoding="utf-8")
    (mini / "figures.yaml").write_text(replace(MINI["figures.yaml"], "sources: [nbc]", "sources: [abc]"), encoding="utf-8")
    result = command("--content", str(mini), "--output", str(tmp_path / "dist"))
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert result.returncode == 1 and len(errors) == 3, result.stderr
    assert "3 errors" in result.stderr.splitlines()[-1]
    assert not (tmp_path / "dist").exists()


def test_yaml_never_retypes_dates_times_or_words(mini, tmp_path):
    """Unquoted dates, 12:30 and 'no' reach the site as the text the editor wrote."""
    (mini / "timeline.yaml").write_text(replace(MINI["timeline.yaml"], "title: The address", "title: no"), encoding="utf-8")
    (mini / "people.yaml").write_text(replace(MINI["people.yaml"], "role: President of Russia", "role: 12:30"),
                                      encoding="utf-8")
    result = command("--content", str(mini), "--output", str(tmp_path / "dist"))
    assert result.returncode == 0, result.stderr
    quotes = (tmp_path / "dist" / "quotes.html").read_text()
    timeline = (tmp_path / "dist" / "timeline.html").read_text()
    assert ">no</a>" in timeline and "12:30" in quotes and "21 September 2022" in timeline


def built_with_line_4_of_sources(project: Path, line: str) -> Outcome:
    """The mini content built with `line` made the fourth line of the project's sources.html layout."""
    shutil.rmtree(project / "content")
    write_tree(project / "content", MINI)
    layout = project / "layouts" / "sources.html"
    lines = layout.read_text().splitlines()
    lines.insert(3, line)
    layout.write_text("\n".join(lines) + "\n")
    return command(cwd=project)


def test_a_broken_layout_names_the_layout_file_and_line(project):
    result = built_with_line_4_of_sources(project, "{{ site.no_such_field }}")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(r"^layouts/sources\.html:4:\d+: error: .*no_such_field", result.stderr, re.MULTILINE), result.stderr


def test_a_layout_linking_to_a_file_the_site_lacks_fails_at_its_line(project):
    result = built_with_line_4_of_sources(project, "<a href=\"{{ url('nope.html') }}\">gone</a>")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "layouts/sources.html:4:1: error: while rendering sources.html: url('nope.html'): the site has no file " \
           "nope.html; fix the layout (see docs/layouts.md)" in result.stderr.splitlines(), result.stderr
    assert not (project / "dist").exists()


@pytest.mark.parametrize("call, message", [
    ("url_of('timelin', 2022)", "url_of('timelin', 2022): no page or file is named 'timelin' (did you mean 'timeline'?)"),
    ("url_of('page')", "url_of('page'): 'page' takes article_id"),
    ("address('timeline', 2022, 9, 1)", "address('timeline', 2022, 9, 1): 'timeline' takes year (optional), "
                                        "month (optional)"),
])
def test_a_layout_asking_for_an_address_the_site_does_not_name_fails_at_its_line(project, call, message):
    result = built_with_line_4_of_sources(project, "{{ " + call + " }}")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"layouts/sources.html:4:1: error: while rendering sources.html: {message}; fix the layout " \
           "(see docs/layouts.md)" in result.stderr.splitlines(), result.stderr


# An item with one bad field: every line the build prints, and nothing more (no cascade into its references).
CASCADES = {
    "a javascript: URL in a source": (
        {"sources.yaml": ("url: https://example.com/report", "url: javascript:alert(1)")},
        ["content/sources.yaml:4:8: error: url: 'javascript:alert(1)' is not a web address; "
         "write the full address, starting with https://"]),
    "an unknown field inside a region's vote": (
        {"regions.yaml": ("planned: over four days starting Friday", "planned: over four days\n    when: soon")},
        ["content/regions.yaml:10:5: error: vote: unknown field 'when'; expected one of 'announced', "
         "'announced_by', 'planned'"]),
    "a misspelt sources field": (
        {"figures.yaml": ("sources: [nbc]", "sourcs: [nbc]")},
        ["content/figures.yaml:5:3: error: unknown field 'sourcs'; did you mean 'sources'?"]),
    "a quote with a shape error keeps its other errors": (
        {"quotes.yaml": ("  speaker: putin\n  occasion", "  speaker: puttin\n  occasion")},
        ["content/quotes.yaml:2:9: error: text: the quote is wrapped in quotation marks; remove them; the page adds its own",
         "content/quotes.yaml:3:12: error: speaker: 'puttin' is not in people; did you mean 'putin'?",
         "content/quotes.yaml:9:12: error: sources: expected a list, got 'nbc'; write each item on its own '- ' line"]),
}


@pytest.mark.parametrize("case", CASCADES, ids=list(CASCADES))
def test_an_item_with_a_bad_field_still_exists_and_its_problems_come_once(case, mini, tmp_path):
    edits, expected = CASCADES[case]
    for name, (old, new) in edits.items():
        (mini / name).write_text(replace(MINI[name], old, new), encoding="utf-8")
    if case.startswith("a quote"):  # and two more problems in the same quote
        quotes = (mini / "quotes.yaml").read_text(encoding="utf-8")
        quotes = replace(replace(quotes, "text: This is not a bluff.", "text: '“This is not a bluff.”'"),
                         "sources: [nbc]", "sources: nbc")
        (mini / "quotes.yaml").write_text(quotes, encoding="utf-8")
    result = command("--content", str(mini), "--output", str(tmp_path / "dist"))
    errors = [line.replace(str(mini), "content") for line in result.stderr.splitlines()[:-1]]
    assert result.returncode == 1 and errors == expected, result.stderr
