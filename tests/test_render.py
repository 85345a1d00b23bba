"""The render stage on its own: a page through in-memory layouts, with its problems as values."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import jinja2
import pytest

from helpers import MINI, REPO, command, write_tree
from explainer.cli import main
from explainer import formats
from explainer.load import Loaded
from explainer.pipeline import check_site
from explainer.plan import Page, plan_site
from explainer.project import Project
from explainer.problems import Problem
from explainer.markup import MarkdownRenderer
from explainer.render import Layouts, RenderContext
from helpers import explainer_of, words

LAYOUTS = {
    "base.html": "<title>{{ page.title }}</title>{% block main %}{% endblock %}\n",
    "event.html": "{% extends 'base.html' %}{% block main %}<a href=\"{{ url(uri_of(event)) }}\">{{ event.title }}"
                  "</a>{{ event.summary|markdown }}{% endblock %}",
    "broken.html": "{% extends 'base.html' %}{% block main %}\n{{ event.nothing_here }}{% endblock %}",
}


def renderer_for(files: dict[str, str]) -> tuple[RenderContext, object]:
    explainer, problems = explainer_of(files)
    assert explainer is not None, problems
    plan, _ = plan_site(explainer, Loaded({}, LAYOUTS, ()), None, words(), formats.names)
    return RenderContext(Layouts(), plan, LAYOUTS, MarkdownRenderer(), explainer), explainer


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
    result = check_site(Project.at(REPO, content=content, output=tmp_path / "dist"))
    assert {(p.file.rsplit("/", 2)[-2:] == ["content", "site.yaml"], p.line, p.message, p.hint)
            for p in result.problems if p.severity == "error"} == {
        (True, len(site.splitlines()), "link: 'source:nbcc' is not in sources", "did you mean 'nbc'?")}


def new_project(tmp_path: Path) -> Path:
    assert main(["new", str(tmp_path / "site")]) == 0
    return tmp_path / "site"


@pytest.mark.parametrize("payload", [
    "{{ cycler.__init__.__globals__.os.popen('touch ' ~ marker).read() }}",
    "{% for c in ''.__class__.__mro__[1].__subclasses__() if c.__name__ == 'Popen' %}{{ c(['touch', marker]).wait() }}"
    "{% endfor %}",
    "{{ '{0.__init__.__globals__[os].system}'.format(cycler)('touch ' ~ marker) }}",
])
def test_a_layout_cannot_reach_python_to_run_a_command(tmp_path, payload):
    """A layout from a pull request runs in Jinja's sandbox: reaching Python's insides is an error at its line,
    and nothing runs."""
    project, marker = new_project(tmp_path), tmp_path / "ran"
    (project / "layouts").mkdir()
    (project / "layouts" / "404.html").write_text(
        f'{{% extends "base.html" %}}\n{{% block main %}}\n{{% set marker = "{marker}" %}}\n{payload}\n{{% endblock %}}\n')
    result = command("build", "--project", str(project))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert re.search(r"^layouts/404\.html:4:1: error: while rendering 404\.html: the sandbox refused it: .* is unsafe",
                     result.stderr, re.MULTILINE), result.stderr
    assert not marker.exists() and not (project / "dist").exists()


def test_compiled_layouts_are_not_read_from_a_folder_others_can_write(tmp_path):
    """Compiled layouts are code run outside the sandbox: a cache file someone else could plant (here in a folder
    anyone may write to) is never loaded."""
    project, marker = new_project(tmp_path), tmp_path / "ran"
    assert command("build", "--project", str(project)).returncode == 0
    cache = next(Project.at(project).cache_path.glob("layouts-*"))
    keys, env = jinja2.BytecodeCache(), jinja2.Environment()
    bucket = jinja2.bccache.Bucket(env, keys.get_cache_key("404.html", "layouts/404.html"),
                                   keys.get_source_checksum((REPO / "layouts" / "404.html").read_text(encoding="utf-8")))
    bucket.code = compile(env.compile(f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}",
                                      "404.html", "layouts/404.html", raw=True), "layouts/404.html", "exec")
    (cache / f"__jinja2_{bucket.key}.cache").write_bytes(bucket.bytecode_to_string())
    cache.chmod(0o777)
    assert command("build", "--project", str(project), "--output", str(tmp_path / "again")).returncode == 0
    assert not marker.exists()
    assert (tmp_path / "again" / "404.html").read_bytes() == (project / "dist" / "404.html").read_bytes()


def documented_names() -> tuple[set[str], set[str]]:
    """The globals and the filters docs/layouts.md's lists name (`name(…)`, `value|name`), but the layouts' macros."""
    bullets = [line for line in (REPO / "docs" / "layouts.md").read_text(encoding="utf-8").splitlines()
               if line.startswith("- `")]
    macros = {name for path in (REPO / "layouts").rglob("*.html")
              for name in re.findall(r"{%-? macro (\w+)", path.read_text(encoding="utf-8"))}
    return ({name for line in bullets for name in re.findall(r"`(\w+)\(", line)} - macros,
            {name for line in bullets for name in re.findall(r"`\w+\|(\w+)", line)})


def test_every_global_and_filter_docs_layouts_lists_is_one_layouts_get(project):
    shutil.rmtree(project / "content")
    write_tree(project / "content", MINI)
    globals_, filters = documented_names()
    assert {"url", "url_of", "asset", "uri_of", "t"} <= globals_ and "markdown" in filters
    checks = [f"{name}={{{{ {name} is defined }}}}" for name in sorted(globals_)]
    checks += [f"|{name}={{{{ '{name}' is filter }}}}" for name in sorted(filters)]
    layout = project / "layouts" / "404.html"
    layout.write_text(layout.read_text().replace("{% block main %}", "{% block main %}" + " ".join(checks), 1))
    result = command(cwd=project)
    assert result.returncode == 0, result.stderr
    page = (project / "dist" / "404.html").read_text()
    assert [check for check in re.findall(r"\|?\w+=(?:True|False)", page) if check.endswith("False")] == []
    assert len(re.findall(r"\|?\w+=True", page)) == len(checks)
