"""End to end on moto_server: EventBus -> rule from router.event_pattern() -> SQS -> the router
as the Lambda handler of the SQS batch. Every event reaches its typed handler, the poisoned
messages are reported in batchItemFailures, and nothing else comes back to the queue."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import pytest

from eventkit.context import current_event
from eventkit.publishing import EventBus
from eventkit.routing import Router, UpcasterRegistry, drain
from eventkit.testing import MotoServer, provision_bus
from eventkit.transports.eventbridge import EventBridgeTransport
from tests.consume.models import (
    EC2InstanceStateChangeNotification,
    Money,
    OrderCancelledV1,
    OrderPlacedV1,
    OrderPlacedV2,
    order_v1,
)
from tests.consume.test_upcast import v1_to_v2

pytestmark = pytest.mark.moto


class Consumer:
    """A consumer service: handles OrderPlaced as major 2 (upcasting major 1) and EC2 events."""

    def __init__(self) -> None:
        registry = UpcasterRegistry()
        registry(OrderPlacedV1, OrderPlacedV2)(v1_to_v2)
        self.router = Router(name="e2e-consumer", upcasters=registry)
        self.orders: list[tuple[str, str | None]] = []
        self.instances: list[str] = []
        self.router.on(OrderPlacedV2)(self.on_order)
        self.router.on(EC2InstanceStateChangeNotification)(self.on_instance)

    def on_order(self, order: OrderPlacedV2) -> None:
        ctx = current_event()
        self.orders.append((order.order_id, ctx.version if ctx else None))

    def on_instance(self, change: EC2InstanceStateChangeNotification) -> None:
        self.instances.append(change.instance_id)


@pytest.fixture
def setup(moto_server: MotoServer) -> tuple[Consumer, Any, Any, Any, str, str]:
    consumer = Consumer()
    events, sqs = moto_server.client("events"), moto_server.client("sqs")
    bus_name = f"e2e-{uuid.uuid4().hex[:8]}"
    queues = provision_bus(events, sqs, bus_name, {"consumer": consumer.router.event_pattern()})
    bus = EventBus(bus_name, transport=EventBridgeTransport(client=events), producer="orders")
    return consumer, events, sqs, bus, bus_name, queues["consumer"].queue_url


def publish_mix(events: Any, sqs: Any, bus: EventBus, bus_name: str, queue_url: str) -> set[str]:
    """Publish what the consumer wants, what it does not, and poison; the poison's ids."""
    bus.publish_batch(
        [
            order_v1(order_id="o-1"),
            order_v1(order_id="o-2"),
            OrderPlacedV2(
                order_id="o-3",
                customer_id="c-3",
                total=Money(amount_cents=100, currency="EUR"),
                items=order_v1().items,
                shipping_address=order_v1().shipping_address,
            ),
            OrderCancelledV1(order_id="o-1", reason="customer"),  # not wanted: no rule match
        ]
    )
    bad = {
        "metadata": {
            "event_id": "bad-1",
            "version": "1.0.0",
            "occurred_at": "2026-11-26T14:00:00.000Z",
            "producer": "legacy-orders",
            "correlation_id": "c",
            "causation_id": None,
            "idempotency_key": "bad-1",
        },
        "data": {"order_id": "o-bad", "items": "none"},
    }
    events.put_events(
        Entries=[
            {
                "EventBusName": bus_name,
                "Source": "aws.ec2",
                "DetailType": "EC2 Instance State-change Notification",
                "Detail": json.dumps({"instance-id": "i-123", "state": "running"}),
            },
            {  # matches the rule, but its data breaks the contract
                "EventBusName": bus_name,
                "Source": "shop.orders",
                "DetailType": "OrderPlaced",
                "Detail": json.dumps(bad),
            },
        ]
    )
    poison = sqs.send_message(QueueUrl=queue_url, MessageBody="this is not an event")
    return {poison["MessageId"]}


def lambda_sqs_event(messages: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "Records": [
            {
                "messageId": m["MessageId"],
                "receiptHandle": m["ReceiptHandle"],
                "body": m["Body"],
                "attributes": m.get("Attributes", {}),
                "messageAttributes": {},
                "eventSource": "aws:sqs",
            }
            for m in messages
        ]
    }


def test_publish_rule_queue_router(setup: tuple[Consumer, Any, Any, Any, str, str]) -> None:
    consumer, events, sqs, bus, bus_name, queue_url = setup
    poison_ids = publish_mix(events, sqs, bus, bus_name, queue_url)

    messages: list[dict[str, Any]] = []
    deadline = time.monotonic() + 10
    while len(messages) < 6 and time.monotonic() < deadline:
        got = sqs.receive_message(
            QueueUrl=queue_url, MaxNumberOfMessages=10, VisibilityTimeout=1, WaitTimeSeconds=0
        )
        messages.extend(got.get("Messages", []))
    assert len(messages) == 6  # 3 orders, 1 EC2, 1 bad order, 1 poison; not the cancellation

    response = consumer.router(lambda_sqs_event(messages), None)  # as Lambda calls it

    failed = {item["itemIdentifier"] for item in response["batchItemFailures"]}
    bad_order = next(m["MessageId"] for m in messages if "o-bad" in m["Body"])
    assert failed == poison_ids | {bad_order}
    assert sorted(consumer.orders) == [("o-1", "1.1.0"), ("o-2", "1.1.0"), ("o-3", "2.0.0")]
    assert consumer.instances == ["i-123"]

    # Lambda deletes what the response does not name; only the failed ones come back.
    handled = [m for m in messages if m["MessageId"] not in failed]
    sqs.delete_message_batch(
        QueueUrl=queue_url,
        Entries=[
            {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(handled)
        ],
    )
    time.sleep(1.2)
    again = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10)
    assert {m["MessageId"] for m in again.get("Messages", [])} == failed


def test_drain_counts_add_up(setup: tuple[Consumer, Any, Any, Any, str, str]) -> None:
    consumer, events, sqs, bus, bus_name, queue_url = setup
    publish_mix(events, sqs, bus, bus_name, queue_url)
    time.sleep(0.2)
    result = drain(consumer.router, queue_url, sqs_client=sqs, batch_size=4, visibility_timeout=1)
    assert (result.delivered, result.handled, result.ignored, result.failed) == (6, 4, 0, 2)
    assert result.delivered == result.handled + result.ignored + result.failed
    assert result.batches >= 2
    assert {type(o.error).__name__ for o in result.failures} == {"EventParseError"}
    time.sleep(1.2)
    left = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", [])
    assert len(left) == 2  # only the failed ones are retried
