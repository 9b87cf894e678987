"""Entries prepared by (or failed on) one bus, sent by another: they go to the bus that sends
them, within its own entry size limit. docs/publishing.md: after `close()`, "it is safe to
publish them on another bus"; an event not smaller than the entry limit is refused before
anything is sent. On moto_server: two buses, each with a rule to its own queue."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest

from eventkit.errors import BusClosedError, EventTooLargeError
from eventkit.publishing import EventBus, PreparedEvent
from eventkit.testing import MotoServer, provision_bus, receive_events
from eventkit.transports import EventBridgeTransport
from tests.publish._events import OrderPlacedV1

pytestmark = pytest.mark.moto


@dataclass
class Buses:
    moto: MotoServer
    a: str
    b: str
    queue_a: str
    queue_b: str

    def bus(self, name: str, max_entry_bytes: int | None = None) -> EventBus:
        transport = EventBridgeTransport(client=self.moto.client("events"))
        return EventBus(
            name, transport=transport, producer="orders", max_entry_bytes=max_entry_bytes
        )

    def received(self, queue_url: str, expected: int) -> list[str]:
        envelopes = receive_events(
            self.moto.client("sqs"), queue_url, expected=expected, timeout=3 if expected else 0.5
        )
        return sorted(e["detail"]["metadata"]["event_id"] for e in envelopes)


@pytest.fixture
def buses(moto_server: MotoServer) -> Buses:
    tag = uuid.uuid4().hex[:8]
    events, sqs = moto_server.client("events"), moto_server.client("sqs")
    a, b = f"bus-a-{tag}", f"bus-b-{tag}"
    queue_a = provision_bus(events, sqs, a, {f"{a}-all": {"source": ["shop.orders"]}})
    queue_b = provision_bus(events, sqs, b, {f"{b}-all": {"source": ["shop.orders"]}})
    return Buses(moto_server, a, b, queue_a[f"{a}-all"].queue_url, queue_b[f"{b}-all"].queue_url)


def _orders(n: int, *, cents: int = 1) -> list[OrderPlacedV1]:
    return [OrderPlacedV1(order_id=f"o-{i}", total_cents=cents) for i in range(n)]


def test_resend_of_a_closed_bus_failures_goes_to_the_other_bus(buses: Buses) -> None:
    bus_a, bus_b = buses.bus(buses.a), buses.bus(buses.b)
    bus_a.close()
    with pytest.raises(BusClosedError) as info:
        bus_a.publish_batch(_orders(3))

    result = bus_b.resend(info.value.failed)

    ids = sorted(d.event_id for d in result.delivered)
    assert len(ids) == 3
    assert buses.received(buses.queue_b, 3) == sorted(
        f.metadata.event_id for f in info.value.failed
    )
    assert buses.received(buses.queue_a, 0) == []
    assert {d.prepared.entry["EventBusName"] for d in result.delivered} == {buses.b}
    # bus A's failures still describe what bus A would have sent
    assert {f.prepared.entry["EventBusName"] for f in info.value.failed} == {buses.a}


def test_publish_batch_of_entries_prepared_by_another_bus_goes_to_this_bus(buses: Buses) -> None:
    bus_a, bus_b = buses.bus(buses.a), buses.bus(buses.b)
    prepared = [bus_a.prepare(e) for e in _orders(2)]

    result = bus_b.publish_batch([*prepared, *_orders(1)])

    assert len(result.delivered) == 3
    assert buses.received(buses.queue_b, 3) == sorted(d.metadata.event_id for d in result.delivered)
    assert buses.received(buses.queue_a, 0) == []
    assert all(p.entry["EventBusName"] == buses.a for p in prepared)  # not changed in place


def test_an_entry_too_large_for_this_bus_is_refused_before_anything_is_sent(
    buses: Buses,
) -> None:
    big = OrderPlacedV1(order_id="x" * 400_000, total_cents=1)
    bus_a = buses.bus(buses.a)
    small_b = buses.bus(buses.b, max_entry_bytes=262_144)
    with pytest.raises(EventTooLargeError):
        small_b.prepare(big)  # what this bus says of the event itself
    prepared = bus_a.prepare(big)  # bus A takes it (1 MiB limit)

    with pytest.raises(EventTooLargeError) as batch:
        small_b.publish_batch([*(bus_a.prepare(e) for e in _orders(2)), prepared])
    with pytest.raises(EventTooLargeError) as resend:
        small_b.resend([bus_a.prepare(_orders(1)[0]), prepared])

    assert (batch.value.index, batch.value.limit) == (2, 262_144)
    assert batch.value.size == prepared.size
    assert resend.value.index == 1
    assert "Nothing was sent" in str(resend.value)
    assert buses.received(buses.queue_b, 0) == []
    assert buses.received(buses.queue_a, 0) == []


def test_entries_of_this_bus_are_sent_as_they_are(buses: Buses) -> None:
    bus_b = buses.bus(buses.b)
    prepared = bus_b.prepare(_orders(1)[0])

    result = bus_b.publish_batch([prepared])

    delivered = result.delivered[0].prepared
    assert isinstance(delivered, PreparedEvent)
    assert delivered.entry is prepared.entry
    assert buses.received(buses.queue_b, 1) == [prepared.metadata.event_id]
