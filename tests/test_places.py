"""Places: a kind, local names in any language, and the facts the project declares in site.yaml's place_fields (the
default story's votes are such facts, not the model's); the menu's word, the open data's columns and the editor's
schema follow the project."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from helpers import MINI, REPO, build_mini, explainer_of, page
from explainer.cli import main
from explainer.load import load
from explainer.project import Project
from explainer.resolve import resolve
from explainer.validate import validate
from test_projects import STORY_WORDS

# A story about a bridge: each district may have an inspection, given whole or not at all but for its report.
INSPECTION = """\
place_fields:
  - id: inspection
    fields:
      - {id: found, label: Inspected, type: date}
      - {id: by, label: Inspected by, type: people}
      - {id: outcome, label: What it found, type: text}
      - {id: report, label: The report, type: sources, optional: true}
"""
DISTRICT = """\
- id: luhansk
  name: Luhansk
  kind: province
  local_names:
    uk: Луганська область
    ru: Луганская область
  area: eastern Ukraine
  status: Held by Russian-backed forces ([NBC](source:nbc)).
  inspection:
    found: 2022-09-20
    by: [putin]
    outcome: Cracks in two cables.
    report: [nbc]
  sources: [nbc]
"""


def without_votes(site: str) -> str:
    """MINI's site.yaml with its place_fields (the votes) taken out."""
    return re.sub(r"place_fields:\n(?:  .*\n)+", "", site)


def problems_of(**files: str) -> list[str]:
    """Every problem validate and resolve find in MINI with these files, as the build prints them."""
    _, problems = explainer_of({**MINI, **{name.replace("__", "."): text for name, text in files.items()}})
    return [str(problem) for problem in problems]


def line_of(text: str, needle: str) -> int:
    """The 1-based number of the first line that holds the needle."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_group_site_yaml_does_not_declare_is_an_error_at_its_key_saying_where_to_declare_it():
    assert problems_of(site__yaml=without_votes(MINI["site.yaml"])) == [
        f"content/regions.yaml:{line_of(MINI['regions.yaml'], 'vote:')}:3: error: unknown field 'vote'; declare it "
        "under 'place_fields:' in site.yaml (see docs/content.md#places), or remove it"]


def test_a_group_given_in_part_is_an_error_at_the_group_naming_what_is_missing():
    regions = MINI["regions.yaml"].replace("    announced_by: separatist officials\n", "")
    assert problems_of(regions__yaml=regions) == [
        f"content/regions.yaml:{line_of(regions, 'vote:')}:3: error: vote: 'announced_by' missing, and the group's "
        "fields go together; add 'announced_by:' (Announced by), or remove 'vote:' if the place has no vote"]


@pytest.mark.parametrize("nobody", ["nobody (there is no vote)", "TBD", "n/a", "—"])
def test_a_placeholder_for_a_fact_is_an_error_at_its_value(nobody):
    regions = MINI["regions.yaml"].replace("announced_by: separatist officials", f"announced_by: {nobody}")
    assert problems_of(regions__yaml=regions) == [
        f"content/regions.yaml:{line_of(regions, 'announced_by:')}:19: error: vote.announced_by: '{nobody}' stands "
        "in for a fact, and the page would show it as one; give the fact (Announced by) as the sources do, or remove "
        "'vote:' if the place has no vote"]


def test_an_empty_group_is_an_error_at_its_value():
    regions = re.sub(r"  vote:\n(?:    .*\n)+", "  vote: {}\n", MINI["regions.yaml"])
    assert problems_of(regions__yaml=regions) == [
        f"content/regions.yaml:{line_of(regions, 'vote:')}:9: error: vote: expected its fields (announced, "
        "announced_by, planned), got none of its fields; write them on indented 'key: value' lines, or remove "
        "'vote:' if the place has no vote"]


def test_the_old_local_name_says_how_to_write_local_names():
    regions = MINI["regions.yaml"].replace("  kind: province\n", "  kind: province\n  local_name: Луганськ\n")
    assert problems_of(regions__yaml=regions) == [
        f"content/regions.yaml:{line_of(regions, 'local_name:')}:3: error: unknown field 'local_name'; write "
        "'local_names:' with each name under its language's BCP 47 tag, e.g. 'local_names: {fr: Bruxelles, nl: "
        "Brussel}'"]


def test_a_group_may_not_take_the_key_of_a_field_every_place_has():
    site = MINI["site.yaml"].replace("  - id: vote\n", "  - id: status\n")
    assert problems_of(site__yaml=site)[0] == (
        f"content/site.yaml:{line_of(site, '- id: status')}:3: error: place_fields: 'status' is a field every place "
        "has; give the group another key, e.g. 'details'")


def test_the_regions_need_a_word_for_the_menu():
    site = MINI["site.yaml"].replace("  menu: Regions\n", "")
    assert problems_of(site__yaml=site) == [
        f"content/site.yaml:{line_of(site, 'title: The region')}:3: error: missing required field 'menu'; add 'menu:' "
        "(The page's name in the menu and in the browser's tab: a word or two, e.g. 'Districts')"]


def test_the_menu_and_the_page_title_use_the_projects_word(tmp_path):
    site = MINI["site.yaml"].replace("  menu: Regions\n", "  menu: Provinces\n")
    code, errors, dist = build_mini(tmp_path, **{"site.yaml": site})
    assert code == 0, errors
    home, regions = page(dist / "index.html"), page(dist / "regions.html")
    assert "Provinces" in home.xpath("//header//nav//a/text()") and "Regions" not in home.text_content()
    assert regions.findtext(".//title").startswith("Provinces · ")


def test_declared_facts_are_shown_under_their_labels_and_are_the_open_datas_columns(tmp_path):
    code, errors, dist = build_mini(tmp_path, **{"site.yaml": without_votes(MINI["site.yaml"]) + INSPECTION,
                                                 "regions.yaml": DISTRICT})
    assert code == 0, errors
    [facts] = page(dist / "regions.html").xpath("//article[@id='region-luhansk']/dl[@class='place-facts']")
    assert [" ".join(node.text_content().split()) for node in facts] == [
        "Inspected", "20 September 2022", "Inspected by", "Vladimir Putin", "What it found", "Cracks in two cables.",
        "The report", "NBC News"]
    assert facts.xpath(".//time/@datetime") == ["2022-09-20"] and facts.xpath(".//a/@href") == ["sources.html#source-nbc"]
    [heading] = page(dist / "regions.html").xpath("//article[@id='region-luhansk']/h2")
    assert [(span.get("lang"), span.text) for span in heading.xpath("span[@class='local-name']")] == [
        ("uk", "Луганська область"), ("ru", "Луганская область")]
    rows = list(csv.DictReader(io.StringIO((dist / "data" / "regions.csv").read_text(encoding="utf-8"))))
    assert list(rows[0]) == ["id", "name", "kind", "local_name_uk", "local_name_ru", "area", "status", "inspection_found",
                             "inspection_by", "inspection_outcome", "inspection_report", "open_questions", "uri",
                             "sources", "source_urls", "updated"]
    assert (rows[0]["kind"], rows[0]["inspection_found"], rows[0]["inspection_by"]) == ("province", "2022-09-20", "putin")
    [record] = json.loads((dist / "data" / "regions.json").read_text(encoding="utf-8"))["records"]
    assert list(record) == list(rows[0])[:-1] and record["inspection_report"] == ["nbc"]


def test_the_default_storys_votes_are_project_fields(tmp_path):
    explainer, problems = resolve(validate(load(Project.at(REPO)))[0])
    assert explainer is not None and not problems
    assert [group.id for group in explainer.site.place_fields] == ["vote"]
    assert all([group.group.id for group in region.facts] == ["vote"] for region in explainer.regions)


def test_the_schema_of_a_new_project_names_its_own_ids_and_none_of_the_default_storys(tmp_path):
    assert main(["new", str(tmp_path / "story")]) == 0
    assert main(["schema", "--project", str(tmp_path / "story")]) == 0
    written = {path.name: path.read_text(encoding="utf-8") for path in (tmp_path / "story" / "docs" / "schema").iterdir()}
    default = load(Project.at(REPO)).documents
    ids = {item["id"] for name in ("sources", "people", "regions", "quotes") for item in default[f"{name}.yaml"].data}
    ids |= {item["id"] for item in default["timeline.yaml"].data if "-" in item["id"]}
    found = {(name, word) for name, text in written.items() for word in (*ids, *STORY_WORDS)
             if re.search(rf"(?<![\w-]){re.escape(word)}", text, re.IGNORECASE)}
    assert not found
    sources = json.loads(written["sources.schema.json"])["items"]["properties"]["id"]["description"]
    assert sources.endswith("In this project: town-notice-2024-05-13, gazette-2024-05-14.")
