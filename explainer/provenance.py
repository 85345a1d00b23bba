"""Where each archive came from: sources.yaml records the day its text was saved and the SHA-256 of that text, and
an archive whose text no longer matches stops the build (an archive edited afterwards would let a misquotation
pass the checks of verify.py)."""

from __future__ import annotations

import hashlib

from .load import Loaded
from .model import Explainer, Source
from .problems import Problem
from .strict_yaml import MarkedDict, MarkedList


def sha256(text: str) -> str:
    """The SHA-256 of an archive's text as loaded (UTF-8, Windows line ends made plain), in hexadecimal."""
    return hashlib.sha256(text.encode()).hexdigest()


def check_archives(explainer: Explainer, loaded: Loaded) -> list[Problem]:
    """Every archived source records when its text was saved and the hash of that text, and the text matches it."""
    entries = source_entries(loaded)
    problems = []
    for source in explainer.sources:
        if source.archive and source.archive in loaded.archives and source.id in entries:
            file, entry = entries[source.id]
            problem = check_archive(source, sha256(loaded.archives[source.archive]), file, entry)
            if problem:
                problems.append(problem)
    return problems


def check_archive(source: Source, found: str, file: str, entry: MarkedDict) -> Problem | None:
    """What is wrong with one source's record of its archive, at the field it concerns, or None."""
    missing = [what for what, value in (("'archived' date", source.archived), ("'archive_sha256' hash",
                                                                             source.archive_sha256)) if value is None]
    if missing:
        fixes = [fix for fix, absent in (("add 'archived: YYYY-MM-DD', the day its text was saved from the source",
                                          source.archived is None),
                                         (f"after checking its text against the source, add 'archive_sha256: {found}'",
                                          source.archive_sha256 is None)) if absent]
        return Problem(file, *entry.value_pos["archive"], f"archive: {source.archive} has no {' and no '.join(missing)}",
                       "; ".join(fixes))
    if source.archive_sha256 != found:
        return Problem(file, *entry.value_pos["archive_sha256"],
                       f"archive_sha256: the text of {source.archive} no longer matches its recorded hash",
                       "restore the archive as it was saved; or, if you changed it on purpose after checking it "
                       f"against the source, record 'archive_sha256: {found}' and the day in 'archived'")
    return None


def source_entries(loaded: Loaded) -> dict[str, tuple[str, MarkedDict]]:
    """Each source's entry in sources.yaml (or a file under sources/) by its id, with the file's name."""
    found: dict[str, tuple[str, MarkedDict]] = {}
    for name, document in loaded.documents.items():
        if (name == "sources.yaml" or name.startswith("sources/")) and isinstance(document.data, MarkedList):
            for entry in document.data:
                if isinstance(entry, MarkedDict) and isinstance(entry.get("id"), str):
                    found.setdefault(entry["id"].strip(), (document.file, entry))
    return found
