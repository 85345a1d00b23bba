"""Time of the archive checks (explainer/verify.py): on the default content, and at scale on generated content.

Usage: python bench/verify.py [--scale 1.0] [--archives 50] [--runs 5]. Prints medians of RUNS, in CPU time
(user and system, of this process or of the command's), which a machine shared with other work disturbs far
less than wall time:

- the default content with its report archived (content/archive/nbc-2022-09-21.txt): verify on a first
  build, and `python build.py check` from process start with and without the archive;
- the content of bench/generate.py with the first ARCHIVES sources archived (each archive holds the
  quotations that cite its source, between paragraphs of other words): load, validate and resolve, then
  verify on a first build, on a rebuild with nothing changed and on a rebuild after one timeline file was
  edited (through a kept rebuild Session, as `serve` does), and verify without any archive.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generate import generate, paragraphs  # noqa: E402  (bench/ is this script's folder)

from explainer import verify as stage  # noqa: E402
from explainer.load import load  # noqa: E402
from explainer.project import Project  # noqa: E402
from explainer.provenance import sha256  # noqa: E402
from explainer.rebuild.session import Session, Verifications  # noqa: E402
from explainer.resolve import resolve  # noqa: E402
from explainer.validate import validate  # noqa: E402


def archive(content: Path, count: int) -> int:
    """Give the first `count` sources an archive holding the quotations and figures that cite them; the archives'
    size."""
    quotes = yaml.safe_load((content / "quotes.yaml").read_text(encoding="utf-8"))
    figures = yaml.safe_load((content / "figures.yaml").read_text(encoding="utf-8")) or []
    rng = random.Random(7)
    sources = (content / "sources.yaml").read_text(encoding="utf-8").split("- id: ")[1:]
    size = 0
    (content / "archive").mkdir(exist_ok=True)
    for i in range(count):
        said = [q["text"] for q in quotes if q["sources"] == [f"source-{i}"]]
        text = "\n\n".join([*(f"{paragraphs(rng, 1)}\n\n\"{words}\" an official said." for words in said),
                             *(f"The count was {f['value']}." for f in figures if f"source-{i}" in f["sources"])])
        (content / "archive" / f"source-{i}.txt").write_text(text, encoding="utf-8")
        sources[i] = sources[i].rstrip("\n") + (f"\n  archive: archive/source-{i}.txt\n  archived: 2026-12-01\n"
                                               f"  archive_sha256: {sha256(text)}\n")
        size += len(text)
    (content / "sources.yaml").write_text("".join("- id: " + s for s in sources), encoding="utf-8")
    return size


def cpu() -> float:
    """CPU seconds used so far by this process and the commands it waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def median_ms(action: Callable[[], Any], runs: int, before: Callable[[], Any] = lambda: None) -> float:
    times = []
    for _ in range(runs):
        before()
        started = cpu()
        action()
        times.append(cpu() - started)
    return statistics.median(times) * 1000


def checked(project: Project, session: Session | None = None) -> tuple[Any, Any]:
    """The explainer and what was loaded: by the pure stages, or through a kept Session as `serve` does."""
    if session is None:
        loaded = load(project)
        explainer, problems = resolve(validate(loaded)[0])
    else:
        loaded = session.load(project)
        explainer, problems = session.resolve(session.validate(loaded)[0])
    assert explainer is not None, problems
    return explainer, loaded


def default_content(root: Path, runs: int) -> None:
    for name in ("content", "layouts", "assets", "explainer"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(REPO / "build.py", root)
    sources = root / "content" / "sources.yaml"
    field = "  archive: archive/nbc-2022-09-21.txt\n"
    text = sources.read_text(encoding="utf-8").replace(field, "")
    command = [sys.executable, "build.py", "check"]
    sources.write_text(text, encoding="utf-8")
    plain = median_ms(lambda: subprocess.run(command, cwd=root, capture_output=True), runs)
    sources.write_text(text.replace("  date: 2022-09-21\n", "  date: 2022-09-21\n" + field, 1), encoding="utf-8")
    archived = median_ms(lambda: subprocess.run(command, cwd=root, capture_output=True), runs)
    explainer, loaded = checked(Project.at(root))
    first = median_ms(lambda: stage.verify(explainer, loaded), runs)
    print(f"default content: verify on a first build {first:.1f} ms; `python build.py check` from process start "
          f"{plain:.0f} ms without the archive, {archived:.0f} ms with it")


def at_scale(root: Path, scale: float, archives: int, runs: int) -> None:
    sizes = generate(root, scale)
    project = Project.at(REPO, root / "content")
    explainer, loaded = checked(project)
    none = median_ms(lambda: stage.verify(explainer, loaded), runs)
    size = archive(root / "content", min(archives, sizes["sources"]))
    upstream = median_ms(lambda: checked(project), runs)
    session, kept = Session(), Verifications()
    explainer, loaded = checked(project, session)
    problems = stage.verify(explainer, loaded)
    first = median_ms(lambda: stage.verify(explainer, loaded), runs)
    kept.verify(explainer, loaded)
    unchanged = median_ms(lambda: kept.verify(explainer, loaded), runs)
    edited = root / "content" / "timeline" / "2016.yaml"
    state: dict[str, Any] = {}

    def edit() -> None:
        text = edited.read_text(encoding="utf-8")
        edited.write_text(text.replace("summary: ", "summary: Again, ", 1) if "Again, " not in text
                          else text.replace("summary: Again, ", "summary: ", 1), encoding="utf-8")
        state["facts"] = checked(project, session)
    one_file = median_ms(lambda: kept.verify(*state["facts"]), runs, edit)
    errors = sum(p.severity == "error" for p in problems)
    print(f"at scale {sizes}, {len(loaded.archives)} archives of {size / 1000:.0f} kB in all "
          f"({errors} errors, {len(problems) - errors} notes):")
    print(f"  load, validate and resolve: {upstream:.0f} ms")
    print(f"  verify on a first build: {first:.0f} ms; a rebuild with nothing changed: {unchanged:.1f} ms; "
          f"a rebuild after editing one timeline file: {one_file:.0f} ms")
    print(f"  verify without any archive: {none:.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--archives", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        default_content(Path(folder) / "default", args.runs)
        at_scale(Path(folder) / "scale", args.scale, args.archives, args.runs)


if __name__ == "__main__":
    main()
