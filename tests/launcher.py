"""The real command with one fault injected at an exact moment, so fault tests need no sleeping or luck:

    python tests/launcher.py FAULT[,FAULT…] ARGS…     (ARGS as for build.py; the project is the working folder)

kill-at-write:N        SIGKILL itself as it is about to write its Nth file into the staging folder
kill-at-swap           SIGKILL itself just before the new site is swapped in
kill-after-exchange    SIGKILL itself just after renameat2 exchanged the folders, before the old site is removed
kill-after-swap        SIGKILL itself just after the swap, before the build ends
kill-at-aside          SIGKILL itself between the two renames of the fallback swap (use with no-renameat2)
pause-at-write:N:DIR   at the Nth file, create DIR/paused and wait until DIR/go exists
no-renameat2           ctypes.CDLL(None) raises TypeError, as it does on Windows
cannot-chmod           the old site's folders cannot be made writable, as when another user owns them
sigint-at-build        Ctrl-C (SIGINT to itself) in the middle of the first build
sigint-after:TEXT      Ctrl-C just after printing a line that starts with TEXT
bug-at-build:N         the Nth build raises RuntimeError, as a bug in the build would
"""

from __future__ import annotations

import builtins
import ctypes
import itertools
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from explainer import cli, pipeline, write  # noqa: E402


def kill() -> None:
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)


def at_write(n: int, then: Any) -> None:
    """Run `then` as the Nth file is about to be written (from whichever thread writes it)."""
    original, count = write.write_file, itertools.count(1)

    def write_file(target: str, data: bytes) -> None:
        if next(count) == n:
            then()
        original(target, data)
    write.write_file = write_file


def pause(folder: Path) -> None:
    (folder / "paused").touch()
    while not (folder / "go").exists():
        time.sleep(0.01)


def around(module: Any, name: str, before: Any = None, after: Any = None) -> None:
    original = getattr(module, name)

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if before:
            before()
        result = original(*args, **kwargs)
        if after and (name != "exchange" or result):
            after()
        return result
    setattr(module, name, wrapped)


def no_renameat2() -> None:
    original = ctypes.CDLL

    def cdll(name: Any, *args: Any, **kwargs: Any) -> Any:
        if name is None:
            raise TypeError("LoadLibrary() argument 1 must be str, not None")
        return original(name, *args, **kwargs)
    ctypes.CDLL = cdll  # type: ignore[misc, assignment]


def kill_between_renames() -> None:
    original = Path.rename

    def rename(self: Path, target: Any) -> Any:
        result = original(self, target)
        if str(target).endswith("-previous"):
            kill()
        return result
    Path.rename = rename  # type: ignore[method-assign]


def interrupt() -> None:
    os.kill(os.getpid(), signal.SIGINT)


def sigint_after(text: str) -> None:
    original = builtins.print

    def print_then_interrupt(*args: Any, **kwargs: Any) -> None:
        original(*args, **kwargs)
        if args and str(args[0]).startswith(text):
            interrupt()
    builtins.print = print_then_interrupt


def bug_at_build(n: int) -> None:
    original, count = pipeline.make_editions, itertools.count(1)  # once a build, whatever its editions

    def make_editions(*args: Any, **kwargs: Any) -> Any:
        if next(count) == n:
            raise RuntimeError("an injected bug")
        return original(*args, **kwargs)
    pipeline.make_editions = make_editions


def inject(fault: str) -> None:
    name, _, argument = fault.partition(":")
    if name == "kill-at-write":
        at_write(int(argument), kill)
    elif name == "pause-at-write":
        n, _, folder = argument.partition(":")
        at_write(int(n), lambda: pause(Path(folder)))
    elif name == "kill-at-swap":
        around(write, "swap_in", before=kill)
    elif name == "kill-after-exchange":
        around(write, "exchange", after=kill)
    elif name == "kill-after-swap":
        around(write, "swap_in", after=kill)
    elif name == "kill-at-aside":
        kill_between_renames()
    elif name == "no-renameat2":
        no_renameat2()
    elif name == "cannot-chmod":
        write.make_writable = lambda folder: None
    elif name == "sigint-at-build":
        around(pipeline, "plan_site", before=interrupt)
    elif name == "sigint-after":
        sigint_after(argument)
    elif name == "bug-at-build":
        bug_at_build(int(argument))
    else:
        raise SystemExit(f"launcher: unknown fault {fault!r}")


if __name__ == "__main__":
    for one in sys.argv[1].split(","):
        inject(one)
    sys.exit(cli.main(sys.argv[2:], root=Path.cwd()))
