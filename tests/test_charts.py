"""Charts from data and key figures with context: a chart's rows, inline in charts.yaml or from a CSV file under
content/, drawn as SVG beside a table of the same numbers and carried in the open data; each mistake in them an error
at its place; a figure's sourced comparison drawn beside it. Every build here is the real command on real files."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import html as lxml_html

from browser import VNU, require
from explainer.pipeline import write_site
from explainer.project import Project
from explainer.rebuild.session import Session
from helpers import MINI, REPO, build, command, error_lines, write_tree

INLINE = """\
- id: crossings
  kind: bar
  title: Crossings a day
  unit: crossings a day
  labels: Way across
  notes: Counted by the city ([NBC](source:nbc)).
  sources: [nbc]
  data:
    - {label: Bridge, value: 12000}
    - {label: Ferry, value: 4200.5}
    - {label: Tunnel, value: 0}
"""
FROM_CSV = """\
- id: riders
  kind: {kind}
  title: Riders by week
  unit: riders
  labels: Week
  sources: [nbc]
  csv: data/riders.csv
  label_column: Week
  value_column: Riders
"""
RIDERS = "Week,Riders,Note\nWeek 1,2100,\n\nWeek 2,2650,busy\nWeek 3,4300,\"wet, windy\"\nWeek 4,4820,\n"
SECTION = MINI["sections/announcement.md"]


def placed(*ids: str) -> str:
    """The mini content's section with the charts placed after its text."""
    return SECTION.replace("order: 1\n", f"order: 1\ncharts: [{', '.join(ids)}]\n")


def chart_site(mini: Path, tmp_path: Path, files: dict[str, str]) -> Path:
    write_tree(mini, files)
    outcome = build(mini, tmp_path / "dist")
    assert outcome.returncode == 0, outcome.stderr
    return tmp_path / "dist"


def figure_of(dist: Path, chart_id: str) -> lxml_html.HtmlElement:
    [figure] = lxml_html.fromstring((dist / "index.html").read_bytes()).xpath(f"//figure[@id='chart-{chart_id}']")
    return figure


def table_of(figure: lxml_html.HtmlElement) -> list[tuple[str, str]]:
    return [(row.findtext("th"), row.findtext("td")) for row in figure.xpath(".//details//tbody/tr")]


def test_a_chart_from_inline_rows_draws_a_bar_for_each_beside_a_table_of_the_same_numbers(mini, tmp_path):
    dist = chart_site(mini, tmp_path, {"charts.yaml": INLINE, "sections/announcement.md": placed("crossings")})
    figure = figure_of(dist, "crossings")
    assert figure.getparent().get("id") == "announcement", "the chart sits in the section that places it"
    [svg] = figure.xpath(".//svg")
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "chart-crossings-title"
    assert figure.xpath("string(.//*[@id='chart-crossings-title'])") == "Crossings a day"
    assert [rect.get("width") for rect in svg.xpath(".//rect[@class='chart-mark']")] == ["100%", "35%", "0%"]
    assert table_of(figure) == [("Bridge", "12,000"), ("Ferry", "4,200.5"), ("Tunnel", "0")]
    assert figure.xpath("string(.//details/summary)") == "The numbers"
    assert svg.findtext("desc") == "crossings a day. Bridge: 12,000; Ferry: 4,200.5; Tunnel: 0"
    assert figure.xpath(".//sup[@class='source-marks']//a/@href") == ["sources.html#source-nbc"]


@pytest.mark.parametrize("kind, marks", [("column", ".//rect[@class='chart-mark']"),
                                         ("line", ".//circle[@class='chart-point']")])
def test_a_chart_from_a_csv_file_draws_a_mark_for_each_row_of_its_columns(mini, tmp_path, kind, marks):
    dist = chart_site(mini, tmp_path, {"charts.yaml": FROM_CSV.replace("{kind}", kind), "data/riders.csv": RIDERS,
                                       "sections/announcement.md": placed("riders")})
    figure = figure_of(dist, "riders")
    assert len(figure.xpath(marks)) == 4, "a blank line is no row"
    assert table_of(figure) == [("Week 1", "2,100"), ("Week 2", "2,650"), ("Week 3", "4,300"), ("Week 4", "4,820")]
    if kind == "line":
        assert len(figure.xpath(".//*[local-name()='line'][@class='chart-line']")) == 3
    assert figure.xpath("string(.//p[@class='cite'])") == "Source: NBC News"


def test_the_open_data_carries_each_charts_numbers(mini, tmp_path, mini_site):
    dist = chart_site(mini, tmp_path, {"charts.yaml": INLINE + FROM_CSV.replace("{kind}", "line"),
                                       "data/riders.csv": RIDERS,
                                       "sections/announcement.md": placed("crossings", "riders")})
    records = json.loads((dist / "data" / "charts.json").read_text())["records"]
    assert [(r["chart"], r["label"], r["value"]) for r in records] == [
        ("crossings", "Bridge", 12000), ("crossings", "Ferry", 4200.5), ("crossings", "Tunnel", 0),
        ("riders", "Week 1", 2100), ("riders", "Week 2", 2650), ("riders", "Week 3", 4300), ("riders", "Week 4", 4820)]
    assert records[0]["unit"] == "crossings a day" and records[0]["sources"] == ["nbc"]
    assert records[0]["uri"] == "index.html#chart-crossings"
    rows = list(csv.DictReader(io.StringIO((dist / "data" / "charts.csv").read_text(), newline="")))
    assert [(row["chart"], row["value"]) for row in rows][:3] == [("crossings", "12000"), ("crossings", "4200.5"),
                                                                  ("crossings", "0")]
    assert not (mini_site / "data" / "charts.json").exists(), "a story without charts publishes no chart data"


# Each mistake: the files to write (over the mini content with both charts placed), then the error line expected.
CHART_FILES = {"charts.yaml": INLINE + FROM_CSV.replace("{kind}", "line"), "data/riders.csv": RIDERS,
               "sections/announcement.md": placed("crossings", "riders")}
ERRORS = {
    "a value that is no number": (
        {"charts.yaml": CHART_FILES["charts.yaml"].replace("value: 4200.5", "value: about 4200")},
        r"content/charts\.yaml:10:29: error: value: expected a number, got 'about 4200'; write digits only, a point for "
        r"decimals and no thousands separator or unit, e\.g\. 4200 or 12\.5$"),
    "an unknown kind": (
        {"charts.yaml": CHART_FILES["charts.yaml"].replace("kind: bar", "kind: pie")},
        r"content/charts\.yaml:2:9: error: kind: expected one of bar, column, line, got 'pie'; expected one of "
        r"'bar', 'column', 'line'$"),
    "a column the CSV file does not have": (
        {"charts.yaml": CHART_FILES["charts.yaml"].replace("value_column: Riders", "value_column: Rider")},
        r"content/charts\.yaml:20:17: error: value_column: content/data/riders\.csv has no column 'Rider'; "
        r"did you mean 'Riders'\?$"),
    "a CSV row with a cell too many": (
        {"data/riders.csv": RIDERS.replace("Week 2,2650,busy", "Week 2,2650,busy,late")},
        r"content/data/riders\.csv:4:D: error: the row has 4 cells and the header 3; give every row one cell per "
        r"column of the header row; wrap a cell that holds a comma in double quotes$"),
    "a CSV cell that is no number": (
        {"data/riders.csv": RIDERS.replace("Week 3,4300", "Week 3,n/a")},
        r"content/data/riders\.csv:5:B: error: Riders: expected a number, got 'n/a'; write digits only"),
    "a CSV file that is not there": (
        {"charts.yaml": CHART_FILES["charts.yaml"].replace("csv: data/riders.csv", "csv: data/rider.csv")},
        r"content/charts\.yaml:18:8: error: csv: there is no content/data/rider\.csv; did you mean "
        r"'data/riders\.csv'\?$"),
    "a negative bar": (
        {"charts.yaml": CHART_FILES["charts.yaml"].replace("value: 0}", "value: -3}")},
        r"content/charts\.yaml:11:30: error: data: a bar chart starts at zero and draws no negative value \(-3\); "
        r"make it a line chart"),
    "a chart no section shows": (
        {"sections/announcement.md": placed("riders")},
        r"content/charts\.yaml:1:7: error: chart 'crossings' is shown in no section; add 'charts: \[crossings\]' "
        r"to the front matter of the section it belongs to, or remove it$"),
    "a section placing a chart that does not exist": (
        {"sections/announcement.md": placed("crossings", "rider")},
        r"content/sections/announcement\.md:4:\d+: error: charts: 'rider' is not in charts; did you mean 'riders'\?$"),
    "a comparison without the figure's number": (
        {"figures.yaml": MINI["figures.yaml"].replace("  number: 300000\n", "") +
         "  compare: {number: 2000000, label: of about 2 million, sources: [nbc]}\n"},
        r"content/figures\.yaml:5:12: error: compare: a comparison needs the figure's own number; add 'number:'"),
    "a comparison without sources": (
        {"figures.yaml": MINI["figures.yaml"] + "  compare: {number: 2000000, label: of about 2 million}\n"},
        r"content/figures\.yaml:6:12: error: missing required field 'sources'"),
}


@pytest.mark.parametrize("case", ERRORS, ids=list(ERRORS))
def test_each_mistake_in_a_chart_is_one_error_at_its_place(mini, tmp_path, case):
    files, expected = ERRORS[case]
    write_tree(mini, {**CHART_FILES, **files})
    outcome = build(mini, tmp_path / "dist")
    assert outcome.returncode == 1
    lines = [match.group(0) for match in error_lines(outcome.stderr)]
    assert len(lines) == 1 and re.match(expected, lines[0]), outcome.stderr
    assert not (tmp_path / "dist").exists()


COMPARED = MINI["figures.yaml"] + """\
  compare:
    number: 1200000
    label: of about 1.2 million reservists, a made-up number for the test
    sources: [other]
"""
OTHER_SOURCE = """\
- id: other
  publisher: Other Paper
  title: Another report
  url: https://example.com/other
  date: 2022-09-22
"""


def test_a_figure_with_a_comparison_shows_two_bars_its_words_and_the_comparisons_source(mini, tmp_path, mini_site):
    dist = chart_site(mini, tmp_path, {"figures.yaml": COMPARED, "sources.yaml": MINI["sources.yaml"] + OTHER_SOURCE})
    [figure] = lxml_html.fromstring((dist / "index.html").read_bytes()).xpath("//li[@id='figure-reservists']")
    [bars] = figure.xpath(".//svg[@class='compare-bars']")
    assert bars.get("aria-hidden") == "true", "the words say the numbers"
    assert [rect.get("width") for rect in bars.xpath(".//rect[@class!='chart-track']")] == ["25%", "100%"]
    assert figure.xpath("string(.//div[@class='figure-compare']/p)") == \
        "of about 1.2 million reservists, a made-up number for the test"
    assert figure.xpath(".//p[@class='cite']/a/text()") == ["NBC News", "Other Paper"]
    [row] = csv.DictReader(io.StringIO((dist / "data" / "figures.csv").read_text(), newline=""))
    assert (row["compare_number"], row["compare_sources"]) == ("1200000", "other")
    assert b"compare" not in (mini_site / "data" / "figures.csv").read_bytes(), "no comparison, no such columns"
    sources = lxml_html.fromstring((dist / "sources.html").read_bytes())
    assert "Key figure: reservists to be called up" in sources.xpath("string(//*[@id='source-other'])")


@pytest.mark.browser
def test_the_example_with_charts_is_valid_html(tmp_path):
    require(VNU, shutil.which("java") or "java")
    result = command("build", "--project", str(REPO / "examples" / "bridge-closure"), "--output", str(tmp_path / "dist"))
    assert result.returncode == 0, result.stderr
    home = tmp_path / "dist" / "index.html"
    assert lxml_html.fromstring(home.read_bytes()).xpath("count(//figure[@class='chart'])") == 2
    checked = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", str(home)],
                             capture_output=True, text=True, timeout=300)
    messages = json.loads(checked.stderr or checked.stdout or '{"messages": []}')["messages"]
    assert [f"{m.get('lastLine')}: {m['message']}" for m in messages] == []


def test_a_rebuild_that_keeps_its_session_draws_the_csv_files_new_numbers(mini, tmp_path):
    write_tree(mini, {"charts.yaml": FROM_CSV.replace("{kind}", "column"), "data/riders.csv": RIDERS,
                      "sections/announcement.md": placed("riders")})
    project, session = Project.at(tmp_path), Session()
    assert write_site(project, session).ok
    (mini / "data" / "riders.csv").write_text(RIDERS.replace("Week 4,4820", "Week 4,9999"), encoding="utf-8")
    assert write_site(project, session).ok, "only the CSV file changed: charts.yaml is the same"
    figure = figure_of(tmp_path / "dist", "riders")
    assert table_of(figure)[-1] == ("Week 4", "9,999")
    records = json.loads((tmp_path / "dist" / "data" / "charts.json").read_text())["records"]
    assert records[-1]["value"] == 9999


def test_a_chart_in_a_story_checked_against_its_archives_builds(project):
    """Column names are the CSV file's words, not a quotation: nothing checks them against an archive."""
    write_tree(project / "content", {
        "data/weeks.csv": "Week,Count\nFirst,1\nSecond,2\n",
        "charts.yaml": "- id: weeks\n  kind: column\n  title: Weeks\n  unit: things\n  labels: Week\n"
                       "  sources: [nbc-2022-09-21]\n  csv: data/weeks.csv\n  label_column: Week\n  value_column: Count\n"})
    section = project / "content" / "sections" / "announcement.md"
    section.write_text(section.read_text(encoding="utf-8").replace("order: 1\n", "order: 1\ncharts: [weeks]\n", 1),
                       encoding="utf-8")
    outcome = command("build", cwd=project)
    assert outcome.returncode == 0, outcome.stderr
    assert table_of(figure_of(project / "dist", "weeks")) == [("First", "1"), ("Second", "2")]
