"""Transports: how the bus's PutEvents requests reach EventBridge (or a stand-in).

- `EventBridgeTransport`: boto3 (imported only when the first request is sent).
- `InMemoryTransport`: an in-process EventBridge with rules and patterns (eventkit.testing).
"""

from __future__ import annotations

from eventkit.transports.base import BaseTransport, EntryResult, SendResult, Transport
from eventkit.transports.eventbridge import EventBridgeTransport
from eventkit.transports.memory import InMemoryTransport

__all__ = [
    "BaseTransport",
    "EntryResult",
    "EventBridgeTransport",
    "InMemoryTransport",
    "SendResult",
    "Transport",
]
