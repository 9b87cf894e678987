"""Fresh event ids and timestamps for the envelope's metadata (the hot path of every publish)."""

from __future__ import annotations

import os
import threading
from datetime import UTC, datetime

__all__ = ["new_event_id", "now_iso", "utc_text"]


class _RandomPool:
    """os.urandom read 4 KiB at a time (one syscall per 256 ids); made anew after fork."""

    def __init__(self) -> None:
        self._reset()
        os.register_at_fork(after_in_child=self._reset)

    def _reset(self) -> None:
        # In a forked child: the parent's buffer would repeat its ids, and its lock may have
        # been held by a thread that does not exist here, so it would never be released.
        self._lock = threading.Lock()
        self._hex = ""
        self._pos = 0

    def take32(self) -> str:
        """32 random hex digits."""
        with self._lock:
            if self._pos >= len(self._hex):
                self._hex = os.urandom(4096).hex()
                self._pos = 0
            pos = self._pos
            self._pos = pos + 32
            return self._hex[pos : pos + 32]


_pool = _RandomPool()
_VARIANT = "89ab89ab89ab89ab"


def new_event_id() -> str:
    """A random (version 4) UUID as text, from the OS's CSPRNG; cheaper than ``uuid.uuid4()``."""
    h = _pool.take32()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{_VARIANT[int(h[16], 16)]}{h[17:20]}-{h[20:]}"


def now_iso() -> str:
    """The current UTC time as eventkit writes `occurred_at` (milliseconds, ``Z``)."""
    return utc_text(datetime.now(UTC))


def utc_text(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
