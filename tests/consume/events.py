"""Build EventBridge events as Lambda receives them (directly, or in SQS records)."""

from __future__ import annotations

import json
import uuid
from typing import Any

from eventkit.context import EventContext
from eventkit.contract import BaseEvent
from eventkit.envelope import build_detail, new_metadata, parse_detail


def eb_event(event: BaseEvent, *, producer: str = "test", **meta: Any) -> dict[str, Any]:
    """A delivered EventBridge event carrying `event` (native envelope or foreign detail)."""
    contract = type(event).__contract__
    if contract.foreign:
        detail = event.model_dump(mode="json", by_alias=True, exclude_unset=True)
    else:
        detail = build_detail(event, new_metadata(event, producer=producer, **meta))
    return envelope(contract.source, contract.detail_type, detail)


def envelope(source: str, detail_type: str, detail: Any, **extra: Any) -> dict[str, Any]:
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": detail_type,
        "source": source,
        "account": "123456789012",
        "time": "2026-11-26T14:00:00Z",
        "region": "us-east-1",
        "resources": [],
        "detail": detail,
        **extra,
    }


def sqs_record(
    body: Any, *, message_id: str | None = None, group: str | None = None
) -> dict[str, Any]:
    attributes = {"ApproximateReceiveCount": "1", "SentTimestamp": "1764165600000"}
    if group is not None:
        attributes["MessageGroupId"] = group
    return {
        "messageId": message_id or str(uuid.uuid4()),
        "receiptHandle": "rh",
        "body": body if isinstance(body, str) else json.dumps(body),
        "attributes": attributes,
        "messageAttributes": {},
        "md5OfBody": "",
        "eventSource": "aws:sqs",
        "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:q"
        + (".fifo" if group is not None else ""),  # a group: a FIFO queue, named .fifo
        "awsRegion": "us-east-1",
    }


def sqs_batch(*records: dict[str, Any]) -> dict[str, Any]:
    return {"Records": list(records)}


def parsed_context(event: dict[str, Any], lambda_context: Any) -> EventContext:
    """The context a handler of the native `event` should see: built from what the envelope's
    own parser (`parse_detail`) reads, not from the router's fast read."""
    metadata, _ = parse_detail(event["detail"])
    return EventContext(
        event_id=metadata.event_id,
        source=event["source"],
        detail_type=event["detail-type"],
        version=metadata.version,
        correlation_id=metadata.correlation_id,
        causation_id=metadata.causation_id,
        idempotency_key=metadata.idempotency_key,
        producer=metadata.producer,
        occurred_at=metadata.occurred_at,
        raw=event,
        lambda_context=lambda_context,
    )
