"""The project's own promises: stages import only earlier ones, the schema files and the README stay true."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from helpers import REPO

# Every module of the package with code in it, each after every module it imports.
STAGES = ["problems", "project", "model", "reads", "typography", "images", "strict_yaml", "archieml", "spreadsheet", "load", "scalars",
          "visuals", "charts", "embeds", "validate", "places", "resolve", "wording", "verify", "provenance", "catalogue",
          "editions", "cards", "assets", "plan",
          "links", "markup", "timeline_view", "formats.labels", "formats.map", "parallel", "formats.card", "formats.chart",
          "formats.sitemap", "formats.structured", "formats.opendata", "formats.yearly", "formats.source_cards", "views",
          "formats.feed", "formats", "progress", "render", "rebuild", "write", "search", "rebuild.output",
          "rebuild.manifest", "rebuild.pages", "rebuild.session", "pipeline", "schema", "pull", "starter", "watch", "serve", "cli"]
PACKAGE = REPO / "explainer"


def modules() -> dict[str, Path]:
    """Each module by its dotted name inside the package ('formats.card'; a package's __init__ is 'formats')."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if name and path.read_text(encoding="utf-8").strip():
            found[name] = path
    return found


def imports(module: str) -> set[str]:
    """The package's modules that `module` imports, at the top or inside a function, absolute or relative:
    'from . import x', 'from .x import y', 'from ..x import y', 'from explainer.x import y', 'import explainer.x'."""
    known = modules()
    path = known[module]
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.removeprefix("explainer.") for alias in node.names if alias.name.startswith("explainer.")}
        elif isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").split(".")[0] == "explainer"):
            base = package[:len(package) - node.level + 1] if node.level else []
            written = (node.module or "").removeprefix("explainer").lstrip(".") if not node.level else node.module
            target = ".".join([*base, *(written.split(".") if written else [])])
            for alias in node.names:  # a name that is a module is a dependency on that module
                name = f"{target}.{alias.name}".lstrip(".")
                found.add(name if name in known else target)
    return found - {module, ""}


def test_every_module_has_its_place_among_the_stages():
    assert sorted(STAGES) == sorted(modules()), "add the module to STAGES, after every module it imports"


def test_a_module_imports_only_modules_before_it():
    for index, stage in enumerate(STAGES):
        later = imports(stage) & set(STAGES[index:])
        assert not later, f"{stage} reaches forward to {sorted(later)}"


def test_the_import_reader_sees_every_form_of_import(tmp_path, monkeypatch):
    """The check above can fail: each way of writing an import is seen."""
    fake = tmp_path / "explainer"
    (fake / "formats").mkdir(parents=True)
    (fake / "formats" / "__init__.py").write_text("from . import card\nfrom ..model import Source\n")
    (fake / "formats" / "card.py").write_text("def f():\n    from explainer.write import Output\n")
    (fake / "model.py").write_text("import explainer.problems\nfrom .formats import card\n")
    (fake / "problems.py").write_text("x = 1\n")
    (fake / "write.py").write_text("from . import model\n")
    monkeypatch.setattr(f"{__name__}.PACKAGE", fake)
    assert imports("formats") == {"formats.card", "model"}
    assert imports("formats.card") == {"write"}
    assert imports("model") == {"problems", "formats.card"}
    assert imports("write") == {"model"}


def test_the_shipped_json_schemas_match_the_model(tmp_path):
    from explainer.project import Project
    from explainer.schema import project_examples, project_site, write_schemas
    written = write_schemas(tmp_path, project_site(Project.at(REPO)), project_examples(Project.at(REPO)))
    assert written
    for path in written:
        shipped = REPO / "docs" / "schema" / path.name
        assert shipped.exists(), f"run `python build.py schema`: {shipped.name} is missing"
        assert json.loads(shipped.read_text()) == json.loads(path.read_text()), f"run `python build.py schema`: {path.name}"


def test_every_content_file_points_its_editor_at_its_schema():
    for path in sorted((REPO / "content").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../docs/schema/{path.stem}.schema.json", path.name


def test_the_readme_commands_are_the_ones_ci_and_the_tests_run():
    readme = (REPO / "README.md").read_text()
    build, test, quick_start = re.findall(r"^```sh\n(.+?)\n```", readme, re.MULTILINE | re.DOTALL)[:3]
    # tests/test_packaging.py runs the quick start's steps in a fresh venv: new story, cd story, build.
    assert quick_start.splitlines() == ["python3 -m venv .venv && . .venv/bin/activate",
                                        "pip install . && explainer new story && cd story && explainer build"]
    ci = (REPO / ".ci" / "run").read_text().splitlines()
    assert build == "pip install -r requirements.txt && python build.py"
    assert "python build.py        # the README's build of this repository: the default site must build" in ci
    assert test in ci, "CI runs the README's test command verbatim"
    first_screen = readme.split("\n## ")[:2]  # the title and the quick start: what a reader sees first
    assert re.findall(r"^```sh\n(.+?)\n```", "\n## ".join(first_screen), re.MULTILINE | re.DOTALL) == [build, test]
    assert "`python build.py serve`" in first_screen[-1].split("```sh")[0], "the build says how to preview it"


def test_git_ignores_the_venv_the_readme_makes():
    ignored = (REPO / ".gitignore").read_text().splitlines()
    venvs = set(re.findall(r"python3 -m venv (\S+)", (REPO / "README.md").read_text()))
    assert venvs == {".venv"} and ".venv/" in ignored
