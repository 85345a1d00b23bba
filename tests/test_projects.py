"""A project is a folder: `explainer new` starts one, a project's layouts and assets override the theme's, and
the examples build. Every build here is the real pipeline (or the real command line) on real files."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html

from helpers import REPO, command, snapshot
from explainer import __version__
from explainer.cli import main
from explainer.editions import split
from explainer.load import load
from explainer.pipeline import check_site, write_site
from explainer.project import Project
from explainer.resolve import resolve
from explainer.validate import validate

# Words of the mobilization story that no other project's output may carry (besides the names in its content).
STORY_WORDS = ("mobiliz", "Ukrain", "Russia", "Putin", "Shoigu", "Kyiv", "Kremlin", "Moscow", "Crimea", "annex",
               "reservist", "referend", "OVD-Info", "Natural Earth", "Zelensk", "NBC", "Donbas")


def story_names() -> set[str]:
    """The names the default content gives: its people, regions (with their local names) and publishers."""
    loaded = split(load(Project.at(REPO)))[0]
    explainer, problems = resolve(validate(loaded)[0])
    assert explainer is not None and not problems
    names = {p.name for p in explainer.people} | {s.publisher for s in explainer.sources}
    names |= {r.name for r in explainer.regions} | {n for r in explainer.regions for n in (r.local_names or {}).values()}
    return names | {explainer.site.title, explainer.site.name}


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`explainer new story`, then `explainer build` in it, as a user runs them."""
    root = tmp_path_factory.mktemp("new")
    assert main(["new", str(root / "story")]) == 0
    assert main(["build", "--project", str(root / "story")]) == 0
    return root / "story"


def test_new_makes_a_project_that_builds_as_it_is(starter):
    assert sorted(p.relative_to(starter).as_posix() for p in (starter / "content").rglob("*.*")) == [
        "content/archive/gazette-2024-05-14.txt", "content/archive/town-notice-2024-05-13.txt", "content/figures.yaml", "content/pages/about.md", "content/people.yaml", "content/quotes.yaml",
        "content/sections/what-happened.md", "content/site.yaml", "content/sources.yaml", "content/timeline.yaml",
        "content/updates.yaml"]
    ignored = [line for line in (starter / ".gitignore").read_text().splitlines() if not line.startswith("#")]
    assert ignored == ["dist/", ".venv/"], "the built site and the venv of the README's quick start"
    home = lxml_html.fromstring((starter / "dist" / "index.html").read_bytes())
    assert home.findtext(".//h1") == "Westbrook’s boil-water notice: what happened, who is affected and what comes next"
    assert (starter / "dist" / "pages" / "about.html").is_file()


def test_the_starter_teaches_the_format_in_comments():
    for path in sorted((REPO / "explainer" / "starter" / "content").rglob("*.*")):
        if path.parent.name == "archive":  # a source's text, as saved; sources.yaml says what archives are
            assert path.read_text(encoding="utf-8").startswith("SAMPLE ARCHIVE: a made-up "), path.name
            continue
        assert "# " in path.read_text(encoding="utf-8"), f"{path.name} has no comment for the editor"


def test_the_starters_first_build_checks_its_words_against_its_archived_sources(tmp_path):
    assert main(["new", str(tmp_path / "story")]) == 0
    content = tmp_path / "story" / "content"
    clean = check_site(Project.at(tmp_path / "story"))
    assert clean.ok and not clean.problems, "every quotation and figure is checked: no note says one was not"
    quotes, section = content / "quotes.yaml", content / "sections" / "what-happened.md"
    quotes.write_text(quotes.read_text().replace("until we say otherwise", "until further notice"))
    section.write_text(section.read_text() + "\nThe council has placed a boil-water notice on the whole supply area.\n")
    built = command("build", "--project", "story", cwd=tmp_path)
    assert built.returncode == 1
    assert [line.split("; ")[0] for line in built.stderr.splitlines()[:-1]] == [
        "story/content/quotes.yaml:6:9: error: text: the quotation is not in the archive of town-notice-2024-05-13",
        "story/content/sections/what-happened.md:15:1: error: copies 12 words in a row from town-notice-2024-05-13: "
        '"The council has placed a boil-water notice on the whole supply area"']
    assert not (tmp_path / "story" / "dist").exists()


def test_nothing_of_the_mobilization_story_reaches_the_starters_output(starter):
    words = STORY_WORDS + tuple(sorted(story_names()))
    for uri, data in snapshot(starter / "dist").items():
        text = data.decode("utf-8", errors="replace")
        found = [word for word in words if word.lower() in text.lower()]
        assert not found, f"{uri} carries {found}"


def test_without_regions_nothing_about_regions_is_in_the_output(starter):
    files = snapshot(starter / "dist")
    assert not [uri for uri in files if "region" in uri], "no regions page and no regions data"
    for uri, data in files.items():
        if not uri.startswith(("assets/", "pagefind/")):  # the theme's and Pagefind's code name their classes
            assert b"region" not in data.lower(), uri
    menu = lxml_html.fromstring(files["index.html"]).xpath("//nav[@aria-label='Site']//a/text()")
    assert menu == ["Explainer", "Timeline", "Quotes", "Sources"]


def test_empty_collections_have_no_heading_and_csv_keeps_its_header(tmp_path):
    assert main(["new", str(tmp_path / "bare")]) == 0
    content = tmp_path / "bare" / "content"
    for name in ("quotes.yaml", "figures.yaml"):
        (content / name).write_text("[]\n")
    (content / "timeline.yaml").write_text((content / "timeline.yaml").read_text().replace("featured: true", "featured: false"))
    assert write_site(Project.at(tmp_path / "bare")).ok
    dist = tmp_path / "bare" / "dist"
    home = lxml_html.fromstring((dist / "index.html").read_bytes())
    headings = home.xpath("//h2/text()")
    assert "Key figures" not in headings and "What they said" not in headings and "Key moments" not in headings
    assert "Sources" in headings
    contents = home.xpath("//nav[@class='contents']//a/@href")
    assert contents == ["#what-happened", "#sources"], "the contents list only sections that are there"
    assert not (dist / "quotes.html").exists() and not list(dist.glob("embed/quote-*"))
    assert (dist / "data" / "quotes.csv").read_bytes() == (
        b"id,text,speaker,speaker_name,occasion,date,language,translated,partial,context,featured,uri,sources,"
        b"source_urls,updated\r\n")
    assert (dist / "data" / "figures.csv").read_bytes() == (
        b"id,value,number,label,detail,uri,sources,source_urls,updated\r\n")


def test_a_projects_layout_and_asset_override_the_themes_files_of_the_same_name(starter, tmp_path):
    project = tmp_path / "restyled"
    shutil.copytree(starter / "content", project / "content")
    (project / "layouts").mkdir()
    (project / "layouts" / "404.html").write_text(
        '{% extends "base.html" %}\n{% block main %}<h1>Lost at sea</h1>{% endblock %}\n')
    (project / "assets").mkdir()
    (project / "assets" / "style.css").write_text("body { background: papayawhip; }\n")
    assert write_site(Project.at(project)).ok
    files = snapshot(project / "dist")
    page = lxml_html.fromstring(files["404.html"])
    assert page.findtext(".//main/h1") == "Lost at sea"
    assert page.xpath("//nav[@aria-label='Site']"), "the theme's base.html still frames the page"
    styles = [uri for uri in files if re.fullmatch(r"assets/style\.[0-9a-f]{10}\.css", uri)]
    assert len(styles) == 1 and files[styles[0]] == b"body { background: papayawhip; }\n"
    theme_script = (REPO / "assets" / "enhance.js").read_bytes()
    assert theme_script in files.values(), "assets the project does not override come from the theme"
    assert files["timeline.html"] == snapshot(starter / "dist")["timeline.html"].replace(
        styles_name(starter), styles[0].encode()), "pages it does not override are the theme's"


def styles_name(root: Path) -> bytes:
    return next(p.relative_to(root / "dist").as_posix() for p in (root / "dist" / "assets").glob("style.*")).encode()


def test_an_error_in_an_overriding_layout_names_the_projects_file(starter, tmp_path):
    project = tmp_path / "broken"
    shutil.copytree(starter / "content", project / "content")
    (project / "layouts").mkdir()
    (project / "layouts" / "sources.html").write_text('{% extends "base.html" %}\n{% block main %}\n{{ nope }}\n{% endblock %}\n')
    result = command("build", "--project", str(project))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(r"^layouts/sources\.html:3:1: error: while rendering sources\.html: 'nope' is undefined",
                     result.stderr, re.MULTILINE), result.stderr


def test_build_runs_in_the_project_folder_or_on_the_one_given(starter, tmp_path, monkeypatch):
    monkeypatch.chdir(starter)
    shutil.rmtree(starter / "dist")
    assert main(["build"]) == 0 and (starter / "dist" / "index.html").is_file()
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--project", str(starter)]) == 0


def test_new_refuses_a_folder_that_holds_files(tmp_path, capsys):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    assert main(["new", str(tmp_path / "taken")]) == 2
    assert capsys.readouterr().err == (f"error: {tmp_path / 'taken'} already exists and is not an empty folder; "
                                       "choose a new name\n")
    assert (tmp_path / "taken" / "notes.txt").read_text() == "mine"


def test_a_missing_project_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["build", "--project", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: the project folder {tmp_path / 'nowhere'} does not exist; ") and "explainer new" in err


def test_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"explainer {__version__}\n"


@pytest.mark.parametrize("example", sorted(p.name for p in (REPO / "examples").iterdir() if (p / "content").is_dir()))
def test_each_example_builds_and_shares_nothing_with_the_default_story(example, tmp_path):
    result = command("build", "--project", str(REPO / "examples" / example), "--output", str(tmp_path / "dist"))
    assert result.returncode == 0, result.stderr
    words = STORY_WORDS + tuple(sorted(story_names()))
    for uri, data in snapshot(tmp_path / "dist").items():
        found = [word for word in words if word.lower() in data.decode("utf-8", errors="replace").lower()]
        assert not found, f"{example}: {uri} carries {found}"


def test_regions_without_votes_show_no_vote(tmp_path):
    assert command("build", "--project", str(REPO / "examples" / "bridge-closure"), "--output",
                     str(tmp_path / "dist")).returncode == 0
    page = lxml_html.fromstring((tmp_path / "dist" / "regions.html").read_bytes())
    assert page.xpath("//article[@class='region']/h2/text()") == ["Old Town", "Harbourside"]
    assert not page.xpath("//dl[@class='place-facts']") and "Vote announced" not in page.text_content()


def test_a_projects_schema_offers_its_own_sides_and_categories(starter):
    import json
    assert main(["schema", "--project", str(starter)]) == 0
    timeline = json.loads((starter / "docs" / "schema" / "timeline.schema.json").read_text())
    people = json.loads((starter / "docs" / "schema" / "people.schema.json").read_text())
    assert timeline["items"]["properties"]["category"]["enum"] == ["announcement", "testing", "response"]
    assert people["items"]["properties"]["side"]["enum"] == ["officials", "residents", "experts"]


def test_the_github_pages_workflow_builds_the_project_it_sits_in_and_publishes_dist():
    import yaml
    workflow = yaml.safe_load((REPO / "examples" / "github-pages.yml").read_text())
    build_steps = workflow["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in build_steps]
    assert 'python -m pip install "$EXPLAINER"' in runs
    assert any(run.startswith("explainer build --base-url ") for run in runs)
    assert {"path": "dist"} in [step.get("with") for step in build_steps]
    assert workflow["jobs"]["deploy"]["needs"] == "build"
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
