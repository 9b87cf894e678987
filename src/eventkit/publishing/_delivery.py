"""What one publish call produced: the prepared entries, what was delivered, what was not,
and the `PublishError` that lists every event not delivered."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from eventkit.contract import Event
from eventkit.envelope import Metadata
from eventkit.errors import PartialPublishError, PublishError, PublishRequestError

__all__ = ["DeliveredEntry", "FailedEntry", "PreparedEvent", "PublishResult", "publish_error"]


class PreparedEvent(NamedTuple):
    """A validated event wrapped in its envelope: the PutEvents entry, ready to send.

    Resending the same `PreparedEvent` keeps its metadata, so consumers see the same
    `event_id` and `idempotency_key`.
    """

    event: Event
    metadata: Metadata
    entry: Mapping[str, Any]
    size: int


@dataclass(frozen=True, slots=True, init=False)
class DeliveredEntry:
    """An event EventBridge accepted.

    Attributes:
        index: position in the `publish_batch` call.
        prepared: the event, its metadata and the entry sent.
        event_id: EventBridge's id for it (the delivered event's `id`).
        attempts: how many sends it took.
    """

    index: int
    prepared: PreparedEvent
    event_id: str
    attempts: int

    def __init__(self, index: int, prepared: PreparedEvent, event_id: str, attempts: int) -> None:
        # What the frozen dataclass's own `__init__` does, through the slots' descriptors:
        # it calls `object.__setattr__` per field, which looks each name up on the type again
        # (one of these per delivered event).
        _set_index(self, index)
        _set_prepared(self, prepared)
        _set_event_id(self, event_id)
        _set_attempts(self, attempts)

    @property
    def event(self) -> Event:
        return self.prepared.event

    @property
    def metadata(self) -> Metadata:
        return self.prepared.metadata


# The slots' own setters (the class is frozen: its `__setattr__` refuses every write).
_set_index = DeliveredEntry.__dict__["index"].__set__
_set_prepared = DeliveredEntry.__dict__["prepared"].__set__
_set_event_id = DeliveredEntry.__dict__["event_id"].__set__
_set_attempts = DeliveredEntry.__dict__["attempts"].__set__


@dataclass(frozen=True, slots=True)
class FailedEntry:
    """An event that was not delivered.

    Attributes:
        index: position in the `publish_batch` call.
        prepared: the event, its metadata and the entry (resend it with `EventBus.resend`).
        error_code: the PutEvents per-entry code (``"ThrottlingException"``), the
            whole-request code (``"ResourceNotFoundException"``, ``"EndpointConnectionError"``),
            ``"NotSent"`` when an earlier request failure stopped the batch, ``"BusClosed"``
            after `EventBus.close()`, ``"InvalidResponse"`` when the transport answered the
            wrong number or kind of results, or the class name of what a transport raised.
        error_message: what AWS (or eventkit) said.
        attempts: sends made for it (0: never sent).
        retryable: resending later may succeed.
        maybe_delivered: unknown outcome: the request may have been processed (a read
            timeout, a transport that raised or answered wrongly, an entry answered failed
            after an attempt that may have been processed), so the event may have been
            delivered; a resend may duplicate it, which consumers absorb with the
            idempotency key.
    """

    index: int
    prepared: PreparedEvent
    error_code: str
    error_message: str
    attempts: int
    retryable: bool
    maybe_delivered: bool = False

    @property
    def event(self) -> Event:
        return self.prepared.event

    @property
    def metadata(self) -> Metadata:
        return self.prepared.metadata


@dataclass(frozen=True, slots=True)
class PublishResult:
    """What happened to each event of one call, in call order."""

    delivered: tuple[DeliveredEntry, ...] = ()
    failed: tuple[FailedEntry, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.failed

    @property
    def unknown(self) -> tuple[FailedEntry, ...]:
        """The failed entries of unknown outcome (`maybe_delivered`)."""
        return tuple(f for f in self.failed if f.maybe_delivered)


def publish_error(
    bus_name: str, result: PublishResult, request_error: PublishRequestError | None
) -> PublishError:
    """The error for a call that did not deliver everything: counts by error code, the first
    failed event named, every entry attached; a whole-request failure keeps its class."""
    total = len(result.delivered) + len(result.failed)
    counts: dict[str, int] = {}
    for f in result.failed:
        counts[f.error_code] = counts.get(f.error_code, 0) + 1
    summary = ", ".join(f"{n} x {code}" for code, n in sorted(counts.items()))
    unknown = sum(1 for f in result.failed if f.maybe_delivered)
    if unknown:
        summary += f"; {unknown} of unknown outcome, maybe delivered"
    first = result.failed[0]
    message = (
        f"{len(result.failed)} of {total} event(s) not delivered to bus {bus_name!r} "
        f"({summary}); first: events[{first.index}] {first.prepared.entry['DetailType']} "
        f"event_id {first.metadata.event_id} after {first.attempts} attempt(s): "
        f"{first.error_code}: {first.error_message}"
    )
    hint = "see .failed for each event; EventBus.resend(error.failed) keeps their idempotency keys"
    if request_error is not None:
        return type(request_error)(
            message,
            hint=request_error.hint or hint,
            bus_name=bus_name,
            delivered=result.delivered,
            failed=result.failed,
            error_code=request_error.error_code,
            retryable=request_error.retryable,
            maybe_delivered=request_error.maybe_delivered,
        )
    return PartialPublishError(
        message,
        hint=hint,
        bus_name=bus_name,
        delivered=result.delivered,
        failed=result.failed,
    )
