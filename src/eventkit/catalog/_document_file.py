"""Write the AsyncAPI document to a file: beside it first, then renamed over it.

A write failing (a full disk, a quota) leaves the previous document whole. A run killed
outright (SIGKILL, an out-of-memory kill) cannot remove its temporary file: the next run into
the same folder does, and only a stale one. A writer holds an `flock` on its temporary file
from before the first byte to the end; a temporary file nobody holds a lock on, that is not
empty (a writer between creating it and locking it holds an empty one), is a killed run's.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
from contextlib import suppress
from pathlib import Path

from eventkit.catalog._outside import check_outside_registry
from eventkit.catalog._previous_document import check_replaceable
from eventkit.errors import CatalogError

__all__ = ["TEMPORARY_PREFIX", "write_document"]

TEMPORARY_PREFIX = ".eventkit-asyncapi-"
# a name of our own (the document's may already be as long as a file name may be)
_TEMPORARY = re.compile(re.escape(TEMPORARY_PREFIX) + r"[0-9a-f]{8}")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def write_document(path: Path, text: str, *, registry_root: Path | None = None) -> None:
    """Write `text` to the file `path` (never through a link; the folder must exist). With
    `registry_root`, a `path` the registry would read as its own file is refused. A file
    already at `path` is replaced only when empty or written by a previous run."""
    if registry_root is not None:
        check_outside_registry(registry_root, path)
    if path.is_symlink() or path.is_dir():
        raise CatalogError(f"{path} is a link or a folder", path=str(path), hint="name a file")
    try:
        mode = path.lstat().st_mode
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):  # /dev/null: written into, never replaced
        _write_into(path, text)
        return
    if mode is not None:
        check_replaceable(path)
    remove_stale_temporaries(path.parent)
    temporary = path.with_name(f"{TEMPORARY_PREFIX}{secrets.token_hex(4)}")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o644)
        try:
            _lock(fd)  # held until `fd` is closed: a later run sees the file is in use
            # written and closed (where a late write error shows) through a copy of `fd`, so
            # the lock is still held when the file is renamed
            with os.fdopen(os.dup(fd), "w", encoding="utf-8", newline="\n") as handle:
                if mode is not None:  # a document rewritten keeps its permissions
                    os.fchmod(handle.fileno(), stat.S_IMODE(mode))
                handle.write(text)
            temporary.replace(path)
        except BaseException:
            with suppress(OSError):
                temporary.unlink()
            raise
        finally:
            os.close(fd)
    except OSError as error:
        kept = " (the previous document is unchanged)" if path.exists() else ""
        raise CatalogError(
            f"cannot write {path}: {error.strerror or error}{kept}", path=str(path)
        ) from None


def remove_stale_temporaries(folder: Path) -> None:
    """Remove the temporary files killed runs left in `folder` (only there, never through a
    link): regular files named as `write_document` names them, not empty, that no running
    writer holds a lock on. Best effort: one that cannot be removed stays."""
    try:
        import fcntl  # noqa: F401 (only checking it exists)
    except ImportError:  # no flock (Windows): a temporary file found may be another run's
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _CLOEXEC)
    except OSError:
        return  # writing then says what is wrong with the folder
    try:
        with os.scandir(fd) as entries:
            names = [e.name for e in entries if _TEMPORARY.fullmatch(e.name)]
        for name in names:
            _remove_if_stale(fd, name)
    finally:
        os.close(fd)


def _remove_if_stale(folder_fd: int, name: str) -> None:
    import fcntl

    flags = os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW | _CLOEXEC  # a FIFO does not block
    try:
        fd = os.open(name, flags, dir_fd=folder_fd)
    except OSError:  # gone, a link (ELOOP), not ours to read
        return
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode) or opened.st_size == 0:
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return  # a running writer's (or no flock on this file system)
        listed = os.stat(name, dir_fd=folder_fd, follow_symlinks=False)
        if (listed.st_dev, listed.st_ino) == (opened.st_dev, opened.st_ino):
            os.unlink(name, dir_fd=folder_fd)
    except OSError:
        return
    finally:
        os.close(fd)  # releases the lock


def _lock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
            raise  # a new file of our own, locked by someone else: not ours after all
        # no flock on this file system: written unlocked, left alone by later runs' checks


def _write_into(path: Path, text: str) -> None:
    try:
        # non-blocking open: a named pipe nobody reads fails at once (ENXIO) instead of
        # hanging the run; the writes then block as usual
        fd = os.open(path, os.O_WRONLY | os.O_TRUNC | os.O_NONBLOCK | _NOFOLLOW | _CLOEXEC)
        os.set_blocking(fd, True)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as error:
        if error.errno == errno.ENXIO:
            raise CatalogError(
                f"cannot write {path}: nothing is reading from it (a named pipe or socket)",
                path=str(path),
                hint="start the reader first, or name a regular file",
            ) from None
        raise CatalogError(
            f"cannot write {path}: {error.strerror or error}", path=str(path)
        ) from None
