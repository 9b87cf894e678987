"""Fresh event ids and timestamps for the envelope's metadata (the hot path of every publish)."""

from __future__ import annotations

import os
from datetime import UTC, datetime

__all__ = ["new_event_id", "now_iso", "utc_text"]

# The variant digit of a version 4 UUID (8, 9, a or b) from a random hex digit: its low 2 bits.
_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}


def _format_ids(random: bytes) -> list[str]:
    """Version 4 UUID texts, one per 16 random bytes (as `str(uuid.uuid4())` writes them)."""
    h = random.hex()
    return [
        f"{h[i : i + 8]}-{h[i + 8 : i + 12]}-4{h[i + 13 : i + 16]}-"
        f"{_VARIANT[h[i + 16]]}{h[i + 17 : i + 20]}-{h[i + 20 : i + 32]}"
        for i in range(0, len(h), 32)
    ]


class _IdPool:
    """Ids made 256 at a time from one os.urandom read; made anew after fork.

    No lock: `list.pop` is atomic, so each id is handed out once; two threads that find the
    pool empty at once each make a fresh list, and the ids of the one replaced are dropped.
    """

    def __init__(self) -> None:
        self._reset()
        os.register_at_fork(after_in_child=self._reset)

    def _reset(self) -> None:
        self._ids: list[str] = []  # a forked child must not hand out the parent's next ids

    def take(self) -> str:
        try:
            return self._ids.pop()
        except IndexError:
            ids = self._ids = _format_ids(os.urandom(4096))
            return ids.pop()


_pool = _IdPool()


def new_event_id() -> str:
    """A random (version 4) UUID as text, from the OS's CSPRNG (what `str(uuid.uuid4())`
    gives)."""
    # fast path: pooled ids, see decision 0031 for the figure it buys
    return _pool.take()


def now_iso() -> str:
    """The current UTC time as eventkit writes `occurred_at` (milliseconds, ``Z``)."""
    return utc_text(datetime.now(UTC))


def utc_text(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
