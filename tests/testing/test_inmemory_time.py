"""A PutEvents entry's `Time` given as ISO 8601 text (what boto3 accepts, and what
`eventkit dlq redrive` sends: the dead event's `time`) is the delivered event's `time`, in
the in-memory EventBridge as on moto_server (and AWS, EVENTBRIDGE_FACTS.md 2.5); it was
replaced by the time of the call."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from datetime import datetime

import pytest

from eventkit.testing import InMemoryEventBridge, MotoServer, provision_bus, receive_events

TIMES = {
    "2022-01-01T00:00:00Z": "2022-01-01T00:00:00Z",
    "2022-01-01T02:30:00+02:00": "2022-01-01T00:30:00Z",
    "2021-06-30T23:59:59.750Z": "2021-06-30T23:59:59Z",
}


def entry(time: str) -> dict[str, str]:
    return {"Source": "shop.orders", "DetailType": "T", "Detail": json.dumps({}), "Time": time}


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


@pytest.fixture
def tokyo(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The process's local time zone is not UTC (a developer's machine)."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


NAIVE = datetime(2022, 1, 1, 0, 0)  # botocore sends a naive datetime as UTC


def test_in_memory_reads_a_naive_datetime_as_utc_as_botocore_does(tokyo: None) -> None:
    bridge = InMemoryEventBridge()
    bridge.put_rule("all", {"source": ["shop.orders"]})
    bridge.put_events([{**entry("x"), "Time": NAIVE}])
    assert bridge.deliveries[-1].event["time"] == "2022-01-01T00:00:00Z"


@pytest.mark.moto
def test_moto_server_agrees_on_a_naive_datetime(moto_server: MotoServer, tokyo: None) -> None:
    events, sqs = moto_server.client("events"), moto_server.client("sqs")
    bus = f"time-{uuid.uuid4().hex[:8]}"
    queue = provision_bus(events, sqs, bus, {"all": {"source": ["shop.orders"]}})["all"]
    put = {**entry("x"), "Time": NAIVE, "EventBusName": bus}
    assert events.put_events(Entries=[put])["FailedEntryCount"] == 0
    (moto_event,) = receive_events(sqs, queue.queue_url, expected=1)
    assert moto_event["time"] == "2022-01-01T00:00:00Z"
