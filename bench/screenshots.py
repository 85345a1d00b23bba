"""Screenshots of every page of the built default site at 390 and 1280 px, light and dark, for a design review.

Usage: python bench/screenshots.py FOLDER [--output SITE] [--screens N] [--no-script] [PAGE ...]. Builds the default
content (or uses an already built site), serves it on 127.0.0.1 and writes FOLDER/NAME-WIDTH-SCHEME.png for each
page (index-390-dark.png, embed_quote-x-1280-light.png), the whole page; with --screens N, the first N screens
(390×844 and 1280×800) one file each instead (index-390-dark-1.png, …-2.png), the way a reader scrolls.
Uses Debian's Chromium through Playwright; nothing is downloaded.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
         "--disable-quic", "--no-first-run", "--no-default-browser-check", "--mute-audio"]
SCREENS = {390: 844, 1280: 800}
# A page has settled when its animations have: what the first paint left off screen is laid out just after it
# (style.css, content-visibility).
SETTLED = "document.getAnimations().every(a => a.playState === 'finished')"  # a common phone and a laptop, in CSS pixels


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serving(folder: Path, handler: type[QuietHandler] = QuietHandler) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 at a free port; yields the base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def shoot(site: Path, folder: Path, pages: list[str], screens: int, script: bool) -> int:
    """Write the screenshots; returns how many."""
    from playwright.sync_api import sync_playwright
    count = 0
    with serving(site) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for width, height in SCREENS.items():
            for scheme in ("light", "dark"):
                context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme,
                                              java_script_enabled=script)
                tab = context.new_page()
                for page in pages:
                    tab.goto(base_url + page, wait_until="load")
                    tab.wait_for_function(SETTLED)
                    name = page.removesuffix(".html").replace("/", "_")
                    if not screens:
                        tab.screenshot(path=folder / f"{name}-{width}-{scheme}.png", full_page=True)
                        count += 1
                    total = tab.evaluate("document.documentElement.scrollHeight")
                    for n in range(min(screens, -(-total // height))):
                        clip = {"x": 0, "y": n * height, "width": width, "height": min(height, total - n * height)}
                        tab.screenshot(path=folder / f"{name}-{width}-{scheme}-{n + 1}.png", full_page=True, clip=clip)
                        count += 1
                context.close()
        browser.close()
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, help="where the PNG files go (created if missing)")
    parser.add_argument("--output", type=Path, help="an already built site (default: build one now)")
    parser.add_argument("--screens", type=int, default=0, metavar="N", help="the first N screens, one file each")
    parser.add_argument("--no-script", action="store_true", help="with JavaScript off")
    parser.add_argument("pages", nargs="*", help="site-relative pages (default: every page)")
    args = parser.parse_intermixed_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        site = args.output or Path(temp) / "dist"
        if not args.output:
            subprocess.run([sys.executable, str(REPO / "build.py"), "--output", str(site)], check=True,
                           capture_output=True)
        pages = args.pages or sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
        count = shoot(site, args.folder, pages, args.screens, not args.no_script)
    print(f"{count} screenshots in {args.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
