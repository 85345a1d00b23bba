"""Page weight of the built default site: each page with everything it loads, before and after gzip.

Usage: python bench/page_weight.py [--output DIR] [--heavy]. Builds the default content, then for every HTML page
adds up the page and the stylesheets, scripts and images it references (what a browser fetches on a first visit;
print styles and the favicon included, data files and links to other pages not), then each asset on its own;
--heavy leaves those tables out (a site at scale has thousands of pages). Then it names every page over 200 KB
of HTML on its own (--limit BYTES for another limit; the sitemap and the data files are not pages) and the
largest.
Exit status 1 when the home page is over 100 KB, the script over 10 KB or any page over 200 KB of HTML.
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
PAGE_LIMIT = 200_000  # bytes of HTML for any page a reader reaches, at any scale (issue 26)


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


def html_sizes(site: Path) -> list[tuple[str, int]]:
    """Every page of the site (its path in the site) with its bytes of HTML, largest first."""
    sizes = ((page.relative_to(site).as_posix(), page.stat().st_size) for page in site.rglob("*.html"))
    return sorted(sizes, key=lambda found: (-found[1], found[0]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, help="an already built site (default: build one now)")
    parser.add_argument("--heavy", action="store_true", help="leave out the tables: only the budgets and the pages "
                        "over the limit")
    parser.add_argument("--limit", type=int, default=PAGE_LIMIT, help="bytes of HTML a page may have (default: 200,000)")
    arguments = parser.parse_args()
    output = arguments.output
    with tempfile.TemporaryDirectory() as folder:
        site = output or Path(folder) / "dist"
        if not output:
            subprocess.run([sys.executable, str(REPO / "build.py"), "--output", str(site)], check=True,
                           capture_output=True)
        if not arguments.heavy:
            print_tables(site)
        home = weigh(site, site / "index.html")[1]
        script = sum(p.stat().st_size for p in (site / "assets").glob("*.js"))
        print(f"home page: {home:,} bytes of {BUDGET:,} allowed ({'ok' if home <= BUDGET else 'OVER BUDGET'})")
        print(f"script: {script:,} bytes of {SCRIPT_BUDGET:,} allowed ({'ok' if script <= SCRIPT_BUDGET else 'OVER BUDGET'})")
        light = print_heavy(site, arguments.limit)
        return 0 if home <= BUDGET and script <= SCRIPT_BUDGET and light else 1


def print_heavy(site: Path, limit: int) -> bool:
    """Print each page over `limit` bytes of HTML, largest first, and the largest page; True when none is over."""
    sizes = html_sizes(site)
    heavy = [(uri, size) for uri, size in sizes if size > limit]
    print(f"pages over {limit:,} bytes of HTML: {len(heavy) or 'none'}")
    for uri, size in heavy:
        print(f"  {uri} {size:,}")
    print(f"largest page: {sizes[0][0]} ({sizes[0][1]:,} bytes of HTML)")
    return not heavy


def print_tables(site: Path) -> None:
    """Each page with what it loads, then each asset, before and after gzip."""
    print(f"{'page':44} {'files':>5} {'bytes':>9} {'gzip':>8}")
    for page in sorted(site.rglob("*.html")):
        count, raw, packed = weigh(site, page)
        print(f"{page.relative_to(site).as_posix():44} {count:5} {raw:9,} {packed:8,}")
    print()
    for asset in sorted((site / "assets").iterdir()):
        data = asset.read_bytes()
        print(f"{'assets/' + asset.name:44} {'':5} {len(data):9,} {len(gzip.compress(data, 9)):8,}")


if __name__ == "__main__":
    sys.exit(main())
