"""A timeline from a spreadsheet: content/timeline.csv in TimelineJS's template columns builds the same events as
timeline.yaml, its problems land at their row and column, and the timeline goes out in TimelineJS's JSON."""

from __future__ import annotations

import json
from pathlib import Path

from explainer.provenance import sha256
from helpers import MINI, build, errors_of, write_tree

# TimelineJS's template, then the explainer's own fields.
TIMELINEJS = ("Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,"
              "Media Credit,Media Caption,Media Thumbnail,Alt Text,Type,Group,Background")
HEADER = TIMELINEJS + ",ID,Sources,People,Regions,Qualifier,Featured"
EMPTY_ROW = "," * HEADER.count(",")


def row(year: str = "2022", month: str = "9", day: str = "21", time: str = "", headline: str = "The address",
        text: str = "Putin spoke.", group: str = "announcement", event_id: str = "address", sources: str = "nbc",
        people: str = "", regions: str = "", qualifier: str = "", featured: str = "", type_: str = "") -> str:
    """One row of HEADER: the template's columns A to S, then ID to Featured."""
    return ",".join([year, month, day, time, "", "", "", "", "", headline, text, "", "", "", "", "", type_, group,
                     "", event_id, sources, people, regions, qualifier, featured])


# MINI's timeline as a sheet saved by a spreadsheet program: a byte-order mark, Windows line ends, an empty row, and
# a quoted cell over several lines with a comma and a doubled quotation mark in it.
SHEET = "\ufeff" + "\r\n".join([
    HEADER,
    row(time="09:00+03:00", people="putin", regions="luhansk", featured="TRUE"),
    EMPTY_ROW,
    row(day="", headline="Counteroffensive", text='"Ukraine advanced, ""fast"".\r\n\r\nIn the north-east."',
        group="military", event_id="counteroffensive", qualifier="mid"),
]) + "\r\n"
YAML = MINI["timeline.yaml"].replace("  summary: Ukraine advanced.\n",
                                     "  summary: \"Ukraine advanced, \\\"fast\\\".\\n\\nIn the north-east.\"\n")


def sheet_build(tmp_path: Path, sheet: str, **files: str) -> tuple[int, str]:
    """Build MINI with the sheet as content/timeline.csv (and no timeline.yaml unless given): exit code, stderr."""
    content = write_tree(tmp_path / "content", {**{k: v for k, v in MINI.items() if k != "timeline.yaml"},
                                                "timeline.csv": sheet, **files})
    outcome = build(content, tmp_path / "dist")
    return outcome.returncode, outcome.stderr


def test_a_timelinejs_sheet_builds_the_same_timeline_as_the_yaml(tmp_path: Path):
    from_yaml = write_tree(tmp_path / "yaml" / "content", {**MINI, "timeline.yaml": YAML})
    assert build(from_yaml, tmp_path / "yaml" / "dist").returncode == 0
    code, stderr = sheet_build(tmp_path / "csv", SHEET)
    assert code == 0, stderr
    for page in ("timeline.html", "index.html", "data/timeline.json"):
        made = (tmp_path / "csv" / "dist" / page).read_text(encoding="utf-8")
        assert made == (tmp_path / "yaml" / "dist" / page).read_text(encoding="utf-8"), page
    assert "Ukraine advanced, “fast”." in made and "In the north-east." in made


def test_a_bare_timelinejs_sheet_gets_one_error_per_missing_column(tmp_path: Path):
    sheet = "\n".join([TIMELINEJS, *(row()[:-len(",,address,nbc,,,,")] for _ in range(3))]) + "\n"
    code, stderr = sheet_build(tmp_path, sheet)
    assert code == 1
    assert errors_of(stderr) == [
        "content/timeline.csv:1:T: error: the column 'ID' is missing; add it: Unique id, used as the event's "
        "permalink anchor",
        "content/timeline.csv:1:T: error: the column 'Sources' is missing; add it: Source ids; at least one"]


def test_a_day_that_is_not_in_its_month_is_an_error_at_its_spreadsheet_row_and_column(tmp_path: Path):
    rows = [HEADER, row(text='"Putin spoke\nfor twenty\nminutes."'), EMPTY_ROW, "",
            *(row(event_id=f"event-{n}") for n in range(5, 14)), row(day="31", event_id="late")]
    code, stderr = sheet_build(tmp_path, "\n".join(rows) + "\n")
    assert code == 1
    assert errors_of(stderr) == ["content/timeline.csv:14:C: error: Day: 31 is not a day of September; "
                                 "September 2022 has 30 days"], "a row is a record, and a blank line is a row"


def test_an_unknown_source_or_person_is_an_error_at_its_cell_naming_the_column(tmp_path: Path):
    code, stderr = sheet_build(tmp_path, "\n".join([HEADER, row(sources='"nbc, nbcc"', people="putn")]) + "\n")
    assert code == 1
    assert errors_of(stderr) == [
        "content/timeline.csv:2:U: error: Sources: 'nbcc' is not in sources; did you mean 'nbc'?",
        "content/timeline.csv:2:V: error: People: 'putn' is not in people; did you mean 'putin'?"]


def test_an_id_in_both_the_yaml_and_the_sheet_is_an_error_naming_both_places(tmp_path: Path):
    code, stderr = sheet_build(tmp_path, "\n".join([HEADER, row(event_id="counteroffensive")]) + "\n",
                               **{"timeline.yaml": MINI["timeline.yaml"]})
    assert code == 1
    assert errors_of(stderr) == ["content/timeline.yaml:11:7: error: duplicate timeline id 'counteroffensive'; "
                                 "it is already used at content/timeline.csv:2; give each a different id"]


def test_an_unknown_column_is_an_error_at_its_header_with_a_did_you_mean(tmp_path: Path):
    sheet = "\n".join([HEADER.replace("Sources", "Sorces"), row()]) + "\n"
    code, stderr = sheet_build(tmp_path, sheet)
    assert code == 1
    assert errors_of(stderr)[0] == "content/timeline.csv:1:U: error: unknown column 'Sorces'; did you mean 'Sources'?"


def test_an_empty_required_cell_and_a_bad_month_are_errors_at_their_cells_alone(tmp_path: Path):
    code, stderr = sheet_build(tmp_path, "\n".join([HEADER, row(headline=" "), row(month="13", event_id="b")]) + "\n")
    assert code == 1
    assert errors_of(stderr) == [
        "content/timeline.csv:2:J: error: Headline: the cell is empty; every event needs it: A short headline in "
        "your own words",
        "content/timeline.csv:3:B: error: Month: expected a month from 1 to 12, got '13'; write its number, e.g. 9 "
        "for September"]


def test_a_filled_timelinejs_column_the_explainer_does_not_use_is_a_note(tmp_path: Path):
    sheet = "\n".join([HEADER, row(), row(event_id="title-slide", type_="title")]).replace("2022,9,21,,,",
                                                                                          "2022,9,21,,2023,", 1)
    code, stderr = sheet_build(tmp_path, sheet + "\n")
    assert code == 0, stderr
    assert "content/timeline.csv:2:E: note: End Year: the column is not used, so its cells are left out; an event " \
           "has one date; say how long it lasted in the Text" in stderr
    assert "content/timeline.csv:3:Q: note: Type: the row is TimelineJS's title slide" in stderr


def test_copied_wording_in_a_cell_is_found_at_its_row_and_column(tmp_path: Path):
    archive = ("Putin said: This is not a bluff. Officials said the country would call up three hundred thousand "
               "reservists over the coming months. Shoigu gave the number as 300,000.")
    sources = MINI["sources.yaml"] + f"  archive: archive/nbc.txt\n  archived: 2026-12-01\n  archive_sha256: {sha256(archive)}\n"
    text = '"Putin spoke; the country would call up three hundred thousand reservists over the coming months."'
    code, stderr = sheet_build(tmp_path, "\n".join([HEADER, row(text=text)]) + "\n",
                               **{"sources.yaml": sources, "archive/nbc.txt": archive})
    assert code == 1
    [error] = errors_of(stderr)
    assert error.startswith("content/timeline.csv:2:K: error: Text: "), error


def test_the_timeline_goes_out_in_timelinejs_json(tmp_path: Path):
    code, stderr = sheet_build(tmp_path, SHEET)
    assert code == 0, stderr
    exported = json.loads((tmp_path / "dist" / "data" / "timelinejs.json").read_text(encoding="utf-8"))
    assert exported["title"] == {"text": {"headline": "Test headline", "text": "A short standfirst."}}
    assert exported["events"] == [
        {"start_date": {"year": 2022, "month": 9}, "text": {"headline": "Counteroffensive",
                                                            "text": "Ukraine advanced, “fast”. In the north-east."},
         "group": "Military", "unique_id": "counteroffensive"},
        {"start_date": {"year": 2022, "month": 9, "day": 21, "hour": 9, "minute": 0},
         "text": {"headline": "The address", "text": "Putin spoke."}, "group": "Announcement", "unique_id": "address"}]


def test_a_spreadsheet_of_anything_but_the_timeline_or_a_charts_rows_is_an_error(tmp_path: Path):
    code, stderr = sheet_build(tmp_path, SHEET, **{"people.csv": "ID,Name\nputin,Vladimir Putin\n"})
    assert code == 1
    assert errors_of(stderr) == ["content/people.csv: error: no chart draws this table; did you mean 'people.yaml'?"]
