"""The rebuild layer: what one build leaves for the next, so that a rebuild redoes only what its edits touch.

The stages are pure functions; a Session sits between them and keeps their results, one small cache per stage,
each saying what it keys on. Whoever builds more than once owns a Session (the preview, the benchmarks, the
tests); a fresh Session is a clean build.

    content files, catalogues --Documents (stat)--> Document --Parts (digest)--> Validated
        --Links (digest, referable facts)--> Linked --resolve.assemble--> Explainer --plan_site--> Plan
    Document + archives --Verifications (digest, archives)--> notes and errors about quotations and wording
    Explainer + Plan --Views (facts, plan)--> the values layouts read
        --Pages (PageKey)--> page bytes;  --Files (facts, plan, pages)--> feed, data, card, sitemap
    outputs --OutputFolder (bytes, stat)--> the output folder, unchanged files hard-linked

Invariants:
- Keys are compared by equality, never trusted by identity or by hash alone: an input equal to last time's
  gives a result equal to last time's. Reusing last time's objects only makes comparing fast, since Python
  finds identical objects equal without looking inside.
- A result that came with a problem is kept with its problem, so every rebuild reports it again.
- Every cache forgets what the current build no longer has, so a long preview does not grow.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .. import formats
from ..catalogue import Catalogue, for_site
from ..load import Document, Loaded, content_files, gather, load_document
from ..model import Explainer, Site
from ..plan import Page, Plan, Targets
from ..problems import Problem
from ..render import Rendered, Renderer
from ..resolve import Linked, Tables, assemble, link, referable
from ..validate import Draft, Validated, assemble as assemble_draft, validate_document
from ..verify import Archives, archives_of, check_document, unchecked
from ..markup import MarkdownRenderer
from ..views import SCRIPTS, SHARED, html_of, page_values, plain_of
from .output import OutputFolder
from .reads import LayoutIndex, Reads

StatKey = tuple[int, int, int, int]
VIEWS = SHARED | SCRIPTS


def stat_key(path: Path | str) -> StatKey | None:
    """What changes whenever a file's bytes do: modification and change times, size, inode."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_mtime_ns, found.st_ctime_ns, found.st_size, found.st_ino


@dataclass(slots=True)
class Documents:
    """Parsed content files, keyed on each file's stat: a file whose stat has not changed is not read again."""

    by_path: dict[Path, tuple[StatKey, tuple[Document | None, list[Problem]]]] = field(default_factory=dict)
    seen: set[Path] = field(default_factory=set)  # the files this build read

    def read(self, path: Path, file: str) -> tuple[Document | None, list[Problem]]:
        self.seen.add(path)
        key = stat_key(path)
        last = self.by_path.get(path)
        if key is not None and last is not None and last[0] == key:
            return last[1]
        read = load_document(path, file)
        if key is not None:
            self.by_path[path] = (key, read)
        return read

    def forget_unseen(self) -> None:
        """Forget the files this build did not read (deleted or renamed), then start the next build's count."""
        self.by_path = {path: read for path, read in self.by_path.items() if path in self.seen}
        self.seen = set()


@dataclass(slots=True)
class Parts:
    """What validate made of each file, keyed on the file's digest."""

    by_name: dict[str, Validated] = field(default_factory=dict)

    def validate(self, name: str, document: Document) -> Validated:
        last = self.by_name.get(name)
        if last is None or last.digest != document.digest or last.file != document.file:
            last = self.by_name[name] = validate_document(name, document)
        return last

    def keep_only(self, names: set[str]) -> None:
        self.by_name = {name: part for name, part in self.by_name.items() if name in names}


@dataclass(slots=True)
class Links:
    """What resolve linked: the referable facts and terms keyed on the digests of the files that hold them
    (site.yaml's vocabularies among them), and each other file's facts keyed on its digest and those same
    digests (a renamed source may break any file)."""

    tables: tuple[tuple[tuple[str, str], ...], Tables] | None = None
    by_name: dict[str, tuple[tuple[str, Any], Linked]] = field(default_factory=dict)

    def referable(self, draft: Draft) -> Tables:
        key = tuple((part.name, part.digest) for part in draft.parts
                    if part.kind in ("site", "sources", "people", "regions"))  # site.yaml lists the terms
        if self.tables is None or self.tables[0] != key:
            self.tables = (key, referable(draft))
        return self.tables[1]

    def link(self, part: Validated, tables: Tables) -> Linked:
        key = (part.digest, self.tables[0] if self.tables else None)
        last = self.by_name.get(part.name)
        if last is None or last[0] != key:
            last = self.by_name[part.name] = (key, link(part, tables.known))
        return last[1]


@dataclass(slots=True)
class Verifications:
    """What verify found in each file, keyed on the file's digest and the archives it was checked against."""

    by_name: dict[str, tuple[tuple[str, Archives], list[Problem]]] = field(default_factory=dict)

    def verify(self, explainer: Explainer, loaded: Loaded) -> list[Problem]:
        archives = archives_of(explainer, loaded)
        if archives is None:
            self.by_name = {}
            return [unchecked(loaded)]
        problems: list[Problem] = []
        kept: dict[str, tuple[tuple[str, Archives], list[Problem]]] = {}
        for name, document in sorted(loaded.documents.items()):
            key = (document.digest, archives)
            last = self.by_name.get(name)
            if last is None or last[0] != key:
                last = (key, check_document(name, document, archives))
            kept[name] = last
            problems += last[1]
        self.by_name = kept
        return problems


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
        settings = (plan.addresses, plan.base_url, plan.words, plan.menu, tuple(sorted(plan.asset_names)))
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
    holds small numbers instead of whole collections, and each is compared once a build, not once a page."""

    last: dict[str, tuple[Any, int]] = field(default_factory=dict)
    now: dict[str, int] = field(default_factory=dict)

    def of(self, name: str, value: Any) -> int:
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

    def render(self, renderer: Renderer, plan: Plan, explainer: Explainer,
               layouts: dict[str, str]) -> Iterator[Rendered]:
        """Every planned page, in order: unchanged ones from the last build, the rest rendered anew."""
        self.versions.now = {}
        self.views.use(explainer, plan, renderer.markdown)
        settings = (tuple(sorted(plan.asset_names)), plan.addresses, plan.base_url, plan.words,  # asset names only:
                    self.views.version("source_numbers"))  # see asset_token; Markdown's source marks show the numbers
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
        fresh = renderer.render_pages(stale)
        kept: dict[str, Kept] = {}
        for page in plan.pages:
            last = self.by_uri.get(page.uri)
            if last is not None:
                if last.by_token != plan.by_token:
                    last = Kept(last.key, last.data, last.links, plan.with_asset_names(last.data), plan.by_token)
                kept[page.uri] = last
                yield Rendered(page, last.named, (), last.links)
                continue
            rendered = next(fresh)
            if rendered.data is None:
                yield rendered
                continue
            named = plan.with_asset_names(rendered.data)
            key = keys[page.uri]
            if key is not None and not rendered.problems:
                kept[page.uri] = Kept(key, rendered.data, rendered.links, named, plan.by_token)
            yield Rendered(page, named, rendered.problems, rendered.links)
        self.by_uri = kept

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
            read.append(self.versions.of("explainer", explainer))
        for name in sorted(reads.fields):
            read.append(self.versions.of(f"explainer.{name}", getattr(explainer, name, None)))
        for name in sorted(reads.tested):
            read.append(self.versions.of(f"explainer.{name}?", bool(getattr(explainer, name, None))))
        return PageKey(page, own, reads.layouts, settings, tuple(read))

    def context(self, page: Page, own: dict[str, Any], reads: Reads | None, explainer: Explainer) -> dict[str, Any]:
        """What the page's layouts read: the shared values they name (all of them when that cannot be known),
        the page's own values and its structured data."""
        names = SHARED.keys() if reads is None else reads.names & SHARED.keys() - own.keys()
        script = self.views.value(page.uri) if page.uri in SCRIPTS else ""
        return {"explainer": explainer, **{name: self.views.value(name) for name in names}, **own,
                "structured_data": script}


@dataclass(slots=True)
class Files:
    """The files beside the pages (feed, data, card, sitemap), keyed on the facts, the plan and the page list."""

    last: tuple[tuple[Any, ...], dict[str, bytes]] | None = None

    def make(self, explainer: Explainer, plan: Plan, uris: list[str], renderer: Renderer) -> dict[str, bytes]:
        key = (plan.addresses, plan.base_url, plan.words, tuple(uris),
               *(getattr(explainer, f.name) for f in fields(explainer) if f.name != "pages"))
        if self.last is None or self.last[0] != key:
            markdown = renderer.markdown
            self.last = (key, formats.files(explainer, plan, uris, lambda value: html_of(markdown, value),
                                            lambda value: plain_of(markdown, value)))
        return self.last[1]


class Session:
    """One project's builds, each reusing what the one before made (see the module's docstring)."""

    def __init__(self, cache_path: Path | None = None) -> None:
        self.renderer = Renderer(cache_path)
        self.documents = Documents()
        self.parts = Parts()
        self.links = Links()
        self.verifications = Verifications()
        self.pages = Pages()
        self.files = Files()
        self.output = OutputFolder()
        self.catalogue: Catalogue | None = None

    def load(self, project: Any) -> Loaded:
        """load.load, reading only the content files and catalogues whose stat changed."""
        paths, problems = content_files(project)
        loaded = gather(project, paths, [self.documents.read(path, project.relative(path)) for path in paths],
                        problems, self.documents.read)
        self.documents.forget_unseen()
        return loaded

    def validate(self, loaded: Loaded) -> tuple[Draft, list[Problem]]:
        """validate.validate, checking only the files whose digest changed."""
        self.parts.keep_only(set(loaded.documents))
        return assemble_draft(loaded, [self.parts.validate(name, document)
                                       for name, document in loaded.documents.items()])

    def resolve(self, draft: Draft) -> tuple[Explainer | None, list[Problem]]:
        """resolve.resolve, linking only the files that changed since the facts they may refer to did."""
        tables = self.links.referable(draft)
        linked = {part.name: self.links.link(part, tables) for part in draft.parts if part.name not in tables.linked}
        self.links.by_name = {name: self.links.by_name[name] for name in linked}
        return assemble(draft, tables, linked)

    def verify(self, explainer: Explainer, loaded: Loaded) -> list[Problem]:
        """verify.verify, checking only the files that changed since the archives they are checked against did."""
        return self.verifications.verify(explainer, loaded)

    def render(self, plan: Plan, explainer: Explainer, layouts: dict[str, str]) -> Iterator[Rendered]:
        """Every page, rendering only those whose key changed."""
        self.renderer.use(plan, layouts, tuple(source.id for source in explainer.sources))
        return self.pages.render(self.renderer, plan, explainer, layouts)

    def words(self, loaded: Loaded, site: Site, site_file: str) -> tuple[Catalogue | None, list[Problem]]:
        """catalogue.for_site, giving back last build's catalogue when it is equal (so pages compare it at once)."""
        words, problems = for_site(loaded, site, site_file)
        if words is not None and words == self.catalogue:
            return self.catalogue, problems
        self.catalogue = words
        return words, problems

    def beside(self, explainer: Explainer, plan: Plan, uris: list[str]) -> dict[str, bytes]:
        """The feed, the data, the card and what hosts read, made again only when what they show changed."""
        return self.files.make(explainer, plan, uris, self.renderer)
