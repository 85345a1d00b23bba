"""Writing the site: every output into a fresh folder beside dist/, swapped in whole or not at all."""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath

from .render import Output

Reuse = Callable[[str, bytes], "str | None"]
WRITERS = 4
RENAME_EXCHANGE = 2
AT_FDCWD = -100


class OutputError(Exception):
    """The output folder cannot be written; the message says why and what to do."""


def safe_relative(uri: str) -> PurePosixPath:
    """A '/'-separated output path that cannot leave the output folder."""
    path = PurePosixPath(uri)
    if path.is_absolute() or not path.parts or any(part in ("..", ".", "") for part in path.parts) or "\\" in uri:
        raise ValueError(f"refusing to write outside the output folder: {uri!r}")
    return path


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


def put(target: Path, item: Output, reuse: Reuse | None) -> None:
    """One file: a hard link to an identical file of the last build when `reuse` names one, else its bytes."""
    source = reuse(item.uri, item.data) if reuse else None
    if source is not None:
        try:
            os.link(source, target)
            return
        except OSError:
            pass
    target.write_bytes(item.data)


def put_all(fresh: Path, outputs: list[Output], reuse: Reuse | None) -> int:
    """Every output under `fresh`, folders first, then the files from a few threads (creating files waits on the
    disk, not on Python, so threads overlap it)."""
    targets: dict[str, Path] = {}
    for item in outputs:
        if item.uri in targets:
            raise ValueError(f"two outputs want the same path: {item.uri}")
        targets[item.uri] = fresh.joinpath(*safe_relative(item.uri).parts)
    for folder in sorted({target.parent for target in targets.values()}):
        folder.mkdir(parents=True, exist_ok=True)
    def put_share(share: list[Output]) -> None:
        for item in share:
            put(targets[item.uri], item, reuse)
    with ThreadPoolExecutor(WRITERS) as pool:
        for _ in pool.map(put_share, [outputs[i::WRITERS] for i in range(WRITERS)]):
            pass
    return len(outputs)


def write(outputs: Iterable[Output], output: Path, keep: Iterable[Path] = (), reuse: Reuse | None = None) -> int:
    """Write every output into a new folder next to `output` and swap it in; return how many files.

    `keep` names folders that must survive: an output folder that is or holds one of them is refused.
    `reuse(uri, data)` may name a file of the current output with exactly those bytes, to link instead."""
    check_output(output, keep)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        repair(output)
        fresh = Path(tempfile.mkdtemp(prefix=f".{output.name}-", dir=output.parent))
    except OSError as error:
        raise OutputError(f"cannot write to {output.parent}: {error.strerror}") from error
    try:
        count = put_all(fresh, list(outputs), reuse)
        fresh.chmod(0o755)
        swap_in(fresh, output)
    except OSError as error:
        shutil.rmtree(fresh, ignore_errors=True)
        raise OutputError(f"cannot write the site to {output}: {error.strerror}; "
                          "check free space and permissions") from error
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    return count

