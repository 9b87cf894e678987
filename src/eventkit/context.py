"""The event being handled right now, visible to handlers and to publishes made inside them.

The router sets it for the duration of a handler call; `EventBus` reads it so a publish made
inside a handler inherits the correlation id and records the incoming event as its cause.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

__all__ = ["EventContext", "current_event", "handling"]


@dataclass(frozen=True, slots=True)
class EventContext:
    """Envelope metadata of the event being handled.

    Attributes:
        event_id: eventkit's `metadata.event_id`, or EventBridge's `id` for foreign events.
        source: EventBridge `source`.
        detail_type: EventBridge `detail-type`.
        version: the event's semantic version (None for foreign events).
        correlation_id: the correlation id carried by the event (None for foreign events).
        causation_id: the id of the event that caused this one, if any.
        idempotency_key: stable across producer retries; deduplicate on it.
        producer: the producing service, as declared by the publisher.
        occurred_at: when the producer says the event happened (ISO 8601).
        raw: the whole EventBridge envelope as received.
        lambda_context: the Lambda context object, when running in Lambda.
    """

    event_id: str
    source: str
    detail_type: str
    version: str | None = None
    correlation_id: str | None = None
    causation_id: str | None = None
    idempotency_key: str | None = None
    producer: str | None = None
    occurred_at: str | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False)
    lambda_context: Any = field(default=None, repr=False)


_current: ContextVar[EventContext | None] = ContextVar("eventkit_current_event", default=None)


def current_event() -> EventContext | None:
    """The event being handled in this context, or None outside a handler."""
    return _current.get()


@contextmanager
def handling(context: EventContext) -> Iterator[EventContext]:
    """Make `context` the current event for the duration of the block."""
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)
