"""The in-memory transport: PutEvents answered by an in-process EventBridge."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from eventkit.testing._eventbridge import InMemoryEventBridge
from eventkit.transports.base import BaseTransport, SendResult

__all__ = ["InMemoryTransport"]


class InMemoryTransport(BaseTransport):
    """Sends to an `eventkit.testing.InMemoryEventBridge` (a new one if not given).

    Same limits and per-entry errors as PutEvents, real pattern matching, failure
    injection (`bridge.fail_entries(...)`, `bridge.fail_requests(...)`).
    """

    def __init__(self, bridge: InMemoryEventBridge | None = None) -> None:
        self.bridge = bridge if bridge is not None else InMemoryEventBridge()

    def send(self, entries: Sequence[Mapping[str, Any]]) -> SendResult:
        return self.bridge.put_events(entries)
