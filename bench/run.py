"""The build benchmark: our builds at scale, and Hugo, Eleventy, Pelican and MkDocs on the same 4,000 pages.

Usage: python bench/run.py [--runs 3] [--scale 1.0] [--no-peers]
Installs the peers itself when missing (Hugo from Debian, Eleventy from npm, Pelican and MkDocs into a
virtual environment under bench/.peers/). Every number is the median wall time of --runs runs of a fresh
process, with its peak memory (max RSS, workers included); "serve" rows are rebuilds inside one process that
keeps its caches, as `python build.py serve` does, and their memory is that process's peak.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from generate import generate

REPO = Path(__file__).resolve().parent.parent
PEERS = REPO / "bench" / ".peers"
sys.path.insert(0, str(REPO))


def measure(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall seconds and peak memory (MB) of one run of a command."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if status:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss // 1024


def median_of(runs: int, command: list[str], cwd: Path, before: Callable[[], None] = lambda: None,
              env: dict[str, str] | None = None) -> tuple[float, int]:
    samples = []
    for _ in range(runs):
        before()
        samples.append(measure(command, cwd, env))
    return statistics.median(s for s, _ in samples), max(m for _, m in samples)


def edit(path: Path, old: str, new: str) -> Callable[[], None]:
    """An edit that toggles between two versions, so each run really changes the file."""
    def toggle() -> None:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(old, new, 1) if old in text else text.replace(new, old, 1), encoding="utf-8")
    return toggle


def edits(project: Path, content: Path) -> dict[str, Callable[[], None]]:
    """One edit of each kind, each toggling so that every run really changes a file."""
    return {"one event": edit(content / "timeline" / "2016.yaml", "category: legal", "category: protest"),
            "one quote": edit(content / "quotes.yaml", "occasion: Statement 7\n", "occasion: Statement seven\n"),
            "one page": edit(content / "pages" / "page-0003.md", "## Part two", "## Part 2"),
            "one template (page.html, used by every page)": edit(project / "layouts" / "page.html",
                                                                 "All pages</a>", "All the pages</a>"),
            "one template (home.html)": edit(project / "layouts" / "home.html", "<h1", "<h1 "),
            "one stylesheet": edit(project / "assets" / "style.css", "--measure: 42rem;", "--measure: 42.5rem;")}


def ours(root: Path, runs: int, n: dict[str, int]) -> list[tuple[str, float, int]]:
    project = root / "project"  # a copy, so editing a template or the stylesheet never touches the repository
    for name in ("layouts", "assets", "explainer"):
        shutil.copytree(REPO / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(REPO / "build.py", project)
    content, output = root / "content", root / "dist"
    build = [sys.executable, str(project / "build.py"), "--content", str(content), "--output", str(output)]
    scale = f"{n['events']:,} events, {n['quotes']:,} quotes, {n['pages']:,} pages"
    rows = [(f"ours: cold full build ({scale})", *median_of(runs, build, project, lambda: shutil.rmtree(output, True)))]
    rows.append(("ours: the same command again, nothing changed", *median_of(runs, build, project)))
    rows += warm(project, content, root / "warm", runs)
    pages_only = root / "pages-only"
    shutil.copytree(content / "pages", pages_only / "pages")
    shutil.copy2(content / "site.yaml", pages_only / "site.yaml")
    rows.append((f"ours: cold build of the {n['pages']:,} pages alone", *median_of(
        runs, [sys.executable, str(project / "build.py"), "--content", str(pages_only), "--output", str(root / "p")],
        project, lambda: shutil.rmtree(root / "p", True))))
    rows.append(("ours: default content, cold, from process start", *median_of(
        runs, [sys.executable, str(project / "build.py"), "--content", str(REPO / "content"),
               "--output", str(root / "default")], project, lambda: shutil.rmtree(root / "default", True))))
    return rows


def warm(project: Path, content: Path, output: Path, runs: int) -> list[tuple[str, float, int]]:
    """Rebuilds in one process that keeps its Session (as `python build.py serve` does), run in a child
    process so that its peak memory is measured too."""
    command = [sys.executable, __file__, "--warm", str(project), str(content), str(output), str(runs)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stdout = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    if status:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()[-2000:]}")
    megabytes = usage.ru_maxrss // 1024
    return [(what, seconds, megabytes) for what, seconds in json.loads(stdout)]


def warm_child(project: Path, content: Path, output: Path, runs: int) -> None:
    """The warm rows, printed as JSON: the first build, then each edit rebuilt `runs` times."""
    sys.path.insert(0, str(project))
    from explainer.pipeline import build
    from explainer.project import Project
    from explainer.rebuild.session import Session
    site, session = Project.at(project, content=content, output=output), Session()
    started = time.perf_counter()
    assert build(site, session).ok
    rows = [("ours, serve: first build (keeps its caches)", time.perf_counter() - started)]
    for name, toggle in {"nothing changed": lambda: None, **edits(project, content)}.items():
        samples = []
        for _ in range(runs):
            toggle()
            started = time.perf_counter()
            assert build(site, session).ok
            samples.append(time.perf_counter() - started)
        rows.append((f"ours, serve: rebuild, {name}" if name == "nothing changed"
                     else f"ours, serve: rebuild after editing {name}", statistics.median(samples)))
    print(json.dumps(rows))


def install_peers() -> dict[str, list[str]]:
    """The command that builds a site with each peer, installing what is missing."""
    missing = [tool for tool in ("hugo", "npm") if not shutil.which(tool)]  # Debian packages of those names
    if missing:
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], check=True,
                       capture_output=True, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    eleventy = PEERS / "node" / "node_modules" / ".bin" / "eleventy"
    if not eleventy.exists():
        subprocess.run(["npm", "install", "--prefix", str(PEERS / "node"), "--no-audit", "--no-fund",
                        "--loglevel=error", "@11ty/eleventy@3"], check=True, capture_output=True)
    venv = PEERS / "venv" / "bin"
    if not (venv / "mkdocs").exists() or not (venv / "pelican").exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEERS / "venv")], check=True)
        subprocess.run([str(venv / "pip"), "install", "-q", "pelican", "mkdocs", "markdown"], check=True)
    return {"hugo": ["hugo", "--quiet", "-d", "out"], "eleventy": [str(eleventy), "--input=src", "--output=out", "--quiet"],
            "pelican": [str(venv / "pelican"), "content", "-o", "out", "-s", "pelicanconf.py", "-q"],
            "mkdocs": [str(venv / "mkdocs"), "build", "-q", "-d", "out"]}


def peer_site(name: str, pages: Path, root: Path) -> Path:
    """The same pages laid out the way each peer expects."""
    site = root / name
    site.mkdir(parents=True)
    files = sorted(pages.glob("*.md"))
    if name == "hugo":
        (site / "layouts" / "_default").mkdir(parents=True)
        (site / "hugo.toml").write_text('baseURL = "https://example.org/"\ntitle = "Bench"\n')
        for kind in ("single", "list"):
            (site / "layouts" / "_default" / f"{kind}.html").write_text(
                "<!doctype html><title>{{ .Title }}</title><h1>{{ .Title }}</h1>{{ .Content }}\n")
        target = site / "content" / "pages"
    elif name == "eleventy":
        target = site / "src"
    elif name == "pelican":
        (site / "pelicanconf.py").write_text('SITENAME = "Bench"\nSITEURL = ""\nTIMEZONE = "UTC"\n'
                                            'DEFAULT_DATE = (2022, 9, 21)\nFEED_ALL_ATOM = None\n')
        target = site / "content"
    else:
        (site / "mkdocs.yml").write_text("site_name: Bench\ndocs_dir: docs\n")
        target = site / "docs"
    target.mkdir(parents=True, exist_ok=True)
    for file in files:
        text = file.read_text(encoding="utf-8")
        if name == "pelican":
            _, front, body = text.split("---\n", 2)
            text = f"Title: {front.split('title: ', 1)[1].strip()}\n\n{body}"
        (target / file.name).write_text(text, encoding="utf-8")
    return site


def peers(pages: Path, root: Path, runs: int, count: int) -> list[tuple[str, float, int]]:
    rows = []
    for name, command in install_peers().items():
        site = peer_site(name, pages, root / "peers")
        rows.append((f"{name}: cold build of the {count:,} pages", *median_of(
            runs, command, site, lambda s=site: shutil.rmtree(s / "out", True))))
    return rows


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--warm", nargs=4, metavar=("PROJECT", "CONTENT", "OUTPUT", "RUNS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.warm:
        return warm_child(Path(args.warm[0]), Path(args.warm[1]), Path(args.warm[2]), int(args.warm[3]))
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        sizes = generate(root, args.scale)
        print(f"machine: {machine()}\ncontent: {sizes}, median of {args.runs} runs\n"
              f"load average before the run: {' '.join(f'{x:.1f}' for x in os.getloadavg())}\n", flush=True)
        rows = ours(root, args.runs, sizes)
        rows += [] if args.no_peers else peers(root / "pages", root, args.runs, sizes["pages"])
        width = max(len(what) for what, _, _ in rows)
        print(f"| {'what':{width}} | {'wall time':>10} | {'peak memory':>11} |\n|{'-' * (width + 2)}|{'-' * 11}:|{'-' * 12}:|")
        for what, seconds, megabytes in rows:
            print(f"| {what:{width}} | {seconds * 1000:7.0f} ms | {megabytes:>8} MB |")
        print(f"\nload average after the run: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
