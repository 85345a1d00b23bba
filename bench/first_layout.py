"""How long a page's main thread blocks while it loads on a phone-sized screen, in Debian's Chromium, headless.

Usage: python bench/first_layout.py [--output DIR] [--loads N] [PAGE ...]. Builds the default content (or uses an
already built site), then loads each page N times (default 10) at 412 x 823 CSS pixels, 1.75 device pixels to
one, as Lighthouse's phone does, in a fresh context each time, and reads the renderer's trace: the thread CPU time
of its longest task, of its longest layout, and of all its style and layout. Prints the median and the range.
CPU time rather than wall time: on a shared machine the wall time of the same task varies twofold with the load,
which is what makes Lighthouse's Total Blocking Time vary from run to run (docs/performance.md, "The first
layout in the browser"). Needs Playwright's Python package (tests/requirements.txt) and Chromium.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from screenshots import CHROMIUM, FLAGS, SETTLED, serving  # bench/ is this script's folder

REPO = Path(__file__).resolve().parent.parent
PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True,
         "has_touch": True}


def load(browser, url: str) -> tuple[float, float, float]:
    """One load of url: (longest task, longest layout, all style and layout), in ms of the thread's CPU time."""
    context = browser.new_context(**PHONE)
    tab = context.new_page()
    browser.start_tracing(page=tab, categories=["devtools.timeline", "disabled-by-default-devtools.timeline"])
    tab.goto(url, wait_until="load")
    tab.wait_for_function(SETTLED)
    tab.wait_for_timeout(300)  # the frame that lays out the last section comes after its animation ends
    trace = json.loads(browser.stop_tracing())
    context.close()
    events = [e for e in trace["traceEvents"] if e.get("ph") == "X" and "tdur" in e]
    longest = lambda name: max((e["tdur"] for e in events if e["name"] == name), default=0) / 1000  # noqa: E731
    styled = sum(e["tdur"] for e in events if e["name"] in ("Layout", "UpdateLayoutTree")) / 1000
    return longest("RunTask"), longest("Layout"), styled


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output", type=Path, help="an already built site (default: build one now)")
    parser.add_argument("--loads", type=int, default=10, help="loads of each page (default 10)")
    parser.add_argument("pages", nargs="*", default=["index.html"], help="site-relative pages (default: index.html)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright
    with tempfile.TemporaryDirectory() as folder:
        site = args.output or Path(folder) / "dist"
        if not args.output:
            subprocess.run([sys.executable, str(REPO / "build.py"), "--output", str(site)], check=True,
                           capture_output=True)
        print(f"{'page':20} {'longest task':>18} {'longest layout':>18} {'style + layout':>18}"
              "  (ms of CPU, median [min-max])")
        with serving(site) as base_url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            for page in args.pages:
                runs = list(zip(*(load(browser, base_url + page) for _ in range(args.loads))))
                cells = [f"{statistics.median(r):6.1f} [{min(r):.0f}-{max(r):.0f}]" for r in runs]
                print(f"{page:20} {cells[0]:>18} {cells[1]:>18} {cells[2]:>18}")
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
