"""The site's search index. Pagefind (a binary from the pagefind-bin package) reads the pages a build has just put
into its fresh folder and writes an index split into chunks; the browser fetches pagefind/pagefind.js and the
chunks a query needs only once the reader searches (assets/search.js, which assets/enhance.js fetches then). What
is indexed is marked in the layouts: data-pagefind-body on the part of a page to index, data-pagefind-ignore on
what is not content."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

from .write import Output, OutputError

FOLDER = "pagefind"  # where the index goes in the site; the layouts' search form loads FOLDER/pagefind.js
BINARY_VARIABLE = "PAGEFIND_BINARY_PATH"  # another Pagefind binary than pagefind-bin's (the name Pagefind reads)
# Pagefind's own ready-made interfaces, which the site does not use: it has its own search form.
UNUSED = ("pagefind-ui.", "pagefind-component-ui.", "pagefind-modular-ui.", "pagefind-highlight.")
ENTRY = "pagefind-entry.json"  # the index's table of languages, which Pagefind writes in no fixed order


class SearchIndexError(OutputError):
    """The search index could not be made; the message says why and what to do."""


def binary() -> str:
    """The Pagefind binary: the one PAGEFIND_BINARY_PATH names, else the one pagefind-bin installs."""
    if named := os.environ.get(BINARY_VARIABLE):
        return named
    try:
        from pagefind_bin import get_executable
        return str(get_executable())
    except (ImportError, FileNotFoundError) as error:
        raise SearchIndexError("cannot make the search index: the Pagefind binary is missing; "
                               "install it with 'pip install -r requirements.txt' (package pagefind-bin)") from error


def search_index(site: Path) -> list[Output]:
    """The index of the pages in `site`, as files for the folder FOLDER/ of the site (sorted, so the same pages
    give the same list); SearchIndexError when Pagefind is missing or fails."""
    with tempfile.TemporaryDirectory(prefix="explainer-search-") as scratch:
        index = Path(scratch) / FOLDER
        command = [binary(), "--site", str(site), "--output-path", str(index), "--silent"]
        try:
            ran = subprocess.run(command, capture_output=True, text=True, errors="replace", stdin=subprocess.DEVNULL)
        except OSError as error:
            raise SearchIndexError(f"cannot make the search index: cannot run {command[0]} ({error.strerror}); "
                                   f"reinstall pagefind-bin or fix {BINARY_VARIABLE}") from error
        if ran.returncode != 0 or not (index / "pagefind.js").is_file():
            said = next((line.strip() for line in (ran.stderr + ran.stdout).splitlines() if line.strip()), "no output")
            raise SearchIndexError(f"cannot make the search index: Pagefind stopped with exit code {ran.returncode} "
                                   f"({said}); reinstall pagefind-bin or fix {BINARY_VARIABLE}")
        return [Output(f"{FOLDER}/{path.relative_to(index).as_posix()}", settled(path))
                for path in sorted(index.rglob("*")) if path.is_file() and not path.name.startswith(UNUSED)]


def settled(path: Path) -> bytes:
    """A file of the index as Pagefind wrote it, but its table of languages (one per edition) in a fixed order, so the
    same pages give the same bytes."""
    if path.name != ENTRY:
        return path.read_bytes()
    entry = json.loads(path.read_bytes())
    entry["languages"] = dict(sorted(entry["languages"].items()))
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
