"""Transports: how the bus's PutEvents requests reach EventBridge (or a stand-in).

- `Transport`: the interface (`send(entries) -> SendResult`, `close()`).
- `EventBridgeTransport`: boto3 (imported only when the first request is sent).
- `InMemoryTransport`: an in-process EventBridge with rules and patterns
  (`eventkit.transports.memory`, re-exported by `eventkit.testing`).

Names are imported on first use, so a publisher loads neither the in-memory EventBridge nor
the pattern engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventkit.lazy_imports import lazy_names
from eventkit.transports.base import BaseTransport, EntryResult, SendResult, Transport

if TYPE_CHECKING:
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

_LAZY = {
    "EventBridgeTransport": "eventkit.transports.eventbridge",
    "InMemoryTransport": "eventkit.transports.memory",
}


__getattr__ = lazy_names(__name__, _LAZY)
