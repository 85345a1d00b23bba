"""The build, top to bottom: load -> validate -> resolve -> verify -> render -> write."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from .load import load
from .problems import Problem, errors
from .project import Project
from .render import Output, Renderer
from .resolve import resolve
from .validate import validate
from .verify import verify
from .write import Staging


@dataclass(slots=True)
class Result:
    outputs: list[Output] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    written: int = 0

    @property
    def ok(self) -> bool:
        """True when nothing stops the build: there may be notes, never errors."""
        return not errors(self.problems)


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """A build makes millions of objects that live until it ends; collecting cycles midway only costs time
    (a third of a large build's)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def make(project: Project, renderer: Renderer | None = None) -> Result:
    """Everything up to writing: the site's outputs, or every problem that stops them.

    A renderer kept across builds carries their cache: unchanged files are not parsed again, and pages
    whose inputs did not change are not rendered again."""
    with no_cycle_collection():
        return make_site(project, renderer)


def make_site(project: Project, renderer: Renderer | None, sink: Callable[[str, bytes], None] | None = None) -> Result:
    """make(), handing each page to `sink` as soon as it is rendered."""
    cache = renderer.cache if renderer is not None else None
    loaded = load(project, cache.document if cache else None)
    if cache:
        cache.loaded(loaded.documents)
    draft, problems = validate(loaded, cache.items if cache else None)
    if loaded.problems:  # a file that did not load would make every reference into it look broken
        return Result(problems=sorted(set(loaded.problems + problems)))
    explainer, found = resolve(draft, cache.facts if cache else None)
    problems += found
    if explainer is None or problems:
        return Result(problems=sorted(set(problems)))
    checked = verify(explainer, loaded)  # quotations and wording against the archived sources
    renderer = renderer or Renderer()
    renderer.cache.explainer, renderer.sink = explainer, sink
    try:
        outputs, found = renderer.render(explainer, loaded.layouts, loaded.assets, project.base_url)
    finally:
        renderer.sink = None
    return Result(outputs, sorted(set(checked + found)))


def build(project: Project, renderer: Renderer | None = None) -> Result:
    """Make the site and, only when nothing is wrong, swap it into the output folder.

    Pages are written into a fresh folder while the rest still renders; a build with a problem throws
    that folder away, so the output folder changes only when the whole site is good."""
    keep = (project.root, project.content_path, project.layouts_path, project.assets_path)
    staging = Staging(project.output_path, keep)
    try:
        with no_cycle_collection():
            result = make_site(project, renderer, staging.put)
        cache = renderer.cache if renderer is not None else None
        if not result.ok or (cache and cache.holds(project.output_path, result.outputs)):
            return result  # a problem, or the output folder is this site already (finally discards the staging)
        reuse = cache.reusable(project.output_path) if cache else None
        result.written = staging.finish(result.outputs, reuse)
        if cache:
            cache.wrote(project.output_path, result.outputs)
    finally:
        staging.discard()
    return result
