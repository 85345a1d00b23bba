"""Save -> the watcher's settled notice, for the preview's own inotify watcher (explainer/watch.py, waited on as
serve.py does: its file descriptor, then 20 ms with nothing new) and for watchfiles (yields after `step` ms with
nothing new). The rest of a save's way to the reload (rebuild, message) is the same whichever watcher tells.

    python bench/generate.py /tmp/big                # full scale: 8,000 files; or any project folder
    pip install --target /tmp/wf watchfiles          # kept out of the project's environment
    PYTHONPATH=/tmp/wf python bench/watchers.py /tmp/big
"""

from __future__ import annotations

import queue
import select
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import watchfiles

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from explainer.watch import Inotify  # noqa: E402

SAVES = 40
SETTLE = 0.02  # serve.SETTLE_SECONDS


def save(path: Path) -> float:
    """Append a line to the file; when."""
    started = time.perf_counter()
    path.write_text(path.read_text(encoding="utf-8") + "#\n", encoding="utf-8")
    return started


def inotify(folders: list[Path], target: Path) -> list[float]:
    watcher, times = Inotify(folders), []
    for _ in range(SAVES):
        saved = save(target)
        select.select([watcher.fileno()], [], [])
        watcher.changes()
        while select.select([watcher.fileno()], [], [], SETTLE)[0]:  # until 20 ms pass with nothing new
            watcher.changes()
        times.append(time.perf_counter() - saved)
    watcher.close()
    return times


def with_watchfiles(step: int) -> Callable[[list[Path], Path], list[float]]:
    def measure(folders: list[Path], target: Path) -> list[float]:
        noticed: queue.Queue[float] = queue.Queue()
        stop, ready = threading.Event(), threading.Event()

        def run() -> None:
            for changes in watchfiles.watch(*folders, step=step, stop_event=stop, yield_on_timeout=True,
                                            rust_timeout=100):
                ready.set()  # its first (empty) answer: watching has begun
                if changes:
                    noticed.put(time.perf_counter())

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        ready.wait()
        times = []
        for _ in range(SAVES):
            saved = save(target)
            times.append(noticed.get() - saved)
        stop.set()
        thread.join()
        return times
    return measure


def main(root: Path) -> None:
    folders = [folder for name in ("content", "layouts", "assets") if (folder := root / name).is_dir()]
    target = root / "content" / "figures.yaml"
    for name, measure in (("inotify (explainer/watch.py)", inotify), ("watchfiles, step=20 ms", with_watchfiles(20)),
                          ("watchfiles, step=50 ms (its default)", with_watchfiles(50))):
        times = sorted(measure(folders, target))
        print(f"{name}: median {statistics.median(times) * 1000:.0f} ms, "
              f"90th percentile {times[int(len(times) * 0.9)] * 1000:.0f} ms ({SAVES} saves)")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
