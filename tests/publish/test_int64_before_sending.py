"""An integer outside signed 64 bits (EventBridge refuses it in Detail) is refused before the
first request, like every other check of docs/decisions/0007: a batch is never left half
published because of it."""

from __future__ import annotations

import pytest

from eventkit.errors import EventValidationError
from eventkit.publishing import EventBus
from eventkit.testing import InMemoryEventBridge
from eventkit.transports import InMemoryTransport
from tests.publish._events import LineItem, OrderPlacedV1, OrderPlacedV2

LOW, HIGH = -(2**63), 2**63 - 1


@pytest.fixture
def bus(bridge: InMemoryEventBridge) -> EventBus:
    return EventBus("shop-events", transport=InMemoryTransport(bridge), producer="p")


def orders(n: int) -> list[OrderPlacedV1]:
    return [OrderPlacedV1(order_id=f"o-{i}", total_cents=i) for i in range(n)]


@pytest.mark.parametrize("value", [HIGH + 1, LOW - 1, 10**40, -(10**40)])
def test_a_batch_with_one_is_refused_whole(
    bus: EventBus, bridge: InMemoryEventBridge, value: int
) -> None:
    events = orders(30)
    events[25] = OrderPlacedV1(order_id="o-big", total_cents=value)
    with pytest.raises(EventValidationError) as caught:
        bus.publish_batch(events)
    [error] = caught.value.errors()
    assert error["type"] == "int64"
    assert error["loc"] == ("total_cents",)
    assert error["input"] == value
    assert caught.value.code == "event-validation"
    assert str(caught.value).startswith("events[25]")
    assert bridge.requests == []  # nothing was sent


def test_nested_and_free_form_values_are_named(bus: EventBus, bridge: InMemoryEventBridge) -> None:
    nested = OrderPlacedV1(
        order_id="o-1",
        total_cents=1,
        items=[LineItem(sku="a", quantity=1), LineItem(sku="b", quantity=2**64)],
    )
    with pytest.raises(EventValidationError) as caught:
        bus.publish(nested)
    assert caught.value.errors()[0]["loc"] == ("items", 1, "quantity")

    free_form = OrderPlacedV2(order_id="o-2", amount={"parts": [1, {"minor": -(2**70)}]})
    with pytest.raises(EventValidationError) as caught:
        bus.publish_batch([OrderPlacedV2(order_id="o-3", amount={}), free_form])
    assert caught.value.errors()[0]["loc"] == ("amount", "parts", 1, "minor")
    assert bridge.requests == []


def test_limits_themselves_and_long_digit_runs_elsewhere_are_sent(
    bus: EventBus, bridge: InMemoryEventBridge
) -> None:
    events = [
        OrderPlacedV1(order_id="o-high", total_cents=HIGH),
        OrderPlacedV1(order_id="o-low", total_cents=LOW),
        OrderPlacedV1(order_id="9" * 40, total_cents=1),  # digits in a string
        OrderPlacedV2(order_id="o-f", amount={"ratio": 1.2345678901234567890123e5}),
    ]
    result = bus.publish_batch(events)
    assert len(result.delivered) == 4
    sent = sorted(e.total_cents for e in bridge.published(OrderPlacedV1))
    assert sent == [LOW, 1, HIGH]
