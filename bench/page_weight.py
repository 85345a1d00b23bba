"""Page weight of the built default site: each page with everything it loads, before and after gzip.

Usage: python bench/page_weight.py [--output DIR] [--heavy]. Builds the default content, then for every HTML page
adds up the page and the stylesheets, scripts and images it references (what a browser fetches on a first visit;
print styles and the favicon included, data files and links to other pages not), then each asset on its own;
--heavy leaves those tables out (a site at scale has thousands of pages). Then it names every page over 200 KB
of HTML on its own (--limit BYTES for another limit; the sitemap and the data files are not pages) and the
largest.
Exit status 1 when over a budget: each edition's home page over 100 KB of HTML, the home page with what it loads
before images over 100 KB (its <img> files and its inline SVG graphics, such as the map, left out: issue 23's
measure), the scripts of ours any page loads over 10 KB (the modules a script fetches only once the reader asks,
such as search, are not loaded by the page), or any page over 200 KB of HTML.
"""

from __future__ import annotations

import argparse
import gzip
import re
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
HOME_HTML_BUDGET = 100_000  # bytes of HTML for each edition's home page
BUDGET = 100_000  # bytes for the home page with what it loads before images, uncompressed
INLINE_GRAPHIC = re.compile(rb"<svg\b.*?</svg>", re.S)  # a map or a chart drawn in the page: an image, inline
SCRIPT_BUDGET = 10_000  # bytes of our scripts a page loads, unminified
PAGE_LIMIT = 200_000  # bytes of HTML for any page a reader reaches, at any scale (issue 26)


class Resources(HTMLParser):
    """The files a page loads (stylesheets, icons, scripts, images), its scripts also on their own, and the
    addresses of the other editions of the page (the language switcher's links)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.scripts: list[str] = []
        self.images: list[str] = []
        self.editions: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag == "link" and attr.get("rel") in ("stylesheet", "icon"):
            self.found.append(attr["href"] or "")
        elif tag in ("script", "img") and attr.get("src"):
            self.found.append(attr["src"] or "")
            (self.scripts if tag == "script" else self.images).append(attr["src"] or "")
        elif tag == "a" and "data-edition" in attr:
            self.editions.append(attr.get("href") or "")


def parsed(page: Path) -> Resources:
    parser = Resources()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def same_site(page: Path, urls: list[str]) -> list[Path]:
    """The files of the site that `urls` (as written in `page`) name; another site's are left out."""
    return [(page.parent / urlsplit(url).path).resolve() for url in urls if not urlsplit(url).scheme]


def weigh(site: Path, page: Path) -> tuple[int, int, int]:
    """(files, bytes, gzipped bytes) of a page and what it loads."""
    files = [page] + same_site(page, parsed(page).found)
    data = [f.read_bytes() for f in files]
    return len(files), sum(map(len, data)), sum(len(gzip.compress(d, 9)) for d in data)


def before_images(page: Path) -> int:
    """Bytes of a page and what it loads, but its images: <img> files and the SVG graphics drawn inline."""
    html, resources = page.read_bytes(), parsed(page)
    loads = same_site(page, [url for url in resources.found if url not in resources.images])
    graphics = sum(len(found) for found in INLINE_GRAPHIC.findall(html))
    return len(html) - graphics + sum(f.stat().st_size for f in loads)


def home_pages(site: Path) -> list[Path]:
    """The home page of each edition (the original's first): the pages its language switcher links to."""
    home = site / "index.html"
    others = [p for p in same_site(home, parsed(home).editions) if p != home.resolve()]
    return [home, *sorted(others)]


def heaviest_scripts(site: Path) -> tuple[str, int]:
    """The page that loads the most bytes of our scripts, and how many (the first such page by path on a tie)."""
    pages = sorted(site.rglob("*.html"))
    loads = [(sum(f.stat().st_size for f in set(same_site(p, parsed(p).scripts))), p.relative_to(site).as_posix())
             for p in pages]
    size, uri = min(loads, key=lambda found: (-found[0], found[1]))
    return uri, size


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
        within = print_budgets(site)
        light = print_heavy(site, arguments.limit)
        return 0 if within and light else 1


def verdict(size: int, budget: int) -> str:
    return f"{size:,} bytes of {budget:,} allowed ({'ok' if size <= budget else 'OVER BUDGET'})"


def print_budgets(site: Path) -> bool:
    """Print each budget with what it measures; True when none is over."""
    homes = [(p.relative_to(site).as_posix(), p.stat().st_size) for p in home_pages(site)]
    everything, home = weigh(site, site / "index.html")[1], before_images(site / "index.html")
    script_page, script = heaviest_scripts(site)
    for uri, size in homes:
        print(f"home page HTML, {uri}: {verdict(size, HOME_HTML_BUDGET)}")
    print(f"home page with what it loads: {everything:,} bytes; before images: {verdict(home, BUDGET)}")
    print(f"our scripts a page loads, at most ({script_page}): {verdict(script, SCRIPT_BUDGET)}")
    return all(size <= HOME_HTML_BUDGET for _, size in homes) and home <= BUDGET and script <= SCRIPT_BUDGET


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
