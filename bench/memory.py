"""Peak memory of the archive checks (explainer/verify.py): a build with four 4.9 MB archives, and a preview's
Session rebuilding after each of 50 saves of a 1 MB archive.

Usage: python bench/memory.py [--saves 50]. Each case runs in a child process of its own (a process's peak
memory is its max RSS, `ru_maxrss`, which only grows); the default content is copied into a temporary folder,
and each archive is the default one (content/archive/nbc-2022-09-21.txt) followed by paragraphs of its own
words in a seeded random order, so every quotation is still found and our prose copies nothing.
Prints the peak in MB after each step.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REPORT = REPO / "content" / "archive" / "nbc-2022-09-21.txt"
ARCHIVED = ["nbc-2022-09-21", "bbc-2022-09-20", "meduza-2022-09-21", "moscow-times-2022-09-20"]


def filler(size: int, seed: int) -> str:
    """The default archive, then its own words shuffled into paragraphs, to `size` characters."""
    report = REPORT.read_text(encoding="utf-8")
    rng, words, parts, length = random.Random(seed), report.split(), [report], len(report)
    while length < size:
        paragraph = " ".join(rng.choices(words, k=60))
        parts.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(parts)


def project(root: Path, count: int, size: int) -> Path:
    """The default content with `count` sources archived, each archive `size` characters long."""
    content = root / "content"
    shutil.copytree(REPO / "content", content)
    sources = content / "sources.yaml"
    text = sources.read_text(encoding="utf-8").replace("  archive: archive/nbc-2022-09-21.txt\n", "")
    for i, source in enumerate(ARCHIVED[:count]):
        (content / "archive" / f"{source}.txt").write_text(filler(size, i), encoding="utf-8")
        text = text.replace(f"- id: {source}\n", f"- id: {source}\n  archive: archive/{source}.txt\n", 1)
    sources.write_text(text, encoding="utf-8")
    return content


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(case: str, content: Path, saves: int) -> None:
    """In the child: build, printing the peak memory (a Session kept across the saves, as the preview keeps it)."""
    sys.path.insert(0, str(REPO))
    from explainer.pipeline import write_site
    from explainer.project import Project
    from explainer.rebuild.session import Session

    site = Project.at(REPO, content, content.parent / "dist")
    session = Session(content.parent / "cache")
    print(f"  imported: {peak_mb():.0f} MB")
    result = write_site(site, session)
    assert result.ok, [str(p) for p in result.problems]
    print(f"  after the first build: {peak_mb():.0f} MB")
    if case == "four":
        return
    archive = content / "archive" / f"{ARCHIVED[0]}.txt"
    original = archive.read_text(encoding="utf-8")
    for save in range(1, saves + 1):
        archive.write_text(original + f"\n\nSaved {save} times.\n", encoding="utf-8")
        assert write_site(site, session).ok
        if save in (1, 10, saves):
            print(f"  after {save} archive saves and rebuilds: {peak_mb():.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--saves", type=int, default=50)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)  # CASE CONTENT, run by this script
    args = parser.parse_args()
    if args.child:
        measure(args.child[0], Path(args.child[1]), args.saves)
        return
    for case, count, size, what in (("four", 4, 4_900_000, "a build with four 4.9 MB archives"),
                                    ("saves", 1, 1_000_000, f"a Session rebuilding after each of {args.saves} "
                                                            "saves of a 1 MB archive")):
        with tempfile.TemporaryDirectory() as folder:
            content = project(Path(folder), count, size)
            print(f"{what} (peak memory):", flush=True)
            subprocess.run([sys.executable, __file__, "--saves", str(args.saves), "--child", case, str(content)],
                           check=True)


if __name__ == "__main__":
    main()
