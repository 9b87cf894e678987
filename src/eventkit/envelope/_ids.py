"""Fresh event ids and timestamps for the envelope's metadata."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

__all__ = ["new_event_id", "now_iso", "utc_text"]


def new_event_id() -> str:
    """A random (version 4) UUID as text, from the OS's CSPRNG."""
    return str(uuid.uuid4())


def now_iso() -> str:
    """The current UTC time as eventkit writes `occurred_at` (milliseconds, ``Z``)."""
    return utc_text(datetime.now(UTC))


def utc_text(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
