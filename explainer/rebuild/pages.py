"""The pages of a rebuild: the shared values layouts read (Views), each page's key (PageKey), and the pages kept
from the last build (Pages), which render again only when something they read changed. What a page or a value
read is recorded while it is made (see reads.py); see session.py for the whole layer."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from .. import parallel
from ..catalogue import Catalogue
from ..markup import MarkdownRenderer
from ..model import Explainer
from ..plan import Page, Plan, Targets
from ..reads import Recorded, recording
from ..render import RenderContext, Rendered
from ..views import SCRIPTS, SHARED, page_values


@dataclass(slots=True)
class Versions:
    """A number for each thing a page or a value may read, named as reads.py notes it ('explainer.events',
    'explainer.pages?' for whether it is empty, 'plan.words', 'layout:base.html'), that changes only when the thing does: keys hold small numbers instead of
    whole collections, and each thing is compared once a build, not once a page."""

    last: dict[str, tuple[Any, int]] = field(default_factory=dict)
    now: dict[str, int] = field(default_factory=dict)
    read: dict[str, Any] = field(default_factory=dict)  # 'explainer', 'plan' -> this build's
    layouts: dict[str, str] = field(default_factory=dict)

    def start(self, explainer: Explainer, plan: Plan, layouts: dict[str, str] | None = None) -> None:
        self.now, self.read, self.layouts = {}, {"explainer": explainer, "plan": plan}, layouts or {}

    def of(self, name: str) -> int:
        if name not in self.now:
            value = self.value(name)
            last = self.last.get(name)
            version = last[1] if last is not None and last[0] == value else (last[1] + 1 if last else 0)
            self.last[name] = (value, version)
            self.now[name] = version
        return self.now[name]

    def value(self, name: str) -> Any:
        if name.startswith("layout:"):
            return self.layouts.get(name.removeprefix("layout:"))
        kind, _, attribute = name.partition(".")
        if attribute.endswith("?"):  # only whether it is empty
            return bool(getattr(self.read[kind], attribute[:-1], None))
        return getattr(self.read[kind], attribute, None)  # a field gone since: None

    def key(self, reads: Iterable[str]) -> tuple[int, ...]:
        return tuple(self.of(name) for name in sorted(reads))


@dataclass(slots=True)
class View:
    version: int
    reads: frozenset[str] = frozenset()  # what making it read (see reads.py)
    key: tuple[int, ...] = ()  # the versions of those then
    value: Any = None
    made: bool = False


class Views:
    """The values layouts read besides a page's own (views.SHARED, and the structured data of the pages that
    carry some), each made only when a page reads it and keyed on what its function read when it was made. Each
    has a version for the pages' keys, which changes only when the value does: a value made before whose key
    changed is made again at the start of a build, and compared; one never made here changes every build."""

    def __init__(self, versions: Versions) -> None:
        self.versions = versions
        self.by_name: dict[str, View] = {name: View(0) for name in SHARED | SCRIPTS}
        self.made_from: tuple[Any, ...] = ()

    def use(self, explainer: Explainer, plan: Plan, markdown: MarkdownRenderer) -> dict[str, Callable[[], Any]]:
        """Start a build (after versions.start); gives each shared value by its name, made when first asked for.
        A View is replaced, never changed, when a build finds it changed: a page left for later by the last
        build still reads that build's."""
        self.made_from = (Recorded(explainer, "explainer"), Recorded(plan, "plan"), markdown)
        by_name: dict[str, View] = {}
        for name, last in self.by_name.items():
            if last.made and self.versions.key(last.reads) == last.key:
                by_name[name] = last
                continue
            view = by_name[name] = View(last.version + 1)
            if last.made and self.make(name, view).value == last.value:
                view.version, view.value = last.version, last.value
        self.by_name = by_name
        return {name: partial(self.value, name, by_name[name], self.made_from) for name in SHARED}

    def version(self, name: str) -> int:
        return self.by_name[name].version

    def value(self, name: str, view: View | None = None, made_from: tuple[Any, ...] = ()) -> Any:
        view = view or self.by_name[name]
        return (view if view.made else self.make(name, view, made_from)).value

    def make(self, name: str, view: View, made_from: tuple[Any, ...] = ()) -> View:
        with recording() as read:
            view.value = (SHARED.get(name) or SCRIPTS[name])(*(made_from or self.made_from))
        view.reads, view.made = frozenset(read), True
        view.key = self.versions.key(view.reads)
        return view


@dataclass(frozen=True, slots=True)
class PageKey:
    """Everything a page is made from: the page, the values only it gets, what the renderer reads for every page
    (which assets exist, the addresses, the base URL, the interface's words, what Markdown places), and the
    versions of what its last render read: the layouts it loaded, the explainer's and the plan's fields, the
    shared values."""

    page: Page
    own: dict[str, Any]
    settings: tuple[Any, ...]
    reads: frozenset[str]
    versions: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Stale:
    """A page to render again: its values (the explainer and the shared values' way in among them), the values
    only it gets (for its key), and the number of the build that found it stale."""

    page: Page
    values: dict[str, Any]
    own: dict[str, Any]
    build: int


@dataclass(slots=True)
class Kept:
    """A page as the last build made it: its key, its bytes (with asset tokens, see plan.asset_token), the links
    in its Markdown, and its bytes with the asset names of `by_token`."""

    key: PageKey
    data: bytes
    links: tuple[str, ...]
    named: bytes
    by_token: dict[bytes, bytes]


class Pages:
    """Rendered pages, keyed on their PageKey and on the links in their Markdown still leading somewhere (a page
    whose link target went away renders again, to say so); a page rendered with a problem is never kept."""

    def __init__(self) -> None:
        self.by_uri: dict[str, Kept] = {}
        self.own: dict[str, tuple[Page, Any, Catalogue, dict[str, Any]]] = {}  # uri -> page, key date, words, values
        self.versions = Versions()
        self.views = Views(self.versions)
        self.targets: Targets | None = None  # the last build's: while they are equal, every link leads where it did
        self.builds = 0
        self.settings: tuple[Any, ...] = ()  # what every page of the current build is rendered with

    def sort(self, context: RenderContext, explainer: Explainer) -> list[Rendered | Stale]:
        """Every planned page, in order: unchanged ones as the last build made them, the rest Stale, for make()."""
        self.builds += 1
        plan = context.plan
        self.versions.start(explainer, plan, context.layouts)
        context.share(self.views.use(explainer, plan, context.markdown), self.views.value("pictures"))
        self.views.value("source_numbers")  # made, so that its version changes only with the numbers
        self.settings = (tuple(sorted(plan.asset_names)), plan.addresses, plan.base_url, plan.words,  # asset names
                         self.views.version("source_numbers"), plan.folder, plan.editions,  # only: see asset_token;
                         self.versions.of("explainer.embeds"),  # Markdown's source marks show the numbers and
                         self.views.version("pictures"))  # it places the embeds, and its pictures their files
        same_targets, self.targets = self.targets == plan.targets, plan.targets
        pages: list[Rendered | Stale] = []
        own: dict[str, tuple[Page, Any, Catalogue, dict[str, Any]]] = {}
        kept: dict[str, Kept] = {}
        for page in plan.pages:
            values = self.page_values(page, explainer.site.key_date, plan.words, own)
            last = self.by_uri.get(page.uri)
            if last is None or last.key != self.page_key(page, values, self.settings, last.key.reads) or not (
                    same_targets or all(map(plan.targets.leads_to, last.links))):
                pages.append(Stale(page, self.context(page, values, explainer), values, self.builds))
                continue
            if last.by_token != plan.by_token:
                last = Kept(last.key, last.data, last.links, plan.with_asset_names(last.data), plan.by_token)
            kept[page.uri] = last
            pages.append(Rendered(page, last.named, (), last.links))
        self.own, self.by_uri = own, kept
        return pages

    def make(self, context: RenderContext, stale: list[Stale]) -> Iterator[Rendered]:
        """The stale pages rendered, in order (across cores when there are many), each kept for the next build
        while no other build has started since."""
        if parallel.workers_for(len(stale)):  # made here once, not in every worker, and known here for the keys
            for make in context.shared.values():
                make()
        fresh = context.render_pages([(job.page, job.values) for job in stale])
        for job, rendered in zip(stale, fresh):
            yield self.keep(rendered, job.own, context.plan, job.build == self.builds)

    def keep(self, rendered: Rendered, own: dict[str, Any], plan: Plan, current: bool) -> Rendered:
        """A page just rendered, with the plan's asset names, kept for the next build when it came without
        problems and its build is the `current` one (whose versions its key takes), keyed on what it read."""
        page = rendered.page
        if rendered.data is None:
            return rendered
        named = plan.with_asset_names(rendered.data)
        if current and not rendered.problems:
            reads = rendered.reads | ({f"shared.{page.uri}"} if page.uri in SCRIPTS else set())
            self.by_uri[page.uri] = Kept(self.page_key(page, own, self.settings, reads), rendered.data,
                                         rendered.links, named, plan.by_token)
        return Rendered(page, named, rendered.problems, rendered.links)

    def page_values(self, page: Page, key_date: Any, words: Catalogue,
                    own: dict[str, tuple[Page, Any, Catalogue, dict[str, Any]]]) -> dict[str, Any]:
        """views.page_values, made again only when the page, the key date or the words changed."""
        last = self.own.get(page.uri)
        if last is None or last[0] != page or last[1] != key_date or last[2] != words:
            last = (page, key_date, words, page_values(page, key_date, words))
        own[page.uri] = last
        return last[3]

    def page_key(self, page: Page, own: dict[str, Any], settings: tuple[Any, ...], reads: frozenset[str]) -> PageKey:
        """The page's key if it read `reads` now: the versions of what it read, shared values by their own."""
        versions = tuple(self.views.version(name.removeprefix("shared.")) if name.startswith("shared.")
                         else self.versions.of(name) for name in sorted(reads))
        return PageKey(page, own, settings, reads, versions)

    def context(self, page: Page, own: dict[str, Any], explainer: Explainer) -> dict[str, Any]:
        """The page's own values, the explainer read through a recorder, and the page's structured data; the
        shared values come when its layouts ask for them (render.PageContext)."""
        script = self.views.value(page.uri) if page.uri in SCRIPTS else ""
        return {"explainer": Recorded(explainer, "explainer", items=True), **own, "structured_data": script}
