"""The live preview, for real: the server in a subprocess, HTTP requests, and a LiveReload client over WebSocket."""

from __future__ import annotations

import contextlib
import json
import queue
import re
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
from websockets.sync.client import connect

DEADLINE = 15.0


class Server:
    """`python build.py serve --port 0` in a project copy, with its output lines collected as they come."""

    def __init__(self, root: Path, *args: str) -> None:
        self.root = root
        self.process = subprocess.Popen([sys.executable, "build.py", "serve", "--port", "0", *args], cwd=root,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
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
def test_only_the_built_site_is_served(server, path):
    with socket_request(server.port, path) as status_line:
        assert status_line.split()[1] == "404", path


def socket_request(port: int, path: str):
    """A raw GET, so the path reaches the server exactly as written."""

    @contextlib.contextmanager
    def request():
        with socket.create_connection(("127.0.0.1", port), timeout=DEADLINE) as sock:
            sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
            yield sock.makefile("rb").readline().decode()
    return request()


def test_content_types_and_the_site_404_page(server):
    assert server.get("index.html")[1] == "text/html; charset=utf-8"
    css = re.search(r'href="(assets/style\.[0-9a-f]{10}\.css)"', server.get("")[2]).group(1)
    assert server.get(css)[1] == "text/css; charset=utf-8"
    assert server.get("feed.xml")[1] == "application/atom+xml"
    assert server.get("data/timeline.json")[1] == "application/json"
    status, kind, body = server.get("no-such-page.html")
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


def test_ctrl_c_stops_cleanly(project):
    running = Server(project)
    running.process.send_signal(signal.SIGINT)
    assert running.process.wait(timeout=DEADLINE) == 0
    running.wait_for(r"^Stopped\.")
    assert not any("Traceback" in line for line in running.seen)
