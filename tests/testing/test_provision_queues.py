"""`provision_bus` gives every rule a queue of its own that SQS accepts, whatever the bus and
rule names EventBridge allows (`.` in a bus or rule name, long names)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from eventkit.testing import MotoServer, provision_bus, receive_events


@pytest.fixture(scope="module")
def moto() -> Iterator[MotoServer]:
    with MotoServer() as server:
        yield server


def put(events: Any, bus: str, source: str) -> None:
    entry = {"Source": source, "DetailType": "T", "Detail": "{}", "EventBusName": bus}
    assert events.put_events(Entries=[entry])["FailedEntryCount"] == 0


def test_names_with_characters_sqs_refuses_get_queues(moto: MotoServer) -> None:
    bus = "shop.events"
    events, sqs = moto.client("events"), moto.client("sqs")
    rules = {"payments.v1": {"source": ["shop.orders"]}}
    routes = provision_bus(events, sqs, bus, rules)  # CreateQueue: InvalidParameterValue
    put(events, bus, "shop.orders")
    (delivered,) = receive_events(sqs, routes["payments.v1"].queue_url, expected=1)
    assert delivered["source"] == "shop.orders"
    assert provision_bus(events, sqs, bus, rules) == routes  # idempotent: the same queues


def test_rules_of_a_long_bus_name_do_not_share_a_queue(moto: MotoServer) -> None:
    """Names cut at 80 characters were one queue for both rules: each got the other's events."""
    events, sqs = moto.client("events"), moto.client("sqs")
    bus = "b" * 75
    rules = {"payments-v1": {"source": ["one"]}, "payments-v2": {"source": ["two"]}}
    routes = provision_bus(events, sqs, bus, rules)
    assert routes["payments-v1"].queue_url != routes["payments-v2"].queue_url
    put(events, bus, "one")
    put(events, bus, "two")
    for rule, source in (("payments-v1", "one"), ("payments-v2", "two")):
        got = receive_events(sqs, routes[rule].queue_url, expected=1, timeout=2)
        assert [e["source"] for e in got] == [source], json.dumps(got)[:200]
