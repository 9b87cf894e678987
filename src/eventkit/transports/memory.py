"""The in-memory transport and the in-process EventBridge it sends to.

`InMemoryEventBridge` answers PutEvents as AWS does (limits, per-entry errors, rules with real
event patterns, failure injection) and reads what was published back as typed events.
`eventkit.testing` re-exports all of it for tests.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from eventkit.transports._bridge import Delivery, InMemoryEventBridge, PutRecord, Rule
from eventkit.transports._published import (
    assert_not_published,
    assert_published,
    published,
    published_with_metadata,
)
from eventkit.transports.base import SendResult, Transport

__all__ = [
    "Delivery",
    "InMemoryEventBridge",
    "InMemoryTransport",
    "PutRecord",
    "Rule",
    "assert_not_published",
    "assert_published",
    "published",
    "published_with_metadata",
]


class InMemoryTransport(Transport):
    """Sends to an `InMemoryEventBridge` (a new one if not given).

    Same limits and per-entry errors as PutEvents, real pattern matching, failure
    injection (`bridge.fail_entries(...)`, `bridge.fail_requests(...)`).
    """

    def __init__(self, bridge: InMemoryEventBridge | None = None) -> None:
        self.bridge = bridge if bridge is not None else InMemoryEventBridge()

    def send(self, entries: Sequence[Mapping[str, Any]]) -> SendResult:
        return self.bridge.put_events(entries)
