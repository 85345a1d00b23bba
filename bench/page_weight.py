"""Page weight of the built default site: each page with everything it loads, before and after gzip.

Usage: python bench/page_weight.py [--output DIR]. Builds the default content, then for every HTML page adds
up the page and the stylesheets, scripts and images it references (what a browser fetches on a first visit;
print styles and the favicon included, data files and links to other pages not), then each asset on its own.
Exit status 1 when the home page is over 100 KB or the script over 10 KB.
"""

from __future__ import annotations

import argparse
import gzip
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
BUDGET = 100_000  # bytes for the home page, everything included, before compression
SCRIPT_BUDGET = 10_000  # bytes for the enhancement script, unminified


class Resources(HTMLParser):
    """The same-site files a page loads: stylesheets, icons, scripts, images."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag == "link" and attr.get("rel") in ("stylesheet", "icon"):
            self.found.append(attr["href"] or "")
        elif tag in ("script", "img") and attr.get("src"):
            self.found.append(attr["src"] or "")


def weigh(site: Path, page: Path) -> tuple[int, int, int]:
    """(files, bytes, gzipped bytes) of a page and what it loads."""
    parser = Resources()
    parser.feed(page.read_text(encoding="utf-8"))
    files = [page] + [(page.parent / urlsplit(url).path).resolve() for url in parser.found if not urlsplit(url).scheme]
    data = [f.read_bytes() for f in files]
    return len(files), sum(map(len, data)), sum(len(gzip.compress(d, 9)) for d in data)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, help="an already built site (default: build one now)")
    output = parser.parse_args().output
    with tempfile.TemporaryDirectory() as folder:
        site = output or Path(folder) / "dist"
        if not output:
            subprocess.run([sys.executable, str(REPO / "build.py"), "--output", str(site)], check=True,
                           capture_output=True)
        print(f"{'page':44} {'files':>5} {'bytes':>9} {'gzip':>8}")
        for page in sorted(site.rglob("*.html")):
            count, raw, packed = weigh(site, page)
            print(f"{page.relative_to(site).as_posix():44} {count:5} {raw:9,} {packed:8,}")
        print()
        for asset in sorted((site / "assets").iterdir()):
            data = asset.read_bytes()
            print(f"{'assets/' + asset.name:44} {'':5} {len(data):9,} {len(gzip.compress(data, 9)):8,}")
        home = weigh(site, site / "index.html")[1]
        script = sum(p.stat().st_size for p in (site / "assets").glob("*.js"))
        print(f"home page: {home:,} bytes of {BUDGET:,} allowed ({'ok' if home <= BUDGET else 'OVER BUDGET'})")
        print(f"script: {script:,} bytes of {SCRIPT_BUDGET:,} allowed ({'ok' if script <= SCRIPT_BUDGET else 'OVER BUDGET'})")
        return 0 if home <= BUDGET and script <= SCRIPT_BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
