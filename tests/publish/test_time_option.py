"""The `time` option is a datetime, checked when the entry is built: anything else (a `date`,
ISO text, a number) was put in the entry as given, so botocore failed on it only when that
request was serialised, after the batch's earlier requests were sent (half a batch published,
the bad entry reported "maybe delivered" though it never left), and the in-memory EventBridge
took it silently."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest

from eventkit.errors import EventValidationError
from eventkit.publishing import EventBus
from eventkit.testing import InMemoryEventBridge, MotoServer, provision_bus, receive_events
from eventkit.transports.eventbridge import EventBridgeTransport
from eventkit.transports.memory import InMemoryTransport
from tests.publish._events import OrderPlacedV1


def _order(i: int = 0) -> OrderPlacedV1:
    return OrderPlacedV1(order_id=f"o-{i}", total_cents=1)


@pytest.mark.parametrize("time", [date(2026, 1, 1), "2026-01-01T00:00:00Z", 1767225600])
def test_a_time_that_is_no_datetime_is_refused_before_sending(
    bridge: InMemoryEventBridge, time: Any
) -> None:
    bus = EventBus("shop-events", transport=InMemoryTransport(bridge), producer="orders")
    with pytest.raises(EventValidationError, match="time") as info:
        bus.publish(_order(), time=time)
    assert info.value.errors()[0]["loc"] == ("time",)
    with pytest.raises(EventValidationError, match="time"):
        bus.prepare(_order(), time=time)
    assert bridge.events(bus="shop-events") == []


@pytest.mark.moto
def test_a_batch_with_a_bad_time_sends_nothing(moto_server: MotoServer) -> None:
    events, sqs = moto_server.client("events"), moto_server.client("sqs")
    name = f"time-{uuid.uuid4().hex[:8]}"
    routes = provision_bus(events, sqs, name, {"all": {"source": ["shop.orders"]}})
    bus = EventBus(name, transport=EventBridgeTransport(client=events), producer="orders")
    good = [_order(i) for i in range(10)]  # one full request before the bad entry's
    with pytest.raises(EventValidationError, match="time"):
        bus.publish_batch([*good, bus.prepare(_order(10), time=date(2026, 1, 1))])  # type: ignore[arg-type]
    assert receive_events(sqs, routes["all"].queue_url, expected=0, timeout=1) == []
    at = datetime(2026, 1, 1, 12, tzinfo=UTC)
    bus.publish_batch([*good, bus.prepare(_order(10), time=at)])
    delivered = receive_events(sqs, routes["all"].queue_url, expected=11)
    assert len(delivered) == 11
    assert [e["time"] for e in delivered].count("2026-01-01T12:00:00Z") == 1
