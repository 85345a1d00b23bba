"""Lighthouse 12 scores (mobile preset) for every page search engines index, in Debian's Chromium, headless.

Usage: python bench/lighthouse.py [--output DIR] [--uncompressed] [--runs N] [PAGE ...]. Builds the default content
(or uses an already built site), serves it on 127.0.0.1 with gzip as the hosts we publish to send it (GitHub Pages, Netlify,
nginx with `gzip on`; --uncompressed sends the files as they are, as a plain S3 bucket does), runs the pinned
Lighthouse from tests/node/ on one page at a time (by default every page but 404.html and the embeds) and prints
the four category scores, then every weighted audit that cost points. With --runs N it audits each page N times
and reports the run with the median performance score (as Lighthouse CI does: the score varies from run to run
with the machine's load, mostly through Total Blocking Time), followed by every run's performance score.
Exit status 1 when a score is under 100.
Needs `.ci/install-browser-tools --with-lighthouse` first.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from screenshots import FLAGS as CHROMIUM_FLAGS, QuietHandler, serving  # bench/ is this script's folder

REPO = Path(__file__).resolve().parent.parent
LIGHTHOUSE = REPO / "tests" / "node" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FLAGS = " ".join(["--headless=new", *CHROMIUM_FLAGS])


class CompressingHandler(QuietHandler):
    """Sends text files gzipped to a browser that accepts it, as a static host does."""
    TEXT = (".html", ".css", ".js", ".svg", ".json", ".xml", ".txt")

    def send_head(self) -> io.BytesIO | None:
        path = Path(self.translate_path(self.path))
        path = path / "index.html" if path.is_dir() else path
        if path.suffix not in self.TEXT or not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()  # type: ignore[return-value]
        data = gzip.compress(path.read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)


def audit(url: str, report_path: Path) -> dict:
    """Run Lighthouse on one URL; returns the JSON report."""
    subprocess.run([str(LIGHTHOUSE), url, f"--only-categories={','.join(CATEGORIES)}", "--output=json",
                    f"--output-path={report_path}", f"--chrome-flags={FLAGS}", "--quiet"],
                   check=True, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"})
    return json.loads(report_path.read_text(encoding="utf-8"))


def lost_points(report: dict) -> list[str]:
    """Every weighted audit that did not pass, as 'category: id: title (value)'."""
    lines = []
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            result = report["audits"][ref["id"]]
            if ref["weight"] and result["score"] is not None and result["score"] < 1:
                lines.append(f"{category}: {result['id']}: {result['title']} ({result.get('displayValue', '')})")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output", type=Path, help="an already built site (default: build one now)")
    parser.add_argument("--uncompressed", action="store_true", help="serve the files as they are, without gzip")
    parser.add_argument("--runs", type=int, default=1, help="audit each page this many times; report the median run")
    parser.add_argument("pages", nargs="*", help="site-relative pages (default: every indexable page)")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing: run .ci/install-browser-tools --with-lighthouse")
    below = False
    with tempfile.TemporaryDirectory() as folder:
        site = args.output or Path(folder) / "dist"
        if not args.output:
            subprocess.run([sys.executable, str(REPO / "build.py"), "--output", str(site)], check=True,
                           capture_output=True)
        pages = args.pages or sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                                     if p.name != "404.html" and p.parent.name != "embed")
        print(f"{'page':24} {'performance':>12} {'accessibility':>14} {'best-practices':>15} {'seo':>5}")
        with serving(site, QuietHandler if args.uncompressed else CompressingHandler) as base_url:
            for page in pages:
                reports = sorted((audit(base_url + page, Path(folder) / "report.json") for _ in range(args.runs)),
                                 key=lambda report: report["categories"]["performance"]["score"])
                report = reports[len(reports) // 2]
                scores = [round(report["categories"][c]["score"] * 100) for c in CATEGORIES]
                runs = f"  runs: {' '.join(str(round(r['categories']['performance']['score'] * 100)) for r in reports)}"
                print(f"{page:24} {scores[0]:12} {scores[1]:14} {scores[2]:15} {scores[3]:5}"
                      + (runs if args.runs > 1 else ""))
                for line in lost_points(report):
                    print(f"    {line}")
                below = below or min(scores) < 100
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
