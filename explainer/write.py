"""Writing the site: every output into a fresh folder beside dist/, swapped in whole or not at all, one build at a time,
and only into a folder that is new, empty or a site a build made (it bears the mark every build leaves)."""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

if sys.platform == "win32":
    import msvcrt
else:
    import fcntl

Reuse = Callable[[str, bytes], "str | None"]
WRITERS = 4
RENAME_EXCHANGE = 2
AT_FDCWD = -100
MARK = ".explainer-site"  # in every output folder a build made: the next build may replace that folder whole
MARK_TEXT = b"A site built by explainer. Every build replaces this folder whole: files put here by hand are deleted.\n"


@dataclass(frozen=True, slots=True)
class Output:
    """One file of the site."""

    uri: str  # relative to the output folder, '/'-separated
    data: bytes


class OutputError(Exception):
    """The output folder cannot be written; the message says why and what to do."""


class OutputBusy(OutputError):
    """Another build (a second command, or the preview) is writing the same output folder."""


def safe_parts(uri: str) -> list[str]:
    """The names along a '/'-separated output path that cannot leave the output folder."""
    parts = uri.split("/")
    if any(part in ("..", ".", "") for part in parts) or "\\" in uri or "\0" in uri:
        raise ValueError(f"refusing to write outside the output folder: {uri!r}")
    return parts


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux renameat2); False where the system cannot (macOS and the BSDs have
    no renameat2; on Windows ctypes.CDLL(None) raises TypeError)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError, TypeError):
        return False
    result = renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    if result == 0:
        return True
    if ctypes.get_errno() in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(b))


def followed(output: Path) -> Path:
    """Where the site goes: the output folder, or the folder a linked output leads to (the link stays, and the
    site is swapped in at its target)."""
    return output.resolve() if output.is_symlink() else output


def leftovers(output: Path) -> bool:
    """True when a build that was stopped midway left its fresh folder (or the old site) beside the output."""
    output = followed(output)
    return any(output.parent.glob(f".{output.name}-*"))


def lock_path(output: Path) -> Path:
    return output.with_name(f".{output.name}.lock")


def try_lock(fd: int) -> bool:
    """Lock an open file without waiting; False when another process holds it. The system drops the lock when
    its process ends, however it ends, so a killed build never leaves the output locked."""
    try:
        if sys.platform == "win32":
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        if error.errno in (errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES, errno.EDEADLK):
            return False
        raise
    return True


class OutputLock:
    """One build at a time per output folder: the holder of a lock on `.dist.lock` beside it, from the first
    staged file until the swap. The file is removed while still held, so a build that opened it just then finds
    it gone and locks a new one instead."""

    def __init__(self, output: Path) -> None:
        self.output, self.path = output, lock_path(output)
        self.fd: int | None = None

    def acquire(self) -> None:
        """Take the lock, or raise OutputBusy at once: a build never waits for another, it says so."""
        while self.fd is None:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            if not try_lock(fd):
                os.close(fd)
                raise OutputBusy(f"another build is writing {self.output}: wait for it to finish, "
                                 "or pass another --output")
            if is_same_file(fd, self.path):
                self.fd = fd
            else:
                os.close(fd)

    def release(self) -> None:
        if self.fd is None:
            return
        try:
            os.unlink(self.path)  # Windows keeps a file that is open; the next build locks it again
        except OSError:
            pass
        if sys.platform == "win32":
            msvcrt.locking(self.fd, msvcrt.LK_UNLCK, 1)
        os.close(self.fd)
        self.fd = None


def is_same_file(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except OSError:
        return False


def repair(output: Path) -> None:
    """Finish a swap that a killed build left half done: the old site comes back when dist/ is missing.
    Only the holder of the output's lock may call it: it removes every staging folder beside the output."""
    aside = output.with_name(f".{output.name}-previous")
    if aside.exists() and not output.exists():
        aside.rename(output)
    for stale in output.parent.glob(f".{output.name}-*"):
        shutil.rmtree(stale, ignore_errors=True)


def swap_in(fresh: Path, output: Path) -> str | None:
    """Put the fresh build where the output is, so that readers see the old or the new site, never a mix; then
    remove the old site. A warning when that last step fails: the new site is in place all the same."""
    if not output.exists():
        fresh.rename(output)
        return None
    if exchange(fresh, output):
        return remove_old_site(fresh, output)
    aside = output.with_name(f".{output.name}-previous")
    output.rename(aside)
    fresh.rename(output)
    return remove_old_site(aside, output)


def remove_old_site(folder: Path, output: Path) -> str | None:
    """Delete the site that was swapped out, making its folders writable first when they are not (a read-only
    dist/); a warning naming what is left when even that fails."""
    try:
        shutil.rmtree(folder)
        return None
    except OSError:
        make_writable(folder)
    try:
        shutil.rmtree(folder)
        return None
    except OSError as error:
        return (f"the site was built into {output}, but the old one could not be removed from {folder} "
                f"({error.strerror}); delete that folder by hand")


def make_writable(folder: Path | str) -> None:
    """Let the owner change the folder and every folder inside it; what cannot be changed is left as it is."""
    try:
        os.chmod(folder, 0o755)
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            make_writable(entry.path)


def check_output(output: Path, keep: Iterable[Path], copied: Iterable[Path] = (), force: bool = False,
                 earlier: Callable[[], bool] = lambda: False) -> Path:
    """The folder the site may be swapped into (a linked output's target), or OutputError when the swap would
    throw away what is not the site's: a file, the root or home folder, a folder that is or holds one the build
    reads, one inside a folder the build publishes, or (unless `force`) a folder of files no build put there.
    `earlier()` says whether an unmarked folder holds only what the last build wrote (a site made before builds
    left their mark)."""
    place = followed(output)
    real = place.resolve()
    if output.is_symlink() and not real.exists():
        raise OutputError(f"refusing to write the site to {output}: it is a link to {real}, which does not exist; "
                          "create that folder or remove the link")
    if real.exists() and not real.is_dir():
        raise OutputError(f"refusing to write the site to {output}: it is a file, not a folder; "
                          "choose a new or empty folder for --output")
    if real == Path(real.anchor):
        raise OutputError(f"refusing to write the site to {output}: it is the root of the file system, and the "
                          "build replaces that whole folder; choose a new or empty folder for --output")
    home = os.path.expanduser("~")
    if os.path.isabs(home) and Path(home).resolve().is_relative_to(real):
        raise OutputError(f"refusing to write the site to {output}: the build replaces that whole folder, and it "
                          f"is or holds your home folder {home}; choose a new or empty folder for --output")
    for folder in keep:
        if folder.resolve().is_relative_to(real):
            raise OutputError(f"refusing to write the site to {output}: the build replaces that whole folder, "
                              f"and it holds {folder}; choose another --output")
    for folder in copied:
        if real.is_relative_to(folder.resolve()):
            raise OutputError(f"refusing to write the site to {output}: it is inside {folder}, whose files the "
                              "build publishes, so every build would copy the last one; choose another --output")
    if not force and not made_by_a_build(real) and not earlier():
        raise OutputError(f"refusing to write the site to {output}: it holds files no build put there (it has no "
                          f"{MARK}), and the build replaces that whole folder; pass --force to replace them with "
                          "the site, or choose a new or empty folder for --output")
    return place


def made_by_a_build(folder: Path) -> bool:
    """True when a build may replace the folder: it does not exist yet, is empty, or bears a build's mark."""
    try:
        with os.scandir(folder) as entries:
            names = {entry.name for entry in entries}
    except FileNotFoundError:
        return True
    except OSError as error:
        raise OutputError(f"cannot read the output folder {folder}: {error.strerror}; fix its permissions, "
                          "or choose another --output") from error
    return not names or MARK in names


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


def make_folders(root: str, folders: Iterable[str], made: set[str]) -> None:
    """Each '/'-separated folder below root, parents first. Root itself is never made again: when it has gone,
    something removed this build's staging folder, and writing on would swap in a site with files missing."""
    for folder in sorted(set(folders) - made):
        path = os.path.join(root, *folder.split("/"))
        try:
            os.mkdir(path)
        except FileExistsError:
            pass
        made.add(folder)


def folders_of(uri: str) -> list[str]:
    """The folders a file needs, parents first: 'embed/a/b.html' -> ['embed', 'embed/a']."""
    parts = safe_parts(uri)[:-1]
    return ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]


class Staging:
    """A fresh folder beside the output that files go into as soon as they are made (pages while others are
    still rendering), swapped in whole at the end, or thrown away: readers see the old or the new site.

    `keep` names folders that must survive: an output folder that is or holds one of them is refused, and so is
    one inside a folder of `copied`, whose files the build publishes. A folder that holds other files than a
    build's is refused too, unless `force` (or `earlier()`: see check_output). A linked output is followed."""

    def __init__(self, output: Path, keep: Iterable[Path] = (), copied: Iterable[Path] = (), force: bool = False,
                 earlier: Callable[[], bool] = lambda: False) -> None:
        self.output, self.keep, self.copied = output, tuple(keep), tuple(copied)
        self.force, self.earlier = force, earlier
        self.place = output  # where the site is swapped in: the output, or a linked output's target
        self.fresh: Path | None = None  # made on the first file, so a build that fails early makes nothing
        self.lock: OutputLock | None = None  # taken on the first file, beside where the site goes
        self.warnings: list[str] = []  # what went wrong after the new site was in place
        self.put_early: dict[str, bytes] = {}
        self.folders: set[str] = set()  # made inside the fresh folder so far

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.discard()

    def open(self) -> Path:
        """The fresh folder, made on first use under the output's lock (after tidying what a killed build left)."""
        if self.fresh is None:
            self.place = check_output(self.output, self.keep, self.copied, self.force, self.earlier)
            self.lock = OutputLock(self.place)
            try:
                self.place.parent.mkdir(parents=True, exist_ok=True)
                self.lock.acquire()
                repair(self.place)
                self.fresh = Path(tempfile.mkdtemp(prefix=f".{self.place.name}-", dir=self.place.parent))
            except OSError as error:
                self.release()
                raise OutputError(f"cannot write to {self.place.parent}: {error.strerror}") from error
        return self.fresh

    def target(self, uri: str) -> str:
        return os.path.join(self.open(), *safe_parts(uri))  # strings: pathlib costs more than the disk here

    def put(self, uri: str, data: bytes) -> None:
        """One file now (a page just rendered); finish() skips it when the same bytes come again."""
        with self.failing_cleanly():
            target = self.target(uri)
            make_folders(str(self.open()), folders_of(uri), self.folders)
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
            make_folders(str(self.open()), (f for item in todo for f in folders_of(item.uri)), self.folders)

            def put_share(share: list[Output]) -> None:
                for item in share:
                    put(targets[item.uri], item, reuse)
            with ThreadPoolExecutor(WRITERS) as pool:
                for _ in pool.map(put_share, [todo[i::WRITERS] for i in range(WRITERS)]):
                    pass
            write_file(os.path.join(self.open(), MARK), MARK_TEXT)
            self.open().chmod(0o755)
            warning = swap_in(self.open(), self.place)
            self.warnings += [warning] if warning else []
            self.fresh = None
            self.release()
        return len(outputs)

    def discard(self) -> None:
        """Throw away what was put and let other builds write; the output folder stays as it was."""
        if self.fresh is not None:
            shutil.rmtree(self.fresh, ignore_errors=True)
            self.fresh = None
        self.release()

    def release(self) -> None:
        """Let other builds write the output folder."""
        if self.lock is not None:
            self.lock.release()

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

