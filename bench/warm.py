"""Rebuilds inside one process that keeps its Session, as the preview does: a diagnostic for the preview's
save -> reload times (what the build itself costs, without the watcher, the server and the client).

Usage (run.py runs it in a child process, to measure its peak memory too):
python bench/warm.py PROJECT CONTENT OUTPUT RUNS; prints JSON rows [what, [seconds, ...]]."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from edits import edits


def main(project: Path, content: Path, output: Path, runs: int) -> None:
    sys.path.insert(0, str(project))  # the project copy's own package
    from explainer.pipeline import write_site
    from explainer.project import Project
    from explainer.rebuild.session import Session

    site = Project.at(project, content=content, output=output)
    session = Session(site.cache_path)

    def timed() -> float:
        started = time.perf_counter()
        if not write_site(site, session).ok:
            raise SystemExit("the build failed")
        return time.perf_counter() - started

    rows = [("first build (the Session starts empty)", [timed()]),
            ("rebuild, nothing changed", [timed() for _ in range(runs)])]
    for edit in edits(project, content):
        samples = []
        for _ in range(runs):
            edit.toggle()
            samples.append(timed())
        rows.append((f"rebuild after editing {edit.name}", samples))
    print(json.dumps(rows))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))
