"""The metadata `publish_batch` writes: what `new_metadata` would write for each event (fresh
version-4 ids, the call's flow inherited inside a handler), read once per call."""

from __future__ import annotations

import uuid

import pytest

from eventkit.context import handling
from eventkit.envelope import new_event_ids, parse_detail
from eventkit.publishing import EventBus
from eventkit.testing import InMemoryEventBridge
from eventkit.transports import InMemoryTransport
from tests.publish._events import INCOMING, OrderPlacedV1, PaymentCapturedV1


@pytest.fixture
def bus(bridge: InMemoryEventBridge) -> EventBus:
    return EventBus("shop-events", transport=InMemoryTransport(bridge), producer="orders-service")


def orders(n: int) -> list[OrderPlacedV1]:
    return [OrderPlacedV1(order_id=f"o-{i}", total_cents=i) for i in range(n)]


@pytest.mark.parametrize("count", [0, 1, 2, 1000])
def test_new_event_ids_are_distinct_version_4_uuids_as_uuid_writes_them(count: int) -> None:
    ids = new_event_ids(count)
    assert len(ids) == count == len(set(ids))
    for text in ids:
        parsed = uuid.UUID(text)
        assert (parsed.version, parsed.variant) == (4, uuid.RFC_4122)
        assert str(parsed) == text


def test_new_event_ids_keep_every_random_bit() -> None:
    # Over 4,000 ids each of the 122 random bits is both 0 and 1 somewhere; a digit that
    # were fixed or copied would show up as a bit that never changes.
    ones, zeros = 0, 0
    for text in new_event_ids(4000):
        value = uuid.UUID(text).int
        ones |= value
        zeros |= ~value
    fixed = (4 << 76) | (2 << 62)  # the version and variant bits uuid4 also sets
    random_bits = ((1 << 128) - 1) & ~((0xF << 76) | (0x3 << 62))
    assert ones & random_bits == random_bits
    assert zeros & random_bits == random_bits
    assert ones & ~random_bits & ((1 << 128) - 1) == fixed


def test_a_batch_gets_one_instant_and_fresh_ids(bus: EventBus, bridge: InMemoryEventBridge) -> None:
    bus.publish_batch(orders(25))
    metas = [parse_detail(e["detail"])[0] for e in bridge.events()]
    assert len({m.event_id for m in metas}) == 25
    assert len({m.occurred_at for m in metas}) == 1
    for meta in metas:
        assert uuid.UUID(meta.event_id).version == 4
        assert meta.correlation_id == meta.idempotency_key == meta.event_id
        assert meta.causation_id is None
        assert meta.producer == bus.producer


def test_a_batch_inside_a_handler_inherits_the_flow(
    bus: EventBus, bridge: InMemoryEventBridge
) -> None:
    with handling(INCOMING):
        bus.publish_batch([*orders(2), PaymentCapturedV1(payment_id="p-1", order_id="o-1")])
    metas = [parse_detail(e["detail"])[0] for e in bridge.events()]
    assert [(m.correlation_id, m.causation_id) for m in metas] == [("flow-1", "evt-in")] * 3
    assert len({m.event_id for m in metas}) == 3
    assert all(m.idempotency_key == m.event_id for m in metas)


def test_an_explicit_batch_correlation_wins_inside_a_handler(
    bus: EventBus, bridge: InMemoryEventBridge
) -> None:
    with handling(INCOMING):
        bus.publish_batch(orders(2), correlation_id="flow-own")
    metas = [parse_detail(e["detail"])[0] for e in bridge.events()]
    assert [(m.correlation_id, m.causation_id) for m in metas] == [("flow-own", "evt-in")] * 2


def test_prepared_events_in_a_batch_keep_their_metadata(
    bus: EventBus, bridge: InMemoryEventBridge
) -> None:
    prepared = bus.prepare(orders(1)[0], idempotency_key="k-1")
    bus.publish_batch([orders(1)[0], prepared, orders(1)[0]])
    metas = [parse_detail(e["detail"])[0] for e in bridge.events()]
    assert metas[1] == prepared.metadata
    assert len({m.event_id for m in metas}) == 3
