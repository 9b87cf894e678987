"""The in-memory transport: PutEvents answered by an in-process EventBridge."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from eventkit.transports.base import BaseTransport, SendResult

if TYPE_CHECKING:
    from eventkit.testing._eventbridge import InMemoryEventBridge

__all__ = ["InMemoryTransport"]


class InMemoryTransport(BaseTransport):
    """Sends to an `eventkit.testing.InMemoryEventBridge` (a new one if not given).

    Same limits and per-entry errors as PutEvents, real pattern matching, failure
    injection (`bridge.fail_entries(...)`, `bridge.fail_requests(...)`).
    """

    def __init__(self, bridge: InMemoryEventBridge | None = None) -> None:
        if bridge is None:
            # imported here: eventkit.testing imports the transports package
            from eventkit.testing._eventbridge import InMemoryEventBridge

            bridge = InMemoryEventBridge()
        self.bridge = bridge

    def send(self, entries: Sequence[Mapping[str, Any]]) -> SendResult:
        return self.bridge.put_events(entries)
