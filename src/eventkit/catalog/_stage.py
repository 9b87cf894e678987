"""Write the site so that a failed build leaves the previous one as it was.

Every file is first written into a staging folder inside `--out` (a dot-folder: the same file
system, so moving a file into place is one rename, and nothing outside `--out` is touched);
only when all are written are they renamed over the old pages. Writing is what fails (a full
disk, a quota); a rename is one directory-entry change. Should one fail all the same, the
error says the site is partly updated and to run again: the manifest in place then lists the
old and the new files, so the next build still removes every stale one.

`--out` itself is not swapped for the staging folder (as codegen does with its package): it
may hold files of the user's, and dot-entries such as a gh-pages worktree's `.git`, that stay.

A build killed outright (SIGKILL, an out-of-memory kill, a lost machine) cannot remove its
staging folder: left in `--out`, it would be published with the site (a gh-pages branch with
`.nojekyll` serves dot-folders). So a build holds a lock on `--out` while it writes, and,
holding it, removes the staging folders found there: no other build can be using them.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from eventkit.errors import CatalogError

__all__ = ["STAGING_PREFIX", "install", "remove_left_staging", "stage", "writing_into"]

STAGING_PREFIX = ".eventkit-catalog-staging-"
_SITE = "site"  # the staged pages, under the staging folder
_INTERIM = "manifest-interim"  # the old and new files: in place while pages are moved
_MANIFEST = "manifest"
# A staging folder as `stage` names it (tempfile's 8 random characters) and what it holds:
# a folder that differs in either is not the catalog's, and is left alone.
_STAGING_NAME = re.compile(re.escape(STAGING_PREFIX) + r"[a-z0-9_]{8}")
_STAGED = frozenset({_SITE, _INTERIM, _MANIFEST})


@contextmanager
def writing_into(target: Path) -> Iterator[bool]:
    """Hold the lock on the folder `target` (another build into it is refused); yields
    whether it is held. It is not where the file system has no `flock` (Windows, some network
    file systems): a staging folder found there may then be another build's."""
    try:
        import fcntl
    except ImportError:
        yield False
        return
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd = os.open(target, flags)
    except OSError as error:
        raise _unchanged(target, error) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                yield False  # flock not supported here
                return
            raise CatalogError(
                f"another eventkit catalog is writing into {target}; nothing was changed",
                path=str(target),
                hint="wait for it to finish (or build into another folder), and run "
                "eventkit catalog again",
            ) from None
        yield True
    finally:
        os.close(fd)  # releases the lock


def remove_left_staging(target: Path) -> None:
    """Remove the staging folders of killed builds (call it holding the lock of
    `writing_into`): a real folder (not a link) named and filled as `stage` does; anything
    else is left alone."""
    with os.scandir(target) as entries:
        left = [
            Path(entry.path)
            for entry in entries
            if _STAGING_NAME.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False)
        ]
    for folder in left:
        try:
            if not {e.name for e in os.scandir(folder)} <= _STAGED:
                continue
        except OSError:
            continue
        discard(folder)
        if os.path.lexists(folder):
            raise CatalogError(
                f"cannot remove {folder}, the staging folder of a build that was killed; "
                "nothing was changed",
                path=str(folder),
                hint="remove it yourself (it would be published with the site), and run "
                "eventkit catalog again",
            )


def stage(target: Path, files: Mapping[str, str], manifests: tuple[str, str]) -> Path:
    """A new staging folder inside `target` holding `files` (under `site/`) and the interim
    and final manifests. On failure it is removed and `CatalogError` says nothing changed."""
    try:
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=target))
    except OSError as error:
        raise _unchanged(target, error) from None
    try:
        site = staging / _SITE
        # each folder made once (not one `mkdir` per page): a thousand pages share a few
        for folder in sorted({(site / relpath).parent for relpath in files}):
            folder.mkdir(parents=True, exist_ok=True)
        for relpath, text in files.items():
            _write_new(site / relpath, text)
        _write_new(staging / _INTERIM, manifests[0])
        _write_new(staging / _MANIFEST, manifests[1])
    except OSError as error:
        discard(staging)
        raise _unchanged(target, error, getattr(error, "filename", None)) from None
    return staging


def install(
    target: Path,
    staging: Path,
    relpaths: list[str],
    marker: str,
    remove_stale: Callable[[], None],
) -> None:
    """Move the staged pages over the old ones, then `remove_stale()`, then the final manifest
    `marker` into place. A failure here leaves a partly updated site: `CatalogError` says so."""
    made: set[str] = set()
    try:
        (staging / _INTERIM).replace(target / marker)
        for relpath in relpaths:
            _make_folders(target, relpath, made)
            (staging / _SITE / relpath).replace(target / relpath)
    except OSError as error:
        raise _partly(target, error) from None
    remove_stale()
    try:
        (staging / _MANIFEST).replace(target / marker)
    except OSError as error:
        raise _partly(target, error) from None


def discard(staging: Path) -> None:
    """Remove the staging folder (links in it are removed, never followed)."""
    shutil.rmtree(staging, ignore_errors=True)


def _write_new(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def _make_folders(target: Path, relpath: str, made: set[str]) -> None:
    """The folders of `relpath` in `target` (each checked and made once, as listed in `made`);
    a link or a file in the way is refused."""
    parts = relpath.split("/")[:-1]
    path = target
    for i, part in enumerate(parts, 1):
        path = path / part
        key = "/".join(parts[:i])
        if key in made:
            continue
        made.add(key)
        if path.is_symlink() or (path.exists() and not path.is_dir()):
            raise CatalogError(
                f"{path} is in the way (a link or a file where the catalog needs a folder); "
                f"the site in {target} is partly updated",
                path=str(path),
                hint="remove it and run eventkit catalog again",
            )
        path.mkdir(exist_ok=True)


def _unchanged(target: Path, error: OSError, filename: object = None) -> CatalogError:
    where = f" ({filename})" if filename else ""
    return CatalogError(
        f"cannot write the catalog into {target}: {error.strerror or error}{where}; "
        "nothing in it was changed",
        path=str(target),
        hint="free some space or fix the folder's permissions, and run eventkit catalog again",
    )


def _partly(target: Path, error: OSError) -> CatalogError:
    name = getattr(error, "filename2", None) or getattr(error, "filename", None)
    where = f" ({name})" if name else ""
    return CatalogError(
        f"cannot move the new pages into {target}: {error.strerror or error}{where}; the site "
        "there is partly updated (some pages new, some old)",
        path=str(target),
        hint="fix the cause and run eventkit catalog again: it completes the site",
    )
