"""The benchmark issue 17 is judged by: every figure it names, with the peers, in one run, on tmpfs.

Usage: python bench/run.py [--runs 5] [--serve-runs 5] [--default-runs 7] [--scale 1.0] [--folder DIR]
                           [--no-peers | --all-peers]

It generates the content (bench/generate.py), copies the project (build.py, explainer/, layouts/, assets/,
content/ and the generated content) into a git repository in a folder on tmpfs, and measures:
- cold builds of the 4,000 pages (Markdown as a newsroom writes it: headings, a list, a link, emphasis and strong
  on every page), a project of pages only, ours, Eleventy and Hugo back to back in rotating order, each run;
- our cold full-scale build (peak memory: max RSS from wait4), then the same command again with nothing
  changed, whose output is compared byte for byte with a clean build's;
- the default content from process start, bytecode kept, fresh caches (and, as a diagnostic, fully cold);
- the live preview at full scale: save -> reload at a LiveReload client (bench/serve_latency.py) for the first
  event's title in the largest year file, the first quote's occasion, the first page's title (bench/edits.py);
- as a diagnostic, rebuilds in one process that keeps its Session (bench/warm.py).
Cold means no cache of any kind: before every cold run, `git clean -xdf` in the copy (the output, its lock,
Python's __pycache__) and a fresh, empty TMPDIR and XDG_CACHE_HOME for the process.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from edits import edits
from generate import generate
from peers import Peer, install, lay_out
from report import Row, Target, table, targets_table
from serve_latency import measure_preview

REPO = Path(__file__).resolve().parent.parent
PROJECT_FILES = ("build.py", "explainer", "layouts", "assets", "content")  # what `python build.py` reads
BUILD = [sys.executable, "build.py"]


@dataclass(frozen=True, slots=True)
class Run:
    seconds: float  # wall time from starting the process to its end
    megabytes: int  # max RSS of the process or of any child it waited for (its workers)
    stdout: str


# Linux counts a process's peak memory in every process it starts (the high-water mark survives fork and exec), so
# commands start from this small launcher rather than from the benchmark, whose own peak would floor theirs. It
# prints the command's wall time, its max RSS (its own or a waited worker's, from wait4) and its exit status.
LAUNCHER = """import os, sys, time
started = time.perf_counter()
_, status, usage = os.wait4(os.posix_spawnp(sys.argv[1], sys.argv[1:], os.environ), 0)
print(time.perf_counter() - started, usage.ru_maxrss, os.waitstatus_to_exitcode(status), file=sys.stderr)"""


def execute(command: Sequence[str], cwd: Path, env: dict[str, str]) -> Run:
    """Run a command to its end; stop the benchmark when it fails."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        subprocess.run([sys.executable, "-c", LAUNCHER, *command], cwd=cwd, env=env, stdout=out, stderr=err,
                       check=True)
        out.seek(0)
        err.seek(0)
        *said, last = err.read().decode().rstrip("\n").split("\n")
        seconds, kilobytes, code = last.split()
        if int(code):
            raise SystemExit(f"failed: {' '.join(command)} in {cwd}\n" + "\n".join(said)[-3000:])
        return Run(float(seconds), int(kilobytes) // 1024, out.read().decode())


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), "-c", "user.name=bench", "-c", "user.email=bench@localhost",
                    "-c", "commit.gpgsign=false", *args], check=True, capture_output=True)


@dataclass
class Workspace:
    """The folder on tmpfs: the project copy and the peers' sites (each a git repository, so cleaning is
    `git clean -xdf`), and the caches' fresh locations."""

    root: Path
    sizes: dict[str, int] = field(default_factory=dict)
    fresh: int = 0

    @property
    def project(self) -> Path:
        return self.root / "project"

    def prepare(self, scale: float, peers: list[Peer]) -> None:
        """Generate the content and lay out the project copy (scale/ holds all of it, pages-only/ the pages
        with what site.yaml needs) and each peer's site."""
        self.sizes = generate(self.root / "generated", scale)
        listed = subprocess.run(["git", "-C", str(REPO), "ls-files", "-co", "--exclude-standard", *PROJECT_FILES],
                                check=True, capture_output=True, text=True).stdout.split("\n")
        for name in filter(None, listed):
            (self.project / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, self.project / name)
        generated = self.root / "generated" / "content"
        shutil.copytree(generated, self.project / "scale")
        shutil.copytree(generated, self.project / "pages-only",
                        ignore=lambda folder, names: [] if folder != str(generated) else
                        [n for n in names if n not in ("site.yaml", "map", "pages")])
        for folder in [self.project] + [self.site(peer) for peer in peers]:
            if folder != self.project:
                lay_out(folder.name, self.root / "generated" / "pages", folder)
            git(folder, "init", "-q")
            git(folder, "add", "-A")
            git(folder, "commit", "-q", "-m", "pristine")

    def site(self, peer: Peer) -> Path:
        return self.root / "peers" / peer.name

    def clean(self, folder: Path) -> None:
        """Everything git would clean, gone, and the edits undone."""
        git(folder, "checkout", "-q", "--", ".")
        git(folder, "clean", "-xdfq")

    def env(self) -> dict[str, str]:
        """The environment with a fresh, empty TMPDIR and XDG_CACHE_HOME (the last ones removed)."""
        shutil.rmtree(self.root / "env", ignore_errors=True)
        self.fresh += 1
        folders = {name: self.root / "env" / str(self.fresh) / name for name in ("tmp", "cache")}
        for folder in folders.values():
            folder.mkdir(parents=True)
        return {**os.environ, "TMPDIR": str(folders["tmp"]), "XDG_CACHE_HOME": str(folders["cache"])}

    def cold(self, folder: Path, command: Sequence[str]) -> Run:
        self.clean(folder)
        return execute(command, folder, self.env())


def built_pages(run: Run) -> str:
    match = re.search(r"Built (\d+) pages \((\d+) files\)", run.stdout)
    if not match:
        raise SystemExit(f"the build did not say what it built:\n{run.stdout}")
    return f"{int(match[1]):,} pages, {int(match[2]):,} files"


def differences(a: Path, b: Path) -> list[str]:
    """The files two output trees do not share byte for byte."""
    def files(root: Path) -> dict[str, Path]:
        return {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}
    left, right = files(a), files(b)
    return sorted(name for name in left.keys() | right.keys()
                  if name not in left or name not in right or left[name].read_bytes() != right[name].read_bytes())


def pairwise(space: Workspace, peers: list[Peer], runs: int) -> tuple[list[Row], dict[str, float]]:
    """Cold builds of the same pages, ours and each peer's back to back in an order that rotates each run."""
    ours = ("ours", space.project, [*BUILD, "--content", "pages-only", "--output", "out/pages"])
    sides = [ours] + [(peer.name, space.site(peer), peer.command) for peer in peers]
    done: dict[str, list[Run]] = {name: [] for name, _, _ in sides}
    notes: dict[str, str] = {}
    for i in range(runs):
        for name, folder, command in sides[i % len(sides):] + sides[:i % len(sides)]:
            log(f"{space.sizes['pages']:,} pages, run {i + 1}/{runs}: {name}")
            done[name].append(space.cold(folder, command))
            notes[name] = built_pages(done[name][-1]) if name == "ours" else \
                f"{sum(1 for _ in (folder / 'out').rglob('*.html')):,} HTML files"
    rows = [Row(f"cold build of the {space.sizes['pages']:,} pages: {name}", [r.seconds for r in done[name]],
                "s", max(r.megabytes for r in done[name]), notes[name]) for name, _, _ in sides]
    ratios = {}
    for peer in peers[:2]:
        per_run = [o.seconds / p.seconds for o, p in zip(done["ours"], done[peer.name])]
        ratios[peer.name] = statistics.median(per_run)
        rows.append(Row(f"ours/{peer.name}, median of the per-run ratios", per_run, "x", None, ""))
    return rows, ratios


@dataclass(frozen=True, slots=True)
class FullScale:
    rows: list[Row]
    cold: float
    ratio: float
    identical: bool
    megabytes: int


def full_scale(space: Workspace, runs: int) -> FullScale:
    """Cold full-scale builds, each followed by the same command again (same caches, output kept); the output
    left by the second is compared with the next run's clean build (or with one more clean build)."""
    command = [*BUILD, "--content", "scale", "--output", "out/full"]
    output, kept = space.project / "out" / "full", space.root / "kept"
    cold: list[Run] = []
    again: list[Run] = []
    diffs: list[list[str]] = []
    for i in range(runs):
        log(f"full scale, run {i + 1}/{runs}: cold, then again")
        space.clean(space.project)
        env = space.env()
        cold.append(execute(command, space.project, env))
        if kept.exists():
            diffs.append(differences(kept, output))
        again.append(execute(command, space.project, env))
        shutil.rmtree(kept, ignore_errors=True)
        output.rename(kept)
    if not diffs:
        log("full scale: one more clean build to compare with")
        space.cold(space.project, command)
        diffs.append(differences(kept, output))
    ratios = [a.seconds / c.seconds for a, c in zip(again, cold)]
    changed = sorted({name for d in diffs for name in d})
    said = "said 'Up to date'" if all("Up to date" in r.stdout for r in again) else "built again"
    compared = f"differs from a clean build in {len(changed)} files, e.g. {', '.join(changed[:3])}" if changed \
        else "byte-identical to a clean build"
    megabytes = max(r.megabytes for r in cold)
    sizes = ", ".join(f"{space.sizes[k]:,} {k}" for k in ("events", "quotes", "pages"))
    rows = [Row(f"cold full build ({sizes})", [r.seconds for r in cold], "s", megabytes, built_pages(cold[0])),
            Row("the same command again, nothing changed", [r.seconds for r in again], "s",
                max(r.megabytes for r in again), f"{said}; {compared}"),
            Row("again/cold, median of the per-run ratios", ratios, "x", None, "")]
    return FullScale(rows, statistics.median(r.seconds for r in cold), statistics.median(ratios), not changed, megabytes)


def default_content(space: Workspace, runs: int) -> tuple[Row, list[Row]]:
    """The repository's content from process start with Python's compiled bytecode (__pycache__) kept and fresh
    caches, the target; and, as diagnostics, the same fully cold (no bytecode), importing the build alone, and
    starting Python alone."""
    commands = {"cold": [*BUILD, "--output", "out/default"],
                "imports": [sys.executable, "-c", "import explainer.cli, explainer.pipeline"],
                "python": [sys.executable, "-c", "pass"]}
    done: dict[str, list[Run]] = {name: [] for name in ("cold", "bytecode kept", "imports", "python")}
    for i in range(runs):
        log(f"default content, run {i + 1}/{runs}")
        done["cold"].append(space.cold(space.project, commands["cold"]))
        shutil.rmtree(space.project / "out")
        done["bytecode kept"].append(execute(commands["cold"], space.project, space.env()))
        done["imports"].append(space.cold(space.project, commands["imports"]))
        done["python"].append(execute(commands["python"], space.project, space.env()))

    def row(name: str, what: str, note: str) -> Row:
        return Row(what, [r.seconds for r in done[name]], "s", max(r.megabytes for r in done[name]), note)
    return (row("bytecode kept", "default content, bytecode kept, fresh caches, from process start",
                built_pages(done["bytecode kept"][0])),
            [row("cold", "default content, cold (no bytecode either), from process start", "explainer/ compiled"),
             row("imports", "importing explainer.cli and .pipeline, cold", "no build: the floor of any command"),
             row("python", "starting Python alone (python -c pass)", "")])


def preview(space: Workspace, runs: int) -> tuple[list[Row], list[Row], list[Target], int]:
    """The live preview at full scale: rows, diagnostic rows, targets and its peak memory."""
    log(f"live preview at full scale: first build, then {runs} saves of each edit")
    space.clean(space.project)
    timed = edits(space.project, space.project / "scale")
    result = measure_preview(space.project, space.project / "scale", space.project / "out" / "serve",
                             space.env(), timed, runs)
    space.clean(space.project)
    rows = [Row(f"preview, save -> reload: {edit.name}", result.samples[edit.name], "s", None, "")
            for edit in timed]
    peak = max(result.high_water_mb, result.max_rss_mb)
    rows.append(Row("preview: peak memory of the serve process", [], "s", peak,
                    f"VmHWM {result.high_water_mb} MB, wait4 (workers included) {result.max_rss_mb} MB"))
    diagnostics = [Row("preview: first build, process start -> URL printed", [result.ready], "s", None, "")]
    diagnostics += [Row(f"preview, save -> reload -> the page fetched: {edit.name}", result.served[edit.name], "s",
                        None, edit.page) for edit in timed]
    diagnostics += [Row(f"preview, server's 'Rebuilt in': {edit.name}", result.rebuilds[edit.name], "s", None, "")
                    for edit in timed if result.rebuilds[edit.name]]
    targets = [Target(f"preview, save -> reload, {edit.name}", statistics.median(result.samples[edit.name]),
                      edit.target, "s", f"max {max(result.samples[edit.name]) * 1000:,.0f} ms") for edit in timed]
    return rows, diagnostics, targets, peak


def warm(space: Workspace, runs: int) -> list[Row]:
    """Rebuilds in one process that keeps its Session (bench/warm.py), with that process's peak memory."""
    log(f"in-process rebuilds, {runs} of each edit")
    space.clean(space.project)
    run = execute([sys.executable, str(Path(__file__).with_name("warm.py")), str(space.project),
                   str(space.project / "scale"), str(space.project / "out" / "warm"), str(runs)],
                  space.project, space.env())
    space.clean(space.project)
    return [Row(f"in process: {what}", samples, "s", run.megabytes) for what, samples in json.loads(run.stdout)]


def machine(folder: Path) -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = int(Path("/proc/meminfo").read_text().split()[1]) // 1024 ** 2
    mounts = [line.split() for line in Path("/proc/mounts").read_text().splitlines()]
    kind = max((m for m in mounts if str(folder.resolve()).startswith(m[1])), key=lambda m: len(m[1]))[2]
    return (f"{cpu}, {os.cpu_count()} cores, {memory} GB, Linux {platform.release()}, Python "
            f"{platform.python_version()}; folder {folder} ({kind})")


def versions(peers: list[Peer]) -> str:
    commit = subprocess.run(["git", "-C", str(REPO), "describe", "--always", "--dirty"], capture_output=True,
                            text=True).stdout.strip()
    libraries = ", ".join(f"{n} {metadata.version(n)}" for n in ("Jinja2", "Markdown", "PyYAML", "livereload"))
    return f"ours at {commit} ({libraries}); " + (", ".join(p.version for p in peers) or "no peers")


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def log(text: str) -> None:
    print(f"[load {os.getloadavg()[0]:.1f}] {text}", file=sys.stderr, flush=True)


PARTS = ("pages", "full", "default", "preview", "warm")  # what --only may choose, in the order they run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="cold runs of each build, rebuilds in process")
    parser.add_argument("--serve-runs", type=int, default=5, help="saves of each edit in the live preview")
    parser.add_argument("--default-runs", type=int, default=7, help="runs of the default content")
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: 10,000 events, 2,000 quotes, 4,000 pages")
    parser.add_argument("--folder", type=Path, default=Path("/dev/shm") if Path("/dev/shm").is_dir() else None,
                        help="where to work (default: /dev/shm, a tmpfs)")
    parser.add_argument("--only", action="append", choices=PARTS,
                        help="measure only this part (repeatable); its targets alone get a number")
    peers_wanted = parser.add_mutually_exclusive_group()
    peers_wanted.add_argument("--no-peers", action="store_true", help="only ours")
    peers_wanted.add_argument("--all-peers", action="store_true", help="Pelican and MkDocs too (slow)")
    args = parser.parse_args()
    wanted = set(args.only or PARTS)
    # started in the background (`&`, nohup), Python ignores SIGINT and so would its children: the preview
    # could not be stopped as Ctrl-C stops it, and its peak memory not read
    signal.signal(signal.SIGINT, signal.default_int_handler)
    peers = [] if args.no_peers or "pages" not in wanted else install(args.all_peers)
    with tempfile.TemporaryDirectory(prefix="bench-", dir=args.folder) as folder:
        space = Workspace(Path(folder))
        space.prepare(args.scale, peers)
        print(f"- machine: {machine(space.root)}\n- versions: {versions(peers)}\n"
              f"- content: {space.sizes}; --runs {args.runs}, --serve-runs {args.serve_runs}, "
              f"--default-runs {args.default_runs}; parts: {', '.join(p for p in PARTS if p in wanted)}\n"
              f"- load average before: {load()}\n", flush=True)
        measure(space, peers, args, wanted)


def measure(space: Workspace, peers: list[Peer], args: argparse.Namespace, wanted: set[str]) -> None:
    """The parts wanted, then the three tables; a target whose part was not measured says so."""
    loads: list[str] = []
    results: list[Row] = []
    diagnostics: list[Row] = []
    ratios: dict[str, float] = {}
    targets: list[Target] = []
    if "pages" in wanted:
        pages, ratios = pairwise(space, peers, args.runs)
        results += pages
        loads.append(f"pages {os.getloadavg()[0]:.1f}")
    skipped = "not measured (--no-peers)" if "pages" in wanted else "not measured (--only)"
    targets += [Target(f"cold build of the pages, ours/{name}", ratios.get(name), limit, "x",
                       "" if name in ratios else skipped) for name, limit in (("Eleventy", 0.8), ("Hugo", 2.0))]
    live_mb: int | None = None
    full_mb: int | None = None
    if "full" in wanted:
        full = full_scale(space, args.runs)
        results += full.rows
        full_mb = full.megabytes
        targets.append(Target("nothing changed: again/cold, with byte-identical output", full.ratio, 0.2, "x",
                              "identical" if full.identical else "output DIFFERS", full.identical))
        loads.append(f"full {os.getloadavg()[0]:.1f}")
    if "default" in wanted:
        default, starting = default_content(space, args.default_runs)
        results.append(default)
        diagnostics += starting
        targets.append(Target("default content, bytecode kept, fresh caches, from process start", default.median,
                              0.25, "s", ""))
        loads.append(f"default {os.getloadavg()[0]:.1f}")
    if "preview" in wanted:
        live, live_diagnostics, live_targets, live_mb = preview(space, args.serve_runs)
        results += live
        diagnostics += live_diagnostics
        targets += live_targets
        loads.append(f"preview {os.getloadavg()[0]:.1f}")
    if "warm" in wanted:
        diagnostics += warm(space, args.runs)
    if live_mb is not None or full_mb is not None:
        peak = max(m for m in (full_mb, live_mb) if m is not None)
        targets.append(Target("peak memory at full scale (build and preview)", peak, 500, "MB",
                              f"build {full_mb} MB, preview {live_mb} MB"))
    print(table("Results (median and min–max of the runs)", results))
    print(targets_table(targets))
    print(table("Diagnostics (not targets)", diagnostics))
    print(f"- load average after: {load()} on {os.cpu_count()} cores (1-minute load after each part: "
          f"{', '.join(loads)})")


if __name__ == "__main__":
    main()
