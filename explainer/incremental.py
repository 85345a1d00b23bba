"""What a rebuild reuses from the last one: parsed files, rendered pages, derived files and written files.

One BuildCache lives on the Renderer, so `build(project, renderer)` called again (as the live preview does)
only parses the files whose stat changed, renders only the pages whose inputs changed, and hard-links the
output files that did not change from the last good output folder. A fresh Renderer starts empty, so a
first build is a clean build; the tests compare every cached build with a clean one byte for byte.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, TypeVar

import jinja2

from .dependencies import METHOD_READS, LayoutIndex, Versions
from .load import Document
from .model import Explainer
from .problems import Problem
from .resolve import FactMemo, identical
from .validate import ItemMemo

T = TypeVar("T")
StatKey = tuple[int, int, int, int]
Job = tuple[Any, dict[str, Any]]  # (render.Page, the values only that page gets)
Reader = Callable[[Path, str], tuple[Document | None, list[Problem]]]


def stat_key(path: Path | str) -> StatKey | None:
    """What changes whenever a file's bytes do: modification and change times, size, inode."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_mtime_ns, found.st_ctime_ns, found.st_size, found.st_ino


def output_key(path: Path | str) -> StatKey | None:
    """An output file's identity: a hard link keeps it (the change time moves with the link count)."""
    key = stat_key(path)
    return None if key is None else (key[0], 0, key[2], key[3])


def is_page(name: str) -> bool:
    """A standalone page's content file ('pages/about.md'): only its own page and the list depend on it."""
    return name.startswith("pages/")


@dataclass(slots=True)
class BuildCache:
    """Everything one build leaves for the next; keys are compared with ==, never trusted by hash alone."""

    files: dict[str, tuple[StatKey, Document | None, list[Problem]]] = field(default_factory=dict)
    items: ItemMemo = field(default_factory=dict)  # what validate made from each unchanged list file
    facts: FactMemo = field(default_factory=dict)  # what resolve made from each unchanged draft
    content_key: tuple[Any, ...] | None = None  # the stat keys of every content file except standalone pages
    explainer: Explainer | None = None  # the explainer of the build in progress, so a direct render() skips the memo
    pages: dict[str, tuple[Any, bytes]] = field(default_factory=dict)
    derived: tuple[Any, dict[str, bytes]] | None = None
    written: dict[str, tuple[bytes, StatKey]] = field(default_factory=dict)
    output_path: Path | None = None
    linked: set[str] = field(default_factory=set)
    values: tuple[tuple[Any, ...], Any] | None = None
    layouts: LayoutIndex = field(default_factory=LayoutIndex)
    versions: Versions = field(default_factory=Versions)

    def document(self, path: Path, file: str, read: Reader) -> tuple[Document | None, list[Problem]]:
        """A content file parsed, or the same parse as last time when its stat has not changed."""
        key = stat_key(path)
        last = self.files.get(file)
        if key is not None and last is not None and last[0] == key:
            return last[1], last[2]
        document, problems = read(path, file)
        if key is not None:
            self.files[file] = (key, document, problems)
        return document, problems

    def loaded(self, documents: dict[str, Document]) -> None:
        """Forget files that are gone and remember what the non-page content was made from."""
        present = {document.file for document in documents.values()}
        self.files = {file: entry for file, entry in self.files.items() if file in present}
        self.content_key = tuple(sorted((name, self.files[d.file][0]) for name, d in documents.items()
                                        if not is_page(name) and d.file in self.files))

    def shared(self, explainer: Explainer, base_url: str | None, make: Callable[[], T]) -> T:
        """Values computed from the facts (not the standalone pages), kept while the facts are the same objects."""
        facts = (base_url, *(getattr(explainer, f.name) for f in fields(explainer) if f.name != "pages"))
        last = self.values
        if not (self.explainer is explainer and last is not None and last[0][0] == base_url
                and identical(last[0][1:], facts[1:])):
            self.values = last = (facts, make())
        return last[1]

    def page_key(self, job: Job, shared: dict[str, Any], env: jinja2.Environment, layouts: dict[str, str],
                 assets: dict[str, str]) -> Any:
        """Everything a page is made from: its layouts, the asset names, and each value its layouts read
        (a collection by its version number); None when that cannot be known, so the page is rendered."""
        page, extra = job
        reads = self.layouts.reads(env, layouts, page.template)
        if reads is None:
            return None
        explainer: Explainer = shared["explainer"]
        values: list[Any] = []
        for name in reads.names:
            if name in extra:
                values.append(extra[name])
            elif name == "structured_data":  # every page reads it, each only its own script
                values.append(shared[name].get(page.uri))
            elif name in shared and name != "explainer":
                values.append(self.versions.of(name, shared[name]))
        values.append(self.versions.of("source_numbers", shared["source_numbers"]))  # Markdown shows them
        whole = (self.content_key, explainer.pages)
        for attribute in reads.attributes if reads.attributes is not None else ("*",):
            attribute = METHOD_READS.get(attribute, attribute)
            value = getattr(explainer, attribute.lstrip("?"), None)
            if attribute == "*" or callable(value):  # a method may read any field
                values.append(self.versions.of("explainer", whole))
            elif attribute.startswith("?"):
                values.append(bool(value))
            else:
                values.append(self.versions.of(f"explainer.{attribute}", value))
        return page, reads.sources, tuple(assets.items()), tuple(values)

    def render(self, jobs: Sequence[Job], shared: dict[str, Any], env: jinja2.Environment,
               layouts: dict[str, str], assets: dict[str, str],
               render_many: Callable[[list[Job]], list[tuple[bytes | None, bool]]]) -> list[bytes | None]:
        """Each page's bytes: the last build's when its key is unchanged, else freshly rendered.

        A page rendered with a problem is never kept, so the next build reports the problem again."""
        if self.explainer is not shared["explainer"] or self.content_key is None:
            self.pages = {}
            return [data for data, _ in render_many(list(jobs))]
        self.versions.start()
        keys = [self.page_key(job, shared, env, layouts, assets) for job in jobs]
        stale = [i for i, (job, key) in enumerate(zip(jobs, keys))
                 if key is None or job[0].uri not in self.pages or self.pages[job[0].uri][0] != key]
        fresh = dict(zip(stale, render_many([jobs[i] for i in stale])))
        result: list[bytes | None] = []
        pages: dict[str, tuple[Any, bytes]] = {}
        for i, (job, key) in enumerate(zip(jobs, keys)):
            data, clean = fresh[i] if i in fresh else (self.pages[job[0].uri][1], True)
            if data is not None and clean:
                pages[job[0].uri] = (key, data)
            result.append(data)
        self.pages = pages
        return result

    def derive(self, explainer: Explainer, key: Any, make: Callable[[], dict[str, bytes]]) -> dict[str, bytes]:
        """The files made from the content but not the standalone pages (feed, data, sitemap), remade when it changes."""
        if self.explainer is not explainer or self.content_key is None:
            return make()
        key = (self.content_key, key)
        if self.derived is None or self.derived[0] != key:
            self.derived = (key, make())
        return self.derived[1]

    def reusable(self, output_path: Path) -> Callable[[str, bytes], str | None]:
        """For write: the path of an identical file already in the output folder, to hard-link instead of writing."""
        if self.output_path != output_path:
            self.written = {}
        self.linked = set()

        def existing(uri: str, data: bytes) -> str | None:
            last = self.written.get(uri)
            if last is None or (last[0] is not data and last[0] != data):
                return None
            path = os.path.join(output_path, uri)
            if output_key(path) != last[1]:
                return None
            self.linked.add(uri)
            return path
        return existing

    def holds(self, output_path: Path, outputs: Sequence[Any]) -> bool:
        """True when the output folder holds exactly these outputs already, so there is nothing to write."""
        if self.output_path != output_path or len(outputs) != len(self.written):
            return False
        for output in outputs:  # the bytes first: that is cheap, and after an edit it fails soon
            last = self.written.get(output.uri)
            if last is None or not (last[0] is output.data or last[0] == output.data):
                return False
        if any(output_key(output_path / output.uri) != self.written[output.uri][1] for output in outputs):
            return False
        return sum(len(files) for _, _, files in os.walk(output_path)) == len(outputs)

    def wrote(self, output_path: Path, outputs: Sequence[Any]) -> None:
        """Remember what the output folder now holds, and each file's stat to notice a hand edit."""
        written = {}
        for output in outputs:
            linked = output.uri in self.linked
            key = self.written[output.uri][1] if linked else output_key(output_path / output.uri)
            if key is not None:
                written[output.uri] = (output.data, key)
        self.written, self.output_path = written, output_path
