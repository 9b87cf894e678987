"""Helpers of the dead-letter tests that run on moto_server with hand-made DLQ bodies."""

from __future__ import annotations

import json
import uuid
from typing import Any

from typer.testing import CliRunner, Result

from eventkit.cli import app
from eventkit.testing import MotoServer

runner = CliRunner()


def detail(event_id: str = "e-1", data_text: str = '{"order_id":"o-1"}') -> str:
    """An eventkit `detail` as text, with `data` given as text (kept as written)."""
    metadata = json.dumps(
        {
            "event_id": event_id,
            "version": "1.0.0",
            "occurred_at": "2026-01-01T00:00:00Z",
            "producer": "x",
            "correlation_id": "c",
            "causation_id": None,
            "idempotency_key": f"k-{event_id}",
        },
        separators=(",", ":"),
    )
    return '{"metadata":' + metadata + ',"data":' + data_text + "}"


def event_text(detail_text: str, *, source: str = "shop.orders") -> str:
    """An EventBridge event as a rule -> SQS delivery leaves it, with `detail` as text."""
    head = json.dumps(
        {
            "version": "0",
            "id": str(uuid.uuid4()),
            "detail-type": "OrderPlaced",
            "source": source,
            "account": "123456789012",
            "time": "2026-01-01T00:00:00Z",
            "region": "us-east-1",
            "resources": [],
        },
        separators=(",", ":"),
    )
    return head[:-1] + ',"detail":' + detail_text + "}"


def queue(sqs: Any, name: str, *, fifo: bool = False, **attributes: str) -> str:
    name = f"{name}-{uuid.uuid4().hex[:8]}" + (".fifo" if fifo else "")
    if fifo:
        attributes["FifoQueue"] = "true"
    return str(sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"])


def count(sqs: Any, queue_url: str) -> int:
    attributes = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["All"])["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"]) + int(
        attributes["ApproximateNumberOfMessagesNotVisible"]
    )


def drain(sqs: Any, queue_url: str) -> list[dict[str, Any]]:
    """Every message of `queue_url`, received and deleted."""
    got: list[dict[str, Any]] = []
    while True:
        messages = sqs.receive_message(
            QueueUrl=queue_url, MaxNumberOfMessages=10, AttributeNames=["All"]
        ).get("Messages", [])
        if not messages:
            return got
        got.extend(messages)
        sqs.delete_message_batch(
            QueueUrl=queue_url,
            Entries=[
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)
            ],
        )


def cli(server: MotoServer, *args: str) -> Result:
    return runner.invoke(app, ["dlq", *args, "--endpoint-url", server.url, "--wait-seconds", "0"])


def as_json(result: Result) -> dict[str, Any]:
    report = json.loads(result.stdout)
    assert isinstance(report, dict)
    return report
