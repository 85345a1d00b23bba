"""Rendering many pages across the machine's cores: forked workers share the Renderer and the build's values."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from typing import Any

from .problems import Problem

# Below this many pages a pool costs more than it saves (forking and sending the pages back).
PARALLEL_FROM = 400

Job = tuple[Any, dict[str, Any]]
Rendered = tuple[bytes | None, list[Problem]]
RenderOne = Callable[[Job], Rendered]
Arrived = Callable[[int, list[Rendered]], None]  # (position of the first, results in order)

_work: tuple[RenderOne, Sequence[Job]] | None = None  # set before forking; the workers inherit it


def cores() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Forking is safe only where it exists and no other thread could hold a lock the child inherits."""
    return hasattr(os, "fork") and threading.active_count() == 1


def _render_range(bounds: tuple[int, int]) -> list[Rendered]:
    """In a worker: one slice of the jobs, by their positions."""
    assert _work is not None
    render_one, jobs = _work
    return [render_one(jobs[i]) for i in range(*bounds)]


def render_all(render_one: RenderOne, jobs: Sequence[Job], arrived: Arrived = lambda start, part: None) \
        -> list[Rendered]:
    """Every job's bytes and problems, in order: in forked workers when there are many, else here.

    `arrived` hears of each batch as it is done, so the caller can write pages while the workers render."""
    workers = min(cores(), len(jobs) // (PARALLEL_FROM // 2))
    if workers < 2 or not can_fork():
        results: list[Rendered] = []
        for start in range(0, len(jobs), 100):
            part = [render_one(job) for job in jobs[start:start + 100]]
            arrived(start, part)
            results += part
        return results
    import multiprocessing  # here, so that a small build never pays for importing it

    global _work
    _work = (render_one, jobs)
    step = max(1, len(jobs) // (workers * 8))  # small slices even out pages of very different sizes
    slices = [(start, min(start + step, len(jobs))) for start in range(0, len(jobs), step)]
    results = []
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for part in pool.imap(_render_range, slices):
                arrived(len(results), part)
                results += part
    finally:
        _work = None
    return results
