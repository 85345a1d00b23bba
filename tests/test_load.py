"""The load stage on its own: bytes become documents that remember where every value starts."""

from __future__ import annotations

from pathlib import Path

from explainer.load import load, parse_document
from explainer.strict_yaml import parse_yaml
from explainer.problems import Position, Problem
from explainer.project import Project


def test_values_keep_their_text_and_their_positions():
    data, problems = parse_yaml("title: The address\ndate: 2022-09-21\nagree: no\ntime: 12:30\n", "content/x.yaml")
    assert problems == []
    assert data == {"title": "The address", "date": "2022-09-21", "agree": "no", "time": "12:30"}
    assert data.key_pos["date"] == Position(2, 1) and data.value_pos["date"] == Position(2, 7)


def test_a_block_scalar_starts_on_the_line_after_its_indicator_in_a_mapping_and_in_a_list():
    data, _ = parse_yaml("summary: >-\n  Folded\n  text.\npoints:\n  - >-\n    First point.\n", "content/x.yaml")
    assert data["summary"] == "Folded text." and data.value_pos["summary"] == Position(2, 1)
    assert data["points"].item_pos == [Position(6, 1)]


def test_a_duplicate_key_is_a_problem_at_the_second_key_naming_the_first():
    _, problems = parse_yaml("title: One\ndek: Two\ntitle: Three\n", "content/site.yaml")
    assert problems == [Problem("content/site.yaml", 3, 1, "duplicate key 'title' (first on line 1)",
                                "keep one of them")]


def test_a_markdown_document_has_its_front_matter_and_its_body_line():
    document, problems = parse_document(b"---\ntitle: Votes\norder: 2\n---\nThe body.\n", "content/sections/votes.md")
    assert problems == [] and document is not None
    assert document.data == {"title": "Votes", "order": 2}
    assert document.body == "The body.\n" and document.body_line == 5
    assert document.data.value_pos["order"] == Position(3, 8), "front matter lines count from the file's top"


def test_equal_bytes_give_equal_digests_and_any_change_another():
    first, _ = parse_document(b"- id: a\n", "content/people.yaml")
    again, _ = parse_document(b"- id: a\n", "content/people.yaml")
    changed, _ = parse_document(b"- id: b\n", "content/people.yaml")
    assert first and again and changed
    assert first.digest == again.digest != changed.digest


def test_bytes_that_are_not_utf8_are_a_problem_at_their_line_and_column():
    document, problems = parse_document(b"- id: a\n  name: caf\xe9\n", "content/people.yaml")
    assert document is None
    assert problems == [Problem("content/people.yaml", 2, 12, "byte 0xe9 is not UTF-8", "save the file as UTF-8")]


def test_load_reads_content_layouts_and_assets_by_their_names(tmp_path: Path):
    for name, text in {"content/site.yaml": "title: T\n", "content/sections/a.md": "---\ntitle: A\n---\nText\n",
                       "layouts/partials/x.html": "<p>x</p>\n", "assets/style.css": "p{}\n"}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    loaded = load(Project.at(tmp_path))
    assert loaded.problems == []
    assert sorted(loaded.documents) == ["sections/a.md", "site.yaml"]
    assert loaded.documents["site.yaml"].file == "content/site.yaml"
    assert loaded.layouts["partials/x.html"] == "<p>x</p>\n" and "base.html" in loaded.layouts, "the theme's too"
    assert dict((a.uri, a.data) for a in loaded.assets)["style.css"] == b"p{}\n", "the project's wins over the theme's"


def test_a_missing_content_folder_is_one_problem(tmp_path: Path):
    loaded = load(Project.at(tmp_path))
    assert loaded.documents == {} and [p.message for p in loaded.problems] == ["the content folder does not exist"]
