"""Issue 14 items 1 and 3 end to end on moto_server: an event published on the bus reaches the
same typed handler through EventBridge -> SQS, and through SNS -> SQS with raw message delivery
on and off (also carrying a Lambda DLQ's attributes); a FIFO queue with two groups stops one
group at its failure and lets the other go on.

moto's EventBridge has no SNS target, so the EventBridge -> SNS hop is played by publishing,
unchanged, the event EventBridge delivered to an SQS target: what an SNS target receives.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from eventkit.context import EventContext, current_event
from eventkit.publishing import EventBus
from eventkit.routing import Router, UpcasterRegistry, drain
from eventkit.testing import MotoServer, provision_bus, receive_events
from eventkit.transports.eventbridge import EventBridgeTransport
from tests.consume import shapes
from tests.consume.events import eb_event
from tests.consume.models import OrderPlacedV1, order_v1

pytestmark = pytest.mark.moto


class Consumer:
    def __init__(self, fail: str | None = None) -> None:
        self.router = Router(name="shapes", upcasters=UpcasterRegistry(), unhandled="fail")
        self.seen: list[tuple[str, EventContext]] = []
        self.fail = fail
        self.router.on(OrderPlacedV1)(self.on_order)

    def on_order(self, order: OrderPlacedV1) -> None:
        ctx = current_event()
        assert ctx is not None
        self.seen.append((order.order_id, ctx))
        if order.order_id == self.fail:
            raise RuntimeError("card declined")


def queue(sqs: Any, name: str, **attributes: str) -> tuple[str, str]:
    url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    return url, arn


@pytest.fixture
def delivered(moto_server: MotoServer) -> tuple[Any, Any, dict[str, Any]]:
    """An OrderPlaced published on a bus, as EventBridge delivered it to an SQS target."""
    events, sqs = moto_server.client("events"), moto_server.client("sqs")
    bus_name = f"shapes-{uuid.uuid4().hex[:8]}"
    rule = Consumer().router.event_pattern()
    queues = provision_bus(events, sqs, bus_name, {"inbox": rule})
    bus = EventBus(bus_name, transport=EventBridgeTransport(client=events), producer="orders")
    bus.publish(order_v1(order_id="o-42"))
    [event] = receive_events(sqs, queues["inbox"].queue_url, expected=1)
    return sqs, moto_server.client("sns"), event


def test_eventbridge_to_sqs(moto_server: MotoServer) -> None:
    events, sqs = moto_server.client("events"), moto_server.client("sqs")
    consumer = Consumer()
    bus_name = f"shapes-{uuid.uuid4().hex[:8]}"
    queues = provision_bus(events, sqs, bus_name, {"inbox": consumer.router.event_pattern()})
    EventBus(bus_name, transport=EventBridgeTransport(client=events), producer="orders").publish(
        order_v1(order_id="o-1")
    )
    result = drain(consumer.router, queues["inbox"].queue_url, sqs_client=sqs)
    assert (result.delivered, result.handled) == (1, 1)
    [(order_id, ctx)] = consumer.seen
    assert order_id == "o-1"
    assert ctx.delivery is None
    assert ctx.region == "us-east-1"


@pytest.mark.parametrize("raw", [True, False])
@pytest.mark.parametrize("dead_lettered", [False, True])
def test_sns_to_sqs(
    delivered: tuple[Any, Any, dict[str, Any]], raw: bool, dead_lettered: bool
) -> None:
    sqs, sns, event = delivered
    topic = sns.create_topic(Name=f"orders-{uuid.uuid4().hex[:8]}")["TopicArn"]
    url, arn = queue(sqs, f"from-sns-{uuid.uuid4().hex[:8]}")
    sns.subscribe(
        TopicArn=topic,
        Protocol="sqs",
        Endpoint=arn,
        Attributes={"RawMessageDelivery": "true" if raw else "false"},
    )
    attributes = {}
    if dead_lettered:  # what Lambda sets when its DLQ is this topic
        attributes = {
            name: {"DataType": "Number" if name == "ErrorCode" else "String", "StringValue": value}
            for name, value in shapes.dlq_attributes().items()
        }
    sns.publish(TopicArn=topic, Message=json.dumps(event), MessageAttributes=attributes)

    consumer = Consumer()
    result = drain(consumer.router, url, sqs_client=sqs)
    assert (result.delivered, result.handled, result.failed) == (1, 1, 0)
    [(order_id, ctx)] = consumer.seen
    assert order_id == "o-42"
    assert ctx.raw == event
    expected_via: tuple[str, ...] = ("sqs",) if raw else ("sqs", "sns")
    if dead_lettered:
        expected_via += ("lambda-dlq",)
        assert ctx.failure is not None
        assert ctx.failure.request_id == shapes.REQUEST_ID
        assert ctx.failure.status_code == 200
        assert ctx.failure.error_message == shapes.ERROR_MESSAGE
    else:
        assert ctx.failure is None
    if raw and not dead_lettered:  # indistinguishable from EventBridge -> SQS
        assert ctx.delivery is None
    else:
        assert ctx.delivery is not None
        assert ctx.delivery.via == expected_via
        if not raw:
            assert ctx.delivery.topic_arn == topic


def test_fifo_queue_stops_a_group_at_its_failure(moto_server: MotoServer) -> None:
    sqs = moto_server.client("sqs")
    url, _ = queue(
        sqs,
        f"orders-{uuid.uuid4().hex[:8]}.fifo",
        FifoQueue="true",
        ContentBasedDeduplication="true",
    )
    sent = [("A", "a1"), ("B", "b1"), ("A", "a2"), ("B", "b2"), ("A", "a3")]
    ids = {}
    for group, order_id in sent:
        ids[order_id] = sqs.send_message(
            QueueUrl=url,
            MessageBody=json.dumps(shapes_event(order_id)),
            MessageGroupId=group,
        )["MessageId"]
    consumer = Consumer(fail="a2")
    result = drain(consumer.router, url, sqs_client=sqs, visibility_timeout=60)
    assert [order_id for order_id, _ in consumer.seen] == ["a1", "b1", "a2", "b2"]
    assert (result.handled, result.failed) == (3, 2)
    assert [o.message_id for o in result.failures] == [ids["a2"], ids["a3"]]
    # a2 and a3 stay in the queue (in flight), in order for their retry; the rest is deleted
    attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    assert int(attrs["ApproximateNumberOfMessages"]) == 0
    assert int(attrs["ApproximateNumberOfMessagesNotVisible"]) == 2


def shapes_event(order_id: str) -> dict[str, Any]:
    return eb_event(order_v1(order_id=order_id))
