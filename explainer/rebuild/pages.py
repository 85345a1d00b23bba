"""The pages of a rebuild: the shared values layouts read (Views), each page's key (PageKey), and the pages kept
from the last build (Pages), which render again only when their key changed; see session.py for the whole layer."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from ..catalogue import Catalogue
from ..markup import MarkdownRenderer
from ..model import Embed, Explainer
from ..plan import Page, Plan, Targets
from ..render import Rendered, Renderer
from ..views import SCRIPTS, SHARED, page_values
from .reads import LayoutIndex, Reads

VIEWS = SHARED | SCRIPTS
LAZY_FROM = 100  # past this many changed pages, a lazy build renders the rest on request


@dataclass(slots=True)
class View:
    key: tuple[Any, ...]
    version: int
    value: Any = None
    made: bool = False


class Views:
    """The values layouts read besides a page's own (views.SHARED, and the structured data of the pages that
    carry some), each keyed on the explainer's fields it is made from and the plan's settings, and made only
    when a page that reads it renders. Each has a version for the pages' keys, which changes only when the value
    does: a value some page read is made again as soon as its key changes, and compared."""

    def __init__(self) -> None:
        self.by_name: dict[str, View] = {}
        self.made_from: tuple[Explainer, Plan, MarkdownRenderer] | None = None

    def use(self, explainer: Explainer, plan: Plan, markdown: MarkdownRenderer) -> None:
        """Start a build: each value whose key changed is made again now if it was made before, else when read."""
        settings = (plan.addresses, plan.base_url, plan.words, plan.menu, tuple(sorted(plan.asset_names)), plan.folder,
                    plan.editions, plan.cards.get("index.html"))
        self.made_from = (explainer, plan, markdown)
        for name, shared in VIEWS.items():
            key = (settings, *(getattr(explainer, field) for field in shared.fields))
            last = self.by_name.get(name)
            if last is not None and last.key == key:
                continue
            view = self.by_name[name] = View(key, last.version + 1 if last else 0)
            if last is not None and last.made:
                self.value(name)
                if view.value == last.value:
                    view.version, view.value = last.version, last.value

    def version(self, name: str) -> int:
        return self.by_name[name].version

    def value(self, name: str) -> Any:
        view = self.by_name[name]
        if not view.made:
            assert self.made_from is not None
            view.value, view.made = VIEWS[name].make(*self.made_from), True
        return view.value


@dataclass(slots=True)
class Versions:
    """A number for each of the explainer's fields that changes only when the field does, so that a page's key
    holds small numbers instead of whole collections, and each is compared once a build, not once a page. A
    value is named by what it is: ('explainer',) whole, ('field', name), or ('tested', name) for whether a field
    is empty."""

    last: dict[tuple[str, ...], tuple[Any, int]] = field(default_factory=dict)
    now: dict[tuple[str, ...], int] = field(default_factory=dict)

    def of(self, name: tuple[str, ...], value: Any) -> int:
        if name not in self.now:
            last = self.last.get(name)
            version = last[1] if last is not None and last[0] == value else (last[1] + 1 if last else 0)
            self.last[name] = (value, version)
            self.now[name] = version
        return self.now[name]


@dataclass(frozen=True, slots=True)
class PageKey:
    """Everything a page is made from: the page, the values only it gets, its layouts, the plan's settings
    (which assets exist, the addresses, the base URL, the interface's words), and the version of each shared value
    and each of the explainer's fields its layouts read."""

    page: Page
    own: dict[str, Any]
    layouts: tuple[tuple[str, str], ...]
    settings: tuple[Any, ...]
    versions: tuple[int, ...]


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
        self.layouts = LayoutIndex()
        self.versions = Versions()
        self.views = Views()
        self.targets: Targets | None = None  # the last build's: while they are equal, every link leads where it did

    def render(self, renderer: Renderer, plan: Plan, explainer: Explainer, layouts: dict[str, str],
               lazy: bool = False) -> Iterator[Rendered]:
        """Every planned page, in order: unchanged ones from the last build, the rest rendered anew. When `lazy`
        and more than LAZY_FROM pages changed (a layout or a word every page shows), only the first page of each
        layout is rendered now, to find a broken layout at once; the rest come as Rendered.later."""
        self.versions.now = {}
        self.views.use(explainer, plan, renderer.markdown)
        renderer.markdown.use_pictures(self.views.value("pictures"))
        settings = (tuple(sorted(plan.asset_names)), plan.addresses, plan.base_url, plan.words,  # asset names only:
                    self.views.version("source_numbers"), plan.folder, plan.editions,  # see asset_token; Markdown's source marks show the numbers
                    self.versions.of(("field", "embeds"), explainer.embeds),  # and Markdown places the embeds
                    self.views.version("pictures"))  # and its pictures their files
        same_targets, self.targets = self.targets == plan.targets, plan.targets
        keys: dict[str, PageKey | None] = {}
        stale: list[tuple[Page, dict[str, Any]]] = []
        own: dict[str, tuple[Page, Any, Catalogue, dict[str, Any]]] = {}
        for page in plan.pages:
            values = self.page_values(page, explainer.site.key_date, plan.words, own)
            reads = self.layouts.reads(renderer.env, layouts, page.layout)
            key = keys[page.uri] = None if reads is None else self.page_key(page, values, reads, explainer, settings)
            last = self.by_uri.get(page.uri)
            if key is None or last is None or last.key != key or not (
                    same_targets or all(map(plan.targets.leads_to, last.links))):
                stale.append((page, self.context(page, values, reads, explainer)))
                self.by_uri.pop(page.uri, None)
        self.own = own
        later: dict[str, tuple[Page, dict[str, Any]]] = {}
        if lazy and len(stale) > LAZY_FROM:
            first: dict[str, str] = {}
            for page, _ in stale:
                first.setdefault(page.layout, page.uri)
            later = {page.uri: (page, values) for page, values in stale if first[page.layout] != page.uri}
            stale = [job for job in stale if job[0].uri not in later]
        fresh = renderer.render_pages(stale)
        source_ids = tuple(source.id for source in explainer.sources)
        kept: dict[str, Kept] = {}
        for page in plan.pages:
            last = self.by_uri.get(page.uri)
            if last is not None:
                if last.by_token != plan.by_token:
                    last = Kept(last.key, last.data, last.links, plan.with_asset_names(last.data), plan.by_token)
                kept[page.uri] = last
                yield Rendered(page, last.named, (), last.links)
                continue
            if page.uri in later:
                yield Rendered(page, None, (), later=partial(self.render_late, renderer, later[page.uri],
                                                             keys[page.uri], plan, layouts, source_ids, explainer.embeds))
                continue
            yield self.keep(next(fresh), keys[page.uri], plan, kept)
        self.by_uri = kept

    def render_late(self, renderer: Renderer, job: tuple[Page, dict[str, Any]], key: PageKey | None, plan: Plan,
                    layouts: dict[str, str], source_ids: tuple[str, ...], embeds: tuple[Embed, ...]) -> Rendered:
        """A page a lazy build left for later, rendered now and kept for the next build."""
        return self.keep(renderer.render_late(job, plan, layouts, source_ids, embeds), key, plan)

    def keep(self, rendered: Rendered, key: PageKey | None, plan: Plan, kept: dict[str, Kept] | None = None) -> Rendered:
        """A page just rendered, with the plan's asset names, kept for the next build when it came without problems."""
        if rendered.data is None:
            return rendered
        named = plan.with_asset_names(rendered.data)
        if key is not None and not rendered.problems:
            (self.by_uri if kept is None else kept)[rendered.page.uri] = Kept(
                key, rendered.data, rendered.links, named, plan.by_token)
        return Rendered(rendered.page, named, rendered.problems, rendered.links)

    def page_values(self, page: Page, key_date: Any, words: Catalogue,
                    own: dict[str, tuple[Page, Any, Catalogue, dict[str, Any]]]) -> dict[str, Any]:
        """views.page_values, made again only when the page, the key date or the words changed."""
        last = self.own.get(page.uri)
        if last is None or last[0] != page or last[1] != key_date or last[2] != words:
            last = (page, key_date, words, page_values(page, key_date, words))
        own[page.uri] = last
        return last[3]

    def page_key(self, page: Page, own: dict[str, Any], reads: Reads, explainer: Explainer,
                 settings: tuple[Any, ...]) -> PageKey:
        read = [self.views.version(name) for name in sorted(reads.names & SHARED.keys() - own.keys())]
        if page.uri in SCRIPTS:
            read.append(self.views.version(page.uri))
        if reads.whole_explainer:
            read.append(self.versions.of(("explainer",), explainer))
        for name in sorted(reads.fields):
            read.append(self.versions.of(("field", name), getattr(explainer, name, None)))
        for name in sorted(reads.tested):
            read.append(self.versions.of(("tested", name), bool(getattr(explainer, name, None))))
        return PageKey(page, own, reads.layouts, settings, tuple(read))

    def context(self, page: Page, own: dict[str, Any], reads: Reads | None, explainer: Explainer) -> dict[str, Any]:
        """What the page's layouts read: the shared values they name (all of them when that cannot be known),
        the page's own values and its structured data."""
        names = SHARED.keys() if reads is None else reads.names & SHARED.keys() - own.keys()
        script = self.views.value(page.uri) if page.uri in SCRIPTS else ""
        return {"explainer": explainer, **{name: self.views.value(name) for name in names}, **own,
                "structured_data": script}
