"""The live preview: build into memory, serve it on 127.0.0.1, rebuild once per burst of saves, reload the browser.

livereload supplies the browser side (its LiveReload protocol handler and livereload.js); this module
replaces its weak spots: the kernel's notice of each save instead of 0.8 s polling, no 3-second throttle,
one rebuild per burst, errors shown in the page, a CSS-only change that restyles in place, a handler that
serves only the built site, and answers (its WebSocket's included) only for the preview's own host. The site
is served from memory: the output folder is never written, so a rebuild costs only what changed, and
`python build.py` may write dist/ meanwhile.
"""

from __future__ import annotations

import errno
import html
import ipaddress
import json
import mimetypes
import posixpath
import re
import signal
import sys
import time
import traceback
from collections.abc import Callable, Collection
from pathlib import Path
from urllib.parse import unquote, urlsplit

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado import ioloop, netutil, web
from tornado.httpserver import HTTPServer

from . import pipeline
from .problems import Problem, errors
from .project import Project
from .rebuild.session import Session
from .watch import Inotify, Scanner, watcher

SETTLE_SECONDS = 0.02  # a burst of saves has ended when the kernel reports nothing new for this long
LAZY_FROM = 100  # past this many changed pages, the first of each layout renders at once, the rest on request
REST_SECONDS = 0.05  # while idle, pages left for later render in slices this long, so saves and requests go first
TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".xml": "application/xml",
         ".js": "text/javascript; charset=utf-8", ".json": "application/json", ".csv": "text/csv; charset=utf-8",
         ".txt": "text/plain; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png"}
HASHED = re.compile(r"^(?P<stem>.+)\.[0-9a-f]{10}(?P<ext>\.\w+)$")


class Served:
    """The last good build in memory: each file's bytes by address. The files beside the pages (feed, data, card,
    sitemap) are made the first time an address is missing; a page left for later, when it is asked for or when
    the preview has nothing else to do (rest)."""

    def __init__(self, site: pipeline.Site, rendered: dict[str, bytes],
                 found: Callable[[tuple[Problem, ...]], None]) -> None:
        self.site = site
        self.files = {output.uri: output.data for output in site.assets + site.static} | rendered
        self.beside_made = False
        self.pending = dict.fromkeys(uri for uri in site.stale if uri not in rendered)
        self.left = len(self.pending)
        self.found = found  # told the problems of each page rendered late

    def get(self, uri: str) -> bytes | None:
        if uri in self.pending:  # a page: rendered now (None when its layout failed; the panel says why)
            self.render(uri)
            return self.files.get(uri)
        if uri not in self.files and not self.beside_made:
            self.files.update((output.uri, output.data) for output in self.site.beside())
            self.beside_made = True
        return self.files.get(uri)

    def render(self, uri: str) -> None:
        del self.pending[uri]
        rendered = self.site.render(uri)
        if rendered.data is not None:
            self.files[uri] = rendered.data
        if rendered.problems:
            self.found(rendered.problems)

    def rest(self, seconds: float) -> bool:
        """Render pages left for later for about `seconds`; True while some are left."""
        end = time.perf_counter() + seconds
        while self.pending and time.perf_counter() < end:
            self.render(next(iter(self.pending)))
        return bool(self.pending)

    def current(self, uri: str) -> str | None:
        """The address a hashed name has now: livereload.js asks for a restyled stylesheet by its old name."""
        match = HASHED.match(posixpath.basename(uri))
        if match is None:
            return None
        folder, pattern = posixpath.dirname(uri), re.compile(re.escape(match["stem"]) + r"\.[0-9a-f]{10}"
                                                             + re.escape(match["ext"]) + "$")
        return next((name for name in sorted(self.files)
                     if posixpath.dirname(name) == folder and pattern.match(posixpath.basename(name))), None)


class Preview:
    """The watched project, its last good site, what went wrong in its last build, and the browsers to reload."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.session = Session(project.cache_path)
        self.folders = [project.content_path, *project.layout_folders, *project.asset_folders,
                        *project.catalogue_folders, *([project.static_path] if project.static_path else [])]
        self.watcher: Inotify | Scanner = watcher(self.folders)
        self.site: Served | None = None
        self.pending: set[Path] = set()
        self.errors: list[str] = []  # the lines the terminal printed, shown again on top of every page
        self.notes: set[str] = set()  # the notes of the last good build, printed once, not at every rebuild

    def rebuild(self, changed: set[Path] | None = None) -> None:
        """Build once into memory (told which files `changed`, when known); keep the last good site when the build
        fails, and remember why."""
        started = time.perf_counter()
        try:
            with pipeline.no_cycle_collection():
                site = pipeline.make_site(self.project, self.session, changed)
                rendered, problems = render_now(site) if site.ok else ({}, site.problems)
        except Exception as error:  # a bug: say so, and keep watching, so the next save is built again
            return self.failed([report_bug(error)], printed=True)
        if errors(problems):
            return self.failed([str(problem) for problem in problems if problem.severity == "error"])
        self.site, self.errors = Served(site, rendered, self.found_late), []
        self.tell(problems)
        later = f"; {self.site.left} pages render when asked for or while idle" if self.site.left else ""
        print(f"Rebuilt in {(time.perf_counter() - started) * 1000:.0f} ms{later}", flush=True)

    def tell(self, notes: list[Problem]) -> None:
        """Print the notes of a good build that the last good build did not have: one that stands is said once."""
        lines = [str(note) for note in notes]
        for line in lines:
            if line not in self.notes:
                print(line, file=sys.stderr, flush=True)
        self.notes = set(lines)

    def found_late(self, problems: tuple[Problem, ...]) -> None:
        """A page rendered after its build found problems: say them as the build would have."""
        for problem in problems:
            print(problem, file=sys.stderr, flush=True)
        self.errors += [str(problem) for problem in problems if problem.severity == "error"]

    def failed(self, errors: list[str], printed: bool = False) -> None:
        """Remember what went wrong and say it in the terminal (the lines themselves unless `printed` already)."""
        self.errors = errors
        for line in [] if printed else errors:
            print(line, file=sys.stderr, flush=True)
        serving = "still serving the last good site" if self.site else \
            "no site to serve until that is fixed; the browser shows why"
        print(f"{len(errors)} problem(s): {serving}", file=sys.stderr, flush=True)

    def saw(self) -> bool:
        """Collect what changed since the last look; True when something did."""
        try:
            found = self.watcher.changes()
        except OSError:  # the kernel ran out of watches for a new folder: scan from now on, and look at everything
            self.watcher, found = Scanner(self.folders), set(self.folders)
        self.pending |= found
        return bool(found)

    def settled(self) -> None:
        """A burst of saves has ended: rebuild once and reload once."""
        if self.pending:
            paths, self.pending = self.pending, set()
            self.rebuild(paths)
            reload_browsers(reload_path(paths, self.project.asset_folders, bool(self.errors)))


def render_now(site: pipeline.Site) -> tuple[dict[str, bytes], list[Problem]]:
    """The pages rendered before serving, by address, and the site's problems with theirs: every changed page, or
    when more than LAZY_FROM changed (a layout or a word every page shows), only the first of each layout, to
    find a broken layout at once; the rest render when asked for or while idle."""
    now: Collection[str] = site.stale.keys()
    if len(now) > LAZY_FROM:
        first: dict[str, str] = {}
        for uri, (_, stale) in site.stale.items():
            first.setdefault(stale.page.layout, uri)
        now = set(first.values())
    rendered: dict[str, bytes] = {}
    problems = list(site.problems)
    for uri, page in site.pages(now):
        problems += page.problems
        if page.data is not None:
            rendered[uri] = page.data
    return rendered, problems


def report_bug(error: Exception) -> str:
    """Print a bug's one-line report and its traceback; the line for the page."""
    print(f"error: this is a bug in the preview, not in your files ({type(error).__name__}: {error}); "
          "it keeps watching; please report it with this traceback:", file=sys.stderr, flush=True)
    traceback.print_exc()
    return f"error: the preview hit a bug ({type(error).__name__}: {error}); the terminal shows the details"


def reload_path(paths: set[Path], asset_folders: tuple[Path, ...], failed: bool) -> str:
    """The path livereload.js is told about: a stylesheet's swaps it in place, anything else reloads the page.
    Files in assets/ that are gone already do not count: an editor's temporary files come and go."""
    paths = {p for p in paths if p.exists() or not any(p.is_relative_to(folder) for folder in asset_folders)}
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


def own_host(name: str | None, listening: str) -> bool:
    """Whether a request for host `name` (its Host header's or its Origin's) is one for this preview: localhost,
    an IP address or the --host it listens on. A page on another site whose owner made its name resolve to this
    machine (DNS rebinding) still sends that name, so it gets nothing."""
    if name is None:
        return False
    if name in ("localhost", listening.lower().strip("[]")):
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def host_name(address: str) -> str | None:
    """The host of an address (`http://name:port`, `//name:port`) in lower case, without its port; None when it has
    none."""
    try:
        return urlsplit(address).hostname
    except ValueError:  # a bracket left open, say
        return None


class OwnHost(web.RequestHandler):
    """Answers only requests for this preview's own host (421 Misdirected Request otherwise)."""

    def prepare(self) -> None:
        if not own_host(host_name("//" + self.request.host), self.settings["listening"]):
            self.set_status(421)
            self.set_header("Content-Type", TYPES[".txt"])
            self.finish("Misdirected Request: this preview answers only for localhost, an IP address or the name "
                        "given to --host\n")


class Reload(OwnHost, LiveReloadHandler):
    """livereload's WebSocket, for the preview's own pages only, deaf to messages it cannot read."""

    def check_origin(self, origin: str) -> bool:
        return own_host(host_name(origin), self.settings["listening"])

    def on_message(self, message: str | bytes) -> None:
        """livereload's handshake, for an object with a command; anything else is ignored."""
        try:
            parsed = json.loads(message)
        except (ValueError, RecursionError):
            return
        if isinstance(parsed, dict) and isinstance(parsed.get("command"), str):
            super().on_message(message)


class ReloadScript(OwnHost, LiveReloadJSHandler):
    """livereload.js, for the preview's own host."""


class SiteHandler(OwnHost):
    """Serves the site in memory under the base path, and nothing else."""

    def initialize(self, preview: Preview, base_path: str) -> None:
        self.preview, self.base_path = preview, base_path

    def get(self) -> None:
        raw = self.request.path
        if raw + "/" == self.base_path:
            return self.redirect(self.base_path, permanent=True)
        site = self.preview.site
        if not raw.startswith(self.base_path) or site is None:
            return self.not_found()
        uri = unquote(raw[len(self.base_path):])
        uri = uri + "index.html" if uri.endswith("/") or not uri else uri
        if site.get(uri) is None:
            uri = site.get(uri + "/index.html") is not None and uri + "/index.html" or site.current(uri) or ""
        data = site.get(uri) if uri else None
        if data is None:
            return self.not_found()
        self.send(uri, data, 200)

    def head(self) -> None:
        self.get()

    def not_found(self) -> None:
        page = self.preview.site.get("404.html") if self.preview.site else None
        if page is not None:
            return self.send("404.html", page, 404)
        if self.preview.errors and not self.preview.site:  # no build has succeeded yet: say why
            self.set_status(503)
            self.set_header("Content-Type", TYPES[".html"])
            self.set_header("Cache-Control", "no-store")
            self.finish(self.live(NO_SITE))
            return
        self.set_status(404)
        self.finish("Not found")

    def send(self, uri: str, data: bytes, status: int) -> None:
        self.set_status(status)
        suffix = posixpath.splitext(uri)[1]
        kind = "application/atom+xml" if uri.endswith("feed.xml") else TYPES.get(suffix)
        self.set_header("Content-Type", kind or mimetypes.guess_type(uri)[0] or "application/octet-stream")
        self.set_header("Cache-Control", "no-store")
        if suffix == ".html":
            data = self.live(data.decode("utf-8")).encode("utf-8")
        self.finish(data)

    def live(self, page: str) -> str:
        """The page with the LiveReload client and, after a failed build, the errors on top."""
        port = self.request.host.rpartition(":")[2]
        script = f'<script src="/livereload.js?port={port}"></script>'
        page = page.replace("</head>", script + "</head>", 1)
        if self.preview.errors:
            overlay = error_overlay(self.preview.errors, self.preview.site is not None)
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
    """Build, serve and watch until Ctrl-C or SIGTERM (which main() turns into 'Stopped.' and exit code 0); 2 when
    the server cannot start."""
    base_path = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    signal.signal(signal.SIGTERM, stopped)  # a process manager's (or `kill`'s) stop is Ctrl-C's, while it builds
    try:
        sockets = listen(host, port)
    except OSError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    preview = Preview(project)
    preview.rebuild()
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0  # livereload's own poller is unused; never drop a reload
    app = web.Application([(r"/livereload", Reload), (r"/livereload.js", ReloadScript),
                           (r"/.*", SiteHandler, {"preview": preview, "base_path": base_path})], listening=host)
    server = HTTPServer(app)
    server.add_sockets(sockets)
    bound = sockets[0].getsockname()[1]
    loop = ioloop.IOLoop.current()
    watch(preview, loop)
    # From here a stop is the loop's own event: raised inside a callback (a weak reference's, say), a
    # KeyboardInterrupt can be swallowed ("Exception ignored in …") and the server would go on serving.
    for stop in (signal.SIGINT, signal.SIGTERM):
        loop.asyncio_loop.add_signal_handler(stop, loop.stop)  # type: ignore[attr-defined]
    try:  # from the line that tells people they may press Ctrl-C
        print(f"Serving the site from memory at http://{host}:{bound}{base_path} "
              f"(live reload on; Ctrl-C to stop)", flush=True)
        loop.start()
    finally:
        server.stop()
    raise KeyboardInterrupt  # stopped: main() says so, exit code 0


def stopped(signum: int, frame: object) -> None:
    """SIGTERM while the first build runs: stop as Ctrl-C does."""
    raise KeyboardInterrupt


def watch(preview: Preview, loop: ioloop.IOLoop) -> None:
    """Rebuild once a burst of saves has ended: SETTLE_SECONDS after the kernel's last notice, or at the first
    scan that finds nothing new. Whatever goes wrong, watching goes on: a preview that stops serves a stale site."""
    timer: object | None = None
    resting = False

    def rest() -> None:
        """Render the pages the last build left for later, a slice at a time; reload if they found problems."""
        nonlocal resting
        site, errors, resting = preview.site, len(preview.errors), False
        if site is None or not site.pending:
            return
        if site.rest(REST_SECONDS):
            resting = True
            loop.add_callback(guarded, rest)
        else:
            print(f"Rendered the {site.left} pages left for later", flush=True)
        if len(preview.errors) > errors:
            reload_browsers("index.html")

    def guarded(step: Callable[[], object]) -> None:
        try:
            step()
        except Exception as error:
            preview.errors = [report_bug(error)]

    def noticed(fd: int, events: int) -> None:
        nonlocal timer
        guarded(preview.saw)
        if isinstance(preview.watcher, Scanner):  # the kernel's watches ran out: scans take over
            loop.remove_handler(fd)
            loop.call_later(0, scanned)
        elif preview.pending:
            if timer is not None:
                loop.remove_timeout(timer)
            timer = loop.call_later(SETTLE_SECONDS, settled)

    def settled() -> None:
        nonlocal timer
        timer = None
        guarded(preview.settled)
        if not resting:
            loop.add_callback(guarded, rest)

    def look() -> None:
        if not preview.saw():
            settled()

    def scanned() -> None:
        try:
            guarded(look)
        finally:
            loop.call_later(getattr(preview.watcher, "interval", 0), scanned)

    loop.add_callback(guarded, rest)
    if isinstance(preview.watcher, Inotify):
        loop.add_handler(preview.watcher.fileno(), noticed, ioloop.IOLoop.READ)
    else:
        loop.call_later(preview.watcher.interval, scanned)
