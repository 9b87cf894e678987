"""SQS batches of EventBridge events: one outcome per message, the partial batch response."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from eventkit.context import Delivery
from eventkit.envelope import ACCEPTED_SHAPES, unwrap_delivery
from eventkit.errors import DispatchError, EventParseError, HandlerError, UpcastError
from eventkit.json_text import MAX_NESTING_DEPTH, JsonTextError, json_kind, read_json
from eventkit.routing._describe import shown, unreadable

__all__ = [
    "BatchResult",
    "Dispatch",
    "Outcome",
    "dispatch_sqs_record",
    "fifo_batch",
    "process_sqs_batch",
    "sqs_record_event",
]

logger = logging.getLogger("eventkit.routing")
# The library's NullHandler (see eventkit/__init__.py): without it, Python's last-resort
# handler would print eventkit's warnings when the application configured no logging.
if not any(isinstance(h, logging.NullHandler) for h in logging.getLogger("eventkit").handlers):
    logging.getLogger("eventkit").addHandler(logging.NullHandler())

Status = Literal["handled", "ignored", "failed"]


class Dispatch(Protocol):
    """What handles one event of the batch (`Router.dispatch`)."""

    def __call__(
        self,
        event: Any,
        context: Any = None,
        *,
        message_id: str | None = None,
        delivery: Delivery | None = None,
    ) -> Any: ...


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
    The body is read by `eventkit.json_text.read_json` (`MAX_NESTING_DEPTH` levels always read).
    """
    record = getattr(record, "raw_event", record)  # Powertools' SQSRecord wraps the dict
    if isinstance(record, Mapping):
        message_id, body = record.get("messageId"), record.get("body")
    elif hasattr(record, "body"):  # Powertools' parser model
        message_id, body = getattr(record, "messageId", None), record.body
    else:
        raise EventParseError(
            f"expected an SQS record (a JSON object with messageId and body), "
            f"got {json_kind(record)}",
            reason="not-an-object",
        )
    if isinstance(body, Mapping):  # a parser model may have decoded the body already
        return message_id, dict(body)
    if not isinstance(body, str | bytes):
        problem = "missing" if body is None else f"{json_kind(body)}, not JSON text"
        where = _record_named(message_id)
        raise EventParseError(
            f"{where} has no body" if body is None else f"{where}: body is {problem}",
            message_id=message_id,
            fields=(("body", problem),),
            reason="missing" if body is None else "not-json",
        )
    try:
        event = read_json(body)
    except JsonTextError as exc:
        raise EventParseError(
            f"{_record_named(message_id)}: body {exc.problem}; it starts with {body[:60]!r}",
            message_id=message_id,
            fields=(("body", exc.problem),),
            reason=exc.reason,
            max_depth=MAX_NESTING_DEPTH if exc.reason == "too-deep" else None,
            hint=(
                "the queue must receive EventBridge events as delivered (no input transformer)"
                if exc.reason == "not-json"
                else None
            ),
        ) from None
    if not isinstance(event, dict):
        raise EventParseError(
            f"{_record_named(message_id)}: body is {json_kind(event)}, not an EventBridge event "
            "(an object)",
            message_id=message_id,
            fields=(("body", "not a JSON object"),),
            reason="not-an-object",
        )
    return message_id, event


def _record_named(message_id: Any) -> str:
    """The record, for a message; built only on failure (`shown` costs a regex search)."""
    return f"SQS message {shown(message_id)}" if message_id else "an SQS record without messageId"


def dispatch_sqs_record(
    dispatch: Dispatch, record: Any, context: Any, message_id: str | None = None
) -> Any:
    """Read one SQS record and dispatch the event in it.

    The body is an EventBridge event, or a wrapper around one (an SNS notification, a Lambda
    destination record), which `dispatch` takes apart; a Lambda DLQ message is told by its
    message attributes, which only the record has, so it is taken apart here.
    """
    record_id, body = sqs_record_event(record)
    message_id = message_id or record_id
    attributes = _message_attributes(record)
    # cheap: most records have no attributes; a non-mapping is no DLQ message's attributes
    if attributes and isinstance(attributes, Mapping) and "RequestID" in attributes:
        event, delivery = unwrap_delivery(
            body, via=("sqs",), attributes=attributes, message_id=message_id
        )
        return dispatch(event, context, message_id=message_id, delivery=delivery)
    return dispatch(body, context, message_id=message_id)


def _message_attributes(record: Any) -> Any:
    if type(record) is dict:  # Lambda's own record: the common case, checked first
        return record.get("messageAttributes")
    record = getattr(record, "raw_event", record)
    if isinstance(record, Mapping):
        return record.get("messageAttributes")
    return getattr(record, "messageAttributes", None)


def process_sqs_batch(
    dispatch: Dispatch,
    event: Mapping[str, Any],
    context: Any,
    *,
    unhandled: object,
    name: str,
) -> BatchResult:
    """Dispatch each message; a failure is recorded and logged (as `name`), never raised.

    Any exception while reading or handling one message fails that message alone. Only a
    batch that cannot be reported per message raises (`EventParseError`): a record that is
    not an SQS record or has no message id. Every record is checked before any is handled,
    so then no handler has run and the whole batch comes back as it was.

    In a FIFO queue (the records' `eventSourceARN` ends in ``.fifo``; without ARNs, a record
    carries `MessageGroupId`) the messages of a group after a failed one are reported failed
    without being handled, so the group keeps its order on retry. A record whose group is
    unknown counts as of every group: it is not handled after any failure, and after its own
    failure no later record is.
    """
    if not isinstance(event, Mapping):
        raise EventParseError(
            f"expected an SQS batch (a JSON object with a list of Records), got {json_kind(event)}",
            reason="not-an-object",
        )
    records = event.get("Records")
    if not isinstance(records, list):
        problem = f"is {json_kind(records)}" if "Records" in event else "is missing"
        raise EventParseError(
            f"an SQS batch needs a list of Records; its Records {problem}",
            fields=(("Records", "missing" if "Records" not in event else "not an array"),),
            reason="missing" if "Records" not in event else "not-an-object",
        )
    message_ids = [_message_id(record, index) for index, record in enumerate(records)]
    outcomes: list[Outcome] = []
    order = _GroupOrder(records)
    any_failed = False  # FIFO order is looked at only after a first failure
    for record, message_id in zip(records, message_ids, strict=True):
        group = _group_id(record)
        if any_failed:
            held_back = order.held_back(message_id, group)
            if held_back is not None:
                outcomes.append(Outcome(message_id, "failed", held_back))
                continue
        try:
            result = dispatch_sqs_record(dispatch, record, context, message_id)
        except DispatchError as exc:
            failure: DispatchError | None = exc
        except MemoryError:
            raise
        except Exception as exc:  # a bug in reading one record must not take the batch down
            failure = unreadable(None, exc, message_id)
        else:
            failure = None
        if failure is not None:
            _log_failure(name, failure)
            outcomes.append(Outcome(message_id, "failed", failure))
            order.failed(message_id, group)
            any_failed = True
        elif result is unhandled:
            outcomes.append(Outcome(message_id, "ignored"))
        else:
            outcomes.append(Outcome(message_id, "handled", result=result))
    return BatchResult(tuple(outcomes))


def _message_id(record: Any, index: int) -> str:
    """The record's message id; without one the batch cannot be reported message by message."""
    if not isinstance(record, Mapping):
        raise EventParseError(
            f"Records[{index}] must be an SQS record (a JSON object), got {json_kind(record)}; "
            "nothing in the batch was handled",
            record_index=index,
            reason="not-an-object",
        )
    source = record.get("eventSource")
    if source is not None and source != "aws:sqs":
        raise EventParseError(
            f"unsupported Lambda input: Records[{index}] comes from {shown(source)}; "
            "the router takes EventBridge events directly, in SQS batches or from SNS",
            record_index=index,
            reason="unknown-shape",
            received_keys=tuple(sorted(map(str, record))),
            accepted_shapes=ACCEPTED_SHAPES,
        )
    message_id = record.get("messageId")
    if not isinstance(message_id, str) or not message_id:
        # SQS names every message; Lambda retries a failed unnamed record only with its batch.
        raise EventParseError(
            f"Records[{index}] has no messageId, so it cannot be reported in "
            "batchItemFailures: the whole batch fails (nothing was handled) and comes back",
            record_index=index,
            fields=((f"Records[{index}].messageId", "missing"),),
            reason="missing",
            hint="the router takes SQS records as Lambda delivers them (each has a messageId)",
        )
    return message_id


class _GroupOrder:
    """The FIFO groups of a batch that failed, so their later messages go back unhandled.

    A record of a FIFO queue whose group is unknown (no `attributes.MessageGroupId`) could
    belong to any group of the batch: it waits for every failure before it, and its own
    failure holds back every record after it, so no group is handled out of order.
    """

    __slots__ = ("_fifo", "_records", "failed_groups", "unknown_failed")

    def __init__(self, records: list[Any]) -> None:
        self._records = records
        self._fifo: bool | None = None  # found out at the first failure
        self.failed_groups: set[str] = set()
        self.unknown_failed: str | None = None  # a failed message of unknown group

    def failed(self, message_id: str, group: str | None) -> None:
        if self._fifo is None:
            self._fifo = fifo_batch(self._records) != "standard"
        if not self._fifo:
            return  # a standard queue (a fair queue's groups too) keeps no order
        if group is not None:
            self.failed_groups.add(group)
        elif self.unknown_failed is None:
            self.unknown_failed = message_id

    def held_back(self, message_id: str, group: str | None) -> DispatchError | None:
        """Why this message goes back unhandled, or None to handle it."""
        if self.unknown_failed is not None:
            reason = (
                f"message {self.unknown_failed}, earlier in this batch and of unknown message "
                "group (no attributes.MessageGroupId), failed and may be of its group"
            )
        elif group is None and self.failed_groups:  # a group failed: the queue is FIFO
            reason = (
                "its message group is unknown (no attributes.MessageGroupId) and an earlier "
                f"message of FIFO group {min(self.failed_groups)} failed in this batch"
            )
        elif group is not None and group in self.failed_groups:
            reason = f"an earlier message of FIFO group {group} failed in this batch"
        else:
            return None
        return DispatchError(
            f"SQS message {shown(message_id)} not handled: {shown(reason)}; it goes back to keep "
            "the group in order",
            message_id=message_id,
        )


def fifo_batch(records: Any) -> Literal["standard", "fifo", "fifo-unknown-group"]:
    """Which queue a Lambda batch's records come from, and whether each names its group."""
    if not isinstance(records, list):
        return "standard"
    groups = [_group_id(r) if isinstance(r, Mapping) else None for r in records]
    arns = [r.get("eventSourceARN") for r in records if isinstance(r, Mapping)]
    named = [arn for arn in arns if isinstance(arn, str)]
    if named:
        # The queue's ARN decides: a standard queue's messages carry a MessageGroupId too
        # when it is a fair queue, and a standard queue promises no order to keep.
        fifo = any(arn.endswith(".fifo") for arn in named)
    else:  # hand-built input without ARNs: a group says FIFO
        fifo = any(group is not None for group in groups)
    if not fifo:
        return "standard"
    return "fifo-unknown-group" if None in groups else "fifo"


def _group_id(record: Mapping[str, Any]) -> str | None:
    attributes = record.get("attributes")
    group = attributes.get("MessageGroupId") if isinstance(attributes, Mapping) else None
    return group if isinstance(group, str) else None


def _log_failure(router_name: str, error: DispatchError) -> None:
    logger.error(
        "%s: %s",
        router_name,
        error,
        # The traceback where it helps: the consumer's own code, or an unexpected exception.
        exc_info=error
        if isinstance(error, HandlerError | UpcastError)
        or getattr(error, "reason", None) == "unreadable"
        else None,
        extra={
            "eventkit_error": error.code,
            "message_id": error.message_id,
            "event_id": error.event_id,
            "source": error.source,
            "detail_type": error.detail_type,
            "version": error.version,
        },
    )
