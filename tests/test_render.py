"""The render stage on its own: a page through in-memory layouts, with its problems as values."""

from __future__ import annotations

from helpers import MINI, REPO, write_tree
from explainer import formats
from explainer.load import Loaded
from explainer.pipeline import build
from explainer.plan import Page, plan_site
from explainer.project import Project
from explainer.problems import Problem
from explainer.render import Renderer
from helpers import explainer_of, words

LAYOUTS = {
    "base.html": "<title>{{ page.title }}</title>{% block main %}{% endblock %}\n",
    "event.html": "{% extends 'base.html' %}{% block main %}<a href=\"{{ url(uri_of(event)) }}\">{{ event.title }}"
                  "</a>{{ event.summary|markdown }}{% endblock %}",
    "broken.html": "{% extends 'base.html' %}{% block main %}\n{{ event.nothing_here }}{% endblock %}",
}


def renderer_for(files: dict[str, str]) -> tuple[Renderer, object]:
    explainer, problems = explainer_of(files)
    assert explainer is not None, problems
    plan, _ = plan_site(explainer, Loaded({}, LAYOUTS, ()), None, words(), formats.names)
    renderer = Renderer()
    renderer.use(plan, LAYOUTS, tuple(source.id for source in explainer.sources))
    return renderer, explainer


def test_a_page_one_folder_down_links_back_through_the_site_root():
    renderer, explainer = renderer_for(MINI)
    event = explainer.events[-1]
    rendered = renderer.render_one((Page("embed/e.html", "event.html", "An event"), {"event": event}))
    assert rendered.problems == ()
    assert rendered.data == (b'<title>An event</title><a href="../timeline.html#event-address">The address</a>'
                             b"<p>Putin spoke.</p>")


def test_a_refused_link_in_markdown_is_a_problem_of_that_page_only():
    files = {**MINI, "timeline.yaml": MINI["timeline.yaml"].replace("summary: Putin spoke.",
                                                                    "summary: \"[x](javascript:alert(1))\"")}
    renderer, explainer = renderer_for(files)
    event = explainer.events[-1]
    bad = renderer.render_one((Page("a.html", "event.html", "A"), {"event": event}))
    good = renderer.render_one((Page("b.html", "event.html", "B"), {"event": explainer.events[0]}))
    assert [p.message for p in bad.problems] == ["link: 'javascript:alert(1)' is not allowed"]
    assert good.problems == ()


def test_a_layout_error_names_the_layout_line_and_the_page():
    renderer, explainer = renderer_for(MINI)
    rendered = renderer.render_one((Page("x.html", "broken.html", "X"), {"event": explainer.events[0]}))
    assert rendered.data is None
    assert rendered.problems == (Problem("layouts/broken.html", 2, 1,
                                         "while rendering x.html: 'explainer.model.Event object' has no attribute "
                                         "'nothing_here'", "fix the layout (see docs/layouts.md)"),)


def test_a_source_link_in_site_yaml_is_checked_where_it_is_shown(tmp_path):
    site = MINI["site.yaml"] + "in_brief:\n  - A point ([NBC](source:nbcc)).\n"
    content = write_tree(tmp_path / "content", {**MINI, "site.yaml": site})
    result = build(Project.at(REPO, content=content, output=tmp_path / "dist"), write=False)
    assert {(p.file.rsplit("/", 2)[-2:] == ["content", "site.yaml"], p.line, p.message, p.hint)
            for p in result.problems if p.severity == "error"} == {
        (True, len(site.splitlines()), "link: 'source:nbcc' is not in sources", "did you mean 'nbc'?")}
