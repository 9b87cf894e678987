"""Fresh event ids and timestamps for the envelope's metadata."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime

__all__ = ["new_event_id", "new_event_ids", "now_iso", "utc_text"]

# RFC 4122 variant: the two high bits of the 17th hex digit are 10, so it reads 8, 9, a or b.
_VARIANT_DIGIT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}


def new_event_id() -> str:
    """A random (version 4) UUID as text, from the OS's CSPRNG."""
    return str(uuid.uuid4())


def new_event_ids(count: int) -> list[str]:
    """`count` random (version 4) UUIDs as text, from one read of the OS's CSPRNG.

    The same bits `uuid.uuid4()` keeps (122 random, version 4, RFC 4122 variant), written
    as `str(uuid.UUID)` writes them; one `os.urandom` call for a whole publish call instead
    of one per event (0.6 µs per id instead of 2.4).
    """
    digits = os.urandom(16 * count).hex()
    return [
        f"{digits[i : i + 8]}-{digits[i + 8 : i + 12]}-4{digits[i + 13 : i + 16]}-"
        f"{_VARIANT_DIGIT[digits[i + 16]]}{digits[i + 17 : i + 20]}-{digits[i + 20 : i + 32]}"
        for i in range(0, 32 * count, 32)
    ]


def now_iso() -> str:
    """The current UTC time as eventkit writes `occurred_at` (milliseconds, ``Z``)."""
    return utc_text(datetime.now(UTC))


def utc_text(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
