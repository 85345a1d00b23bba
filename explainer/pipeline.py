"""The build, top to bottom: load -> validate -> resolve -> verify (provenance, words) -> choose the words -> plan
-> render -> index (the search index, of the rendered pages) -> write."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from . import formats
from .editions import Edition, make_editions, split as split_editions
from .plan import EditionLink, Plan, plan_site
from .problems import Problem, errors
from .project import Project
from .provenance import check_archives
from .rebuild.manifest import fingerprint, files_under, read_manifest, write_manifest
from .rebuild.session import Session
from .render import Rendered
from .search import search_index
from .write import Output, Staging, leftovers


@dataclass(slots=True)
class Result:
    outputs: list[Output] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    written: int = 0
    up_to_date: bool = False  # nothing changed since the last build, whose site is still in the output folder
    warnings: list[str] = field(default_factory=list)  # what went wrong after the new site was swapped in
    later: Callable[[], list[Output]] | None = None  # a build made `later`: the files beside the pages, on request
    pending: dict[str, Callable[[], Rendered]] = field(default_factory=dict)  # and pages it left to render on request

    @property
    def ok(self) -> bool:
        """True when nothing stops the build: there may be notes, never errors."""
        return not errors(self.problems)


def build(project: Project, session: Session | None = None, write: bool = True, remember: bool = False,
          later: bool = False, changed: set[Path] | None = None, force: bool = False) -> Result:
    """Make the site and, only when nothing is wrong (and `write` is on), swap it into the output folder whole.

    A session kept across builds (as the preview keeps one) makes each rebuild redo only what changed; with
    `remember`, a build in a new process that finds nothing changed since the last one leaves the output alone;
    with `later` (and `write` off, as for the preview, which serves the site from memory), the files beside the
    pages are made only when Result.later is called, and when an edit changed most pages (a layout), only the
    first page of each layout is rendered at once: the rest are in Result.pending. A session told which files
    `changed` since its last build looks at no other content file. With `force`, the site replaces an output
    folder that holds files no build put there."""
    session = session or Session(project.cache_path)
    # Nothing changed since the last build, and its site is still there whole: nothing to do.
    inputs = fingerprint(project) if remember else ""
    if remember and not leftovers(project.output_path) and (last := read_manifest(project)) \
            and last.holds(inputs, project.output_path):
        return Result(problems=last.notes, up_to_date=True)
    with no_cycle_collection(), Staging(project.output_path, project.keep, project.copied, force,
                                        partial(built_before_the_mark, project)) as staging:
        # Read every file, check it against the model and link every reference; the editions' translations apart.
        loaded, translations = split_editions(session.load(project, changed))
        draft, problems = session.validate(loaded)
        if loaded.problems:  # a file that did not load would make every reference into it look broken
            return failed(loaded.problems + problems)
        explainer, found = session.resolve(draft)
        problems += found  # notes (a spreadsheet's or a document's left-out lines) go on with the build
        if explainer is None or errors(problems):
            return failed(problems)
        # Check that each archive is the text saved from its source, then every quotation and our own wording
        # against the archives.
        problems += check_archives(explainer, loaded) + session.verify(explainer, loaded)
        if errors(problems):
            return failed(problems)
        # Choose the interface's words: the catalogue of the site's language.
        words, found = session.words(loaded, explainer.site, draft.site_file)
        if words is None:
            return failed(problems + found)
        # Lay each edition's translations over the original: their problems, and the fields they lack.
        editions, found = make_editions(explainer, loaded, translations, words, session.verifications.archives,
                                        draft.site_file)
        problems += found
        if errors(problems):
            return failed(problems)
        links = tuple(EditionLink(e.language, e.folder, e.words.text("edition.name")) for e in editions) \
            if len(editions) > 1 else ()
        outputs: list[Output] = []
        uris: list[str] = []
        pending: dict[str, Callable[[], Rendered]] = {}
        made: list[tuple[Edition, Session, Plan]] = []
        for edition in editions:
            # Decide every file, every asset's name and where each fact lives; two inputs for one path are a problem.
            part = session.edition(edition.folder)
            plan, found = plan_site(edition.explainer, loaded, project.base_url, edition.words, formats.names,
                                    edition.folder, links)
            problems += found
            made.append((edition, part, plan))
            if not edition.folder:
                outputs += [Output(copy.uri, copy.data) for copy in plan.assets]
                uris += [output.uri for output in outputs]
            # Render the pages whose inputs changed (the rest come from the last build); write each good one at once.
            for rendered in part.render(plan, edition.explainer, loaded.layouts, lazy=later and not write):
                problems += rendered.problems
                uri = edition.folder + rendered.page.uri
                uris.append(uri)
                if rendered.later is not None:
                    pending[uri] = rendered.later
                elif rendered.data is not None:
                    outputs.append(Output(uri, rendered.data))
                    if write and not errors(problems):
                        staging.put(uri, rendered.data)
        if errors(problems):
            return failed(problems)
        # Make the files beside the pages: the feed, the open data, the social card (each edition's), the sitemap;
        # add static/.
        outputs += [Output(copy.uri, copy.data) for copy in made[0][2].static]
        def beside() -> list[Output]:
            """The editions' files, then the original's, which name them all (the cache headers, the sitemap)."""
            theirs = [Output(edition.folder + uri, data) for edition, part, plan in made[1:]
                      for uri, data in part.beside(edition.explainer, plan, uris).items()]
            original, part, plan = made[0]
            every = uris + [output.uri for output in theirs]
            return [Output(uri, data) for uri, data in part.beside(original.explainer, plan, every).items()] + theirs
        session.keep_editions([edition.folder for edition in editions])
        if later and not write:
            return Result(outputs, problems, later=beside, pending=pending)
        outputs += beside()
        if write:  # the search index, of the pages already in the fresh folder
            outputs += search_index(staging.open())
        # Swap the new site in whole, linking unchanged files from the last one; or leave it if it is there.
        if write and not session.output.holds(project.output_path, outputs):
            written = staging.finish(outputs, partial(session.output.same_file, project.output_path))
            session.output.wrote(project.output_path, outputs)
            if remember:
                write_manifest(project, inputs, problems)
            return Result(outputs, problems, written, warnings=staging.warnings)
        return Result(outputs, problems)


def editions_of(project: Project) -> tuple[list[Edition] | None, list[Problem]]:
    """Every edition of the project with its gaps, for `explainer status` (the quotations not checked), or None
    and the problems that stop the content from being read."""
    session = Session(project.cache_path)
    loaded, translations = split_editions(session.load(project))
    draft, problems = session.validate(loaded)
    explainer, found = session.resolve(draft) if not loaded.problems else (None, [])
    problems = loaded.problems + problems + found
    words, found = session.words(loaded, explainer.site, draft.site_file) if explainer else (None, [])
    if explainer is None or words is None or errors(problems + found):
        return None, problems + found
    editions, found = make_editions(explainer, loaded, translations, words, None, draft.site_file)
    return (None if errors(found) else editions), found


def built_before_the_mark(project: Project) -> bool:
    """True when the output folder holds only files the last build recorded: a site that a version from before
    builds marked their output made, which the next build may replace like any of its own."""
    last = read_manifest(project)
    return last is not None and files_under(project.output_path).keys() <= last.outputs.keys()


def failed(problems: list[Problem]) -> Result:
    return Result(problems=sorted(set(problems)))


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

