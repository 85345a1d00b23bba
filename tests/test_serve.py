"""The live preview, for real: the server in a subprocess, HTTP requests, and a LiveReload client over WebSocket."""

from __future__ import annotations

import contextlib
import json
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from bench.generate import generate

from helpers import copy_project

DEADLINE = 15.0


LAUNCHER = Path(__file__).resolve().parent / "launcher.py"


class Server:
    """`python build.py serve --port 0` in a project copy, with its output lines collected as they come; with a
    fault, the same command through tests/launcher.py."""

    def __init__(self, root: Path, *args: str, fault: str | None = None, **options) -> None:
        self.root = root
        start = [str(LAUNCHER), fault] if fault else ["build.py"]
        self.process = subprocess.Popen([sys.executable, *start, "serve", "--port", "0", *args], cwd=root,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **options)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self.collect, daemon=True).start()
        line = self.wait_for(r"^Serving ")
        self.url = re.search(r"http://\S+", line).group(0)
        self.port = int(re.search(r":(\d+)/", self.url).group(1))

    def collect(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, pattern: str) -> str:
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.05)
            except queue.Empty:
                assert self.process.poll() is None, "\n".join(self.seen)
                continue
            self.seen.append(line)
            if re.search(pattern, line):
                return line
        raise AssertionError(f"no line matching {pattern!r} in:\n" + "\n".join(self.seen))

    def get(self, path: str = "") -> tuple[int, str, str]:
        """(status, content type, body) of a request, 404s included."""
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/{path.lstrip('/')}" if path.startswith("/")
                                         else self.url + path)
        try:
            with urllib.request.urlopen(request, timeout=DEADLINE) as response:
                return response.status, response.headers["Content-Type"], response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers["Content-Type"], error.read().decode()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            self.process.wait(timeout=DEADLINE)


class Browser:
    """A LiveReload protocol client: hello, info, then reload messages."""

    def __init__(self, socket) -> None:
        self.socket = socket

    def reload(self, timeout: float = DEADLINE) -> dict:
        message = json.loads(self.socket.recv(timeout=timeout))
        assert message["command"] == "reload", message
        return message

    def no_reload(self, seconds: float) -> bool:
        try:
            self.socket.recv(timeout=seconds)
        except TimeoutError:
            return True
        return False


@contextlib.contextmanager
def connected(server: Server) -> Iterator[Browser]:
    """A browser showing the site, registered for reloads."""
    status, _, page = server.get("index.html")
    assert status == 200 and '<script src="/livereload.js' in page
    with connect(f"ws://127.0.0.1:{server.port}/livereload", open_timeout=DEADLINE) as socket:
        socket.send(json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
        assert json.loads(socket.recv(timeout=DEADLINE))["command"] == "hello"
        socket.send(json.dumps({"command": "info", "url": server.url, "plugins": {}}))
        assert server.get("livereload.js")[0] == 200  # the server's loop has moved on past the info message
        yield Browser(socket)


@pytest.fixture
def server(project: Path) -> Iterator[Server]:
    running = Server(project)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def unedited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One preview of a project copy nobody edits, for the tests that only ask it for files."""
    running = Server(copy_project(tmp_path_factory.mktemp("unedited")))
    yield running
    running.stop()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edit_reloads_the_browser_with_the_new_page(server, project):
    with connected(server) as browser:
        edit(project / "content" / "figures.yaml", "reservists to be called up at first", "reservists in the first wave")
        message = browser.reload()
        assert message["liveCSS"] is True and not message["path"].endswith(".css")
        assert "reservists in the first wave" in server.get("index.html")[2]


def test_without_the_kernels_notices_the_preview_scans_and_still_reloads(project):
    running = Server(project, fault="no-renameat2")  # ctypes.CDLL(None) fails, as on Windows: no inotify
    try:
        with connected(running) as browser:
            edit(project / "content" / "figures.yaml", "reservists to be called up at first", "first wave")
            browser.reload()
            assert "first wave" in running.get("index.html")[2]
    finally:
        running.stop()


def test_two_quick_saves_give_two_reloads(server, project):
    with connected(server) as browser:
        figures = project / "content" / "figures.yaml"
        edit(figures, "at first", "first save")
        browser.reload()
        edit(figures, "first save", "second save")
        browser.reload()
        assert "second save" in server.get("index.html")[2]


def test_a_burst_of_saves_is_one_rebuild_and_one_reload(server, project):
    with connected(server) as browser:
        before = len([line for line in server.seen if line.startswith("Rebuilt")])
        for path in sorted((project / "content" / "sections").glob("*.md")):
            path.write_text(path.read_text(encoding="utf-8") + "\nBurst.\n", encoding="utf-8")
        browser.reload()
        server.wait_for(r"^Rebuilt")
        assert browser.no_reload(0.5), "a second reload for the same burst"
        assert len([line for line in server.seen if line.startswith("Rebuilt")]) == before + 1
        assert server.get("index.html")[2].count("Burst.") == 7


def test_a_stylesheet_edit_swaps_the_css_in_place(server, project):
    with connected(server) as browser:
        old_href = re.search(r'href="(assets/style\.[0-9a-f]{10}\.css)"', server.get("index.html")[2]).group(1)
        with (project / "assets" / "style.css").open("a", encoding="utf-8") as css:
            css.write("\n.live-css-check { color: red; }\n")
        message = browser.reload()
        assert message["path"] == "assets/style.css" and message["liveCSS"] is True
        new_href = re.search(r'href="(assets/style\.[0-9a-f]{10}\.css)"', server.get("index.html")[2]).group(1)
        assert new_href != old_href
        for href in (old_href, new_href):  # livereload.js re-requests the page's old link with a cache-buster
            status, kind, body = server.get(href + "?livereload=1")
            assert status == 200 and kind.startswith("text/css") and ".live-css-check" in body


def test_a_broken_file_shows_the_errors_in_the_page_until_it_is_fixed(server, project):
    with connected(server) as browser:
        timeline = project / "content" / "timeline.yaml"
        good = timeline.read_text(encoding="utf-8")
        timeline.write_text(good.replace("date: 2022-09-21", "date: 2022-13-01", 1), encoding="utf-8")
        browser.reload()
        page = server.get("timeline.html")[2]
        assert 'role="alert"' in page and re.search(r"content/timeline\.yaml:\d+:9: error: date: ", page)
        assert 'id="event-address"' in page, "the last good site is still served under the errors"
        timeline.write_text(good, encoding="utf-8")
        browser.reload()
        assert 'role="alert"' not in server.get("timeline.html")[2]


@pytest.mark.parametrize("path", ["/../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/%252e%252e/etc/passwd",
                                  "/assets/..%2f..%2fbuild.py", "/..%5c..%5cbuild.py", "/content/site.yaml"])
def test_only_the_built_site_is_served(unedited, path):
    with socket_request(unedited.port, path) as status_line:
        assert status_line.split()[1] == "404", path


def socket_request(port: int, path: str):
    """A raw GET, so the path reaches the server exactly as written."""

    @contextlib.contextmanager
    def request():
        with socket.create_connection(("127.0.0.1", port), timeout=DEADLINE) as sock:
            sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
            yield sock.makefile("rb").readline().decode()
    return request()


def exchange(port: int, path: str, host: str) -> tuple[int, bytes]:
    """(status, body) of a raw GET sent with this Host header, as a page of another site would have it sent."""
    with socket.create_connection(("127.0.0.1", port), timeout=DEADLINE) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        response = sock.makefile("rb").read()
    head, _, body = response.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def test_only_requests_for_the_previews_own_host_are_answered(unedited):
    """DNS rebinding: a page of another site whose name now resolves to 127.0.0.1 reads nothing. Loopback names
    and addresses are answered, with any port."""
    port = unedited.port
    for host in ("evil.example", f"evil.example:{port}", f"localhost.evil.example:{port}", f"127.0.0.1.nip.io:{port}",
                 "[::1", ""):
        for path in ("/", "/index.html", "/livereload.js", "/livereload"):
            status, body = exchange(port, path, host)
            assert status == 421 and body.startswith(b"Misdirected Request: ") and b"<" not in body, (host, path)
    for host in (f"localhost:{port}", "LOCALHOST", f"127.0.0.1:{port}", f"127.7.0.1:{port}", f"[::1]:{port}"):
        status, body = exchange(port, "/index.html", host)
        assert status == 200 and b"<h1" in body, host


def handshake(socket) -> str:
    """The LiveReload hello: the server's answer's command."""
    socket.send(json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
    return json.loads(socket.recv(timeout=DEADLINE))["command"]


def test_the_reload_socket_takes_only_the_previews_own_pages(unedited):
    address = f"ws://127.0.0.1:{unedited.port}/livereload"
    for origin in ("http://evil.example", f"http://evil.example:{unedited.port}", "null"):
        with pytest.raises(InvalidStatus) as refused:
            connect(address, origin=origin, open_timeout=DEADLINE)
        assert refused.value.response.status_code == 403, origin
    for origin in (f"http://127.0.0.1:{unedited.port}", f"http://localhost:{unedited.port}", None):
        with connect(address, origin=origin, open_timeout=DEADLINE) as socket:
            assert handshake(socket) == "hello", origin


def test_a_message_the_reload_socket_cannot_read_is_ignored(server, project):
    with connected(server) as browser:
        for message in ("not json", "{", "[1, 2]", '"hello"', "null", '{"command": 5}', '{"no": "command"}',
                        "[" * 100_000, b"\x80\x81"):
            browser.socket.send(message)
        assert handshake(browser.socket) == "hello", "the same connection still answers"
        edit(project / "content" / "figures.yaml", "reservists to be called up at first", "first wave")
        browser.reload()
        server.wait_for(r"^Rebuilt")  # printed after anything the messages made the server print
    assert not [line for line in server.seen if "Traceback" in line or "Uncaught" in line], server.seen


def test_content_types_and_the_site_404_page(unedited):
    assert unedited.get("index.html")[1] == "text/html; charset=utf-8"
    css = re.search(r'href="(assets/style\.[0-9a-f]{10}\.css)"', unedited.get("")[2]).group(1)
    assert unedited.get(css)[1] == "text/css; charset=utf-8"
    assert unedited.get("feed.xml")[1] == "application/atom+xml"
    assert unedited.get("data/timeline.json")[1] == "application/json"
    status, kind, body = unedited.get("no-such-page.html")
    assert status == 404 and kind.startswith("text/html") and "<h1>" in body


def test_a_subpath_preview_serves_the_site_only_there(project):
    running = Server(project, "--base-path", "/explainers/mobilization/")
    try:
        assert running.url.endswith("/explainers/mobilization/")
        assert running.get("")[0] == 200 and running.get("timeline.html")[0] == 200
        assert running.get("/index.html")[0] == 404
        with socket_request(running.port, "/explainers/mobilization") as status_line:
            assert status_line.split()[1] == "301"
    finally:
        running.stop()


def test_a_port_in_use_is_one_clear_line(server, project):
    result = subprocess.run([sys.executable, "build.py", "serve", "--port", str(server.port)], cwd=project,
                            capture_output=True, text=True, timeout=DEADLINE)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == (f"error: port {server.port} on 127.0.0.1 is already in use; "
                                     "stop the other server or pass --port 0 for any free port")


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_stops_cleanly(project, stop):
    """Ctrl-C, or the SIGTERM a process manager or `kill` sends, even when started with Ctrl-C ignored."""
    running = Server(project, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) \
        if stop == signal.SIGTERM else Server(project)
    running.process.send_signal(stop)
    assert running.process.wait(timeout=DEADLINE) == 0
    running.wait_for(r"^Stopped\.")
    assert not any("Traceback" in line for line in running.seen)


def break_timeline(project: Path) -> str:
    """Give the timeline an impossible date; return the good text."""
    timeline = project / "content" / "timeline.yaml"
    good = timeline.read_text(encoding="utf-8")
    timeline.write_text(good.replace("date: 2022-09-21", "date: 2022-13-01", 1), encoding="utf-8")
    return good


def test_the_preview_serves_from_memory_and_writes_nothing(project):
    """Even a project folder nobody may write to previews: the site lives in the server's memory."""
    from helpers import as_plain_user
    project.chmod(0o555)
    try:
        running = Server(project, preexec_fn=as_plain_user)
        try:
            with connected(running) as browser:
                edit(project / "content" / "figures.yaml", "reservists to be called up at first", "first wave")
                browser.reload()
                running.wait_for(r"^Rebuilt")
                page = running.get("index.html")[2]
                assert "first wave" in page and 'role="alert"' not in page
                assert running.get("feed.xml")[0] == running.get("data/timeline.csv")[0] == 200
        finally:
            running.stop()
    finally:
        project.chmod(0o755)
    assert not [p.name for p in project.iterdir() if "dist" in p.name], "no output folder, no staging, no lock"


def test_a_bug_is_reported_once_with_its_traceback_and_the_preview_keeps_watching(project):
    running = Server(project, fault="bug-at-build:2")  # the first build is fine; the one after the next save fails
    try:
        with connected(running) as browser:
            edit(project / "content" / "figures.yaml", "reservists to be called up at first", "first wave")
            browser.reload()
            line = running.wait_for(r"this is a bug")
            assert line == ("error: this is a bug in the preview, not in your files (RuntimeError: an injected bug); "
                            "it keeps watching; please report it with this traceback:")
            running.wait_for(r"^RuntimeError: an injected bug")
            assert "the preview hit a bug (RuntimeError: an injected bug)" in running.get("index.html")[2]
            edit(project / "content" / "figures.yaml", "first wave", "the first wave")
            browser.reload()
            running.wait_for(r"^Rebuilt")
            assert "the first wave" in running.get("index.html")[2]
    finally:
        running.stop()


@pytest.mark.parametrize("fault", ["sigint-at-build", "sigint-after:Serving"])
def test_ctrl_c_at_start_up_stops_cleanly(project, fault):
    """Ctrl-C in the middle of the first build, and just after the URL line: exactly where it used to escape."""
    result = subprocess.run([sys.executable, str(LAUNCHER), fault, "serve", "--port", "0"], cwd=project,
                            capture_output=True, text=True, timeout=DEADLINE)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert result.stdout.splitlines()[-1] == "Stopped.", result.stdout
    assert not [p for p in project.iterdir() if p.name.startswith(".dist")], "nothing half-made is left"


@pytest.mark.parametrize("port", ["99999", "-1", "http"])
def test_a_port_outside_0_to_65535_is_a_usage_error_in_plain_words(project, port):
    try:
        result = subprocess.run([sys.executable, "build.py", "serve", "--port", port], cwd=project,
                                capture_output=True, text=True, timeout=DEADLINE)
    except subprocess.TimeoutExpired:
        pytest.fail(f"serve --port {port} started a server")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == (f"python build.py serve: error: argument --port: '{port}' is not a "
                                              "port: use a number from 0 to 65535 (0 picks any free one)")


def test_a_first_run_with_broken_content_serves_a_page_that_says_so(project):
    good = break_timeline(project)
    running = Server(project)
    try:
        assert "1 problem(s): no site to serve until that is fixed; the browser shows why" in running.seen
        status, kind, page = running.get("")
        assert status == 503 and kind == "text/html; charset=utf-8"
        assert "There is no site to show yet" in page and "The build failed; there is no site yet." in page
        assert re.search(r"content/timeline\.yaml:\d+:9: error: date: ", page)
        assert running.get("timeline.html")[2] == page, "every address says the same"
        with connect(f"ws://127.0.0.1:{running.port}/livereload", open_timeout=DEADLINE) as socket:
            socket.send(json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
            socket.recv(timeout=DEADLINE)
            socket.send(json.dumps({"command": "info", "url": running.url, "plugins": {}}))
            assert running.get("livereload.js")[0] == 200
            (project / "content" / "timeline.yaml").write_text(good, encoding="utf-8")
            Browser(socket).reload()
        status, _, page = running.get("")
        assert status == 200 and 'role="alert"' not in page and "<h1" in page
    finally:
        running.stop()


def test_layouts_deleted_and_made_again_are_watched_again(project, tmp_path):
    layouts = project / "layouts"
    kept = shutil.copytree(layouts, tmp_path / "kept")
    (project / "static").mkdir()  # every folder the preview watches is there: none waits in the project's folder
    (project / "catalogues").mkdir()
    running = Server(project)
    try:
        with connected(running) as browser:
            shutil.rmtree(layouts)
            running.wait_for(r"problem\(s\): still serving the last good site")
            shutil.copytree(kept, layouts)  # as `git checkout` would: the folder, then its files
            running.wait_for(r"^Rebuilt")
            edit(layouts / "base.html", "</body>", "<!-- edited after it came back --></body>")
            while "<!-- edited after it came back -->" not in running.get("index.html")[2]:
                browser.reload()  # the reloads of the folder's return, then the edit's
    finally:
        running.stop()


def test_a_standing_note_is_printed_once_not_at_every_rebuild(project, mini):
    running = Server(project, "--content", str(mini))
    try:
        with connected(running) as browser:
            for headline in ("First headline", "Second headline"):
                edit(mini / "site.yaml", "title: ", f"title: {headline} ")
                browser.reload()
                running.wait_for(r"^Rebuilt")  # printed after the build's notes
                assert headline in running.get("index.html")[2]
    finally:
        running.stop()
    notes = [line for line in running.seen if "no source has an archive" in line]
    assert notes == [f"{mini}/sources.yaml: note: no source has an archive, so no quotation or wording was "
                     "checked against one; add 'archive:' with a text copy of a source (docs/content.md)"]


def test_a_build_writing_dist_does_not_hold_up_the_preview(project, tmp_path):
    signals = tmp_path / "signals"
    signals.mkdir()
    running = Server(project)
    try:
        with connected(running) as browser:
            other = subprocess.Popen([sys.executable, str(LAUNCHER), f"pause-at-write:3:{signals}"], cwd=project,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            try:
                deadline = time.monotonic() + DEADLINE
                while not (signals / "paused").exists():
                    assert other.poll() is None and time.monotonic() < deadline, other.communicate()
                    time.sleep(0.01)
                edit(project / "content" / "figures.yaml", "reservists to be called up at first", "first wave")
                browser.reload()  # while the other build holds dist/
                assert "first wave" in running.get("index.html")[2]
            finally:
                (signals / "go").touch()
            assert other.wait(timeout=DEADLINE) == 0, "the preview never takes the output's lock"
            assert (project / "dist" / "index.html").is_file()
    finally:
        running.stop()


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_the_error_panel_sits_above_the_header_and_can_be_dismissed(project, tmp_path, width):
    from browser import chromium
    running = Server(project)
    try:
        break_timeline(project)
        running.wait_for(r"problem\(s\): still serving the last good site")
        with chromium() as browser:
            page = browser.new_context(viewport={"width": width, "height": 800}).new_page()
            page.goto(running.url + "timeline.html")
            panel, header = page.locator("#build-errors"), page.locator(".site-header")
            assert "content/timeline.yaml" in panel.inner_text()
            page.screenshot(path=str(tmp_path / f"errors-{width}.png"))
            panel_box, header_box = panel.bounding_box(), header.bounding_box()
            assert panel_box["y"] == 0 and panel_box["y"] + panel_box["height"] <= header_box["y"], \
                "the panel is above the header, not over it"
            assert panel_box["width"] == width and page.evaluate("document.documentElement.scrollWidth") <= width
            page.get_by_role("button", name="Dismiss").click()
            assert page.locator("#build-errors").count() == 0
            assert header.bounding_box()["y"] < header_box["y"], "the header moves up once the panel is gone"
    finally:
        running.stop()


def test_a_large_site_serves_at_once_and_finds_a_late_pages_problem_while_idle(project, tmp_path):
    """Past a hundred changed pages, the first page of each layout is rendered at once and the rest on request or
    while the preview is idle; a problem one of them finds still reaches the terminal, the page and the browser."""
    generate(tmp_path / "big", scale=0.06)
    content = tmp_path / "big" / "content"
    with (content / "pages" / "page-0005.md").open("a", encoding="utf-8") as page:
        page.write("\nSee [the missing page](nope.html).\n")
    line = (content / "pages" / "page-0005.md").read_text(encoding="utf-8").count("\n")  # the link's, the last
    running = Server(project, "--content", str(content))
    try:
        assert any(re.search(r"^Rebuilt in \d+ ms; \d{3} pages render when asked for", line) for line in running.seen)
        status, _, page = running.get("pages/page-0007.html")
        assert status == 200 and "<h1>Background piece 7</h1>" in page
        late = f"page-0005.md:{line}:24: error: link: 'nope.html' leads to no file of the site; did you mean 'index.html'?"
        assert running.wait_for(r"page-0005\.md").endswith(late)  # found while idle: nobody asked for the page
        assert re.fullmatch(r"Rendered the \d{3} pages left for later", running.wait_for("^Rendered the"))
        with connected(running) as browser:
            edit(project / "layouts" / "base.html", "</body>", "<!-- edited --></body>")  # every page changes
            browser.reload()
            assert running.wait_for(r"page-0005\.md").endswith(late)
            browser.reload()  # the late problem reloads the page, to show it
            assert "nope.html" in running.get("pages/page-0007.html")[2]  # in the panel on every page
    finally:
        running.stop()
