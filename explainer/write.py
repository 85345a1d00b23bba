"""Writing the site: every output into a fresh folder beside dist/, swapped in whole or not at all."""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from .render import Output

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


def write(outputs: Iterable[Output], output: Path, keep: Iterable[Path] = ()) -> int:
    """Write every output into a new folder next to `output` and swap it in; return how many files.

    `keep` names folders that must survive: an output folder that is or holds one of them is refused."""
    check_output(output, keep)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        repair(output)
        fresh = Path(tempfile.mkdtemp(prefix=f".{output.name}-", dir=output.parent))
    except OSError as error:
        raise OutputError(f"cannot write to {output.parent}: {error.strerror}") from error
    count = 0
    try:
        for item in outputs:
            target = fresh.joinpath(*safe_relative(item.uri).parts)
            if target.exists():
                raise ValueError(f"two outputs want the same path: {item.uri}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(item.data)
            count += 1
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

