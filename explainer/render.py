"""Rendering: each planned page through its Jinja2 layout, with the values it reads.

One sandboxed environment (Layouts) serves every build and edition in a process and is never changed: each layout
is parsed and compiled once. What one build renders with (its plan, layouts, words, shared values: a RenderContext)
and what one page found while rendering (a PageRun) are in scope while the page renders (rendering()), where the
layouts' names, the markdown filter and the loader find them."""

from __future__ import annotations

import hashlib
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import missing
from markupsafe import Markup

from . import parallel
from .editions import NewsroomTranslation, Untranslated, UntranslatedMarkdown, quote_language
from .formats.sitemap import page_url
from .images import PictureView
from .markup import MarkdownRenderer
from .model import Explainer, Markdown, Source
from .plan import LAYOUT_SYNTAX_OPTIONS, Page, Plan, asked_address, asset_token, layout_tree
from .problems import Problem
from .project import private
from .progress import Progress
from .reads import note, recording
from .typography import smarten


@dataclass(frozen=True, slots=True)
class Rendered:
    """One page's bytes, or None when its layout failed, every problem found while rendering it, and where its
    Markdown's links inside the site lead ('timeline.html#event-x'), to check again when the page is reused, and
    what rendering it read (see reads.py)."""

    page: Page
    data: bytes | None
    problems: tuple[Problem, ...]
    links: tuple[str, ...] = ()
    reads: frozenset[str] = frozenset()


class LayoutLoader(jinja2.BaseLoader):
    """Serves the layouts of the build whose page is rendering, under their real file names so errors point at
    them; a layout compiled once serves every build and edition whose source of it is the same."""

    def get_source(self, environment: jinja2.Environment, name: str) -> tuple[str, str, Callable[[], bool]]:
        layouts = rendering().context.layouts
        if name not in layouts:
            raise jinja2.TemplateNotFound(name)
        source = layouts[name]
        return source, f"layouts/{name}", lambda: rendering().context.layouts.get(name) == source

    def load(self, environment: jinja2.Environment, name: str,
             globals: MutableMapping[str, Any] | None = None) -> jinja2.Template:
        """BaseLoader.load, compiling the syntax tree the plan read the layout's ids from (plan.layout_tree), so
        each layout is parsed once."""
        source, filename, uptodate = self.get_source(environment, name)
        cache = environment.bytecode_cache
        bucket = None if cache is None else cache.get_bucket(environment, name, filename, source)
        code = None if bucket is None else bucket.code
        if code is None:
            tree = layout_tree(source)
            code = environment.compile(source if tree is None else tree, name, filename)  # a syntax error: raised
            if cache is not None and bucket is not None:
                bucket.code = code
                cache.set_bucket(bucket)
        return environment.template_class.from_code(environment, code, {} if globals is None else globals, uptodate)


class CompiledLayouts(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled layouts in a folder of the project's own, named after everything that shapes
    the compiled code (Jinja reads only a template's name and source, and the sandbox changes the code); a cache
    that cannot be written is skipped, never a failed build."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


ENVIRONMENT = {"undefined": jinja2.StrictUndefined, "autoescape": True, **LAYOUT_SYNTAX_OPTIONS}


def compiled_layouts(folder: Path | None) -> jinja2.BytecodeCache | None:
    """The cache of compiled layouts under `folder`, or none without one (or where it cannot be made)."""
    if folder is None:
        return None
    shape = hashlib.sha256(repr((jinja2.__version__, sys.version_info[:2], ImmutableSandboxedEnvironment.__name__, sorted(
        (key, getattr(value, "__name__", value)) for key, value in ENVIRONMENT.items()))).encode()).hexdigest()[:12]
    try:
        path = folder / f"layouts-{shape}"
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        return CompiledLayouts(str(path)) if private(path) else None
    except OSError:
        return None


class PageContext(Context):
    """A page's values: a name it was not given (nor Layouts' globals) is looked up in its build's context, where
    asset(), url(), t() and the shared values are (a shared value made when first read)."""

    def resolve_or_missing(self, key: str) -> Any:
        found = super().resolve_or_missing(key)
        return rendering().context.name(key) if found is missing else found


class Layouts(ImmutableSandboxedEnvironment):
    """Jinja's sandbox, so a layout (a project's, perhaps from a pull request) reaches only the values it is given:
    no Python internals, files or commands, and no change to the values pages share. One serves every build and
    edition of a process, so each layout is parsed and compiled once; it is not changed after it is made: what
    differs between builds is in their RenderContext. Each layout a page loads is noted (see reads.py)."""

    context_class = PageContext

    def __init__(self, cache_path: Path | None = None) -> None:
        super().__init__(loader=LayoutLoader(), bytecode_cache=compiled_layouts(cache_path), **ENVIRONMENT)
        self.filters["markdown"] = markdown_filter
        self.filters["smarten"] = smarten  # a quotation's straight quotes and apostrophes, curly as on the page
        self.tests["newsroom_translation"] = lambda value: isinstance(value, NewsroomTranslation)
        self.globals.update(address=lambda name, *args: layout_address("address", name, args),
                            lang_of=lang_of, gap_note=gap_note, quote_language=quote_language)
        self.verdicts: dict[tuple[type, str], bool] = {}  # the sandbox's, per type and attribute name

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """The sandbox's verdict on reading an attribute, which depends only on the object's type and the name:
        worked out once per pair, not on each of the thousands of reads a page makes."""
        kind = type(obj)
        if obj.__class__ is not kind:  # an object posing as another type: ask every time
            return bool(super().is_safe_attribute(obj, attr, value))
        verdict = self.verdicts.get((kind, attr))
        if verdict is None:
            verdict = self.verdicts[kind, attr] = bool(super().is_safe_attribute(obj, attr, value))
        return verdict

    def get_template(self, name: str | jinja2.Template, parent: str | None = None,
                     globals: MutableMapping[str, Any] | None = None) -> jinja2.Template:
        note(f"layout:{name}")
        return super().get_template(name, parent, globals)

    def select_template(self, names: Iterable[str | jinja2.Template], parent: str | None = None,
                        globals: MutableMapping[str, Any] | None = None) -> jinja2.Template:
        names = list(names)
        for name in names:  # the first found is used, but any of them appearing would change the page
            note(f"layout:{name}")
        return super().select_template(names, parent, globals)


class PageRun:
    """One page rendering in its build's context, and what it found so far: the Markdown filter's problems, where
    the links it converts lead, the sources it marks, and the sources its layouts link to."""

    def __init__(self, context: RenderContext) -> None:
        self.context = context
        self.found: list[Problem] = []
        self.followed: list[str] = []
        self.marked: set[str] = set()
        self.linked: set[str] = set()


_running: list[PageRun] = []  # the page rendering now in this process


def rendering() -> PageRun:
    """The page rendering now: what a layout's names, the markdown filter and the loader act for."""
    return _running[-1]


class RenderContext:
    """One edition's rendering in one build: its plan and layouts, the Markdown converter set up for it, the values
    its pages share (`shared`, views.SHARED by name, made when first read), and the names its layouts call
    (asset(), url(), t(), …). The Layouts it renders in are never changed: a page finds this through rendering()."""

    def __init__(self, env: Layouts, plan: Plan, layouts: dict[str, str], markdown: MarkdownRenderer,
                 explainer: Explainer) -> None:
        self.env, self.plan, self.layouts, self.markdown = env, plan, layouts, markdown
        self.source_ids = tuple(source.id for source in explainer.sources)  # in order: they number the source marks
        self.embeds = explainer.embeds  # what Markdown may place
        self.shared: Mapping[str, Callable[[], Any]] = {}
        self.pictures: Mapping[str, PictureView] | None = None  # what Markdown's pictures show, once made
        words, base_url = plan.words, plan.base_url
        self.names: dict[str, Any] = dict(
            asset=self.asset_uri, url=self.site_uri, url_of=self.url_of, root_url=self.root_uri, uri_of=self.uri_of,
            unmarked=self.unmarked, marked_sources=self.marked_sources, cited_sources=self.cited_sources,
            editions_of=self.editions_of, anchor_of=plan.addresses.anchor_of,
            canonical=lambda uri: page_url(base_url, uri), t=words.markup, date_label=words.date,
            timestamp_label=words.timestamp, language_name=words.language_name)
        self.prepare()

    def share(self, shared: Mapping[str, Callable[[], Any]], pictures: Mapping[str, PictureView]) -> None:
        """The values pages share, and the pictures Markdown shows (a shared value too)."""
        self.shared, self.pictures = shared, pictures
        self.markdown.use_pictures(pictures)

    def prepare(self) -> None:
        """Set the Markdown converter up for this build (asset names, addresses, the base URL, the sources in order,
        the embeds, the pictures): a build since may have set it up for its own."""
        self.markdown.use(self.plan)
        self.markdown.use_sources(self.source_ids)
        self.markdown.use_embeds(self.embeds)
        if self.pictures is not None:
            self.markdown.use_pictures(self.pictures)

    def name(self, key: str) -> Any:
        """What a layout's name means in this build, or `missing`; a shared value is noted (see reads.py)."""
        found = self.names.get(key, missing)
        if found is missing and key in self.shared:
            note(f"shared.{key}")
            return self.shared[key]()
        return found

    def unmarked(self, sources: Iterable[Source], *texts: Markdown | None) -> list[Source]:
        """The sources that none of the texts marks inline: the ones an item still has to name."""
        marked = set().union(*(self.markdown.marked(text) for text in texts if text is not None))
        return [source for source in sources if source.id not in marked]

    def marked_sources(self) -> list[int]:
        """The numbers of the sources the page has marked so far, in order: at the page's end, all it marks."""
        return sorted(self.markdown.links.numbers[source_id] for source_id in rendering().marked)

    def cited_sources(self, also: Iterable[Source] = ()) -> list[int]:
        """The numbers of the sources the page has marked or linked to so far, and of `also`, in order."""
        numbers, run = self.markdown.links.numbers, rendering()
        return sorted(numbers[source_id] for source_id in run.marked | run.linked | {s.id for s in also})

    def uri_of(self, fact: Any) -> str:
        """A fact's permalink (Addresses.uri_of), noting each source the page links to."""
        if isinstance(fact, Source):
            rendering().linked.add(fact.id)
        return self.plan.addresses.uri_of(fact)

    @jinja2.pass_context
    def asset_uri(self, context: jinja2.runtime.Context, name: str) -> str:
        if name not in self.plan.asset_names:
            raise jinja2.TemplateRuntimeError(f"asset('{name}'): there is no assets/{name}")
        return context["page"].root_uri + self.plan.up + "assets/" + asset_token(name)

    @jinja2.pass_context
    def site_uri(self, context: jinja2.runtime.Context, target: str) -> str:
        """A file of the site ('timeline.html#event-x', from the edition's root) as a link from this page; a file
        the build does not make stops the build at the layout's line."""
        file = target.partition("#")[0]
        if file and file not in self.plan.targets.files:
            raise jinja2.TemplateRuntimeError(f"url('{target}'): the site has no file {file}")
        return context["page"].root_uri + target

    @jinja2.pass_context
    def url_of(self, context: jinja2.runtime.Context, name: str, *args: Any) -> str:
        """A page or file by its name in plan.ADDRESSES, as a link from this page: url_of('timeline', 2022)."""
        return str(self.site_uri(context, layout_address("url_of", name, args)))

    @jinja2.pass_context
    def root_uri(self, context: jinja2.runtime.Context, target: str) -> str:
        """A file at the site's root whichever edition the page is in (the search index)."""
        return context["page"].root_uri + self.plan.up + target

    def editions_of(self, page: Page) -> list[dict[str, Any]]:
        """The page in each edition, the original first: its language, the language's own name, its address from
        this page (`href`) and its absolute one (`url`, None without a base URL); none for a site in one language."""
        plan = self.plan
        root = plan.base_url[:len(plan.base_url) - len(plan.folder)] if plan.base_url else None
        return [{"language": e.language, "name": e.name, "current": e.folder == plan.folder,
                 "href": page.root_uri + plan.up + e.folder + page.uri,
                 "url": page_url(root + e.folder, page.uri) if root else None} for e in plan.editions]

    def render_pages(self, pages: Sequence[tuple[Page, dict[str, Any]]]) -> Iterator[Rendered]:
        """Each page with its values, rendered across cores when there are many; pages come out in order as
        soon as they are made, so the caller can write them while the rest render."""
        self.prepare()
        counter = Progress("rendering", len(pages), "pages")
        done = 0
        for part in parallel.render_all(self.render_one, pages):
            for rendered in part:
                yield rendered
            done += len(part)
            counter.update(done)
        counter.done()

    def render_one(self, job: tuple[Page, dict[str, Any]]) -> Rendered:
        page, values = job
        run = PageRun(self)
        _running.append(run)
        try:
            with recording() as read:
                html = self.render_page(page, values, run.found)
        finally:
            _running.pop()
        return Rendered(page, None if html is None else html.encode(), tuple(run.found),
                        tuple(sorted(set(run.followed))), reads=frozenset(read))

    def render_page(self, page: Page, values: dict[str, Any], found: list[Problem]) -> str | None:
        try:
            return self.env.get_template(page.layout).render(values, page=page)
        except jinja2.TemplateSyntaxError as error:
            found.append(Problem(error.filename or f"layouts/{page.layout}", error.lineno, 1,
                                 f"template syntax: {error.message}"))
        except jinja2.TemplateNotFound as error:
            found.append(Problem(f"layouts/{page.layout}", 0, 0, f"template '{error.name}' not found",
                                 "create it in layouts/ or fix the name"))
        except SecurityError as error:
            refused = str(error).rstrip(".")
            found.append(Problem(*layout_line(error, page), f"while rendering {page.uri}: the sandbox refused it: "
                                 f"{refused}", "a layout may use the values it is given, not Python's insides "
                                 "(see docs/layouts.md)"))
        except Exception as error:  # a layout's runtime error: report its own file and line
            found.append(Problem(*layout_line(error, page), f"while rendering {page.uri}: {error}",
                                 "fix the layout (see docs/layouts.md)"))
        return None


@jinja2.pass_context
def markdown_filter(context: jinja2.runtime.Context, value: Markdown, under: int = 2) -> Markup:
    """A Markdown value as HTML on the page rendering now, noting what it finds, links to and marks."""
    run, page = rendering(), context["page"]
    converted = run.context.markdown.render(value, page.root_uri, under, page.uri, marks=True)
    run.found.extend(converted.problems)
    run.followed.extend(converted.links)
    run.marked.update(converted.marked)
    if isinstance(value, UntranslatedMarkdown):  # the original's words in an edition: their language, a note
        return Markup('<div lang="{}" class="untranslated">{}</div>\n<p class="untranslated-note">{}</p>').format(
            value.lang, converted.html, value.note)
    return converted.html


def layout_address(function: str, name: str, args: tuple[Any, ...]) -> str:
    """The address a layout's url_of() or address() asks for; a wrong name or wrong values stop the build at its line."""
    try:
        return asked_address(name, *args)
    except ValueError as error:
        call = ", ".join(repr(value) for value in (name, *args))
        raise jinja2.TemplateRuntimeError(f"{function}({call}): {error}") from None


def lang_of(value: object) -> Markup:
    """' lang="en"' for the original's words shown in an edition that has no current translation of them."""
    return Markup(' lang="{}"').format(value.lang) if isinstance(value, (Untranslated, UntranslatedMarkdown)) \
        else Markup("")


def gap_note(value: object) -> Markup:
    """The note beside the original's words shown in an edition ('Not yet translated'), or nothing."""
    return Markup(' <span class="untranslated-note">{}</span>').format(value.note) \
        if isinstance(value, (Untranslated, UntranslatedMarkdown)) else Markup("")


def layout_line(error: Exception, page: Page) -> tuple[str, int, int]:
    """The layout file, line and column where a layout's runtime error happened (its innermost layout frame)."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.startswith("layouts/")]
    return (frames[-1].filename, frames[-1].lineno or 0, 1) if frames else (f"layouts/{page.layout}", 0, 1)
