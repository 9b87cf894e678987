"""One codegen run at a time per output package: a lock on the folder holding it.

Two runs on one package (a file watcher and a pre-commit hook, two terminals) each stage a
copy and swap it in with two renames; the second one's swap, between the first one's renames,
failed with "Directory not empty" and a hint about permissions, and each read the package
while the other replaced it. A run now holds an exclusive `flock` on the output's parent
folder (a lock on the folder itself: no lock file is left beside the package) from before it
reads the package until its swap is done; another run waits for it, and gives up with a
`CodegenError` after `EVENTKIT_CODEGEN_LOCK_WAIT` seconds (default 120), so nothing hangs.
The kernel drops the lock when the process ends, however it ends. Where `fcntl` does not exist
(Windows) runs are not serialised.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from eventkit.errors import CodegenError

__all__ = ["WAIT_ENV", "output_lock"]

WAIT_ENV = "EVENTKIT_CODEGEN_LOCK_WAIT"
_DEFAULT_WAIT = 120.0
_POLL = 0.05


@contextmanager
def output_lock(out: Path) -> Iterator[bool]:
    """Hold the lock of the output package `out` (its parent folder is created if need be);
    yields whether it is held (not where there is no `flock`)."""
    try:
        import fcntl
    except ImportError:  # no flock here
        yield False
        return
    wait = _wait_seconds()
    parent = out.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_CLOEXEC)
    except OSError as exc:
        raise CodegenError(
            f"cannot write next to the output directory {out}: {exc.strerror or exc}",
            hint="check the folder's permissions; nothing was written",
        ) from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise CodegenError(
                        f"another eventkit codegen run is writing {out} (this run waited "
                        f"{wait:g} s for its lock on {parent}); nothing was written",
                        hint="wait for it to finish (or stop it) and run again; "
                        f"{WAIT_ENV} sets how long a run waits",
                    ) from None
                time.sleep(_POLL)
        yield True
    finally:
        os.close(fd)  # releases the lock


def _wait_seconds() -> float:
    text = os.environ.get(WAIT_ENV, "")
    try:
        wait = float(text) if text else _DEFAULT_WAIT
    except ValueError:
        wait = -1.0
    if not wait >= 0:  # not a number, negative, or NaN
        raise CodegenError(
            f"{WAIT_ENV}={text!r} is not a number of seconds",
            hint=f"e.g. {WAIT_ENV}=120, or unset it",
        )
    return min(wait, 86400.0)
