"""`explainer pull`: fetch the content files that site.yaml's `pull:` maps to addresses (a Google Sheet's CSV, a
Google Doc's text) into content/, each written whole or not at all, saying what changed.

A local edit is never overwritten without saying so: .explainer-pull.json in the project folder records the
SHA-256 of each file as last pulled, and a file that differs from it is left alone unless --force is given."""

from __future__ import annotations

import difflib
import hashlib
import http.client
import json
import os
import stat
import sys
import tempfile
import urllib.error
import urllib.request
from http.client import HTTPMessage
from pathlib import Path
from typing import IO, Any

from . import __version__
from .load import MAX_FILE_BYTES, load_document
from .problems import Problem, errors
from .project import Project
from .validate import Partial, validate_document

RECORD = ".explainer-pull.json"  # in the project folder: file inside content/ -> SHA-256 as last pulled
TIMEOUT = 30  # seconds to connect, and between any two parts of the answer
MAX_REDIRECTS = 5
SHARING = "check the address, and that the file is shared with anyone who has the link (docs/content.md)"


class PullError(Exception):
    """Why one address could not be fetched, in one line."""


class WebRedirects(urllib.request.HTTPRedirectHandler):
    """Follows at most MAX_REDIRECTS redirects, and only to http(s) addresses."""

    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: HTTPMessage,
                         newurl: str) -> urllib.request.Request | None:
        if not newurl.startswith(("http://", "https://")):
            raise PullError(f"it redirects to '{newurl}', which is not a web address")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str) -> bytes:
    """The bytes at a web address, or a PullError that says why not."""
    opener = urllib.request.build_opener(WebRedirects)
    request = urllib.request.Request(url, headers={"User-Agent": f"explainer/{__version__}"})
    try:
        with opener.open(request, timeout=TIMEOUT) as answer:
            if answer.headers.get_content_type() == "text/html":
                raise PullError(f"{url} gave a web page, not the file; {SHARING}")
            data: bytes = answer.read(MAX_FILE_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise PullError(f"{url} answered {error.code} {error.reason}; {SHARING}") from None
    except urllib.error.URLError as error:
        reason = error.reason.strerror if isinstance(error.reason, OSError) and error.reason.strerror else \
            str(error.reason)
        raise PullError(f"cannot reach {url}: {reason}; check the address and the connection") from None
    except (OSError, http.client.HTTPException) as error:  # a timeout, a connection cut midway
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        raise PullError(f"cannot fetch {url}: {reason}; try again later") from None
    if len(data) > MAX_FILE_BYTES:
        raise PullError(f"{url} is larger than {MAX_FILE_BYTES // 1_000_000} MB; check that it is the right file")
    return data


def pulls(project: Project) -> tuple[dict[str, str], list[Problem]]:
    """site.yaml's `pull:` map (empty without one), or the problems of site.yaml."""
    path = project.content_path / "site.yaml"
    document, problems = load_document(path, project.relative(path))
    if document is None:
        return {}, problems
    validated = validate_document("site.yaml", document)
    if found := errors(list(validated.problems)):
        return {}, found
    made = validated.made
    return dict((made.get("pull") if isinstance(made, Partial) else getattr(made, "pull", None)) or {}), []


def pull(project: Project, force: bool) -> int:
    """Fetch every file site.yaml's `pull:` names; 0 when all are in place, 1 when site.yaml is wrong, 2 when
    there is nothing to pull or a file could not be fetched, written or holds a local edit."""
    found, problems = pulls(project)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    if not found:
        print(f"error: {project.relative(project.content_path / 'site.yaml')} has no 'pull:'; map content files "
              "to the addresses to pull them from, e.g. 'pull: {timeline.csv: https://…}' (docs/content.md)",
              file=sys.stderr)
        return 2
    record = read_record(project)
    failed = 0
    for name, url in sorted(found.items()):
        try:
            data = fetch(url)
        except PullError as error:
            print(f"error: content/{name}: {error}", file=sys.stderr)
            failed += 1
            continue
        path = project.content_path / name
        local = path.read_bytes() if path.is_file() else None
        if local is not None and local != data and digest(local) != record.get(name) and not force:
            edited = "was changed here since it was last pulled" if name in record else \
                "was not pulled before and differs from the copy at the address"
            print(f"error: {project.relative(path)} {edited}, so it was left as it is; save the edit where the "
                  "file lives first, or pull again with --force to overwrite it", file=sys.stderr)
            failed += 1
            continue
        try:
            if local != data:
                write_whole(project.content_path, path, data)
        except OSError as error:
            print(f"error: cannot write {project.relative(path)}: {error.strerror or error}; check that content/ "
                  "can be written", file=sys.stderr)
            failed += 1
            continue
        record[name] = digest(data)
        print(f"{project.relative(path)}: {change(local, data)}")
    write_whole(project.root, project.root / RECORD,
                (json.dumps(dict(sorted(record.items())), indent=2) + "\n").encode())
    return 2 if failed else 0


def change(old: bytes | None, new: bytes) -> str:
    """What pulling changed in a file, in lines added and removed."""
    lines = new.decode(errors="replace").splitlines()
    if old is None:
        return f"new file, {lines_of(len(lines))}"
    added = removed = 0
    for line in difflib.unified_diff(old.decode(errors="replace").splitlines(), lines, lineterm="", n=0):
        if line.startswith(("+++", "---")):
            continue
        added += line.startswith("+")
        removed += line.startswith("-")
    return f"{lines_of(added)} added, {removed} removed" if added or removed else "unchanged"


def lines_of(count: int) -> str:
    return f"{count} line" if count == 1 else f"{count} lines"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_record(project: Project) -> dict[str, str]:
    """What was last pulled: file -> SHA-256; empty when nothing was (or the record cannot be read)."""
    try:
        found: Any = json.loads((project.root / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}


def write_whole(root: Path, path: Path, data: bytes) -> None:
    """Write a file inside `root` whole or not at all: a temporary file beside it, then one rename; it keeps the
    permissions of the file it replaces."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.parent.resolve().is_relative_to(root.resolve()):
        raise OSError(0, f"{path.parent.name}/ links to a place outside {root.name}/")
    mode = stat.S_IMODE(path.stat().st_mode) if path.is_file() else 0o644
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".pulling")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
