"""The live preview: build, serve dist/ on 127.0.0.1, rebuild once per burst of saves, reload the browser.

livereload supplies the browser side (its LiveReload protocol handler and livereload.js); this module
replaces its weak spots: a fast full-scan watcher, no 3-second throttle, one rebuild per burst,
errors shown in the page, a CSS-only change that restyles in place, and a static handler that serves
only the built site.
"""

from __future__ import annotations

import errno
import html
import mimetypes
import os
import re
import sys
import time
import traceback
from pathlib import Path
from urllib.parse import unquote

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado import ioloop, netutil, web
from tornado.httpserver import HTTPServer

from .pipeline import build
from .project import Project
from .rebuild.session import Session
from .write import OutputBusy, OutputError

POLL_SECONDS = 0.02  # how often the watched folders are scanned; a burst of saves ends at a scan that finds nothing new
SCAN_SHARE = 5  # a large project is scanned less often: waiting at least 5 times a scan's length keeps it light
TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".xml": "application/xml",
         ".js": "text/javascript; charset=utf-8", ".json": "application/json", ".csv": "text/csv; charset=utf-8",
         ".txt": "text/plain; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png"}
HASHED = re.compile(r"^(?P<stem>.+)\.[0-9a-f]{10}(?P<ext>\.\w+)$")
Snapshot = dict[str, tuple[int, int]]


def scan(folders: list[Path]) -> Snapshot:
    """Every file under the folders (not following linked folders) with its modification time and size."""
    found: Snapshot = {}
    todo = [str(folder) for folder in folders]
    while todo:
        try:
            entries = list(os.scandir(todo.pop()))
        except OSError:  # missing, or deleted while scanning: the next scan sees it gone
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    todo.append(entry.path)
                else:
                    stat = entry.stat()
                    found[entry.path] = (stat.st_mtime_ns, stat.st_size)
            except OSError:
                continue
    return found


def changed(before: Snapshot, after: Snapshot) -> set[Path]:
    return {Path(path) for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


class Preview:
    """The watched project, what went wrong in its last build, and the browsers to reload."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.session = Session(project.cache_path)
        self.folders = [project.content_path, *project.layout_folders, *project.asset_folders,
                        *project.catalogue_folders, *([project.static_path] if project.static_path else [])]
        self.snapshot = scan(self.folders)
        self.pending: set[Path] = set()
        self.errors: list[str] = []  # the lines the terminal printed, shown again on top of every page
        self.interval = POLL_SECONDS

    def has_site(self) -> bool:
        return (self.project.output_path / "index.html").is_file()

    def rebuild(self) -> bool:
        """Build once; keep the last good site when the build fails, and remember why. False when another build
        is writing the output folder, so this one must be tried again."""
        started = time.perf_counter()
        try:
            result = build(self.project, self.session)
        except OutputBusy as error:
            return self.failed([f"error: {error}; the preview builds again once it is free"], busy=True)
        except OutputError as error:
            return self.failed([f"error: {error}"])
        except Exception as error:  # a bug: say so, and keep watching, so the next save is built again
            return self.failed([report_bug(error)], printed=True)
        for note in result.problems if result.ok else ():
            print(note, file=sys.stderr, flush=True)
        if result.ok:
            self.errors = []
            print(f"Rebuilt in {(time.perf_counter() - started) * 1000:.0f} ms", flush=True)
            return True
        return self.failed([str(problem) for problem in result.problems if problem.severity == "error"])

    def failed(self, errors: list[str], busy: bool = False, printed: bool = False) -> bool:
        """Remember what went wrong and say it in the terminal (the lines themselves unless `printed` already;
        only once while another build keeps the output `busy`); False when the build must be tried again."""
        repeated, self.errors = errors == self.errors, errors
        if not (busy and repeated):
            for line in [] if printed else errors:
                print(line, file=sys.stderr, flush=True)
            serving = "still serving the last good site" if self.has_site() else \
                "no site to serve until that is fixed; the browser shows why"
            print(f"{len(errors)} problem(s): {serving}", file=sys.stderr, flush=True)
        return not busy

    def poll(self) -> None:
        """Collect changes; once a burst has gone quiet, rebuild once and reload once."""
        started = time.perf_counter()
        after = scan(self.folders)
        self.interval = max(POLL_SECONDS, SCAN_SHARE * (time.perf_counter() - started))
        found = changed(self.snapshot, after)
        self.snapshot = after
        if found:
            self.pending |= found
        elif self.pending:
            paths, self.pending = self.pending, set()
            if not self.rebuild():
                self.pending = paths  # another build holds the output folder: try again on the next scan
                return
            reload_browsers(reload_path(paths, self.project.asset_folders, bool(self.errors)))


def report_bug(error: Exception) -> str:
    """Print a bug's one-line report and its traceback; the line for the page."""
    print(f"error: this is a bug in the preview, not in your files ({type(error).__name__}: {error}); "
          "it keeps watching; please report it with this traceback:", file=sys.stderr, flush=True)
    traceback.print_exc()
    return f"error: the preview hit a bug ({type(error).__name__}: {error}); the terminal shows the details"


def reload_path(paths: set[Path], asset_folders: tuple[Path, ...], failed: bool) -> str:
    """The path livereload.js is told about: a stylesheet's swaps it in place, anything else reloads the page."""
    names = [p.relative_to(folder).as_posix() for p in paths for folder in asset_folders if p.is_relative_to(folder)]
    if not failed and len(names) == len(paths) and all(name.endswith(".css") for name in names):
        return "assets/" + min(names)
    return "index.html"


def reload_browsers(path: str) -> None:
    message = {"command": "reload", "path": path, "liveCSS": True, "liveImg": True}
    for waiter in list(LiveReloadHandler.waiters):
        waiter.write_message(message)


def error_overlay(errors: list[str], has_site: bool) -> str:
    """The build's errors at the top of the page, above the site's header (never over it), with a button that
    hides them."""
    lines = "\n".join(html.escape(line) for line in errors)
    title = "The build failed; this is the last good version." if has_site else "The build failed; there is no site yet."
    return ('<div role="alert" id="build-errors" style="all:initial;display:block;box-sizing:border-box;'
            'max-height:60vh;overflow:auto;margin:0;padding:1rem;background:#fff0f0;color:#600;'
            'border-bottom:4px solid #c00;font:14px/1.5 monospace">'
            '<button type="button" onclick="this.parentNode.remove()" style="float:right;font:inherit;'
            'padding:0.25rem 0.75rem;color:#600;background:#fff;border:2px solid #c00;cursor:pointer">Dismiss</button>'
            f'<strong>{title}</strong><pre style="white-space:pre-wrap;margin:0.5rem 0 0">{lines}</pre></div>')


NO_SITE = ('<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>The build failed</title></head>\n'
           '<body>\n<main style="font:16px/1.5 sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem">'
           '<h1>There is no site to show yet</h1><p>The first build found the problems above. Fix them and save: '
           'this page reloads by itself.</p></main>\n</body>\n</html>\n')


class SiteHandler(web.RequestHandler):
    """Serves the built site under the base path, and nothing else."""

    def initialize(self, preview: Preview, base_path: str) -> None:
        self.preview, self.base_path = preview, base_path

    def get(self) -> None:
        raw = self.request.path
        if raw + "/" == self.base_path:
            return self.redirect(self.base_path, permanent=True)
        if not raw.startswith(self.base_path):
            return self.not_found()
        path = self.site_file(unquote(raw[len(self.base_path):]))
        if path is None:
            return self.not_found()
        self.send(path, 200)

    def head(self) -> None:
        self.get()

    def site_file(self, relative: str) -> Path | None:
        """The file a request names inside the output folder, or None for anything that is not one."""
        parts = relative.split("/")
        if "\\" in relative or "\0" in relative or any(p in (".", "..") for p in parts):
            return None
        root = self.preview.project.output_path.resolve()
        path = (root / relative).resolve()
        if path.is_dir():
            path = path / "index.html"
        if not path.is_relative_to(root):
            return None
        if not path.is_file() and (match := HASHED.match(path.name)):  # a stylesheet swapped in place asks for
            current = sorted(path.parent.glob(f"{match['stem']}.??????????{match['ext']}"))  # its old name
            path = current[0] if current else path
        return path if path.is_file() else None

    def not_found(self) -> None:
        page = self.preview.project.output_path / "404.html"
        if page.is_file():
            return self.send(page, 404)
        if self.preview.errors and not self.preview.has_site():  # no build has succeeded yet: say why
            self.set_status(503)
            self.set_header("Content-Type", TYPES[".html"])
            self.set_header("Cache-Control", "no-store")
            self.finish(self.live(NO_SITE))
            return
        self.set_status(404)
        self.finish("Not found")

    def send(self, path: Path, status: int) -> None:
        self.set_status(status)
        kind = "application/atom+xml" if path.name == "feed.xml" else TYPES.get(path.suffix)
        self.set_header("Content-Type", kind or mimetypes.guess_type(path.name)[0] or "application/octet-stream")
        self.set_header("Cache-Control", "no-store")
        data = path.read_bytes()
        if path.suffix == ".html":
            data = self.live(data.decode("utf-8")).encode("utf-8")
        self.finish(data)

    def live(self, page: str) -> str:
        """The page with the LiveReload client and, after a failed build, the errors on top."""
        port = self.request.host.rpartition(":")[2]
        script = f'<script src="/livereload.js?port={port}"></script>'
        page = page.replace("</head>", script + "</head>", 1)
        if self.preview.errors:
            overlay = error_overlay(self.preview.errors, self.preview.has_site())
            page = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + overlay, page, count=1)
        return page


def listen(host: str, port: int) -> list:
    """Bind the port, or raise OSError with a message for people."""
    try:
        return netutil.bind_sockets(port, host)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise OSError(f"port {port} on {host} is already in use; stop the other server or pass --port 0 "
                          "for any free port") from None
        raise OSError(f"cannot listen on {host}:{port}: {error.strerror}") from None


def serve(project: Project, host: str, port: int, base_path: str = "/") -> int:
    """Build, serve and watch until Ctrl-C (which main() turns into 'Stopped.' and exit code 0); 2 when the
    server cannot start."""
    base_path = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    try:
        sockets = listen(host, port)
    except OSError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    preview = Preview(project)
    if not preview.rebuild():
        preview.pending = {project.content_path}  # another build is writing the output: the watcher tries again
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0  # livereload's own poller is unused; never drop a reload
    app = web.Application([(r"/livereload", LiveReloadHandler), (r"/livereload.js", LiveReloadJSHandler),
                           (r"/.*", SiteHandler, {"preview": preview, "base_path": base_path})])
    server = HTTPServer(app)
    server.add_sockets(sockets)
    bound = sockets[0].getsockname()[1]
    loop = ioloop.IOLoop.current()

    def watch() -> None:
        try:
            preview.poll()
        except Exception as error:
            preview.errors = [report_bug(error)]
        finally:  # whatever happened, the next scan comes: a preview that stops watching serves a stale site
            loop.call_later(preview.interval, watch)
    loop.call_later(POLL_SECONDS, watch)
    try:  # from the line that tells people they may press Ctrl-C
        print(f"Serving {project.relative(project.output_path)}/ at http://{host}:{bound}{base_path} "
              f"(live reload on; Ctrl-C to stop)", flush=True)
        loop.start()
    finally:
        server.stop()
    return 0
