"""The metadata options of `publish` / `prepare` / `publish_batch` (`correlation_id`,
`causation_id`, `idempotency_key`, `occurred_at`) are refused with an `EventValidationError`
naming the option, before anything is sent, when they are not what the envelope holds: a
value that is no str went out as a JSON number (`idempotency_key=order_number`), which every
consumer refuses, or failed with a TypeError (a UUID); an empty `occurred_at` went out and
was refused by every consumer; a `date` raised an AttributeError."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest

from eventkit.errors import EventValidationError
from eventkit.publishing import EventBus
from eventkit.routing import Router, UpcasterRegistry
from eventkit.testing import InMemoryEventBridge
from eventkit.transports.memory import InMemoryTransport
from tests.publish._events import OrderPlacedV1


@pytest.fixture
def bus(bridge: InMemoryEventBridge) -> EventBus:
    return EventBus("shop-events", transport=InMemoryTransport(bridge), producer="orders")


def _order() -> OrderPlacedV1:
    return OrderPlacedV1(order_id="o-1", total_cents=1)


BAD = [
    ("idempotency_key", 12345),
    ("correlation_id", uuid.UUID(int=1)),
    ("causation_id", 7),
    ("occurred_at", ""),
    ("occurred_at", date(2026, 1, 1)),
    ("occurred_at", 1767225600),
    ("occurred_at", datetime(2026, 1, 1)),  # naive: no structured error before
    # empty: the event id replaced the key (no deduplication), the flow restarted
    ("idempotency_key", ""),
    ("correlation_id", ""),
    ("causation_id", ""),
]


@pytest.mark.parametrize(("name", "value"), BAD)
def test_a_bad_metadata_option_is_refused_before_sending(
    bus: EventBus, bridge: InMemoryEventBridge, name: str, value: Any
) -> None:
    options: dict[str, Any] = {name: value}
    with pytest.raises(EventValidationError, match=name) as info:
        bus.publish(_order(), **options)
    assert info.value.errors()[0]["loc"] == (name,)
    with pytest.raises(EventValidationError, match=name):
        bus.prepare(_order(), **options)
    assert bridge.events(bus="shop-events") == []


@pytest.mark.parametrize("value", [uuid.UUID(int=1), ""])
def test_a_correlation_id_for_a_batch_that_is_no_str_is_refused(
    bus: EventBus, bridge: InMemoryEventBridge, value: Any
) -> None:
    with pytest.raises(EventValidationError) as info:
        bus.publish_batch([_order()], correlation_id=value)
    assert info.value.errors()[0]["loc"] == ("correlation_id",)
    assert bridge.events(bus="shop-events") == []


def test_valid_options_publish_an_event_a_consumer_reads(
    bus: EventBus, bridge: InMemoryEventBridge
) -> None:
    bus.publish(
        _order(),
        idempotency_key="order-o-1",
        correlation_id="flow-1",
        causation_id="cause-1",
        occurred_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    bus.publish(_order(), occurred_at="2026-01-01T00:00:00.000Z")
    router = Router(upcasters=UpcasterRegistry())
    router.on(OrderPlacedV1)(lambda order: order.order_id)
    assert [router(event) for event in bridge.events(bus="shop-events")] == ["o-1", "o-1"]


@pytest.mark.parametrize("producer", [5, b"orders", ("orders",)])
def test_a_producer_that_is_no_str_is_refused_when_the_bus_is_made(
    bridge: InMemoryEventBridge, producer: Any
) -> None:
    with pytest.raises(EventValidationError, match="producer") as info:
        EventBus("shop-events", transport=InMemoryTransport(bridge), producer=producer)
    assert info.value.errors()[0]["loc"] == ("producer",)
