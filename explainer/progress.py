"""A progress counter for long builds: on a terminal's stderr only, and only once a build has run a while."""

from __future__ import annotations

import sys
import time
from typing import TextIO

QUIET_FOR = 1.0  # seconds: a quick build never prints a counter


class Progress:
    """'rendering 1200/6019 pages', rewritten in place while work goes on; cleared when it is done."""

    def __init__(self, what: str, total: int, unit: str, stream: TextIO | None = None) -> None:
        self.what, self.total, self.unit = what, total, unit
        self.stream = stream or sys.stderr
        self.started = time.perf_counter()
        self.shown = False
        self.live = self.stream.isatty()

    def update(self, done: int) -> None:
        if self.live and time.perf_counter() - self.started >= QUIET_FOR:
            self.stream.write(f"\r{self.what} {done}/{self.total} {self.unit}")
            self.stream.flush()
            self.shown = True

    def done(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
