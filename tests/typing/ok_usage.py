"""Correct use of the generated surface: must type-check cleanly under mypy --strict."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Literal, assert_type
from uuid import UUID

from shop_events import EC2InstanceStateChangeNotificationV1, OrderCancelledV1
from shop_events.orders import OrderPlacedV1, OrderPlacedV2
from shop_events.shared.money import Money

from eventkit.contract import BaseEvent
from eventkit.publishing import DeliveredEntry, EventBus
from eventkit.routing import Router

bus = EventBus("shop-events")
router = Router()

cancelled = OrderCancelledV1(
    order_id="ord_7Hq2LmX9pK3a",
    user_id=UUID("5f0c7d1e-8a4b-4c2d-9e6f-1a2b3c4d5e6f"),
    reason="customer_request",
    cancelled_by="customer",
    refund=Money(amount_minor=1999, currency="EUR"),
    cancelled_at=datetime.now(UTC),
)
assert_type(
    cancelled.reason,
    Literal["customer_request", "payment_failed", "out_of_stock", "fraud_suspected"],
)
assert_type(cancelled.refund, Money | None)
assert_type(cancelled.publish(bus), DeliveredEntry)  # the bus's own return type
assert_type(bus.publish(cancelled), DeliveredEntry)


@OrderCancelledV1.subscribe(router)
def on_cancelled(event: OrderCancelledV1) -> str:
    assert_type(event, OrderCancelledV1)
    assert_type(event.order_id, str)
    return event.order_id


@router.on(OrderPlacedV2)
def on_placed(event: OrderPlacedV2) -> None:
    assert_type(event, OrderPlacedV2)
    assert_type(event.lines[0].quantity, int)


@router.on(EC2InstanceStateChangeNotificationV1)
def on_ec2(event: EC2InstanceStateChangeNotificationV1) -> None:
    assert_type(event.instance_id, str)


@OrderPlacedV1.subscribe(router)
def any_event(event: BaseEvent) -> None:  # a handler taking a supertype is fine
    assert_type(event.__contract__.detail_type, str)


assert_type(on_cancelled, Callable[[OrderCancelledV1], str])  # the decorator keeps it
parsed = OrderCancelledV1.model_validate({"order_id": "x"})
assert_type(parsed, OrderCancelledV1)
