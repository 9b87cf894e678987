"""Fresh event ids and timestamps for the envelope's metadata."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime

__all__ = ["new_event_id", "new_event_ids", "now_iso", "utc_text"]

# RFC 4122 variant: the two high bits of the 17th hex digit are 10, so it reads 8, 9, a or b.
_VARIANT_DIGIT = bytes.maketrans(b"0123456789abcdef", b"89ab89ab89ab89ab")


def new_event_id() -> str:
    """A random (version 4) UUID as text, from the OS's CSPRNG."""
    return str(uuid.uuid4())


def new_event_ids(count: int) -> list[str]:
    """`count` random (version 4) UUIDs as text, from one read of the OS's CSPRNG.

    The same bits `uuid.uuid4()` keeps (122 random, version 4, RFC 4122 variant), written
    as `str(uuid.UUID)` writes them; one `os.urandom` call for a whole publish call instead
    of one per event (~0.15 µs per id in a batch instead of 2.4).
    """
    if not count:
        return []
    # All the ids written at once, by operations over the whole text (no Python step per
    # id: ~1.4k instructions per id instead of ~7.8k with a slice per part; a call for one id
    # costs ~7k more). Each id's 16 bytes in hex, a "-" after every 4 digits:
    #   0         1         2         3
    #   0123456789012345678901234567890123456789
    #   xxxx-xxxx-xxxx-4xxx-Vxxx-xxxx-xxxx-xxxx-
    # then the version digit (15) set, the variant digit (20) mapped, the dashes a UUID does
    # not have (4, 29, 34) deleted and the one between two ids (39) made a line break.
    text = bytearray(os.urandom(16 * count).hex("-", 2), "ascii")
    text[15::40] = b"4" * count
    text[20::40] = text[20::40].translate(_VARIANT_DIGIT)
    text[4::40] = text[29::40] = text[34::40] = b"x" * count  # not a hex digit
    text[39::40] = b"\n" * (count - 1)
    return text.translate(None, b"x").decode("ascii").split("\n")


def now_iso() -> str:
    """The current UTC time as eventkit writes `occurred_at` (milliseconds, ``Z``)."""
    return utc_text(datetime.now(UTC))


def utc_text(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
