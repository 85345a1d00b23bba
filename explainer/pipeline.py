"""The build, top to bottom: load -> validate -> resolve -> verify (provenance, words) -> choose the words -> plan
(make_site, which renders and writes nothing) -> render -> index (the search index, of the rendered pages) ->
write (write_site). check_site renders every page in memory; the preview (serve.py) renders what it serves."""

from __future__ import annotations

import gc
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from . import formats
from .editions import Edition, make_editions, split as split_editions
from .plan import EditionLink, plan_site
from .problems import Problem, errors
from .project import Project
from .provenance import check_archives
from .rebuild.manifest import fingerprint, files_under, read_manifest, write_manifest
from .rebuild.pages import Stale
from .rebuild.session import Session
from .render import RenderContext, Rendered
from .search import search_index
from .write import Output, Staging, leftovers


@dataclass(slots=True)
class Result:
    outputs: list[Output] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    written: int = 0
    up_to_date: bool = False  # nothing changed since the last build, whose site is still in the output folder
    warnings: list[str] = field(default_factory=list)  # what went wrong after the new site was swapped in

    @property
    def ok(self) -> bool:
        """True when nothing stops the build: there may be notes, never errors."""
        return not errors(self.problems)


@dataclass(slots=True)
class Part:
    """One edition's share of a site: the edition, its session, the context its pages render in, and its pages:
    unchanged ones as the last build made them, the rest Stale until rendered."""

    edition: Edition
    session: Session
    context: RenderContext
    pages: list[Rendered | Stale]


@dataclass(slots=True)
class Site:
    """A site made in memory, nothing rendered or written yet: the problems of its content (a page's own come as
    it renders), its assets and static/, and each edition's pages. Whoever has it decides which pages to render
    (pages(), render()) and when to make the files beside them (beside())."""

    problems: list[Problem]
    assets: list[Output] = field(default_factory=list)
    static: list[Output] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    stale: dict[str, tuple[Part, Stale]] = field(default_factory=dict)  # the pages to render, by address

    @property
    def ok(self) -> bool:
        return not errors(self.problems)

    def pages(self, render: Collection[str] | None = None) -> Iterator[tuple[str, Rendered]]:
        """Every page that needs no rendering, and the stale ones named in `render` (all when None) rendered now,
        across cores when there are many; in order, each as soon as it is made."""
        for part in self.parts:
            uris = [part.edition.folder + page.page.uri for page in part.pages]
            wanted = [(uri, page) for uri, page in zip(uris, part.pages)
                      if isinstance(page, Rendered) or render is None or uri in render]
            fresh = part.session.pages.make(part.context, [page for _, page in wanted if isinstance(page, Stale)])
            for uri, page in wanted:
                yield uri, page if isinstance(page, Rendered) else next(fresh)

    def render(self, uri: str) -> Rendered:
        """One stale page, rendered now."""
        part, stale = self.stale[uri]
        return next(part.session.pages.make(part.context, [stale]))

    def beside(self) -> list[Output]:
        """The files beside the pages: the feed, the open data, the social cards (each edition's), the sitemap;
        the editions' files, then the original's, which name them all (the cache headers, the sitemap)."""
        uris = [output.uri for output in self.assets] + [part.edition.folder + page.page.uri
                                                          for part in self.parts for page in part.pages]
        theirs = [Output(part.edition.folder + uri, data) for part in self.parts[1:]
                  for uri, data in part.session.beside(part.edition.explainer, part.context, uris).items()]
        first, every = self.parts[0], uris + [output.uri for output in theirs]
        return [Output(uri, data) for uri, data in first.session.beside(first.edition.explainer, first.context,
                                                                          every).items()] + theirs


def make_site(project: Project, session: Session, changed: set[Path] | None = None) -> Site:
    """Read, check and plan the site, and tell which of its pages need rendering; nothing is rendered or written.
    The session's caches make each build after the first redo only what changed; told which files `changed`
    since its last build, it looks at no other content file."""
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
    site = Site(problems)
    for edition in editions:
        # Decide every file, every asset's name and where each fact lives; two inputs for one path are a problem.
        own = session.edition(edition.folder)
        plan, found = plan_site(edition.explainer, loaded, project.base_url, edition.words, formats.names,
                                edition.folder, links)
        problems += found
        # Tell the pages whose inputs changed from the rest, which come from the last build.
        context, pages = own.render(plan, edition.explainer, loaded.layouts)
        part = Part(edition, own, context, pages)
        site.parts.append(part)
        site.stale.update((edition.folder + page.page.uri, (part, page)) for page in pages if isinstance(page, Stale))
    if errors(problems):
        return failed(problems)
    session.keep_editions([edition.folder for edition in editions])
    plan = site.parts[0].context.plan
    site.assets = [Output(copy.uri, copy.data) for copy in plan.assets]
    site.static = [Output(copy.uri, copy.data) for copy in plan.static]
    return site


def check_site(project: Project, session: Session | None = None) -> Result:
    """The whole site made in memory, every page rendered, nothing written: what `explainer check` reports."""
    with no_cycle_collection():
        return rendered(make_site(project, session or Session(project.cache_path)))


def write_site(project: Project, session: Session | None = None, remember: bool = False,
               force: bool = False) -> Result:
    """Make the site and, only when nothing is wrong, swap it into the output folder whole, with its search index;
    each page goes into the fresh folder as soon as it is rendered.

    A session kept across builds makes each rebuild redo only what changed; with `remember`, a build in a new
    process that finds nothing changed since the last one leaves the output alone; with `force`, the site
    replaces an output folder that holds files no build put there."""
    session = session or Session(project.cache_path)
    # Nothing changed since the last build, and its site is still there whole: nothing to do.
    inputs = fingerprint(project) if remember else ""
    if remember and not leftovers(project.output_path) and (last := read_manifest(project)) \
            and last.holds(inputs, project.output_path):
        return Result(problems=last.notes, up_to_date=True)
    with no_cycle_collection(), Staging(project.output_path, project.keep, project.copied, force,
                                        partial(built_before_the_mark, project)) as staging:
        result = rendered(make_site(project, session), staging.put)
        if not result.ok:
            return result
        outputs = result.outputs + search_index(staging.open())  # of the pages already in the fresh folder
        # Swap the new site in whole, linking unchanged files from the last one; or leave it if it is there.
        if session.output.holds(project.output_path, outputs):
            return Result(outputs, result.problems)
        written = staging.finish(outputs, partial(session.output.same_file, project.output_path))
        session.output.wrote(project.output_path, outputs)
        if remember:
            write_manifest(project, inputs, result.problems)
        return Result(outputs, result.problems, written, warnings=staging.warnings)


def rendered(site: Site, put: Callable[[str, bytes], None] | None = None) -> Result:
    """Every page of the site rendered (each one `put` at once while nothing is wrong), then the files beside
    them: the site's outputs, or its problems."""
    if not site.ok:
        return Result(problems=site.problems)
    problems = list(site.problems)
    pages: list[Output] = []
    for uri, page in site.pages():
        problems += page.problems
        if page.data is not None:
            pages.append(Output(uri, page.data))
            if put is not None and not errors(problems):
                put(uri, page.data)
    if errors(problems):
        return Result(problems=sorted(set(problems)))
    return Result(site.assets + pages + site.static + site.beside(), problems)


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


def failed(problems: list[Problem]) -> Site:
    return Site(sorted(set(problems)))


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

