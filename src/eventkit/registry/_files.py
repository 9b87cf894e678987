"""What the loader may open: regular files and folders inside the registry root, nothing else.

A registry is often a checkout of someone else's branch. A symlink in it may point at
``/etc/passwd`` or ``~/.aws/credentials`` (which sync would then upload), and a FIFO named
``1.0.0.json`` would block a plain ``open()`` forever. So every entry is classified with
``lstat``/``stat`` before anything opens it, and files are opened non-blocking and checked
again with ``fstat`` (the entry may have been swapped between the two calls).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

__all__ = ["FileRefusal", "entry_kind", "inside", "kind_of", "read_regular_file"]

_KINDS = {
    stat.S_IFLNK: "a symbolic link",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
}
_DEVICES = (stat.S_IFCHR, stat.S_IFBLK)
# O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting for one.
_CHUNK = 1 << 16
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class FileRefusal(OSError):
    """An entry the loader will not read: `code` is ``special-file`` or ``unsafe-path``;
    `kind` says what the entry is (``"a FIFO (named pipe)"``, ``"a symbolic link"``, ...) where
    that is the reason, else ``""``.

    An `OSError`, so that callers that only need "could not read it" catch it as one.
    """

    def __init__(self, code: str, message: str, hint: str, kind: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint
        self.kind = kind


def kind_of(mode: int) -> str:
    """What an entry of this `st_mode` is, in words (``"a socket"``)."""
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def _special(mode: int) -> FileRefusal:
    kind = kind_of(mode)
    what = f"is {kind}, not a file" if stat.S_IFMT(mode) in _DEVICES else f"is {kind}"
    return FileRefusal(
        "special-file",
        f"{what}: the loader reads only regular files",
        "replace it with a regular file, or delete it",
        kind,
    )


def inside(path: str | Path, root: Path) -> bool:
    """Whether the (resolved) `path` is `root` or below it; `root` must be resolved too."""
    return Path(path).is_relative_to(root)


def entry_kind(path: Path, root: Path) -> str:
    """``"dir"`` or ``"file"`` for an entry the loader may use; raises `FileRefusal` otherwise.

    `root` is the resolved registry root. A symlink is followed only when its target stays
    inside `root`; a broken link inside the root counts as a file (reading it then reports
    the missing target).
    """
    info = path.lstat()
    if stat.S_ISLNK(info.st_mode):
        target = os.path.realpath(path)
        if not inside(target, root):
            detail = ""
            try:
                mode = path.stat().st_mode
            except OSError:
                mode = 0
            if stat.S_IFMT(mode) in _DEVICES:
                detail = f" ({kind_of(mode)}, not a file)"
            raise FileRefusal(
                "unsafe-path",
                f"is a symlink to {target}{detail} outside the registry folder",
                "copy the file into the registry, or point the link inside the registry folder",
            )
        try:
            info = path.stat()
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise FileRefusal(
                    "unsafe-path",
                    "is a symlink loop",
                    "point the link at a file or folder inside the registry, or delete it",
                ) from None
            return "file"  # broken link: reading it reports what is missing
    if stat.S_ISDIR(info.st_mode):
        return "dir"
    if stat.S_ISREG(info.st_mode):
        return "file"
    raise _special(info.st_mode)


def read_regular_file(path: Path, limit: int, *, follow_symlinks: bool = True) -> bytes:
    """Up to ``limit + 1`` bytes of `path`, which must be a regular file.

    Raises `FileRefusal` when it is a FIFO, socket or device (checked on the open file, so it
    holds even if the entry changed since it was classified), or a symbolic link when
    `follow_symlinks` is false (never followed, even if it was swapped in since); `OSError`
    when it cannot be read.
    """
    try:
        fd = os.open(path, _OPEN_FLAGS | (0 if follow_symlinks else _NOFOLLOW))
    except OSError as error:
        if error.errno == errno.ELOOP and not follow_symlinks and path.is_symlink():
            raise FileRefusal(
                "unsafe-path",
                "is a symbolic link, which is not followed here",
                "replace the link with the file itself, or delete it",
                _KINDS[stat.S_IFLNK],
            ) from None
        if error.errno == errno.ENXIO:  # a socket (or a device without its driver)
            mode = (path.stat if follow_symlinks else path.lstat)().st_mode
            if not stat.S_ISREG(mode):
                raise _special(mode) from None
        raise
    try:
        info = os.fstat(fd)
        mode = info.st_mode
        if not stat.S_ISREG(mode):
            if stat.S_ISDIR(mode):
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
            raise _special(mode)
        os.set_blocking(fd, True)
        # `os.read(fd, n)` allocates n bytes before reading (a 1 MiB buffer is an mmap and
        # its page faults, ~15 µs per file), so the first read asks for the file's size and
        # one byte more (enough to see the end); later reads, if it grew, take 64 KiB chunks.
        chunks, left, want = [], limit + 1, info.st_size + 1
        while left > 0:
            chunk = os.read(fd, min(left, want))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
            want = _CHUNK
        return b"".join(chunks)
    finally:
        os.close(fd)
