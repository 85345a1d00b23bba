"""Writing the site: every output into a fresh folder beside dist/, swapped in whole or not at all."""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

Reuse = Callable[[str, bytes], "str | None"]
WRITERS = 4
RENAME_EXCHANGE = 2
AT_FDCWD = -100


@dataclass(frozen=True, slots=True)
class Output:
    """One file of the site."""

    uri: str  # relative to the output folder, '/'-separated
    data: bytes


class OutputError(Exception):
    """The output folder cannot be written; the message says why and what to do."""


def safe_parts(uri: str) -> list[str]:
    """The names along a '/'-separated output path that cannot leave the output folder."""
    parts = uri.split("/")
    if any(part in ("..", ".", "") for part in parts) or "\\" in uri or "\0" in uri:
        raise ValueError(f"refusing to write outside the output folder: {uri!r}")
    return parts


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    if result == 0:
        return True
    if ctypes.get_errno() in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(b))


def leftovers(output: Path) -> bool:
    """True when a build that was stopped midway left its fresh folder (or the old site) beside the output."""
    return any(output.parent.glob(f".{output.name}-*"))


def repair(output: Path) -> None:
    """Finish a swap that a killed build left half done: the old site comes back when dist/ is missing."""
    aside = output.with_name(f".{output.name}-previous")
    if aside.exists() and not output.exists():
        aside.rename(output)
    for stale in output.parent.glob(f".{output.name}-*"):
        shutil.rmtree(stale, ignore_errors=True)


def swap_in(fresh: Path, output: Path) -> None:
    """Put the fresh build where the output is, so that readers see the old or the new site, never a mix."""
    if not output.exists():
        fresh.rename(output)
        return
    if exchange(fresh, output):
        shutil.rmtree(fresh)
        return
    aside = output.with_name(f".{output.name}-previous")
    output.rename(aside)
    fresh.rename(output)
    shutil.rmtree(aside)


def check_output(output: Path, keep: Iterable[Path]) -> None:
    """Refuse an output folder that is, or holds, a folder the swap would throw away (content/, the project)."""
    for folder in keep:
        if folder.resolve().is_relative_to(output.resolve()):
            raise OutputError(f"refusing to write the site to {output}: the build replaces that whole folder, "
                              f"and it holds {folder}; choose another --output")


def put(target: str, item: Output, reuse: Reuse | None) -> None:
    """One file: a hard link to an identical file of the last build when `reuse` names one, else its bytes."""
    source = reuse(item.uri, item.data) if reuse else None
    if source is not None:
        try:
            os.link(source, target)
            return
        except OSError:
            pass
    write_file(target, item.data)


def write_file(target: str, data: bytes) -> None:
    with open(target, "wb") as file:
        file.write(data)


class Staging:
    """A fresh folder beside the output that files go into as soon as they are made (pages while others are
    still rendering), swapped in whole at the end, or thrown away: readers see the old or the new site.

    `keep` names folders that must survive: an output folder that is or holds one of them is refused."""

    def __init__(self, output: Path, keep: Iterable[Path] = ()) -> None:
        self.output, self.keep = output, tuple(keep)
        self.fresh: Path | None = None  # made on the first file, so a build that fails early makes nothing
        self.put_early: dict[str, bytes] = {}

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.discard()

    def open(self) -> Path:
        if self.fresh is None:
            check_output(self.output, self.keep)
            try:
                self.output.parent.mkdir(parents=True, exist_ok=True)
                repair(self.output)
                self.fresh = Path(tempfile.mkdtemp(prefix=f".{self.output.name}-", dir=self.output.parent))
            except OSError as error:
                raise OutputError(f"cannot write to {self.output.parent}: {error.strerror}") from error
        return self.fresh

    def target(self, uri: str) -> str:
        return os.path.join(self.open(), *safe_parts(uri))  # strings: pathlib costs more than the disk here

    def put(self, uri: str, data: bytes) -> None:
        """One file now (a page just rendered); finish() skips it when the same bytes come again."""
        with self.failing_cleanly():
            target = self.target(uri)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            write_file(target, data)
        self.put_early[uri] = data

    def finish(self, outputs: Iterable[Output], reuse: Reuse | None = None) -> int:
        """Every output not put yet (from a few threads: creating files waits on the disk, not on Python,
        so threads overlap it), then the swap; return how many files the site has.

        `reuse(uri, data)` may name a file of the current output with exactly those bytes, to link instead."""
        outputs = list(outputs)
        with self.failing_cleanly():
            targets: dict[str, str] = {}
            for item in outputs:
                if item.uri in targets:
                    raise ValueError(f"two outputs want the same path: {item.uri}")
                targets[item.uri] = self.target(item.uri)
            todo = [item for item in outputs if self.put_early.get(item.uri) is not item.data]
            for folder in sorted({os.path.dirname(targets[item.uri]) for item in todo}):
                os.makedirs(folder, exist_ok=True)

            def put_share(share: list[Output]) -> None:
                for item in share:
                    put(targets[item.uri], item, reuse)
            with ThreadPoolExecutor(WRITERS) as pool:
                for _ in pool.map(put_share, [todo[i::WRITERS] for i in range(WRITERS)]):
                    pass
            self.open().chmod(0o755)
            swap_in(self.open(), self.output)
            self.fresh = None
        return len(outputs)

    def discard(self) -> None:
        """Throw away what was put; the output folder stays as it was."""
        if self.fresh is not None:
            shutil.rmtree(self.fresh, ignore_errors=True)
            self.fresh = None

    @contextmanager
    def failing_cleanly(self) -> Iterator[None]:
        try:
            yield
        except OSError as error:
            self.discard()
            raise OutputError(f"cannot write the site to {self.output}: {error.strerror}; "
                              "check free space and permissions") from error
        except BaseException:
            self.discard()
            raise

