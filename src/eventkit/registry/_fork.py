"""A forked child that runs one job and answers through a pipe: the worker `eventkit check`
and `eventkit lint` start where a second CPU is free (`worker_may_start`, `idle_cpus`)."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable

__all__ = ["ForkedJob", "worker_may_start"]


class ForkedJob:
    """A child process running `job` once; its answer is the bytes `job` returned."""

    def __init__(self, pid: int, fd: int) -> None:
        self._pid: int | None = pid
        self._fd = fd

    @classmethod
    def start(cls, job: Callable[[], bytes]) -> ForkedJob | None:
        """Fork a child that runs `job` and writes what it returns to a pipe; None if the
        fork failed. The caller serialises: `job` returns the answer's bytes. Whatever `job`
        raises ends the child with nothing written, so the answer is None."""
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return None
        if pid == 0:  # the child: never returns
            try:
                os.close(read)
                data = job()
                with os.fdopen(write, "wb") as out:
                    out.write(data)
            finally:
                os._exit(0)  # no atexit handlers, no flush of buffers copied from the parent
        os.close(write)
        return cls(pid, read)

    def answer(self) -> bytes | None:
        """Wait for the child and return what it wrote (None if nothing: it failed), reaping
        it. Bytes may be cut short if the child died while writing: the caller's decoding
        must reject a truncated answer."""
        try:
            with os.fdopen(self._fd, "rb") as pipe:
                data = pipe.read()
        except OSError:
            data = b""
        finally:
            self._reap()
        return data or None

    def stop(self) -> None:
        """End the child without reading its answer (an error or an interrupt here)."""
        if self._pid is None:
            return
        import signal

        with contextlib.suppress(OSError):
            os.close(self._fd)
        with contextlib.suppress(OSError):
            os.kill(self._pid, signal.SIGKILL)
        self._reap()

    def _reap(self) -> None:
        pid, self._pid = self._pid, None
        if pid is not None:
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)


def worker_may_start(usable_cpus: int) -> bool:
    """Whether a forked worker may run beside this process at all: `os.fork` exists, at least
    two CPUs are usable, and no other thread runs (a fork copies only the calling thread, and
    a lock another thread held would stay held in the child)."""
    threading = sys.modules.get("threading")  # never imported: no thread was started with it
    return (
        hasattr(os, "fork")
        and usable_cpus >= 2
        and (threading is None or threading.active_count() <= 1)
    )
