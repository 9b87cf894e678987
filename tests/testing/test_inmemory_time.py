"""A PutEvents entry's `Time` given as ISO 8601 text (what boto3 accepts, and what
`eventkit dlq redrive` sends: the dead event's `time`) is the delivered event's `time`, in
the in-memory EventBridge as on moto_server (and AWS, EVENTBRIDGE_FACTS.md 2.5); it was
replaced by the time of the call."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from shop_events.orders import OrderCancelledV1

from eventkit import EventBus
from eventkit.testing import InMemoryEventBridge, MotoServer, build, provision_bus, receive_events
from eventkit.transports import InMemoryTransport

TIMES = {
    "2022-01-01T00:00:00Z": "2022-01-01T00:00:00Z",
    "2022-01-01T02:30:00+02:00": "2022-01-01T00:30:00Z",
    "2021-06-30T23:59:59.750Z": "2021-06-30T23:59:59Z",
}


def entry(when: str) -> dict[str, str]:
    return {"Source": "shop.orders", "DetailType": "T", "Detail": json.dumps({}), "Time": when}


def test_in_memory_delivers_the_given_time() -> None:
    bridge = InMemoryEventBridge()
    bridge.put_rule("all", {"source": ["shop.orders"]})
    for given, delivered in TIMES.items():
        bridge.put_events([entry(given)])
        assert bridge.deliveries[-1].event["time"] == delivered


@pytest.mark.moto
def test_moto_server_agrees(moto_server: MotoServer) -> None:
    events, sqs = moto_server.client("events"), moto_server.client("sqs")
    bus = f"time-{uuid.uuid4().hex[:8]}"
    queue = provision_bus(events, sqs, bus, {"all": {"source": ["shop.orders"]}})["all"]
    bridge = InMemoryEventBridge()
    bridge.create_event_bus(bus)
    bridge.put_rule("all", {"source": ["shop.orders"]}, bus=bus)
    for given in TIMES:
        put = {**entry(given), "EventBusName": bus}
        assert events.put_events(Entries=[put])["FailedEntryCount"] == 0
        (moto_event,) = receive_events(sqs, queue.queue_url, expected=1)
        bridge.put_events([put])
        assert bridge.deliveries[-1].event["time"] == moto_event["time"]


# botocore sends a naive datetime as UTC ("UTC is assumed, not local time") and reads text of
# epoch seconds as such; the bridge read a naive one in the machine's zone, and epoch text as
# "no time" (the time of the call).
GIVEN: dict[str, tuple[dt.datetime | str, str]] = {
    "naive": (dt.datetime(2022, 1, 1, 12, 0), "2022-01-01T12:00:00Z"),
    "aware": (
        dt.datetime(2022, 1, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        "2022-01-01T10:00:00Z",
    ),
    "epoch text": ("1640995200", "2022-01-01T00:00:00Z"),
}


@pytest.mark.usefixtures("away_from_utc")
@pytest.mark.parametrize("name", sorted(GIVEN))
def test_a_time_is_read_as_botocore_sends_it(name: str) -> None:
    given, delivered = GIVEN[name]
    bridge = InMemoryEventBridge()
    bus = EventBus("default", transport=InMemoryTransport(bridge), producer="test")
    if isinstance(given, dt.datetime):
        bus.publish(build(OrderCancelledV1), time=given)
    else:
        bridge.put_events([entry(given)])
    (event,) = bridge.events()
    assert event["time"] == delivered


@pytest.mark.moto
@pytest.mark.usefixtures("away_from_utc")
def test_moto_server_agrees_on_naive_and_epoch_text(moto_server: MotoServer) -> None:
    events, sqs = moto_server.client("events"), moto_server.client("sqs")
    bus = f"time-{uuid.uuid4().hex[:8]}"
    queue = provision_bus(events, sqs, bus, {"all": {"source": ["shop.orders"]}})["all"]
    for name in sorted(GIVEN):
        given, delivered = GIVEN[name]
        put = {**entry("x"), "Time": given, "EventBusName": bus}
        assert events.put_events(Entries=[put])["FailedEntryCount"] == 0
        (moto_event,) = receive_events(sqs, queue.queue_url, expected=1)
        assert moto_event["time"] == delivered, name
