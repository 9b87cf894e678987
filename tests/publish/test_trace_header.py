"""Tracing across the bus: `publish` sends the Lambda's X-Ray trace (`_X_AMZN_TRACE_ID`) as the
entry's `TraceHeader`; an explicit per-event header wins; a malformed environment value is
left out without stopping the event. In memory and against moto_server over HTTP."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from eventkit.errors import EventValidationError
from eventkit.publishing import EventBus
from eventkit.testing import InMemoryEventBridge, MotoServer
from eventkit.transports import EventBridgeTransport, InMemoryTransport
from tests.publish._events import BlobV1, OrderPlacedV1

TRACE = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
OTHER = "Root=1-6745f1de-0c3b9a2f4d5e6f708192a3b0;Parent=5e6f708192a3b4c5;Sampled=0"
ENV = "_X_AMZN_TRACE_ID"


@pytest.fixture
def bridge() -> InMemoryEventBridge:
    return InMemoryEventBridge()


@pytest.fixture
def bus(bridge: InMemoryEventBridge) -> EventBus:
    return EventBus("default", transport=InMemoryTransport(bridge), producer="orders")


def order() -> OrderPlacedV1:
    return OrderPlacedV1(order_id="o-1", total_cents=5)


def sent(bridge: InMemoryEventBridge) -> list[dict[str, Any]]:
    return [entry for request in bridge.requests for entry in request]


def test_the_lambda_trace_goes_on_the_entry(
    bus: EventBus, bridge: InMemoryEventBridge, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, TRACE)
    bus.publish(order())
    assert sent(bridge)[0]["TraceHeader"] == TRACE
    assert bridge.records[0].trace_header == TRACE  # the in-memory EventBridge records it


def test_without_the_variable_there_is_no_trace_header(
    bus: EventBus, bridge: InMemoryEventBridge, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV, raising=False)
    bus.publish(order())
    assert "TraceHeader" not in sent(bridge)[0]
    assert bridge.records[0].trace_header is None


def test_every_event_of_a_batch_carries_it(
    bus: EventBus, bridge: InMemoryEventBridge, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, TRACE)
    bus.publish_batch([OrderPlacedV1(order_id=f"o-{i}", total_cents=i) for i in range(12)])
    assert [e.get("TraceHeader") for e in sent(bridge)] == [TRACE] * 12


def test_each_invocation_uses_its_own_trace(
    bus: EventBus, bridge: InMemoryEventBridge, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lambda sets the variable anew per invocation: it is read at publish time."""
    monkeypatch.setenv(ENV, TRACE)
    bus.publish(order())
    monkeypatch.setenv(ENV, OTHER)
    bus.publish(order())
    monkeypatch.delenv(ENV)
    bus.publish(order())
    assert [e.get("TraceHeader") for e in sent(bridge)] == [TRACE, OTHER, None]


@pytest.mark.parametrize(
    "value",
    [
        "",
        "garbage",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",  # W3C traceparent
        "Root=1-5759e988-bd862e3f;Sampled=1",  # a short trace id
        "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=xyz",
        "Root=1-5759e988-bd862e3fe1be46a994272793; Sampled=1",  # a space
        "Root=1-5759e988-bd862e3fe1be46a994272793;Lineage=" + "a" * 460,  # > 500 characters
        "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1;é=1",
    ],
)
def test_a_malformed_environment_value_is_not_sent_and_the_event_is(
    value: str,
    bus: EventBus,
    bridge: InMemoryEventBridge,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv(ENV, value)
    with caplog.at_level(logging.WARNING, logger="eventkit.publishing"):
        delivered = bus.publish(order())
    assert delivered.event_id
    assert "TraceHeader" not in sent(bridge)[0]
    if value:  # said once, without the value itself
        assert ENV in caplog.text
        assert value not in caplog.text


def test_an_explicit_trace_header_wins_over_the_environment(
    bus: EventBus, bridge: InMemoryEventBridge, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, TRACE)
    bus.publish(order(), trace_header=OTHER)
    bus.publish_batch([bus.prepare(order(), trace_header=OTHER), order()])
    bus.publish(order(), trace_header="")  # "": no trace header at all
    assert [e.get("TraceHeader") for e in sent(bridge)] == [OTHER, OTHER, TRACE, None]


def test_a_malformed_explicit_trace_header_is_refused_before_sending(
    bus: EventBus, bridge: InMemoryEventBridge
) -> None:
    with pytest.raises(EventValidationError) as info:
        bus.publish(order(), trace_header="x" * 600)
    assert info.value.errors()[0]["loc"] == ("trace_header",)
    assert "trace_header" in str(info.value)
    assert bridge.requests == []


@pytest.mark.parametrize("header", [TRACE.encode(), 5, [TRACE]])
def test_an_explicit_trace_header_that_is_no_str_is_refused_before_sending(
    bus: EventBus, bridge: InMemoryEventBridge, header: Any
) -> None:
    # it was a TypeError (len() of a number, bytes split by a str, an unhashable list)
    with pytest.raises(EventValidationError, match="trace_header") as info:
        bus.publish(order(), trace_header=header)
    assert info.value.errors()[0]["loc"] == ("trace_header",)
    assert bridge.requests == []


def test_the_trace_header_does_not_count_toward_the_size(
    bus: EventBus, monkeypatch: pytest.MonkeyPatch
) -> None:
    blob = BlobV1(payload="x" * 100)
    without = bus.prepare(blob, trace_header="", idempotency_key="k", occurred_at="2026-01-01")
    monkeypatch.setenv(ENV, TRACE)
    with_trace = bus.prepare(blob, idempotency_key="k", occurred_at="2026-01-01")
    assert with_trace.entry["TraceHeader"] == TRACE
    assert with_trace.size == without.size


def test_the_in_memory_eventbridge_refuses_a_trace_header_over_500_characters() -> None:
    from eventkit.errors import PublishRequestError

    bridge = InMemoryEventBridge()
    entry = {"Source": "s.x", "DetailType": "T", "Detail": "{}", "TraceHeader": "R" * 501}
    with pytest.raises(PublishRequestError) as info:
        bridge.put_events([entry])
    assert info.value.error_code == "ValidationException"


# -- moto_server over HTTP ------------------------------------------------------------------


class SentEntries:
    """Records each PutEvents body botocore sends (the request still goes to moto_server)."""

    def __init__(self, client: Any) -> None:
        self.entries: list[dict[str, Any]] = []
        client.meta.events.register("before-send.events.PutEvents", self)

    def __call__(self, request: Any, **_: Any) -> None:
        self.entries.extend(json.loads(request.body)["Entries"])


@pytest.fixture
def moto_bus(moto_server: MotoServer) -> Iterator[tuple[EventBus, SentEntries]]:
    client = moto_server.client("events")
    client.create_event_bus(Name="traced")
    recorder = SentEntries(client)
    bus = EventBus("traced", transport=EventBridgeTransport(client=client), producer="orders")
    yield bus, recorder
    client.delete_event_bus(Name="traced")


@pytest.mark.moto
@pytest.mark.parametrize(
    ("value", "expected"),
    [(TRACE, TRACE), (None, None), ("not-a-trace-header", None)],
)
def test_moto_server_accepts_the_trace_header(
    value: str | None,
    expected: str | None,
    moto_bus: tuple[EventBus, SentEntries],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bus, recorder = moto_bus
    if value is None:
        monkeypatch.delenv(ENV, raising=False)
    else:
        monkeypatch.setenv(ENV, value)
    result = bus.publish_batch([order(), order()])
    assert len(result.delivered) == 2
    assert [e.get("TraceHeader") for e in recorder.entries] == [expected, expected]
