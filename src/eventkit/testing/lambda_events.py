"""The Lambda inputs that carry an event, for handler tests: what EventBridge delivers to a
function directly, what an SQS event source mapping hands it (queue targeted by a rule, or
subscribed to an SNS topic), and a Lambda context.

The shapes are AWS's (docs/testing.md lists the fields); ids are fresh uuids unless given,
times are now unless given. Native events carry eventkit's metadata/data envelope, built as
`EventBus` builds it; foreign (AWS) events are their detail as is.
"""

from __future__ import annotations

import hashlib
import json
import time as _time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from eventkit.contract import BaseEvent
from eventkit.envelope import build_detail, contract_of, new_metadata

__all__ = [
    "ACCOUNT",
    "REGION",
    "LambdaContext",
    "envelope",
    "eventbridge_event",
    "lambda_context",
    "put_events_entry",
    "sns_sqs_record",
    "sqs_batch",
    "sqs_record",
]

ACCOUNT = "123456789012"
REGION = "us-east-1"


def _time_text(moment: datetime | None) -> str:
    """EventBridge's `time` of `moment`: a datetime without a zone is UTC, as botocore sends
    a PutEvents `Time` (read in the machine's zone, one test gave another time on each)."""
    moment = moment or datetime.now(UTC)
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def envelope(
    source: str,
    detail_type: str,
    detail: Mapping[str, Any],
    *,
    time: datetime | None = None,
    resources: tuple[str, ...] | list[str] = (),
    event_id: str | None = None,
) -> dict[str, Any]:
    """An event as EventBridge delivers it (to a Lambda target or in an SQS body)."""
    return {
        "version": "0",
        "id": event_id or str(uuid.uuid4()),
        "detail-type": detail_type,
        "source": source,
        "account": ACCOUNT,
        "time": _time_text(time),
        "region": REGION,
        "resources": list(resources),
        "detail": dict(detail),
    }


def _detail(event: BaseEvent, producer: str, metadata: Mapping[str, Any]) -> dict[str, Any]:
    if contract_of(event).foreign:
        return event.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return build_detail(event, new_metadata(event, producer=producer, **metadata))


def eventbridge_event(
    event: BaseEvent,
    *,
    producer: str = "test",
    time: datetime | None = None,
    resources: tuple[str, ...] | list[str] = (),
    **metadata: Any,
) -> dict[str, Any]:
    """The EventBridge event carrying `event`, as a rule's Lambda target receives it.

    `metadata`: `new_metadata`'s keywords (``correlation_id``, ``causation_id``,
    ``idempotency_key``, ``occurred_at``, ``event_id``).
    """
    contract = contract_of(event)
    return envelope(
        contract.source,
        contract.detail_type,
        _detail(event, producer, metadata),
        time=time,
        resources=resources,
    )


def put_events_entry(
    event: BaseEvent, *, bus: str = "default", producer: str = "test", **metadata: Any
) -> dict[str, Any]:
    """The PutEvents entry that publishes `event` (``Detail`` is a JSON string)."""
    contract = contract_of(event)
    detail = _detail(event, producer, metadata)
    return {
        "Source": contract.source,
        "DetailType": contract.detail_type,
        "Detail": json.dumps(detail, separators=(",", ":")),
        "EventBusName": bus,
    }


def _body(value: BaseEvent | Mapping[str, Any] | str) -> str:
    if isinstance(value, BaseEvent):
        value = eventbridge_event(value)
    return value if isinstance(value, str) else json.dumps(value)


def sqs_record(
    body: BaseEvent | Mapping[str, Any] | str,
    *,
    message_id: str | None = None,
    queue: str | None = None,
    group_id: str | None = None,
    receive_count: int = 1,
) -> dict[str, Any]:
    """One record of an SQS event: `body` is an event (wrapped as EventBridge delivers it to
    a queue target), a mapping (JSON-encoded) or the body text itself. A FIFO queue's
    records carry `group_id` (``MessageGroupId``); its name ends in ``.fifo``, as the router
    reads it from the record's ARN. `queue` defaults to ``eventkit-test`` (with `group_id`:
    ``eventkit-test.fifo``); a standard queue's name with `group_id` is a fair queue."""
    if queue is None:
        queue = "eventkit-test.fifo" if group_id is not None else "eventkit-test"
    text = _body(body)
    attributes = {
        "ApproximateReceiveCount": str(receive_count),
        "SentTimestamp": str(int(_time.time() * 1000)),
        "SenderId": "AIDAEXAMPLE",
        "ApproximateFirstReceiveTimestamp": str(int(_time.time() * 1000)),
    }
    if group_id is not None:
        attributes["MessageGroupId"] = group_id
        attributes["MessageDeduplicationId"] = hashlib.sha256(text.encode()).hexdigest()
    return {
        "messageId": message_id or str(uuid.uuid4()),
        "receiptHandle": f"rh-{uuid.uuid4()}",
        "body": text,
        "attributes": attributes,
        "messageAttributes": {},
        "md5OfBody": hashlib.md5(text.encode(), usedforsecurity=False).hexdigest(),
        "eventSource": "aws:sqs",
        "eventSourceARN": f"arn:aws:sqs:{REGION}:{ACCOUNT}:{queue}",
        "awsRegion": REGION,
    }


def sqs_batch(*bodies: BaseEvent | Mapping[str, Any] | str, **options: Any) -> dict[str, Any]:
    """An SQS event (``{"Records": [...]}``) with one record per body (see `sqs_record`)."""
    return {"Records": [sqs_record(body, **options) for body in bodies]}


def sns_sqs_record(
    event: BaseEvent | Mapping[str, Any],
    *,
    topic: str = "eventkit-test",
    message_id: str | None = None,
) -> dict[str, Any]:
    """An SQS record whose body is the SNS notification of a topic the queue subscribes to
    (raw message delivery off), the notification's ``Message`` being the EventBridge event
    (an EventBridge rule targeting the topic)."""
    message = eventbridge_event(event) if isinstance(event, BaseEvent) else dict(event)
    notification = {
        "Type": "Notification",
        "MessageId": str(uuid.uuid4()),
        "TopicArn": f"arn:aws:sns:{REGION}:{ACCOUNT}:{topic}",
        "Message": json.dumps(message),
        "Timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
        "SignatureVersion": "1",
        "Signature": "EXAMPLE",
        "SigningCertURL": f"https://sns.{REGION}.amazonaws.com/SimpleNotificationService.pem",
        "UnsubscribeURL": f"https://sns.{REGION}.amazonaws.com/?Action=Unsubscribe",
    }
    return sqs_record(notification, message_id=message_id, queue=f"{topic}-subscriber")


@dataclass
class LambdaContext:
    """The attributes and method of the Python runtime's context object."""

    function_name: str = "test-function"
    function_version: str = "$LATEST"
    memory_limit_in_mb: int = 128
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    timeout_seconds: float = 30.0
    invoked_function_arn: str = ""
    log_group_name: str = ""
    log_stream_name: str = "2026/01/15/[$LATEST]0123456789abcdef"
    _deadline: float = field(default=0.0, repr=False)

    def __post_init__(self) -> None:
        name = self.function_name
        self.invoked_function_arn = (
            self.invoked_function_arn or f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"
        )
        self.log_group_name = self.log_group_name or f"/aws/lambda/{name}"
        self._deadline = _time.monotonic() + self.timeout_seconds

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - _time.monotonic()) * 1000))


def lambda_context(**attributes: Any) -> LambdaContext:
    """A Lambda context (``function_name``, ``memory_limit_in_mb``, ``timeout_seconds``, ...)
    whose remaining time counts down from `timeout_seconds`."""
    return LambdaContext(**attributes)
