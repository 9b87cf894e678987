"""The event being handled right now, visible to handlers and to publishes made inside them.

The router sets it for the duration of a handler call; `EventBus` reads it so a publish made
inside a handler inherits the correlation id and records the incoming event as its cause.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Protocol

__all__ = [
    "EnvelopeMetadata",
    "EventContext",
    "LazyEventContext",
    "context_var",
    "current_event",
    "handling",
    "resolve",
]


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


class EnvelopeMetadata(Protocol):
    """What a `LazyEventContext` reads from the envelope (`eventkit.envelope.Metadata`)."""

    @property
    def event_id(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def correlation_id(self) -> str: ...
    @property
    def causation_id(self) -> str | None: ...
    @property
    def idempotency_key(self) -> str: ...
    @property
    def producer(self) -> str: ...
    @property
    def occurred_at(self) -> str: ...


class LazyEventContext:
    """The context of a native event as the router read it, built into an `EventContext` the
    first time anyone asks (`current_event()`, a hook, an error message), then kept.

    Most handlers never ask, and building a frozen dataclass is a large share of what the
    router itself costs per event; this costs one small object instead, which the router
    allocates and fills with plain stores (no `__init__` call on the hot path).
    """

    __slots__ = ("_built", "detail_type", "lambda_context", "metadata", "raw", "source")

    metadata: EnvelopeMetadata
    source: str
    detail_type: str
    raw: Mapping[str, Any]
    lambda_context: Any
    _built: EventContext  # set on first `get()`

    def get(self) -> EventContext:
        """The `EventContext` (the same object every time)."""
        try:
            return self._built
        except AttributeError:  # the first time
            m = self.metadata
            self._built = EventContext(
                event_id=m.event_id,
                source=self.source,
                detail_type=self.detail_type,
                version=m.version,
                correlation_id=m.correlation_id,
                causation_id=m.causation_id,
                idempotency_key=m.idempotency_key,
                producer=m.producer,
                occurred_at=m.occurred_at,
                raw=self.raw,
                lambda_context=self.lambda_context,
            )
            return self._built


def resolve(context: EventContext | LazyEventContext) -> EventContext:
    """The `EventContext` itself, built if it is still lazy."""
    return context if isinstance(context, EventContext) else context.get()


# The event being handled; the router sets it around each handler call (no generator per event,
# unlike `handling`). Read it with `current_event()`.
context_var: ContextVar[EventContext | LazyEventContext | None] = ContextVar(
    "eventkit_current_event", default=None
)


def current_event() -> EventContext | None:
    """The event being handled in this context, or None outside a handler."""
    value = context_var.get()
    if value is None or isinstance(value, EventContext):
        return value
    return value.get()


@contextmanager
def handling(context: EventContext) -> Iterator[EventContext]:
    """Make `context` the current event for the duration of the block."""
    token = context_var.set(context)
    try:
        yield context
    finally:
        context_var.reset(token)
