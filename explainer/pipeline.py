"""The build, top to bottom: load -> validate -> resolve -> render -> write."""

from __future__ import annotations

from dataclasses import dataclass, field

from .load import load
from .problems import Problem
from .project import Project
from .render import Output, Renderer
from .resolve import resolve
from .validate import validate
from .write import write


@dataclass(slots=True)
class Result:
    outputs: list[Output] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    written: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def make(project: Project, renderer: Renderer | None = None) -> Result:
    """Everything up to writing: the site's outputs, or every problem that stops them."""
    loaded = load(project)
    draft, problems = validate(loaded)
    if loaded.problems:  # a file that did not load would make every reference into it look broken
        return Result(problems=sorted(set(loaded.problems + problems)))
    explainer, found = resolve(draft)
    problems += found
    if explainer is None or problems:
        return Result(problems=sorted(set(problems)))
    outputs, found = (renderer or Renderer()).render(explainer, loaded.layouts, loaded.assets, project.base_url)
    return Result(outputs, sorted(set(found)))


def build(project: Project, renderer: Renderer | None = None) -> Result:
    """Make the site and, only when nothing is wrong, swap it into the output folder."""
    result = make(project, renderer)
    if result.ok:
        keep = (project.root, project.content_path, project.layouts_path, project.assets_path)
        result.written = write(result.outputs, project.output_path, keep)
    return result
