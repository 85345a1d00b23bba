"""The project's own promises: stages import only earlier ones, the schema files and the README stay true."""

from __future__ import annotations

import ast
import json
import re

from conftest import REPO

STAGES = ["problems", "project", "model", "load", "validate", "resolve", "verify", "catalogue", "plan", "markup",
          "render", "write", "pipeline", "cli"]


def imports(module: str) -> set[str]:
    tree = ast.parse((REPO / "explainer" / f"{module}.py").read_text())
    return {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module}


def test_a_stage_imports_only_earlier_stages():
    for index, stage in enumerate(STAGES):
        later = set(STAGES[index:])
        assert not imports(stage) & later, f"{stage} reaches forward to {imports(stage) & later}"


def test_the_shipped_json_schemas_match_the_model(tmp_path):
    from explainer.cli import project_site
    from explainer.project import Project
    from explainer.schema import write_schemas
    written = write_schemas(tmp_path, project_site(Project.at(REPO)))
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
    quick_start, build, test = re.findall(r"^```sh\n(.+?)\n```", readme, re.MULTILINE | re.DOTALL)[:3]
    # tests/test_packaging.py runs the quick start's steps in a fresh venv: new story, cd story, build.
    assert quick_start.splitlines() == ["python3 -m venv .venv && . .venv/bin/activate",
                                        "pip install . && explainer new story && cd story && explainer build"]
    ci = (REPO / ".ci" / "run").read_text().splitlines()
    assert build == "pip install -r requirements.txt && python build.py"
    assert "python build.py        # the README's build of this repository: the default site must build" in ci
    assert test in ci, "CI runs the README's test command verbatim"
