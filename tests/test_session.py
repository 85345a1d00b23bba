"""The rebuild layer on its own: what a session reuses, and that reusing never changes a byte."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from helpers import MINI, REPO, everything, previewed, snapshot, write_tree
from explainer.pipeline import check_site, make_site, write_site
from explainer.project import Project
from explainer.rebuild.session import Session
from explainer.write import MARK, MARK_TEXT

PAGE = "---\ntitle: {title}\norder: {order}\n---\nIt cites [the report](source:nbc). {words}\n"


def project_in(root: Path) -> Project:
    """The mini content with copies of the real layouts and assets, to edit."""
    write_tree(root / "content", MINI)
    for folder in ("layouts", "assets"):
        shutil.copytree(REPO / folder, root / folder)
    return Project.at(root, output=root / "dist")


def noting_renders(root: Path) -> tuple[Project, Session, list[str]]:
    """A project to edit whose every page, as it renders, adds its address to the list returned."""
    project, session = project_in(root), Session()
    rendered: list[str] = []
    session.layouts.globals["note"] = lambda uri: rendered.append(uri) or ""
    for name in ("base.html", "embed/base.html"):
        base = project.layouts_path / name
        base.write_text(base.read_text().replace("</body>", "{{ note(page.uri) }}</body>"))
    return project, session, rendered


def outputs(project: Project) -> dict[str, bytes]:
    """What a clean build makes, in memory."""
    result = check_site(project)
    assert result.ok, result.problems
    return {output.uri: output.data for output in result.outputs}


def test_an_edit_to_one_file_validates_and_links_that_file_alone_again(tmp_path):
    project, session = project_in(tmp_path), Session()
    assert write_site(project, session).ok
    parts, links = dict(session.parts.by_name), dict(session.links.by_name)
    quotes = project.content_path / "quotes.yaml"
    quotes.write_text(quotes.read_text().replace("National address", "An address to the nation"))
    assert write_site(project, session).ok
    changed = {name for name, part in session.parts.by_name.items() if part is not parts[name]}
    relinked = {name for name, link in session.links.by_name.items() if link is not links[name]}
    assert changed == relinked == {"quotes.yaml"}


def test_a_page_whose_inputs_did_not_change_is_not_rendered_again(tmp_path):
    project, session, rendered = noting_renders(tmp_path)
    assert write_site(project, session).ok
    assert "quotes.html" in rendered and "index.html" in rendered
    rendered.clear()
    (project.content_path / "quotes.yaml").write_text(MINI["quotes.yaml"].replace("National address", "Address"))
    assert write_site(project, session).ok
    assert sorted(rendered) == ["embed/quote-bluff.html", "index.html", "quotes.html"], \
        "the pages that show the quote's occasion, and no other"


def test_an_edited_stylesheet_renders_no_page_again_yet_every_page_links_its_new_name(tmp_path):
    project, session, rendered = noting_renders(tmp_path)
    assert write_site(project, session).ok
    style = project.assets_path / "style.css"
    style.write_text(style.read_text() + "\n.edited { color: red }\n")
    rendered.clear()
    result = write_site(project, session)
    assert result.ok and rendered == []
    [name] = [o.uri for o in result.outputs if o.uri.startswith("assets/style.")]
    linking = [o for o in result.outputs if o.uri.endswith(".html") and b'rel="stylesheet"' in o.data]
    assert linking and all(name.encode() in o.data for o in linking)


def test_making_a_site_renders_and_writes_nothing_until_a_page_is_asked_for(tmp_path):
    project, session, rendered = noting_renders(tmp_path)
    site = make_site(project, session)
    assert site.ok and "quotes.html" in site.stale and rendered == [] and not project.output_path.exists()
    page = site.render("quotes.html")
    assert rendered == ["quotes.html"] and page.data is not None and b"<h1" in page.data
    assert not project.output_path.exists()


def test_a_fresh_session_is_a_clean_build(tmp_path):
    project = project_in(tmp_path)
    first, second = check_site(project), check_site(project)
    assert [(o.uri, o.data) for o in first.outputs] == [(o.uri, o.data) for o in second.outputs]


class Edits(RuleBasedStateMachine):
    """Random sequences of edits to content, layouts, assets and pages; after each, the warm rebuild's output
    folder holds exactly what a clean build makes, and so does the preview's build into memory, told which
    files changed as the kernel tells it."""

    def __init__(self) -> None:
        super().__init__()
        self.root: Path | None = None

    @initialize()
    def start(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="edits-"))
        self.project, self.session, self.preview = project_in(self.root), Session(), Session()
        self.changed: set[Path] = set()
        assert write_site(self.project, self.session).ok
        previewed(self.project, self.preview)

    def edit(self, path: str, old: str, new: str) -> None:
        file = self.project.root / path
        text = file.read_text(encoding="utf-8")
        if old in text:
            file.write_text(text.replace(old, new, 1), encoding="utf-8")
            self.changed.add(file)

    @rule(word=st.sampled_from(["The address", "A speech", "An announcement"]))
    def retitle_the_event(self, word: str) -> None:
        text = (self.project.content_path / "timeline.yaml").read_text(encoding="utf-8")
        title = text.split("title: ", 1)[1].split("\n", 1)[0]
        self.edit("content/timeline.yaml", f"title: {title}", f"title: {word}")

    @rule(featured=st.booleans())
    def feature_the_quote_or_not(self, featured: bool) -> None:
        self.edit("content/quotes.yaml", f"featured: {str(not featured).lower()}", f"featured: {str(featured).lower()}")

    @rule(name=st.sampled_from(["Vladimir Putin", "V. Putin"]))
    def rename_the_person(self, name: str) -> None:
        for old in ("Vladimir Putin", "V. Putin"):
            self.edit("content/people.yaml", f"name: {old}\n", f"name: {name}\n")

    @rule(number=st.integers(0, 3), order=st.integers(1, 3), words=st.sampled_from(["", "More.", "Even more."]))
    def write_a_page(self, number: int, order: int, words: str) -> None:
        path = self.project.content_path / "pages" / f"page-{number}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(PAGE.format(title=f"Page {number}", order=order, words=words), encoding="utf-8")
        self.changed.add(path)

    @rule(number=st.integers(0, 3))
    def delete_a_page(self, number: int) -> None:
        path = self.project.content_path / "pages" / f"page-{number}.md"
        path.unlink(missing_ok=True)
        self.changed.add(path)

    @rule(label=st.sampled_from(["{{ t('skip_link') }}", "Skip to the content", "Skip"]))
    def edit_the_base_layout(self, label: str) -> None:
        text = (self.project.root / "layouts/base.html").read_text(encoding="utf-8")
        link = text.split('<a class="skip-link" href="#main">', 1)[1].split("</a>", 1)[0]
        self.edit("layouts/base.html", f'href="#main">{link}</a>', f'href="#main">{label}</a>')

    @rule(colour=st.sampled_from(["red", "blue"]))
    def edit_the_stylesheet(self, colour: str) -> None:
        style = self.project.assets_path / "style.css"
        style.write_text(style.read_text(encoding="utf-8").split("\n/* edit */")[0] + f"\n/* edit */ p {{ color: {colour} }}\n",
                         encoding="utf-8")
        self.changed.add(style)

    @invariant()
    def the_warm_rebuild_equals_a_clean_build(self) -> None:
        if self.root is None:
            return
        assert write_site(self.project, self.session).ok
        clean = outputs(self.project)
        written = snapshot(self.project.output_path)
        index = {uri for uri in written if uri.startswith("pagefind/")}  # the search index: only a build that writes
        assert index and {uri: written[uri] for uri in written.keys() - index} == {**clean, MARK: MARK_TEXT}  # and the mark
        served = everything(previewed(self.project, self.preview, self.changed))
        self.changed = set()
        assert served == clean

    def teardown(self) -> None:
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)


Edits.TestCase.settings = settings(max_examples=8, stateful_step_count=6, deadline=None,
                                   suppress_health_check=[HealthCheck.too_slow])
test_random_edits_rebuild_to_the_same_bytes_as_a_clean_build = Edits.TestCase
