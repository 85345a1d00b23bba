"""The plan on its own: every page, every file and every fact's address, decided before anything is rendered; two
inputs for one path are a problem naming both; stylesheets point at the assets' published names; static/ is copied
as it is."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import jinja2
import pytest
from jinja2 import nodes

from helpers import MINI, REPO, command, snapshot, write_tree
from explainer import formats
from explainer.assets import hashed_name
from explainer.load import Asset, Loaded
from explainer.editions import split
from explainer.pipeline import editions_of, write_site
from explainer.plan import TIMELINE_PAGE_LIMIT, Addresses, EditionLink, plan_site
from explainer.problems import errors
from explainer.project import Project
from explainer.rebuild.session import Session
from helpers import explainer_of, words

MANY_EVENTS = "".join(
    f"- id: e-{n}\n  date: {2021 + n % 2}-0{1 + n % 9}-1{n % 9}\n  title: Event {n}\n  summary: S.\n"
    f"  category: military\n  sources: [nbc]\n" for n in range(TIMELINE_PAGE_LIMIT + 1))


def test_each_kind_of_fact_has_one_address_and_its_anchor_is_the_id_part():
    explainer, _ = explainer_of(MINI)
    assert explainer is not None
    addresses = Addresses(())
    event, quote, region = explainer.events[-1], explainer.quotes[0], explainer.regions[0]
    assert addresses.uri_of(event) == "timeline.html#event-address"
    assert addresses.uri_of(quote) == "quotes.html#quote-bluff"
    assert addresses.uri_of(region) == "regions.html#region-luhansk"
    assert addresses.uri_of(explainer.sources[0]) == addresses.source_uri("nbc") == "sources.html#source-nbc"
    assert addresses.uri_of(explainer.figures[0]) == "index.html#figure-reservists"
    assert addresses.uri_of(explainer.sections[0]) == "index.html#announcement"
    assert all(addresses.uri_of(f).endswith("#" + addresses.anchor_of(f)) for f in (event, quote, region))


def test_the_plan_lists_every_page_with_its_layout_and_own_values():
    explainer, _ = explainer_of(MINI)
    assert explainer is not None
    plan, problems = plan_site(explainer, Loaded({}, {}, (Asset("style.css", b"p{}"),)), "https://example.org/story",
                               words(), formats.names)
    assert problems == []
    assert [(p.uri, p.layout) for p in plan.pages] == [
        ("index.html", "home.html"), ("timeline.html", "timeline.html"), ("quotes.html", "quotes.html"),
        ("regions.html", "regions.html"), ("sources.html", "sources.html"), ("404.html", "404.html"),
        ("embed/timeline.html", "embed/timeline.html"), ("embed/quote-bluff.html", "embed/quote.html")]
    home = plan.cards["index.html"]  # which the embeds share
    assert plan.pages[-1].values == {"quote": explainer.quotes[0], "social_card": home,
                                     "social_card_url": "https://example.org/story/" + home.uri}
    assert plan.base_url == "https://example.org/story/", "one trailing slash"
    assert plan.asset_names == {"style.css": hashed_name("style.css", b"p{}")}


def test_past_the_limit_the_timeline_gets_a_page_a_year_and_events_move_there():
    explainer, problems = explainer_of({**MINI, "timeline.yaml": MANY_EVENTS})
    assert problems == [] and explainer is not None
    plan, _ = plan_site(explainer, Loaded({}, {}, ()), None, words(), formats.names)
    assert plan.addresses.timeline_years == (2021, 2022)
    year_pages = [p for p in plan.pages if p.uri.startswith("timeline-")]
    assert [p.uri for p in year_pages] == ["timeline-2021.html", "timeline-2022.html"]
    assert sum(len(p.values["events"]) for p in year_pages) == TIMELINE_PAGE_LIMIT + 1
    assert plan.addresses.uri_of(explainer.events[0]) == "timeline-2021.html#event-e-0"


def test_an_asset_name_changes_with_its_bytes_and_keeps_its_extension():
    first, second = hashed_name("style.css", b"a"), hashed_name("style.css", b"b")
    assert first != second and first.startswith("style.") and first.endswith(".css") and len(first) == 20


@pytest.mark.parametrize("base_url", [None, "https://example.org/explainer/"])
def test_the_plan_knows_every_file_the_build_writes(tmp_path, base_url):
    """Every edition's plan (the original's at the root, the others' in their folders) together."""
    project = Project.at(REPO, output=tmp_path / "dist", base_url=base_url)
    session = Session()
    loaded = split(session.load(project))[0]
    editions, problems = editions_of(project)
    assert editions is not None and len(editions) == 3 and not errors(problems)
    links = tuple(EditionLink(e.language, e.folder, e.words.text("edition.name")) for e in editions)
    planned: set[str] = set()
    for edition in editions:
        plan, problems = plan_site(edition.explainer, loaded, base_url, edition.words, formats.names, edition.folder,
                                   links)
        assert not problems
        planned |= {edition.folder + uri for uri in plan.targets.files} if edition.folder else plan.targets.files
    result = write_site(project, session)
    assert result.ok
    index = {output.uri for output in result.outputs if output.uri.startswith("pagefind/")}  # named by Pagefind
    assert index and planned == {output.uri for output in result.outputs} - index
    assert len(result.outputs) == len(planned) + len(index) == result.written


def test_an_id_a_layout_writes_in_single_quotes_is_a_link_target(project):
    shutil.rmtree(project / "content")
    write_tree(project / "content", {**MINI, "timeline.yaml": MINI["timeline.yaml"].replace(
        "summary: Putin spoke.", "summary: Putin spoke ([how](sources.html#single-quoted)).")})
    layout = project / "layouts" / "sources.html"
    layout.write_text(layout.read_text().replace("{% block main %}", "{% block main %}<p id='single-quoted'></p>", 1))
    result = command(cwd=project)
    assert result.returncode == 0, result.stderr
    assert 'href="sources.html#single-quoted"' in (project / "dist" / "timeline.html").read_text()


def only_errors(stderr: str, root: Path) -> list[str]:
    return [line.replace(f"{root}/", "") for line in stderr.splitlines()[:-1]]


def test_a_static_file_published_at_a_social_cards_path_is_a_problem_naming_both(project):
    with_base = ("--base-url", "https://news.example/story/")  # cards are drawn only for a site that can name them
    assert command(*with_base, cwd=project).returncode == 0
    before = snapshot(project / "dist")
    card = next((project / "dist" / "assets").glob("social-card.*.png"))
    (project / "static" / "assets").mkdir(parents=True)
    shutil.copy(card, project / "static" / "assets" / card.name)  # an editor keeps a card the build drew
    result = command(*with_base, cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert only_errors(result.stderr, project) == [
        f"static/assets/{card.name}: error: it would be published as assets/{card.name}, which is already the "
        f"social card; rename or remove static/assets/{card.name}"]
    assert snapshot(project / "dist") == before


def test_a_static_file_where_a_page_goes_is_a_problem_naming_both(project):
    write_tree(project / "static", {"index.html": "<p>Old home page</p>\n", "feed.xml": "<feed/>\n"})
    result = command(cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert only_errors(result.stderr, project) == [
        "static/feed.xml: error: it would be published as feed.xml, which is already the feed; "
        "rename or remove static/feed.xml",
        "static/index.html: error: it would be published as index.html, which is already the page made from "
        "layouts/home.html; rename or remove static/index.html"]


def test_static_files_are_copied_verbatim_to_the_root_of_the_site(project):
    files = {"CNAME": b"explainers.example.org\n", ".nojekyll": b"",
             ".well-known/security.txt": b"Contact: mailto:security@example.org\n",
             "files/report.pdf": bytes(range(256)) * 4}
    for name, data in files.items():
        (project / "static" / name).parent.mkdir(parents=True, exist_ok=True)
        (project / "static" / name).write_bytes(data)
    for _ in range(2):  # and again, when the output folder holds them already
        result = command(cwd=project)
        assert result.returncode == 0, result.stderr
        site = snapshot(project / "dist")
        assert {name: site.get(name) for name in files} == files
    assert "CNAME" not in site["_headers"].decode() and b"report.pdf" not in site.get("sitemap.xml", b"")


@pytest.mark.parametrize("folder", ["static", "assets"])
def test_the_site_is_never_built_into_a_folder_the_build_publishes(project, folder):
    write_tree(project / "static", {"CNAME": "example.org\n"})
    output = project / folder / "dist"
    result = command("--output", str(output), cwd=project)
    assert result.returncode == 2 and "Traceback" not in result.stderr and not output.exists()
    assert result.stderr == (f"error: refusing to write the site to {output}: it is inside {project / folder}, whose "
                             "files the build publishes, so every build would copy the last one; choose another "
                             "--output\n")


STYLE_ADDITIONS = """
.hero { background: url(images/hero.png) no-repeat; }
@font-face { font-family: Body; src: url("fonts/body.woff2?v=2#face") format("woff2"); }
.dot { background: url(data:image/png;base64,iVBORw0KGgo=); fill: url(#gradient); }
.remote { background: url(https://cdn.example.org/x.png); }
/* url(commented-out.png) is ignored */
"""


def test_a_stylesheet_points_at_the_published_names_of_the_assets_it_uses(project):
    write_tree(project / "assets", {"images/hero.png": "a picture", "fonts/body.woff2": "a font"})
    style = project / "assets" / "style.css"
    style.write_text(style.read_text() + STYLE_ADDITIONS)
    assert command(cwd=project).returncode == 0
    assets = project / "dist" / "assets"
    [built] = assets.glob("style.*.css")
    css = built.read_text()
    hero, font = next(assets.glob("images/hero.*.png")), next(assets.glob("fonts/body.*.woff2"))
    assert f"url(images/{hero.name})" in css and f'url("fonts/{font.name}?v=2#face")' in css
    assert "url(data:image/png;base64,iVBORw0KGgo=)" in css and "url(#gradient)" in css
    assert "url(https://cdn.example.org/x.png)" in css and "url(commented-out.png)" in css
    assert built.name == f"style.{hashlib.sha256(built.read_bytes()).hexdigest()[:10]}.css", \
        "the stylesheet's hash covers its rewritten bytes"
    (project / "assets" / "images" / "hero.png").write_text("another picture")
    assert command(cwd=project).returncode == 0
    [again] = assets.glob("style.*.css")
    assert again.name != built.name, "a new image gives the stylesheet a new name"


def test_a_stylesheet_url_to_a_missing_asset_is_an_error_at_its_line(project):
    style = project / "assets" / "style.css"
    lines = style.read_text().count("\n")
    style.write_text(style.read_text() + ".a { color: red; }\n.hero { background: url('hero.png'); }\n"
                     ".up { background: url(../content/site.yaml); }\n")
    result = command(cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert only_errors(result.stderr, project) == [
        f"assets/style.css:{lines + 2}:26: error: url(hero.png): there is no assets/hero.png; "
        "add the file to assets/, or correct the name",
        f"assets/style.css:{lines + 3}:23: error: url(../content/site.yaml): leads outside assets/; "
        "put the file in assets/ and refer to it from there"]
    assert not re.search(r"Built", result.stdout)


def test_the_default_assets_keep_their_names(default_site):
    """No stylesheet of the default site refers to another asset, so nothing in it is rewritten."""
    for asset in (REPO / "assets").iterdir():
        digest = hashlib.sha256(asset.read_bytes()).hexdigest()[:10]
        assert (default_site / "assets" / f"{asset.stem}.{digest}{asset.suffix}").is_file(), asset.name



def written_links(source: str) -> list[str]:
    """The addresses a layout writes itself: a url() or root_url() of text (but '', the root), or ~ joined into one."""
    calls = [call for call in jinja2.Environment().parse(source).find_all(nodes.Call)
             if isinstance(call.node, nodes.Name) and call.node.name in ("url", "root_url") and call.args]
    return [str(call.args[0].value) if isinstance(call.args[0], nodes.Const) else "(joined)" for call in calls
            if isinstance(call.args[0], nodes.Concat) or isinstance(call.args[0], nodes.Const) and call.args[0].value]


def test_no_layout_writes_an_address_itself():
    assert written_links("{{ url('timeline-' ~ y ~ '.html') }}{{ url('quotes.html') }}{{ url(uri_of(q)) }}") == [
        "(joined)", "quotes.html"]
    written = {path.relative_to(REPO / "layouts").as_posix(): written_links(path.read_text(encoding="utf-8"))
               for path in sorted((REPO / "layouts").rglob("*.html"))}
    assert {name: links for name, links in written.items() if links} == {}
