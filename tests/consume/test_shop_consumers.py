"""The example shop's consumer routers (shop_demo.consumers) on the shop's sample events
(tests/events) and the generated models, and the order -> payment -> push chain on the
in-memory bus."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from shop_demo.consumers import ShopConsumers, build_consumers, drain_all
from shop_events import (
    ClientNotificationRequestedV1,
    MessageDeadLetteredV1,
    OrderPlacedV1,
    OrderPlacedV2,
    PaymentCapturedV1,
    UserSignedUpV1,
)

from eventkit.errors import EventParseError
from eventkit.patterns import matches
from eventkit.publishing import EventBus
from eventkit.routing import DrainResult
from eventkit.testing import InMemoryEventBridge, MotoServer, provision_bus
from eventkit.transports.eventbridge import EventBridgeTransport
from eventkit.transports.memory import InMemoryTransport
from tests.events import load_event

ORDER = "ord_7Hq2LmX9pK3a"


@pytest.fixture
def shop() -> ShopConsumers:
    shop = build_consumers()
    shop.connections.subscribe(f"order:{ORDER}", "conn-order-page")
    return shop


@pytest.mark.parametrize(
    ("service", "sample"),
    [
        ("payments", "order_placed_1_0_0"),
        ("payments", "order_placed_1_1_0"),
        ("notifications", "payment_captured_1_0_0"),
        ("notifications", "payment_captured_2_0_0"),
        ("notifications", "payment_failed_1_0_0"),
        ("notifications", "order_confirmed_1_0_0"),
        ("notifications", "client_notification_requested_1_1_0"),
        ("campaigns", "user_signed_up_1_1_0"),
        ("operations", "aws_ec2_instance_state_change"),
        ("operations", "message_dead_lettered_1_0_0"),
    ],
)
def test_each_service_handles_its_sample_events(
    shop: ShopConsumers, service: str, sample: str
) -> None:
    router = shop.routers()[service]
    router.unhandled = "fail"
    router(load_event(sample), None)
    assert shop.journal[-1].startswith(f"{service}: ")


def test_service_patterns_match_their_sample_events(shop: ShopConsumers) -> None:
    pattern = shop.notifications.event_pattern()
    assert matches(pattern, load_event("payment_captured_1_0_0"))  # upcast to major 2
    assert matches(pattern, load_event("payment_captured_2_0_0"))
    assert not matches(pattern, load_event("order_placed_1_1_0"))
    assert matches(shop.payments.event_pattern(), load_event("order_placed_1_1_0"))
    assert not matches(shop.payments.event_pattern(), load_event("order_placed_2_0_0"))


def test_payment_captured_v1_is_pushed_as_v2(shop: ShopConsumers) -> None:
    shop.notifications(load_event("payment_captured_1_0_0"), None)
    (push,) = shop.gateway.sent["conn-order-page"]
    assert push["kind"] == "payment_status"
    assert push["final"] is True  # major 1's single capture is final in major 2


def test_sample_batch_with_poison(shop: ShopConsumers) -> None:
    batch = load_event("sqs_batch_with_poison")
    result = shop.payments.process_batch(batch)
    ids = [r["messageId"] for r in batch["Records"]]
    assert [o.message_id for o in result.failures] == ids[1:]
    assert result.handled == 1
    invalid = result.failures[1].error
    assert isinstance(invalid, EventParseError)
    assert invalid.version == "1.1.0"
    assert any(path.startswith("detail.data.lines") for path, _ in invalid.fields)


def test_invalid_foreign_event_names_the_field(shop: ShopConsumers) -> None:
    with pytest.raises(EventParseError) as caught:
        shop.operations(load_event("aws_ec2_instance_state_change_invalid_data"), None)
    assert ("detail.instance-id", "Field required") in caught.value.fields
    assert caught.value.source == "aws.ec2"


def test_order_to_payment_to_push_carries_the_correlation() -> None:
    """payments publishes PaymentCaptured 1.0.0 inside its handler; notifications, which
    wants major 2, upcasts it and pushes; the whole chain keeps the order's correlation id."""
    bridge = InMemoryEventBridge()
    with EventBus("default", transport=InMemoryTransport(bridge), producer="payments") as bus:
        shop = build_consumers(bus=bus)
        shop.connections.subscribe(f"order:{ORDER}", "conn-1")
        order_event = load_event("order_placed_1_1_0")
        shop.payments(order_event, None)

        ((meta, captured),) = bridge.published_with_metadata(PaymentCapturedV1)
        order_meta = order_event["detail"]["metadata"]
        assert meta.correlation_id == order_meta["correlation_id"]
        assert meta.causation_id == order_meta["event_id"]
        assert captured.order_id == ORDER
        assert captured.amount == OrderPlacedV1.model_validate(order_event["detail"]["data"]).total

        (delivered,) = bridge.events()
        shop.notifications(delivered, None)
    (push,) = shop.gateway.sent["conn-1"]
    assert push["correlation_id"] == order_meta["correlation_id"]
    assert push["captured_minor"] == captured.amount.amount_minor


@pytest.mark.moto
def test_demo_consuming_stage_on_moto(moto_server: MotoServer) -> None:
    """The demo's consuming stage: a rule and a queue per service from its router's pattern,
    the shop's events published with EventBus, each queue drained into its router."""
    events, sqs = moto_server.client("events"), moto_server.client("sqs")
    bus_name = f"shop-{uuid.uuid4().hex[:8]}"
    with EventBus(bus_name, transport=EventBridgeTransport(client=events), producer="demo") as bus:
        shop = build_consumers(bus=bus)
        shop.connections.subscribe(f"order:{ORDER}", "conn-1")
        rules = {name: router.event_pattern() for name, router in shop.routers().items()}
        queues = provision_bus(events, sqs, bus_name, rules, queue_prefix=bus_name)
        samples = [
            "order_placed_1_1_0",
            "order_placed_2_0_0",  # no consumer here knows major 2 of OrderPlaced: no rule
            "user_signed_up_1_1_0",
            "client_notification_requested_1_1_0",
            "message_dead_lettered_1_0_0",
        ]
        published = []
        for name in samples:
            event = load_event(name)
            model = MODELS[(event["detail-type"], event["detail"]["metadata"]["version"][0])]
            published.append(model.model_validate(event["detail"]["data"]))
        bus.publish_batch(published)
        urls = {name: q.queue_url for name, q in queues.items()}
        first = drain_all(shop.routers(), urls, sqs_client=sqs)
        # payments publishes PaymentCaptured while handling the order; drain what arrived late
        second = drain_all(shop.routers(), urls, sqs_client=sqs)
    total = sum((*first.values(), *second.values()), DrainResult())
    assert (total.delivered, total.handled, total.ignored, total.failed) == (5, 5, 0, 0)
    assert first["payments"].handled == 1
    # the client notification, and the captured payment (upcast to major 2)
    assert first["notifications"].handled + second["notifications"].handled == 2
    assert shop.gateway.sent["conn-1"][0]["kind"] == "payment_status"


MODELS: dict[tuple[str, str], Any] = {
    ("OrderPlaced", "1"): OrderPlacedV1,
    ("OrderPlaced", "2"): OrderPlacedV2,
    ("UserSignedUp", "1"): UserSignedUpV1,
    ("ClientNotificationRequested", "1"): ClientNotificationRequestedV1,
    ("MessageDeadLettered", "1"): MessageDeadLetteredV1,
}
