"""Which transport an `EventBus` uses when none is given, and the in-memory EventBridge that
buses chosen that way send to.

A service usually creates its bus once, at module level (``bus = EventBus("orders")``), so a
test cannot hand it a transport. Instead the transport is chosen when the bus is created:

1. ``EVENTKIT_TRANSPORT`` in the environment: ``eventbridge`` (boto3) or ``memory``;
2. else the process default, `set_default_transport(...)` (eventkit's pytest plugin sets
   ``memory`` for the test session: docs/testing.md);
3. else ``eventbridge``.

A ``memory`` bus sends to the *active* in-memory EventBridge at the time of each send:
`active_bridge()`, replaced for a block by ``with activate(bridge):`` (the pytest plugin
activates a fresh one for every test). Nothing here imports boto3 or the in-memory bridge
until a transport is built.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Literal

from eventkit.errors import SettingError
from eventkit.transports.base import SendResult, Transport

if TYPE_CHECKING:
    from eventkit.transports.memory import InMemoryEventBridge

__all__ = [
    "ENVIRONMENT_VARIABLE",
    "ActiveBridgeTransport",
    "TransportKind",
    "activate",
    "active_bridge",
    "default_transport",
    "default_transport_kind",
    "set_default_transport",
]

ENVIRONMENT_VARIABLE = "EVENTKIT_TRANSPORT"
TransportKind = Literal["eventbridge", "memory"]
KINDS: tuple[TransportKind, ...] = ("eventbridge", "memory")

_lock = threading.Lock()
_process_default: TransportKind = "eventbridge"
_active: InMemoryEventBridge | None = None


def _kind(value: str, setting: str) -> TransportKind:
    kind = value.strip().lower()
    if kind not in KINDS:
        raise SettingError(
            f"{setting}={value!r} is not a transport eventkit knows",
            hint="use 'eventbridge' (AWS, the default) or 'memory' (the in-memory EventBridge)",
            setting=setting,
            value=value,
        )
    return kind


def set_default_transport(kind: str) -> TransportKind:
    """Make `kind` the transport of buses created without one (unless ``EVENTKIT_TRANSPORT``
    says otherwise); returns the previous process default."""
    global _process_default
    chosen = _kind(kind, "default transport")
    with _lock:
        previous, _process_default = _process_default, chosen
    return previous


def default_transport_kind() -> TransportKind:
    """What a bus created now without a transport would use."""
    value = os.environ.get(ENVIRONMENT_VARIABLE)
    if value:
        return _kind(value, ENVIRONMENT_VARIABLE)
    return _process_default


def default_transport() -> Transport:
    """A new transport of `default_transport_kind()`."""
    if default_transport_kind() == "memory":
        return ActiveBridgeTransport()
    from eventkit.transports.eventbridge import EventBridgeTransport

    return EventBridgeTransport()


def active_bridge() -> InMemoryEventBridge:
    """The in-memory EventBridge ``memory`` buses send to now (one per process until a test
    or `activate` replaces it)."""
    global _active
    with _lock:
        if _active is None:
            from eventkit.transports.memory import InMemoryEventBridge

            _active = InMemoryEventBridge()
        return _active


@contextmanager
def activate(bridge: InMemoryEventBridge) -> Iterator[InMemoryEventBridge]:
    """Make `bridge` the active in-memory EventBridge for the block (then restore the
    previous one)."""
    global _active
    with _lock:
        previous, _active = _active, bridge
    try:
        yield bridge
    finally:
        with _lock:
            _active = previous


class ActiveBridgeTransport(Transport):
    """Sends to `active_bridge()` as it is at each send, so a bus created at import time
    publishes into whichever bridge the running test activated."""

    @property
    def bridge(self) -> InMemoryEventBridge:
        return active_bridge()

    def send(self, entries: Sequence[Mapping[str, Any]]) -> SendResult:
        return active_bridge().put_events(entries)
