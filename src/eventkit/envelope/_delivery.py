"""The shapes an EventBridge event arrives in, and taking them apart to find the event.

AWS wraps an event on its way to a consumer: SNS puts it in a notification (`Message`, as
JSON text), Lambda puts a failed invocation's payload in a dead-letter queue message (the
payload as the body, the error in message attributes) or in an on-failure destination record
(`requestPayload`, with `requestContext` and `responsePayload` saying what went wrong). The
layouts are AWS's documented ones; tests/consume/shapes.py holds an example of each.

Each shape is recognised by keys only it has, never by elimination: an EventBridge event has
`source` and `detail-type` (strings), an SNS notification `Type: "Notification"`, `TopicArn`,
`MessageId` and `Message`, SNS's Lambda event one record with `EventSource: "aws:sns"` and
`Sns`, a destination record `requestContext` (an object) and `requestPayload`, a Lambda DLQ
message the attributes `RequestID` and `ErrorCode` or `ErrorMessage`. Anything else is
refused with an error naming the keys received and the shapes accepted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from eventkit.context import Delivery, Failure
from eventkit.errors import EventParseError
from eventkit.json_text import MAX_NESTING_DEPTH, JsonTextError, json_kind, read_json
from eventkit.visible_text import visible

__all__ = [
    "ACCEPTED_SHAPES",
    "dlq_failure",
    "is_eventbridge_event",
    "unwrap_delivery",
]

ACCEPTED_SHAPES: tuple[str, ...] = (
    "an EventBridge event (source, detail-type, detail)",
    "an SQS record whose body is any of these (Records[].eventSource aws:sqs)",
    "an SNS notification (Type Notification, MessageId, TopicArn, Message), "
    "with or without raw message delivery",
    "SNS's Lambda event (Records[0].EventSource aws:sns, Sns)",
    "a Lambda asynchronous-invocation DLQ message "
    "(message attributes RequestID, ErrorCode, ErrorMessage)",
    "a Lambda on-failure destination record (requestContext, requestPayload, responseContext, "
    "responsePayload), directly, in SQS or SNS, or as EventBridge's "
    "'Lambda Function Invocation Result - Failure' event",
)

# Wrappers inside wrappers (a destination record in an SNS notification in an SQS message)
# are peeled one by one; real deliveries have at most three layers.
_MAX_LAYERS = 5

_DESTINATION_DETAIL_TYPE = "Lambda Function Invocation Result - Failure"


def is_eventbridge_event(payload: Any) -> bool:
    """True for a mapping with a string `source` and `detail-type`: an EventBridge event."""
    return (
        isinstance(payload, Mapping)
        and isinstance(payload.get("source"), str)
        and isinstance(payload.get("detail-type"), str)
    )


def unwrap_delivery(
    payload: Any,
    *,
    via: tuple[str, ...] = (),
    attributes: Mapping[str, Any] | None = None,
    message_id: str | None = None,
) -> tuple[Mapping[str, Any], Delivery | None]:
    """The EventBridge event inside `payload`, and how it was wrapped.

    Args:
        payload: the decoded Lambda input or SQS body.
        via: the layers already taken off (``("sqs",)`` for an SQS body).
        attributes: the SQS message attributes of the record `payload` came in, where a
            Lambda DLQ message keeps its error.
        message_id: the SQS message id, to name in errors.

    Returns:
        The event and a `Delivery` (None when `payload` is the event itself, unwrapped).

    Raises:
        EventParseError: `payload` is none of `ACCEPTED_SHAPES` (``reason="unknown-shape"``,
            `received_keys`, `accepted_shapes`), or a wrapper's inner payload cannot be read.
    """
    layers = list(via)
    failure = dlq_failure(attributes)
    if failure is not None:
        layers.append("lambda-dlq")
    topic_arn = sns_message_id = None
    for _ in range(_MAX_LAYERS):
        if not isinstance(payload, Mapping):
            raise _unknown_shape(payload, message_id, layers)
        if is_eventbridge_event(payload) and not _is_destination_event(payload):
            if len(layers) == len(via):  # nothing taken off: the event as itself
                return payload, None
            return payload, Delivery(tuple(layers), topic_arn, sns_message_id, failure)
        notification = _sns_notification(payload, message_id)
        if notification is not None:
            layers.append("sns")
            topic_arn = _text(notification.get("TopicArn"))
            sns_message_id = _text(notification.get("MessageId"))
            if failure is None:
                failure = dlq_failure(_mapping(notification.get("MessageAttributes")))
                if failure is not None:
                    layers.append("lambda-dlq")
            payload = _decode(notification["Message"], "Message", message_id)
        elif _is_destination_event(payload):
            layers.append("eventbridge")
            payload = payload["detail"]
        elif _is_destination_record(payload):
            layers.append("lambda-destination")
            failure = failure or _destination_failure(payload)
            payload = payload["requestPayload"]
        else:
            raise _unknown_shape(payload, message_id, layers)
    raise EventParseError(
        f"{_where(message_id)}wrapped more than {_MAX_LAYERS} times "
        f"({' -> '.join(layers)}); no AWS delivery nests that deep",
        message_id=message_id,
        reason="unknown-shape",
        accepted_shapes=ACCEPTED_SHAPES,
    )


def dlq_failure(attributes: Mapping[str, Any] | None) -> Failure | None:
    """The failure a Lambda DLQ message records in its attributes, or None if it is not one.

    Reads the attributes as Lambda's SQS records (``stringValue``), boto3's `ReceiveMessage`
    (``StringValue``) and SNS (``Value``) present them.
    """
    if not attributes or not isinstance(attributes, Mapping) or "RequestID" not in attributes:
        return None
    if "ErrorCode" not in attributes and "ErrorMessage" not in attributes:
        return None
    code = _attribute(attributes, "ErrorCode")
    return Failure(
        kind="lambda-dlq",
        request_id=_attribute(attributes, "RequestID"),
        error_message=_attribute(attributes, "ErrorMessage"),
        status_code=_status_code(code),
    )


def _status_code(code: str | None) -> int | None:
    """The HTTP status code Lambda records as ``ErrorCode`` (e.g. ``"200"``); None for
    anything else: not ASCII digits (``"²"`` is a digit `int` refuses), or too long to be one
    (a long string of digits would reach `int`'s limit)."""
    if code is None or not (0 < len(code) <= 6 and code.isascii() and code.isdigit()):
        return None
    return int(code)


def _attribute(attributes: Mapping[str, Any], name: str) -> str | None:
    value = attributes.get(name)
    if not isinstance(value, Mapping):  # Powertools' parser model of an attribute
        text = getattr(value, "stringValue", None)
        return text if isinstance(text, str) else None
    for key in ("stringValue", "StringValue", "Value"):
        text = value.get(key)
        if isinstance(text, str):
            return text
    return None


def _sns_notification(payload: Mapping[str, Any], message_id: str | None) -> Any:
    """The notification of an SNS notification or of SNS's Lambda event, else None."""
    if payload.get("Type") == "Notification" and _is_notification(payload):
        return payload
    records = payload.get("Records")
    if not isinstance(records, list) or not records:
        return None
    first = records[0]
    if not isinstance(first, Mapping) or first.get("EventSource") != "aws:sns":
        return None
    if len(records) != 1:  # SNS invokes a function with one record, always
        raise EventParseError(
            f"{_where(message_id)}SNS event with {len(records)} records; SNS invokes a "
            "function with one, and eventkit handles no other",
            message_id=message_id,
            fields=(("Records", f"{len(records)} records"),),
            reason="unknown-shape",
            received_keys=tuple(sorted(map(str, payload))),
            accepted_shapes=ACCEPTED_SHAPES,
        )
    notification = first.get("Sns")
    return (
        notification
        if isinstance(notification, Mapping) and _is_notification(notification)
        else None
    )


def _is_notification(payload: Mapping[str, Any]) -> bool:
    return (
        payload.get("Type") == "Notification"
        and isinstance(payload.get("TopicArn"), str)
        and isinstance(payload.get("MessageId"), str)
        and isinstance(payload.get("Message"), str)
    )


def _is_destination_record(payload: Mapping[str, Any]) -> bool:
    return isinstance(payload.get("requestContext"), Mapping) and "requestPayload" in payload


def _is_destination_event(payload: Mapping[str, Any]) -> bool:
    """A destination record delivered by an EventBridge on-failure destination."""
    return (
        payload.get("source") == "lambda"
        and payload.get("detail-type") == _DESTINATION_DETAIL_TYPE
        and isinstance(payload.get("detail"), Mapping)
        and _is_destination_record(payload["detail"])
    )


def _destination_failure(record: Mapping[str, Any]) -> Failure:
    request = _mapping(record.get("requestContext")) or {}
    response = _mapping(record.get("responseContext")) or {}
    payload = _mapping(record.get("responsePayload")) or {}
    trace = payload.get("stackTrace")
    attempts = request.get("approximateInvokeCount")
    status = response.get("statusCode")
    return Failure(
        kind="lambda-destination",
        request_id=_text(request.get("requestId")),
        error_message=_text(payload.get("errorMessage")),
        error_type=_text(payload.get("errorType")),
        status_code=status if type(status) is int else None,
        function_error=_text(response.get("functionError")),
        condition=_text(request.get("condition")),
        attempts=attempts if type(attempts) is int else None,
        function_arn=_text(request.get("functionArn")),
        timestamp=_text(record.get("timestamp")),
        stack_trace=tuple(line for line in trace if isinstance(line, str))
        if isinstance(trace, list)
        else (),
    )


def _decode(text: str, name: str, message_id: str | None) -> Any:
    try:
        return read_json(text)
    except JsonTextError as exc:
        raise EventParseError(
            f"{_where(message_id)}SNS {name} {exc.problem}; it starts with {text[:60]!r}",
            message_id=message_id,
            fields=((name, exc.problem),),
            reason=exc.reason,
            max_depth=MAX_NESTING_DEPTH if exc.reason == "too-deep" else None,
        ) from None


def _unknown_shape(payload: Any, message_id: str | None, layers: list[str]) -> EventParseError:
    inside = f" inside {' -> '.join(layers)}" if layers else ""
    if not isinstance(payload, Mapping):
        # an event passed still encoded (`router(body, ctx)` with an SQS body, a test's text)
        encoded = isinstance(payload, str) and payload.lstrip().startswith("{")
        return EventParseError(
            f"{_where(message_id)}expected an event (a JSON object){inside}, got "
            f"{json_kind(payload)}"
            + (" holding JSON text (decode it first, with json.loads)" if encoded else ""),
            message_id=message_id,
            reason="not-an-object",
            accepted_shapes=ACCEPTED_SHAPES,
        )
    keys = tuple(sorted(map(str, payload)))
    missing = tuple(k for k in ("source", "detail-type") if not isinstance(payload.get(k), str))
    return EventParseError(
        f"{_where(message_id)}not a shape eventkit reads{inside}: received keys "
        f"{visible(', '.join(keys)) or '(none)'}; accepted: {'; '.join(ACCEPTED_SHAPES)}",
        event_id=_text(payload.get("id")),
        message_id=message_id,
        fields=tuple((k, "missing") for k in missing),
        reason="unknown-shape",
        received_keys=keys,
        accepted_shapes=ACCEPTED_SHAPES,
    )


def _where(message_id: str | None) -> str:
    return f"SQS message {visible(message_id)}: " if message_id else ""


def _mapping(value: Any) -> Mapping[str, Any] | None:
    return value if isinstance(value, Mapping) else None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None
