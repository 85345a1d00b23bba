"""The rebuild layer: what one build leaves for the next, so that a rebuild redoes only what its edits touch.

The stages are pure functions; a Session sits between them and keeps their results, one small cache per stage,
each saying what it keys on (the pages' caches are in pages.py). Whoever builds more than once owns a Session
(the preview, the benchmarks, the tests); a fresh Session is a clean build.

    content files, catalogues --Documents (stat)--> Document --Parts (digest)--> Validated
        --Links (digest, referable facts)--> Linked --resolve.assemble--> Explainer --plan_site--> Plan
    Document + archives --Verifications (digest, archives)--> notes and errors about quotations and wording
    Explainer + Plan --Views (what each read)--> the values layouts read
        --Pages (PageKey)--> page bytes;  --Files (what they read, pages)--> feed, data, cards, sitemap
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from .. import formats
from ..catalogue import Catalogue, for_site
from ..load import Document, Loaded, content_files, gather, load_document
from ..markup import MarkdownRenderer
from ..model import Explainer, Site
from ..plan import Plan
from ..problems import Problem
from ..reads import Recorded, recording
from ..render import Layouts, RenderContext, Rendered
from ..resolve import Linked, Tables, assemble, link, referable
from ..validate import Draft, Validated, assemble as assemble_draft, validate_document
from ..verify import Archives, archives_of, check_document, unchecked
from ..views import html_of, plain_of
from .output import OutputFolder
from .pages import Pages, Stale, Versions

StatKey = tuple[int, int, int, int]


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

    def read(self, path: Path, file: str, unchanged: bool = False) -> tuple[Document | None, list[Problem]]:
        """The file's document, read again only when its stat changed (not even looked at when `unchanged`)."""
        self.seen.add(path)
        last = self.by_path.get(path)
        if unchanged and last is not None:
            return last[1]
        key = stat_key(path)
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
    (site.yaml's vocabularies among them, and the CSV files charts draw), and each other file's facts keyed on
    its digest and those same digests (a renamed source may break any file)."""

    tables: tuple[tuple[tuple[str, str], ...], Tables] | None = None
    by_name: dict[str, tuple[tuple[str, Any], Linked]] = field(default_factory=dict)

    def referable(self, draft: Draft) -> Tables:
        key = tuple((part.name, part.digest) for part in draft.parts
                    if part.kind in ("site", "sources", "people", "regions", "charts", "pictures", "table"))  # site.yaml: terms
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
    """What verify found in each file, keyed on the file's digest and the archives it was checked against; and
    those archives made ready, the current version of each only (an archive saved again replaces its last one)."""

    by_name: dict[str, tuple[tuple[str, Archives], list[Problem]]] = field(default_factory=dict)
    archives: Archives | None = None

    def verify(self, explainer: Explainer, loaded: Loaded) -> list[Problem]:
        archives = self.archives = archives_of(explainer, loaded, self.archives)
        if archives is None:
            self.by_name = {}
            return [unchecked(loaded)]
        problems: list[Problem] = list(archives.notes)
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


# What the Markdown converter the files' texts go through was set up from (RenderContext.prepare), so
# no read of it is recorded while they are made.
MARKDOWN_READS = frozenset({"plan.asset_names", "plan.folder", "plan.addresses", "plan.targets", "plan.words",
                            "explainer.sources", "explainer.embeds", "explainer.pictures", "explainer.picture_files"})


@dataclass(slots=True)
class Files:
    """The files beside the pages (feed, data, card, sitemap), keyed on the page list and the versions of what
    making them read last time (recorded, see reads.py) and what their Markdown was converted with."""

    cards: Path | None = None  # the folder the social cards are kept in across builds
    versions: Versions = field(default_factory=Versions)
    last: tuple[tuple[str, ...], frozenset[str], tuple[int, ...], dict[str, bytes]] | None = None

    def make(self, explainer: Explainer, context: RenderContext, uris: list[str]) -> dict[str, bytes]:
        plan = context.plan
        self.versions.start(explainer, plan)
        if self.last is None or self.last[0] != tuple(uris) or self.versions.key(self.last[1]) != self.last[2]:
            context.prepare()
            markdown = context.markdown
            read_from = cast(Explainer, Recorded(explainer, "explainer")), cast(Plan, Recorded(plan, "plan"))
            with recording() as read:
                made = formats.files(*read_from, uris, lambda value: html_of(markdown, value),
                                     lambda value: plain_of(markdown, value), self.cards,
                                     self.last[3] if self.last else None)
            reads = frozenset(read) | MARKDOWN_READS
            self.last = (tuple(uris), reads, self.versions.key(reads), made)
        return self.last[3]


class Session:
    """One project's builds, each reusing what the one before made (see the module's docstring)."""

    def __init__(self, cache_path: Path | None = None, layouts: Layouts | None = None) -> None:
        self.cache_path = cache_path
        self.editions: dict[str, Session] = {}  # each translated edition's pages and files, by its folder
        self.layouts = layouts or Layouts(cache_path)  # the editions' sessions share it: a layout compiles once
        self.markdown = MarkdownRenderer()  # its converted Markdown is kept across builds
        self.documents = Documents()
        self.parts = Parts()
        self.links = Links()
        self.verifications = Verifications()
        self.pages = Pages()
        self.files = Files(cache_path / "cards" if cache_path else None)
        self.output = OutputFolder()
        self.catalogue: Catalogue | None = None
        self.listed: tuple[Any, dict[Path, str], list[Problem]] | None = None  # the project, its content files

    def load(self, project: Any, changed: set[Path] | None = None) -> Loaded:
        """load.load, reading only the content files and catalogues whose stat changed. Told which files changed
        (the preview hears it from the kernel), it neither lists content/ again nor looks at the other files,
        unless a content file came or went."""
        listed, content = self.listed, project.content_path
        told = changed is not None and listed is not None and listed[0] == project and all(
            not path.is_relative_to(content) or (path in listed[1] and path.is_file()) for path in changed)
        if not told or listed is None:
            paths, problems = content_files(project)
            listed = self.listed = (project, {path: project.relative(path) for path in paths}, problems)
        only = changed if told else None  # the content files that may have changed
        read = [self.documents.read(path, file, only is not None and path not in only) for path, file in listed[1].items()]
        loaded = gather(project, list(listed[1]), read, listed[2], self.documents.read)
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

    def render(self, plan: Plan, explainer: Explainer, layouts: dict[str, str]) -> tuple[RenderContext,
                                                                                        list[Rendered | Stale]]:
        """The context the edition's pages render in this build, and every page: unchanged ones as the last build
        made them, the rest Stale, for pages.make()."""
        context = RenderContext(self.layouts, plan, layouts, self.markdown, explainer)
        return context, self.pages.sort(context, explainer)

    def words(self, loaded: Loaded, site: Site, site_file: str) -> tuple[Catalogue | None, list[Problem]]:
        """catalogue.for_site, giving back last build's catalogue when it is equal (so pages compare it at once)."""
        words, problems = for_site(loaded, site, site_file)
        if words is not None and words == self.catalogue:
            return self.catalogue, problems
        self.catalogue = words
        return words, problems

    def edition(self, folder: str) -> Session:
        """The session that keeps an edition's pages and files ('' is the original's: this one)."""
        if not folder:
            return self
        if folder not in self.editions:
            self.editions[folder] = Session(self.cache_path, self.layouts)
        return self.editions[folder]

    def keep_editions(self, folders: list[str]) -> None:
        """Forget the editions the current build no longer has."""
        self.editions = {folder: kept for folder, kept in self.editions.items() if folder in folders}

    def beside(self, explainer: Explainer, context: RenderContext, uris: list[str]) -> dict[str, bytes]:
        """The feed, the data, the card and what hosts read, made again only when what they show changed."""
        return self.files.make(explainer, context, uris)
