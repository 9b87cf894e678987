"""SQS batches of EventBridge events: one outcome per message, the partial batch response."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from eventkit.errors import DispatchError, EventParseError, HandlerError, UpcastError

if TYPE_CHECKING:
    from eventkit.routing._router import Router

__all__ = ["BatchResult", "Outcome", "process_sqs_batch", "sqs_record_event"]

logger = logging.getLogger("eventkit.routing")

Status = Literal["handled", "ignored", "failed"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one SQS message.

    Attributes:
        message_id: the SQS message id.
        status: ``"handled"`` (a handler ran and returned), ``"ignored"`` (no handler, and
            the router's policy ignores or logs such events) or ``"failed"``.
        error: why it failed (names the event, its version and the failing fields).
        result: what the handler returned.
    """

    message_id: str
    status: Status
    error: DispatchError | None = None
    result: Any = None


@dataclass(frozen=True, slots=True)
class BatchResult:
    """The outcome of every message of one batch, in order."""

    outcomes: tuple[Outcome, ...]

    def _count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def handled(self) -> int:
        return self._count("handled")

    @property
    def ignored(self) -> int:
        return self._count("ignored")

    @property
    def failed(self) -> int:
        return self._count("failed")

    @property
    def failures(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.status == "failed")

    def response(self) -> dict[str, list[dict[str, str]]]:
        """Lambda's partial batch response: only the failed messages return to the queue.

        Needs `ReportBatchItemFailures` on the event source mapping (FunctionResponseTypes).
        """
        return {"batchItemFailures": [{"itemIdentifier": o.message_id} for o in self.failures]}


def sqs_record_event(record: Any) -> tuple[str | None, dict[str, Any]]:
    """The message id and the EventBridge event in the body of one SQS record.

    Accepts the Lambda record dict, Powertools' `SQSRecord` or its parser `SqsRecordModel`.
    """
    record = getattr(record, "raw_event", record)  # Powertools' SQSRecord wraps the dict
    if isinstance(record, Mapping):
        message_id, body = record.get("messageId"), record.get("body")
    else:
        message_id, body = getattr(record, "messageId", None), getattr(record, "body", None)
    where = f"SQS message {message_id}"
    if isinstance(body, Mapping):  # a parser model may have decoded the body already
        return message_id, dict(body)
    if not isinstance(body, str | bytes):
        raise EventParseError(
            f"{where} has no body", message_id=message_id, fields=(("body", "missing"),)
        )
    try:
        event = json.loads(body)
    except ValueError as exc:
        raise EventParseError(
            f"{where}: body is not JSON ({exc}); it starts with {body[:60]!r}",
            message_id=message_id,
            fields=(("body", f"not JSON: {exc}"),),
            hint="the queue must receive EventBridge events as delivered (no input transformer)",
        ) from None
    if not isinstance(event, dict):
        raise EventParseError(
            f"{where}: body is a JSON {type(event).__name__}, not an EventBridge event",
            message_id=message_id,
            fields=(("body", "not a JSON object"),),
        )
    return message_id, event


def process_sqs_batch(
    router: Router, event: Mapping[str, Any], context: Any, *, unhandled: object
) -> BatchResult:
    """Dispatch each message; a failure is recorded and logged, never raised.

    In a FIFO queue (records carry `MessageGroupId`) the messages of a group after a failed
    one are reported failed without being handled, so the group keeps its order on retry.
    """
    records = event.get("Records")
    if not isinstance(records, list):
        raise EventParseError("an SQS batch needs a list of Records")
    outcomes: list[Outcome] = []
    failed_groups: set[str] = set()
    for record in records:
        message_id = _message_id(record)
        group = _group_id(record)
        if group is not None and group in failed_groups:
            error = DispatchError(
                f"SQS message {message_id} not handled: an earlier message of FIFO group "
                f"{group} failed in this batch; it goes back to keep the group in order",
                message_id=message_id,
            )
            outcomes.append(Outcome(message_id, "failed", error))
            continue
        try:
            _, body = sqs_record_event(record)
            result = router.dispatch(body, context, message_id=message_id)
        except DispatchError as exc:
            _log_failure(router.name, exc)
            outcomes.append(Outcome(message_id, "failed", exc))
            if group is not None:
                failed_groups.add(group)
            continue
        if result is unhandled:
            outcomes.append(Outcome(message_id, "ignored"))
        else:
            outcomes.append(Outcome(message_id, "handled", result=result))
    return BatchResult(tuple(outcomes))


def _message_id(record: Any) -> str:
    if not isinstance(record, Mapping):
        raise EventParseError(f"an SQS record must be a JSON object, got {type(record).__name__}")
    source = record.get("eventSource")
    if source is not None and source != "aws:sqs":
        raise EventParseError(
            f"unsupported Lambda input: Records from {source}; "
            "the router takes EventBridge events directly or in SQS batches"
        )
    message_id = record.get("messageId")
    if not isinstance(message_id, str) or not message_id:
        # Without an id the failure cannot be reported per message: fail the whole batch.
        raise EventParseError(
            "an SQS record has no messageId; cannot report it in batchItemFailures",
            fields=(("Records[].messageId", "missing"),),
        )
    return message_id


def _group_id(record: Mapping[str, Any]) -> str | None:
    attributes = record.get("attributes")
    group = attributes.get("MessageGroupId") if isinstance(attributes, Mapping) else None
    return group if isinstance(group, str) else None


def _log_failure(router_name: str, error: DispatchError) -> None:
    logger.error(
        "%s: %s",
        router_name,
        error,
        exc_info=error if isinstance(error, HandlerError | UpcastError) else None,
        extra={
            "eventkit_error": error.code,
            "message_id": error.message_id,
            "event_id": error.event_id,
            "source": error.source,
            "detail_type": error.detail_type,
            "version": error.version,
        },
    )
