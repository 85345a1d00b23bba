"""A rebuild that reuses the last build's work (as `serve` does) writes exactly what a clean build writes."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from bench.generate import generate
from explainer import parallel
from explainer.formats import feed
from explainer.pipeline import check_site, write_site
from explainer.project import Project
from explainer.rebuild.session import Session
from explainer.views import SHARED
from helpers import REPO, run_build, snapshot

NEW_EVENT = ("- id: event-new\n  date: 2025-02-03\n  title: A later event\n  summary: Something new.\n"
             "  category: legal\n  regions: [kherson]\n  sources: [source-1]\n")
NEW_PERSON = "- id: person-new\n  name: Someone new\n  role: Adviser\n  affiliation: Nowhere\n  side: russia\n"
NEW_PAGE = "---\ntitle: A page added later\norder: 1\n---\nIt cites [a report](source:source-2).\n"


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


EDITS = {
    "an event": lambda root: replace_in(root / "content/timeline/2016.yaml", "category: legal", "category: protest"),
    "an event's date, into another year": lambda root: replace_in(root / "content/timeline/2016.yaml",
                                                                  "date: 2016-", "date: 2017-"),
    "a quote": lambda root: replace_in(root / "content/quotes.yaml", "occasion: Statement 7\n", "occasion: Seven\n"),
    "a person the quotes name": lambda root: replace_in(root / "content/people.yaml", "name: Person 3\n",
                                                         "name: Person Three\n"),
    "a page's text": lambda root: replace_in(root / "content/pages/page-0003.md", "## Part two", "## Part 2"),
    "a page's title": lambda root: replace_in(root / "content/pages/page-0005.md", "title: Background piece 5",
                                              "title: A piece that comes first"),
    "the page template": lambda root: replace_in(root / "layouts/page.html", '<p class="more">', '<p class="more pages">'),
    "the base template": lambda root: replace_in(root / "layouts/base.html", 'class="skip-link"', 'class="skip-link skip"'),
    "the stylesheet": lambda root: add(root / "assets/style.css",
                                       (root / "assets/style.css").read_text() + "\n.bench { color: red }\n"),
    "the site file": lambda root: replace_in(root / "content/site.yaml", "title: A running story at scale",
                                             "title: A running story"),
    "the map's geodata": lambda root: replace_in(root / "content/map/ukraine.json", '"Black Sea"', '"Euxine Sea"'),
    "a category's label": lambda root: replace_in(root / "content/site.yaml", "{id: legal, label: Legal}",
                                                  "{id: legal, label: Law}"),
    "the site's language": lambda root: replace_in(root / "content/site.yaml", "language: en", "language: uk"),
    "a word of the project's catalogue": lambda root: (root / "catalogues").mkdir() or add(
        root / "catalogues/uk.yaml", "nav.home: Огляд\n"),
    "deleting a page": lambda root: (root / "content/pages/page-0004.md").unlink(),
    "adding a page": lambda root: add(root / "content/pages/added.md", NEW_PAGE),
    "adding a timeline file": lambda root: add(root / "content/timeline/2025.yaml", NEW_EVENT),
    "deleting a timeline file": lambda root: (root / "content/timeline/2014.yaml").unlink(),
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small generated project: 100 events (on one timeline page), 20 quotes, 40 standalone pages."""
    root = tmp_path_factory.mktemp("generated")
    generate(root, scale=0.01)
    return root


@pytest.fixture()
def tree(generated: Path, tmp_path: Path) -> Path:
    """A project of our own: the generated content with copies of the layouts and assets to edit."""
    root = tmp_path / "project"
    shutil.copytree(generated / "content", root / "content")
    for folder in ("layouts", "assets"):
        shutil.copytree(REPO / folder, root / folder)
    return root


def clean_build(root: Path, output: Path) -> dict[str, bytes]:
    """A build with nothing reused, as `python build.py` makes it."""
    assert write_site(Project.at(root, output=output)).ok
    return snapshot(output)


def test_each_kind_of_edit_rebuilds_to_the_same_bytes_as_a_clean_build(tree, tmp_path):
    warm, session = Project.at(tree, output=tmp_path / "warm"), Session()
    assert write_site(warm, session).ok
    for number, (name, edit) in enumerate(EDITS.items()):
        edit(tree)
        assert write_site(warm, session).ok, name
        assert snapshot(warm.output_path) == clean_build(tree, tmp_path / f"clean-{number}"), f"after {name}"


def test_a_rebuild_with_nothing_changed_rewrites_no_file(tree, tmp_path):
    warm, session = Project.at(tree, output=tmp_path / "warm"), Session()
    assert write_site(warm, session).ok
    before = {p: p.stat().st_ino for p in warm.output_path.rglob("*") if p.is_file()}
    assert write_site(warm, session).ok
    after = {p: p.stat().st_ino for p in warm.output_path.rglob("*") if p.is_file()}
    assert after == before, "every unchanged file is the same file, linked into the new output"


def test_a_file_changed_or_added_by_hand_in_the_output_is_undone_by_the_next_rebuild(tree, tmp_path):
    warm, session = Project.at(tree, output=tmp_path / "warm"), Session()
    assert write_site(warm, session).ok
    built = snapshot(warm.output_path)
    (warm.output_path / "pages" / "page-0001.html").write_bytes(b"edited by hand")
    assert write_site(warm, session).ok
    assert snapshot(warm.output_path) == built
    (warm.output_path / "stray.html").write_bytes(b"added by hand")
    assert write_site(warm, session).ok
    assert snapshot(warm.output_path) == built


def test_a_problem_found_while_rendering_is_reported_again_on_the_next_rebuild(tree, tmp_path):
    warm, session = Project.at(tree, output=tmp_path / "warm"), Session()
    assert write_site(warm, session).ok
    replace_in(tree / "content/pages/page-0002.md", "## Part two", "[a link](javascript:alert(1))\n\n## Part two")
    for _ in range(2):
        result = write_site(warm, session)
        assert [p.message for p in result.problems if p.severity == "error"] == ["link: 'javascript:alert(1)' is not allowed"]
    replace_in(tree / "content/pages/page-0002.md", "[a link](javascript:alert(1))", "a link")
    assert write_site(warm, session).ok
    assert snapshot(warm.output_path) == clean_build(tree, tmp_path / "clean")


def test_a_page_with_a_content_error_fails_the_rebuild_and_keeps_the_last_site(tree, tmp_path):
    warm, session = Project.at(tree, output=tmp_path / "warm"), Session()
    assert write_site(warm, session).ok
    before = snapshot(warm.output_path)
    replace_in(tree / "content/pages/page-0002.md", "title: Background piece 2", "titel: Background piece 2")
    found = [str(p) for p in write_site(warm, session).problems]
    assert "content/pages/page-0002.md:2:1: error: unknown field 'titel'; did you mean 'title'?" in found
    assert found == [str(p) for p in check_site(Project.at(tree)).problems], "the same words as a clean build's"
    assert snapshot(warm.output_path) == before


def test_a_term_renamed_in_site_yaml_breaks_the_facts_that_name_it_as_a_clean_build_says(tree, tmp_path):
    warm, session = Project.at(tree, output=tmp_path / "warm"), Session()
    assert write_site(warm, session).ok
    replace_in(tree / "content/site.yaml", "{id: legal, label: Legal}", "{id: law, label: Law}")
    found = [str(p) for p in write_site(warm, session).problems]
    assert found and all("category: 'legal' is not one of the categories in site.yaml" in line for line in found)
    assert found == [str(p) for p in check_site(Project.at(tree)).problems], "the same words as a clean build's"
    for path in (tree / "content" / "timeline").glob("*.yaml"):
        path.write_text(path.read_text().replace("category: legal", "category: law"))
    assert write_site(warm, session).ok
    assert snapshot(warm.output_path) == clean_build(tree, tmp_path / "clean")


def test_pages_rendered_across_cores_equal_pages_rendered_in_one_process(tmp_path):
    """The command renders 600 pages in forked workers; with another thread running it renders them here."""
    generate(tmp_path, scale=0.1)
    forked = tmp_path / "forked"
    assert run_build("--content", str(tmp_path / "content"), "--output", str(forked)).returncode == 0
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert write_site(Project.at(REPO, content=tmp_path / "content", output=tmp_path / "here")).ok
    finally:
        release.set()
        other.join()
    assert snapshot(forked) == snapshot(tmp_path / "here")


def test_a_fact_an_unchanged_file_refers_to_going_missing_is_reported_on_every_rebuild(tree, tmp_path):
    """quotes.yaml is not touched, but the person a quote names is renamed away: its reference is checked again."""
    warm, session = Project.at(tree, output=tmp_path / "warm"), Session()
    assert write_site(warm, session).ok
    before = snapshot(warm.output_path)
    replace_in(tree / "content/people.yaml", "- id: person-3\n", "- id: person-three\n")
    for _ in range(2):
        found = [str(p) for p in write_site(warm, session).problems]
        assert any("content/quotes.yaml:24:12: error: speaker: 'person-3' is not in people" in line for line in found)
        clean = check_site(Project.at(tree)).problems
        assert found == [str(p) for p in clean if p.severity == "error"], "the same words as a clean build's"
        assert snapshot(warm.output_path) == before
    replace_in(tree / "content/people.yaml", "- id: person-three\n", "- id: person-3\n")
    assert write_site(warm, session).ok
    assert snapshot(warm.output_path) == clean_build(tree, tmp_path / "clean")


def test_a_page_kept_from_the_last_build_whose_link_target_goes_away_is_reported(tree, tmp_path):
    """page-0003.md is not touched, but the page it links to is deleted: the kept page renders again to say so."""
    replace_in(tree / "content/pages/page-0003.md", "## Part two", "See [page 5](pages/page-0005.html).\n\n## Part two")
    warm, session = Project.at(tree, output=tmp_path / "warm"), Session()
    assert write_site(warm, session).ok
    before = snapshot(warm.output_path)
    (tree / "content/pages/page-0005.md").unlink()
    for _ in range(2):
        found = [str(p) for p in write_site(warm, session).problems if p.severity == "error"]
        assert [line.split(": error: ")[1] for line in found] == [
            "link: 'pages/page-0005.html' leads to no file of the site; did you mean 'pages/page-0035.html'?"]
        clean = check_site(Project.at(tree)).problems
        assert found == [str(p) for p in clean if p.severity == "error"], "the same words as a clean build's"
        assert snapshot(warm.output_path) == before


def add_a_person_and_rebuild(tree: Path, tmp_path: Path) -> bytes:
    """Build, add a person no fact names, rebuild in the same session: the rebuild equals a clean build; the
    rebuilt page-0001.html."""
    warm, session = Project.at(tree, output=tmp_path / "warm"), Session()
    assert write_site(warm, session).ok
    people = tree / "content/people.yaml"
    add(people, people.read_text(encoding="utf-8") + NEW_PERSON)
    assert write_site(warm, session).ok
    assert snapshot(warm.output_path) == clean_build(tree, tmp_path / "clean")
    return (warm.output_path / "pages/page-0001.html").read_bytes()


def test_a_field_a_layout_starts_reading_is_recorded_and_its_edit_renders_the_page_again(tree, tmp_path):
    """Nothing declares that the page layout reads the people: the render records it."""
    replace_in(tree / "layouts/page.html", '<p class="more">',
               '<p class="more" data-people="{{ explainer.people|length }}">')
    people = (tree / "content/people.yaml").read_text(encoding="utf-8").count("- id: ")
    assert f'data-people="{people + 1}"'.encode() in add_a_person_and_rebuild(tree, tmp_path)


def test_a_field_a_shared_value_starts_reading_is_recorded_and_its_edit_renders_the_page_again(tree, tmp_path,
                                                                                                 monkeypatch):
    """A shared value of our own, made from a field no other shared value reads: what its function read is
    recorded, so its pages render again when that field changes."""
    monkeypatch.setitem(SHARED, "people_named", lambda x, plan, md: " ".join(person.name for person in x.people))
    replace_in(tree / "layouts/page.html", '<p class="more">', '<p class="more" data-people="{{ people_named }}">')
    assert b"Someone new" in add_a_person_and_rebuild(tree, tmp_path)


def test_a_field_a_format_starts_reading_is_recorded_and_its_edit_makes_the_file_again(tree, tmp_path, monkeypatch):
    """A feed that also names the standalone pages' headings, which nothing declares the files beside the pages
    read: a page's new heading is in the rebuilt feed, as in a clean build's."""
    atom_feed = feed.atom_feed
    monkeypatch.setattr(feed, "atom_feed", lambda explainer, *rest: atom_feed(explainer, *rest) + "".join(
        f"<!-- {line} -->" for page in explainer.pages for line in page.body.text.splitlines()
        if line.startswith("## ")).encode())
    warm, session = Project.at(tree, output=tmp_path / "warm"), Session()
    assert write_site(warm, session).ok
    replace_in(tree / "content/pages/page-0003.md", "## Part two", "## Part 2")
    assert write_site(warm, session).ok
    assert b"<!-- ## Part 2 -->" in (warm.output_path / "feed.xml").read_bytes()
    assert snapshot(warm.output_path) == clean_build(tree, tmp_path / "clean")


def test_a_layout_that_only_tests_whether_a_field_is_empty_does_not_render_again_when_its_items_change(tree, tmp_path):
    """Every page's footer asks `{% if explainer.pages %}`: that records whether there are pages, not what they
    say, so a standalone page's new text renders only the pages that show it again."""
    warm, session = Project.at(tree, output=tmp_path / "warm"), Session()
    rendered: list[str] = []
    session.layouts.globals["note"] = lambda uri: rendered.append(uri) or ""
    replace_in(tree / "layouts/base.html", "</body>", "{{ note(page.uri) }}</body>")
    assert write_site(warm, session).ok
    assert len(rendered) > 40
    rendered.clear()
    replace_in(tree / "content/pages/page-0003.md", "## Part two", "## Part 2")
    assert write_site(warm, session).ok
    assert sorted(rendered) == ["pages/index.html", "pages/page-0003.html"], "the page and the list of pages"


def test_what_pages_rendered_in_forked_workers_read_comes_back_with_them(tmp_path):
    """400 standalone pages render in forked workers; each worker's record of what its pages read comes back, so
    adding a person renders again the pages whose layout counts the people."""
    generate(tmp_path, scale=0.1)
    root = tmp_path / "project"
    shutil.copytree(tmp_path / "content", root / "content")
    for folder in ("layouts", "assets"):
        shutil.copytree(REPO / folder, root / folder)
    assert parallel.workers_for(len(list((root / "content/pages").glob("*.md")))) >= 2
    replace_in(root / "layouts/page.html", '<p class="more">',
               '<p class="more" data-people="{{ explainer.people|length }}">')
    people = (root / "content/people.yaml").read_text(encoding="utf-8").count("- id: ")
    assert f'data-people="{people + 1}"'.encode() in add_a_person_and_rebuild(root, tmp_path)
