"""Which files changed under the watched folders: told by the kernel (inotify) on Linux, found by scanning every
file's modification time and size elsewhere, or when the kernel runs out of watches."""

from __future__ import annotations

import ctypes
import errno
import os
import struct
import time
from pathlib import Path

POLL_SECONDS = 0.02  # how often a scanning watcher looks; a burst of saves ends at a scan that finds nothing new
SCAN_SHARE = 5  # a large project is scanned less often: waiting at least 5 times a scan's length keeps it light
Snapshot = dict[str, tuple[int, int]]

IN_MODIFY, IN_ATTRIB, IN_CLOSE_WRITE = 0x2, 0x4, 0x8
IN_MOVED_FROM, IN_MOVED_TO, IN_CREATE, IN_DELETE = 0x40, 0x80, 0x100, 0x200
IN_DELETE_SELF, IN_MOVE_SELF = 0x400, 0x800
IN_Q_OVERFLOW, IN_IGNORED, IN_ONLYDIR, IN_MASK_ADD, IN_ISDIR = 0x4000, 0x8000, 0x1000000, 0x20000000, 0x40000000
IN_NONBLOCK, IN_CLOEXEC = os.O_NONBLOCK, os.O_CLOEXEC
CHANGES = (IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE
           | IN_DELETE_SELF | IN_MOVE_SELF)
EVENT = struct.Struct("iIII")  # struct inotify_event: wd, mask, cookie, len; then len bytes of name


def scan(folders: list[Path]) -> Snapshot:
    """Every file under the folders (not following linked folders) with its modification time and size."""
    found: Snapshot = {}
    todo = [str(folder) for folder in folders]
    while todo:
        try:
            entries = list(os.scandir(todo.pop()))
        except OSError:  # missing, or deleted while scanning: the next scan sees it gone
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    todo.append(entry.path)
                else:
                    stat = entry.stat()
                    found[entry.path] = (stat.st_mtime_ns, stat.st_size)
            except OSError:
                continue
    return found


class Scanner:
    """Looks at every file, every `interval` seconds; reports what differs from the last look."""

    def __init__(self, folders: list[Path]) -> None:
        self.folders = folders
        self.snapshot = scan(folders)
        self.interval = POLL_SECONDS

    def changes(self) -> set[Path]:
        started = time.perf_counter()
        after = scan(self.folders)
        self.interval = max(POLL_SECONDS, SCAN_SHARE * (time.perf_counter() - started))
        before, self.snapshot = self.snapshot, after
        return {Path(path) for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


class Inotify:
    """The kernel says which files changed, through a file descriptor that a loop waits on; nothing is scanned.

    Every folder under the watched ones has a watch of its own (inotify is not recursive); a new folder gets
    one as it appears, and its files count as changed. A watched folder that does not exist yet, or that is
    deleted or moved away, is waited for in its parent. When the kernel drops events (its queue overflowed),
    every watched folder counts as changed, so the next build looks at every file."""

    def __init__(self, folders: list[Path]) -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        self.add_watch, self.roots = libc.inotify_add_watch, folders
        self.fd = libc.inotify_init1(IN_NONBLOCK | IN_CLOEXEC)
        if self.fd < 0:
            raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
        self.folders: dict[int, Path] = {}  # watch descriptor -> the folder it watches
        self.awaited: dict[int, Path] = {}  # watch descriptor -> the folder whose missing root it waits for
        try:
            for root in folders:
                if root.is_dir():
                    self.watch_tree(root)
                else:
                    self.await_root(root)
        except OSError:
            os.close(self.fd)
            raise

    def fileno(self) -> int:
        return self.fd

    def watch(self, folder: Path, mask: int = CHANGES | IN_ONLYDIR) -> int:
        wd = self.add_watch(self.fd, os.fsencode(folder), mask)
        if wd < 0:
            code = ctypes.get_errno()
            raise OSError(code, f"{os.strerror(code)}: {folder}")
        return wd

    def await_root(self, root: Path) -> set[Path]:
        """Wait in its parent for a watched folder that is missing; its files, when it is back already."""
        try:  # added to what the parent's own watch asks for, if it has one
            self.awaited[self.watch(root.parent, IN_CREATE | IN_MOVED_TO | IN_ONLYDIR | IN_MASK_ADD)] = root.parent
        except OSError as error:
            if error.errno in (errno.ENOSPC, errno.ENOMEM):  # out of watches: the caller scans instead
                raise
            return set()  # the parent is missing too
        return self.watch_tree(root) | {root} if root.is_dir() else set()

    def watch_tree(self, folder: Path) -> set[Path]:
        """Watch a folder and every folder under it (not following links); the files found in them."""
        found: set[Path] = set()
        todo = [folder]
        while todo:
            current = todo.pop()
            try:
                self.folders[self.watch(current)] = current
                entries = list(os.scandir(current))
            except OSError as error:
                if error.errno in (errno.ENOSPC, errno.ENOMEM):  # out of watches: the caller scans instead
                    raise
                continue  # gone already: its parent's event says so
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    todo.append(Path(entry.path))
                else:
                    found.add(Path(entry.path))
        return found

    def changes(self) -> set[Path]:
        """The files (and folders) the kernel reported since the last call; reads until nothing is waiting."""
        changed: set[Path] = set()
        while True:
            try:
                data = os.read(self.fd, 65536)
            except BlockingIOError:
                return changed
            for wd, mask, name in events(data):
                changed |= self.event(wd, mask, name)

    def event(self, wd: int, mask: int, name: str) -> set[Path]:
        if mask & IN_Q_OVERFLOW:
            return set(self.roots)
        changed = self.returned(wd, name)
        folder = self.folders.get(wd)
        if folder is None:
            return changed
        if mask & IN_IGNORED:  # the folder was deleted: its watch is gone
            del self.folders[wd]
        if mask & (IN_IGNORED | IN_MOVE_SELF) and folder in self.roots:  # wait for it to come back
            changed |= self.await_root(folder)
        path = folder / name if name else folder
        if mask & IN_ISDIR and mask & (IN_CREATE | IN_MOVED_TO):
            return changed | self.watch_tree(path) | {path}
        return changed | {path}

    def returned(self, wd: int, name: str) -> set[Path]:
        """A missing watched folder that appeared where it was awaited: watched from now on, its files changed."""
        if wd not in self.awaited or not name:
            return set()
        root = self.awaited[wd] / name
        return self.watch_tree(root) | {root} if root in self.roots and root.is_dir() else set()

    def close(self) -> None:
        os.close(self.fd)


def events(data: bytes) -> list[tuple[int, int, str]]:
    """(watch descriptor, mask, name) of each event in what one read gave."""
    found, offset = [], 0
    while offset < len(data):
        wd, mask, _, length = EVENT.unpack_from(data, offset)
        offset += EVENT.size
        found.append((wd, mask, os.fsdecode(data[offset:offset + length].rstrip(b"\0"))))
        offset += length
    return found


def watcher(folders: list[Path]) -> Inotify | Scanner:
    """The kernel's notifications where there are some (Linux, with watches to spare), else a scanner."""
    try:
        return Inotify(folders)
    except (OSError, AttributeError, TypeError):  # not Linux, no libc to load, or out of watches
        return Scanner(folders)
