"""Shared parts of the browser tests: Debian's Chromium under Playwright, a local server, the test tools."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

NODE = Path(__file__).resolve().parent / "node" / "node_modules"
AXE = NODE / "axe-core" / "axe.min.js"
VNU = NODE / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
         "--disable-quic", "--no-first-run", "--no-default-browser-check", "--mute-audio"]


marked = False  # whether the running test is marked `browser` (conftest.py sets it before each test)


def require(*paths: Path | str) -> None:
    """Skip with the reason when a tool is missing; under CI (CI set) fail instead, so nothing is skipped there.
    Every browser and validator starts here, so a test that is not marked `browser` fails at once."""
    assert marked, "a test that drives Chromium, the Nu checker or Lighthouse is marked @pytest.mark.browser"
    missing = [str(p) for p in paths if not Path(p).exists()]
    if missing:
        reason = f"missing {', '.join(missing)}: run .ci/install-browser-tools"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 at a free port; yields the base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium() -> Iterator[object]:
    """A headless Chromium (the system one; nothing is downloaded)."""
    require(CHROMIUM)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


class Tab:
    """A browser context at one size and colour scheme; each page opened in it records its console errors,
    failed requests (and HTTP errors) and requests leaving the site."""

    def __init__(self, browser, site_url: str, width: int, scheme: str = "light", javascript: bool = True,
                 reduced_motion: str = "no-preference") -> None:
        self.site_url, self.javascript = site_url, javascript
        self.context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme,
                                           java_script_enabled=javascript, reduced_motion=reduced_motion)
        self.page = self.context.new_page()
        self.problems: list[str] = []

    def without_site_scripts(self) -> None:
        """Serve the site's own scripts empty: the page as readers without JavaScript get it, yet axe can still run."""
        self.context.route("**/*.js", lambda route: route.fulfill(body="", content_type="text/javascript"))

    def is_local(self, url: str) -> bool:
        return url.startswith((self.site_url, "data:", "about:"))

    def open(self, page_uri: str) -> int:
        """Open a page of the site in a new tab (so nothing from the last page counts); returns the HTTP status."""
        self.page.close()
        self.page, self.problems = self.context.new_page(), []
        note = self.problems.append
        self.page.on("console", lambda m: note(f"console: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: note(f"script error: {e}"))
        self.page.on("requestfailed", lambda r: note(f"failed: {r.url} ({r.failure})"))
        self.page.on("response", lambda r: note(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
        self.page.on("request", lambda r: None if self.is_local(r.url) else note(f"outside request: {r.url}"))
        response = self.page.goto(self.site_url + page_uri, wait_until="load")
        if self.javascript:  # what the first paint left off screen is laid out just after it (style.css)
            self.page.wait_for_function("document.getAnimations().every(a => a.playState === 'finished')")
        return response.status if response and response.url.startswith("http") else 0

    def overflow(self) -> int:
        """How many CSS pixels the page scrolls sideways (0 or less: none)."""
        return self.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")

    def shown(self, selector: str) -> list[str]:
        """The ids of the elements matching selector that are rendered (not hidden)."""
        return self.page.locator(selector).evaluate_all("els => els.filter(e => e.getClientRects().length).map(e => e.id)")

    def axe(self) -> list[str]:
        """axe-core's violations on the page as it is, one line each (needs scripting on)."""
        self.page.evaluate(axe_source())
        result = self.page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
                for v in result["violations"]]

    def close(self) -> None:
        self.context.close()


@functools.cache
def axe_source() -> str:
    require(AXE)
    return AXE.read_text(encoding="utf-8")


def site_pages(site: Path) -> list[str]:
    """Every HTML page of a built site, as site-relative URIs."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
