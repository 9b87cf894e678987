"""The event being handled right now, visible to handlers and to publishes made inside them.

The router sets it for the duration of a handler call; `EventBus` reads it so a publish made
inside a handler inherits the correlation id and records the incoming event as its cause.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "Delivery",
    "EnvelopeFields",
    "EventContext",
    "Failure",
    "LazyEventContext",
    "context_var",
    "current_event",
    "handling",
    "resolve",
]


@dataclass(frozen=True, slots=True)
class Failure:
    """Why an earlier asynchronous invocation of a Lambda function failed, as Lambda recorded
    it: in the message attributes of its dead-letter queue message (`kind` ``"lambda-dlq"``)
    or in its on-failure destination record (``"lambda-destination"``).

    Attributes:
        kind: which of the two recorded it.
        request_id: the failed invocation's request id (DLQ `RequestID`,
            `requestContext.requestId`).
        error_message: the error (DLQ `ErrorMessage`, truncated by Lambda to 1 KB;
            `responsePayload.errorMessage`).
        error_type: the exception type (`responsePayload.errorType`; None from a DLQ).
        status_code: the HTTP status code (DLQ `ErrorCode`, `responseContext.statusCode`).
        function_error: ``"Handled"`` or ``"Unhandled"`` (`responseContext.functionError`).
        condition: why Lambda gave up: ``"RetriesExhausted"`` or ``"EventAgeExceeded"``
            (`requestContext.condition`; None from a DLQ).
        attempts: how many times Lambda invoked the function, about
            (`requestContext.approximateInvokeCount`; None from a DLQ, which does not say).
        function_arn: the failed function (`requestContext.functionArn`).
        timestamp: when the record was written (the destination record's `timestamp`).
        stack_trace: `responsePayload.stackTrace`, when the runtime reported one.
    """

    kind: Literal["lambda-dlq", "lambda-destination"]
    request_id: str | None = None
    error_message: str | None = None
    error_type: str | None = None
    status_code: int | None = None
    function_error: str | None = None
    condition: str | None = None
    attempts: int | None = None
    function_arn: str | None = None
    timestamp: str | None = None
    stack_trace: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Delivery:
    """How a wrapped event reached the handler: the layers eventkit took off to find it.

    Attributes:
        via: the layers, outermost first, each one of ``"sqs"``, ``"sns"``, ``"lambda-dlq"``,
            ``"lambda-destination"`` and ``"eventbridge"`` (a destination record delivered
            as an EventBridge event), e.g. ``("sqs", "sns")`` for SNS -> SQS without raw
            message delivery.
        topic_arn: the SNS topic, when the event came through SNS.
        sns_message_id: SNS's `MessageId`, when the event came through SNS.
        failure: what Lambda recorded about the failed invocation, for a DLQ message or a
            destination record; None otherwise.
    """

    via: tuple[str, ...]
    topic_arn: str | None = None
    sns_message_id: str | None = None
    failure: Failure | None = None


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
        raw: the whole EventBridge envelope as received (unwrapped from SNS, a DLQ message
            or a destination record when it came in one).
        lambda_context: the Lambda context object, when running in Lambda.
        delivery: the wrapping the event came in (SNS, a Lambda DLQ message, a destination
            record), or None when it came as itself: directly, or as the body of an SQS
            message (SNS with raw message delivery looks the same and is None too).
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
    delivery: Delivery | None = field(default=None, repr=False)

    # EventBridge's own fields, read from `raw` when asked (nothing is copied per event).

    @property
    def failure(self) -> Failure | None:
        """Why an earlier invocation failed, for a Lambda DLQ message or destination record."""
        return None if self.delivery is None else self.delivery.failure

    @property
    def account(self) -> str | None:
        """The AWS account the event came from (EventBridge `account`)."""
        return _text(self.raw.get("account"))

    @property
    def region(self) -> str | None:
        """The AWS Region of the bus that delivered it (EventBridge `region`)."""
        return _text(self.raw.get("region"))

    @property
    def time(self) -> str | None:
        """EventBridge's `time` (second precision, UTC); `occurred_at` is the producer's."""
        return _text(self.raw.get("time"))

    @property
    def resources(self) -> tuple[str, ...]:
        """The ARNs in EventBridge `resources` (empty when there are none)."""
        value = self.raw.get("resources")
        if not isinstance(value, list):
            return ()
        return tuple(item for item in value if isinstance(item, str))

    @property
    def replay_name(self) -> str | None:
        """The archive replay that re-sent this event (`replay-name`), None for a live event."""
        return _text(self.raw.get("replay-name"))


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


# `detail.metadata` of a native event as the router read it (`eventkit.envelope`'s
# `read_envelope_fields`): its values as a plain tuple, in the field order of
# `eventkit.envelope.Metadata` (event_id, version, occurred_at, producer, correlation_id,
# causation_id, idempotency_key, schema_digest).
EnvelopeFields = tuple[str, str, str, str, str, str | None, str, str | None]


class LazyEventContext:
    """The context of a native event as the router read it, built into an `EventContext` the
    first time anyone asks (`current_event()`, a hook, an error message), then kept.

    Most handlers never ask, and building a frozen dataclass is a large share of what the
    router itself costs per event; this costs one small object instead, which the router
    allocates and fills with plain stores (no `__init__` call on the hot path).
    """

    __slots__ = (
        "_built",
        "delivery",
        "detail_type",
        "lambda_context",
        "metadata",
        "raw",
        "source",
    )

    metadata: EnvelopeFields
    source: str
    detail_type: str
    raw: Mapping[str, Any]
    lambda_context: Any
    delivery: Delivery  # set only for a wrapped event (read with a default)
    _built: EventContext  # set on first `get()`

    def get(self) -> EventContext:
        """The `EventContext` (the same object every time)."""
        try:
            return self._built
        except AttributeError:  # the first time
            (
                event_id,
                version,
                occurred_at,
                producer,
                correlation_id,
                causation_id,
                idempotency_key,
                _,
            ) = self.metadata
            self._built = EventContext(
                event_id=event_id,
                source=self.source,
                detail_type=self.detail_type,
                version=version,
                correlation_id=correlation_id,
                causation_id=causation_id,
                idempotency_key=idempotency_key,
                producer=producer,
                occurred_at=occurred_at,
                raw=self.raw,
                lambda_context=self.lambda_context,
                delivery=getattr(self, "delivery", None),
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
