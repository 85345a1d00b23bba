"""The built site served under a subpath by a real HTTP server, crawled link by link: nothing broken, nothing escapes."""

from __future__ import annotations

import http.client
import http.server
import re
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from lxml import etree
from lxml import html as lxml_html

from helpers import command

PREFIX = "/explainers/mobilization/"
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


class SubpathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site only under PREFIX, like a host that keeps it in a subfolder; 404 elsewhere."""

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == PREFIX.rstrip("/"):
            self.send_response(301)
            self.send_header("Location", PREFIX)
            self.end_headers()
        elif not path.startswith(PREFIX):
            self.send_error(404)
        else:
            self.path = "/" + self.path[len(PREFIX):]
            super().do_GET()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the test reports what matters."""


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """An HTTP server on 127.0.0.1 (any free port) serving tmp_path/dist under PREFIX."""
    site = tmp_path / "dist"
    site.mkdir()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(SubpathHandler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", site
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def fetch(origin: str, path: str) -> tuple[int, str, bytes, str | None]:
    """(status, content type, body, Location) of one GET, following nothing."""
    connection = http.client.HTTPConnection(urlsplit(origin).netloc, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read(), response.getheader("Location")
    finally:
        connection.close()


def links(url: str, content_type: str, body: bytes) -> tuple[list[str], set[str]]:
    """Every URL the document refers to (absolute), and the ids it defines."""
    if "html" in content_type:
        document = lxml_html.fromstring(body)
        found = document.xpath("//@href | //@src | //meta[starts-with(@property, 'og:') and "
                               "(@property='og:image' or @property='og:url')]/@content")
        return [urljoin(url, u) for u in found if not u.startswith(("mailto:", "data:"))], set(document.xpath("//@id"))
    if "css" in content_type:
        return [urljoin(url, a or b) for a, b in CSS_URL.findall(body.decode())], set()
    if "xml" in content_type:
        root = etree.fromstring(body)
        found = root.xpath("//*[local-name()='link']/@href | //*[local-name()='loc']/text()")
        return [urljoin(url, u) for u in found], set()
    if "text/plain" in content_type:  # robots.txt
        return [line.split(":", 1)[1].strip() for line in body.decode().splitlines() if line.startswith("Sitemap:")], set()
    return [], set()


def crawl(origin: str) -> tuple[dict[str, int], dict[str, set[str]], list[tuple[str, str]], list[str]]:
    """Follow every link from the index and robots.txt: statuses by path, ids by page, anchored links, escapes."""
    statuses: dict[str, int] = {}
    ids: dict[str, set[str]] = {}
    anchored: list[tuple[str, str]] = []
    escaped: list[str] = []
    queue = [origin + PREFIX, origin + PREFIX + "robots.txt"]
    while queue:
        url = queue.pop()
        path = urlsplit(url).path
        if path in statuses:
            continue
        status, content_type, body, _ = fetch(origin, path)
        statuses[path] = status
        if status != 200:
            continue
        found, ids[path] = links(url, content_type, body)
        for link in found:
            target, fragment = urldefrag(link)
            if not target.startswith(origin):
                continue  # a source on another site
            if not urlsplit(target).path.startswith(PREFIX):
                escaped.append(f"{path} -> {link}")
                continue
            if fragment:
                anchored.append((path, link))
            queue.append(target)
    return statuses, ids, anchored, escaped


@pytest.mark.parametrize("with_base_url", [False, True], ids=["relative", "base-url"])
def test_every_page_link_and_asset_works_under_a_subpath(server, with_base_url):
    origin, site = server
    args = ["--base-url", origin + PREFIX] if with_base_url else []
    result = command("--output", str(site), *args)
    assert result.returncode == 0, result.stderr
    assert fetch(origin, "/")[0] == 404 and fetch(origin, "/favicon.ico")[0] == 404
    status, _, _, location = fetch(origin, PREFIX.rstrip("/"))
    assert (status, location) == (301, PREFIX)

    statuses, ids, anchored, escaped = crawl(origin)
    assert not escaped, "\n".join(escaped)
    assert not [p for p, s in statuses.items() if s != 200], statuses
    missing = [f"{page} -> {link}" for page, link in anchored
               if urldefrag(link)[1] not in ids[urlsplit(urldefrag(link)[0]).path]]
    assert not missing, "\n".join(missing)
    built = {PREFIX + p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name != "404.html"}
    assert built <= set(statuses) | {PREFIX + "index.html"}, "every page is reachable by links"
    assert any(p.endswith(".css") for p in statuses) and any(p.endswith(".svg") for p in statuses)
    if with_base_url:
        assert statuses[PREFIX + "sitemap.xml"] == 200, "robots.txt leads to the sitemap"
        assert any(p.endswith(".png") for p in statuses), "og:image is reachable"
