"""Rendering many pages across the machine's cores: forked workers share the build's RenderContext and values."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

# Below this many pages a pool costs more than it saves (forking and sending the pages back).
PARALLEL_FROM = 400

Job = TypeVar("Job")
Result = TypeVar("Result")

_work: tuple[Callable[[Any], Any], Sequence[Any]] | None = None  # set before forking; the workers inherit it


def cores() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Forking is safe only where it exists and no other thread could hold a lock the child inherits."""
    return hasattr(os, "fork") and threading.active_count() == 1


def _ignore_ctrl_c() -> None:
    """In a worker: Ctrl-C reaches the whole process group; the parent stops the pool, the worker says nothing."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _render_range(bounds: tuple[int, int]) -> list[Any]:
    """In a worker: one slice of the jobs, by their positions."""
    assert _work is not None
    render_one, jobs = _work
    return [render_one(jobs[i]) for i in range(*bounds)]


def workers_for(jobs: int) -> int:
    """How many forked workers render this many jobs: 0 when they are rendered here."""
    workers = min(cores(), jobs // (PARALLEL_FROM // 2))
    return workers if workers >= 2 and can_fork() else 0


def render_all(render_one: Callable[[Job], Result], jobs: Sequence[Job]) -> Iterator[list[Result]]:
    """Every job's result, in order and in batches as they are done: in forked workers when there are many,
    else here, so the caller can use each batch while the rest are still being made. Whatever a worker's result
    holds comes back with it: a page's bytes, its problems, links and what it read (see reads.py)."""
    workers = workers_for(len(jobs))
    if not workers:
        for start in range(0, len(jobs), 100):
            yield [render_one(job) for job in jobs[start:start + 100]]
        return
    import multiprocessing  # here, so that a small build never pays for importing it

    global _work
    _work = (render_one, jobs)
    step = max(1, len(jobs) // (workers * 8))  # small slices even out pages of very different sizes
    slices = [(start, min(start + step, len(jobs))) for start in range(0, len(jobs), step)]
    try:
        with multiprocessing.get_context("fork").Pool(workers, _ignore_ctrl_c) as pool:
            yield from pool.imap(_render_range, slices)
    finally:
        _work = None
