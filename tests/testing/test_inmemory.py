"""eventkit.testing.InMemoryEventBridge: PutEvents as AWS answers it, rules, injection, assertions."""

from __future__ import annotations

import json
import os
import re
import sys
import time
from typing import Any

import pytest

from eventkit.errors import BusNotFoundError, PartialPublishError, PatternError, PublishRequestError
from eventkit.publishing import EventBus
from eventkit.testing import InMemoryEventBridge, MotoServer
from tests.publish._events import OrderPlacedV1, OrderPlacedV2, PaymentCapturedV1


def entry(**overrides: Any) -> dict[str, Any]:
    base = {"Source": "shop.orders", "DetailType": "OrderPlaced", "Detail": json.dumps({"a": 1})}
    return {k: v for k, v in {**base, **overrides}.items() if v is not None}


@pytest.mark.parametrize(
    ("overrides", "code", "message"),
    [
        (
            {"Source": None},
            "InvalidArgument",
            "Parameter Source is not valid. Reason: Source is a required argument.",
        ),
        ({"DetailType": ""}, "InvalidArgument", "Parameter DetailType is not valid"),
        ({"Detail": None}, "InvalidArgument", "Parameter Detail is not valid"),
        ({"Detail": "[1, 2]"}, "MalformedDetail", "Detail is malformed."),
        ({"Detail": "{{}"}, "MalformedDetail", "Detail is malformed."),
        ({"Detail": '"text"'}, "MalformedDetail", "Detail is malformed."),
        ({"DetailType": "x" * 129}, "InvalidArgument", "128"),
        ({"Source": "aws.ec2"}, "NotAuthorizedForSourceException", "aws.ec2"),
    ],
)
def test_per_entry_errors_as_putevents(overrides: dict[str, Any], code: str, message: str) -> None:
    bridge = InMemoryEventBridge()
    result = bridge.put_events([entry(), entry(**overrides)])
    assert result.entries[0].ok
    assert (result.entries[1].error_code, result.failed_count) == (code, 1)
    assert message in (result.entries[1].error_message or "")


def test_request_level_errors_as_putevents() -> None:
    bridge = InMemoryEventBridge(max_request_bytes=1000)
    with pytest.raises(PublishRequestError, match="less than or equal to 10") as info:
        bridge.put_events([entry()] * 11)
    assert info.value.error_code == "ValidationException"
    with pytest.raises(
        PublishRequestError, match="Total size of the entries in the request is over the limit"
    ):
        bridge.put_events([entry(Detail=json.dumps({"x": "y" * 990}))])
    with pytest.raises(BusNotFoundError, match=r"Event bus ghost does not exist\."):
        bridge.put_events([entry(EventBusName="ghost")])
    assert bridge.events() == []


def test_envelope_rules_and_bus_arns() -> None:
    bridge = InMemoryEventBridge()
    arn = bridge.create_event_bus("shop")
    seen: list[dict[str, Any]] = []
    bridge.put_rule("all-orders", {"source": ["shop.orders"]}, bus="shop", targets=[seen.append])
    bridge.put_rule("off", {"source": ["shop.orders"]}, bus="shop", state="DISABLED")
    bridge.put_rule("other", {"source": ["shop.payments"]}, bus="shop")
    result = bridge.put_events([entry(EventBusName=arn, Resources=["arn:aws:s3:::b"])])
    event_id = result.entries[0].event_id
    assert event_id is not None
    (event,) = bridge.events(bus="shop")
    assert set(event) == {
        "version",
        "id",
        "detail-type",
        "source",
        "account",
        "time",
        "region",
        "resources",
        "detail",
    }
    assert event["detail"] == {"a": 1}
    assert bridge.matched_rules(event_id) == ("all-orders",)  # DISABLED rules do not match
    assert seen == [event]
    assert bridge.rule("off", bus="shop").deliveries == []


def test_invalid_rules_are_refused() -> None:
    bridge = InMemoryEventBridge()
    with pytest.raises(PatternError, match="must be an object or an array"):
        bridge.put_rule("r", {"source": "shop.orders"})
    with pytest.raises(PatternError, match="rule name"):
        bridge.put_rule("bad name!", {"source": ["x"]})
    with pytest.raises(BusNotFoundError):
        bridge.put_rule("r", {"source": ["x"]}, bus="ghost")


def test_a_failing_target_does_not_fail_putevents() -> None:
    bridge = InMemoryEventBridge()

    def boom(event: dict[str, Any]) -> None:
        raise RuntimeError("handler bug")

    bridge.put_rule("r", {"source": ["shop.orders"]}, targets=[boom])
    assert bridge.put_events([entry()]).entries[0].ok
    ((rule, _event, exc),) = bridge.target_errors
    assert (rule, str(exc)) == ("r", "handler bug")


def test_duplicate_delivery_injection(
    event_bus: EventBus, eventbridge: InMemoryEventBridge
) -> None:
    eventbridge.put_rule("payments", {"source": ["shop.orders"]})
    eventbridge.duplicate_deliveries(times=1)
    event_bus.publish(OrderPlacedV1(order_id="o-1", total_cents=1))
    deliveries = eventbridge.rule("payments").deliveries
    assert len(deliveries) == 2
    assert deliveries[0] is deliveries[1]  # same event id: what idempotent consumers must absorb


def test_entry_failure_injection_by_callable(
    event_bus: EventBus, eventbridge: InMemoryEventBridge
) -> None:
    eventbridge.fail_entries(
        "AccessDeniedException", times=None, match=lambda e: "o-2" in e["Detail"]
    )
    with pytest.raises(PartialPublishError) as info:
        event_bus.publish_batch([OrderPlacedV1(order_id=f"o-{i}", total_cents=i) for i in range(4)])
    assert [(f.index, f.error_code) for f in info.value.failed] == [(2, "AccessDeniedException")]


def test_request_failure_injection(event_bus: EventBus, eventbridge: InMemoryEventBridge) -> None:
    eventbridge.fail_requests("ThrottlingException", times=1)
    with pytest.raises(PublishRequestError) as info:
        event_bus.publish(OrderPlacedV1(order_id="o", total_cents=1))
    assert info.value.retryable
    event_bus.publish(OrderPlacedV1(order_id="o", total_cents=1))
    assert len(eventbridge.events()) == 1


def test_typed_assertions(event_bus: EventBus, eventbridge: InMemoryEventBridge) -> None:
    event_bus.publish(OrderPlacedV1(order_id="o-1", total_cents=5), correlation_id="flow-1")
    event_bus.publish(OrderPlacedV2(order_id="o-1", amount={"cents": 5}))
    assert eventbridge.published(OrderPlacedV1) == [OrderPlacedV1(order_id="o-1", total_cents=5)]
    assert eventbridge.published(OrderPlacedV2)[0].amount == {"cents": 5}
    ((meta, _),) = eventbridge.assert_published(
        OrderPlacedV1(order_id="o-1", total_cents=5), times=1, correlation_id="flow-1"
    )
    assert meta.producer == "test"
    eventbridge.assert_not_published(PaymentCapturedV1)
    with pytest.raises(AssertionError) as info:
        eventbridge.assert_published(OrderPlacedV1(order_id="o-2", total_cents=5))
    assert '"order_id": "o-1"' in str(info.value)
    assert "found 0" in str(info.value)
    with pytest.raises(AssertionError, match="expected no OrderPlacedV1"):
        eventbridge.assert_not_published(OrderPlacedV1)


def test_reset_keeps_rules_and_forgets_events(
    event_bus: EventBus, eventbridge: InMemoryEventBridge
) -> None:
    eventbridge.put_rule("r", {"source": ["shop.orders"]})
    event_bus.publish(OrderPlacedV1(order_id="o", total_cents=1))
    eventbridge.reset()
    assert eventbridge.events() == []
    assert eventbridge.rule("r").deliveries == []
    with pytest.raises(KeyError):
        eventbridge.matched_rules("nope")


@pytest.mark.moto
def test_moto_server_lifecycle() -> None:
    server = MotoServer()
    with server:
        pid = server.pid
        assert pid is not None
        assert server.url.startswith("http://127.0.0.1:")
        server.client("events").create_event_bus(Name="tmp")
        server.reset()
        names = [b["Name"] for b in server.client("events").list_event_buses()["EventBuses"]]
        assert names == ["default"]
    assert server.pid is None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_moto_server_without_moto_installed_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # moto is no dependency of eventkit: a service's test environment may not have it.
    monkeypatch.setitem(sys.modules, "moto", None)  # as if it were not installed
    server = MotoServer(startup_timeout=20)
    started = time.monotonic()
    with pytest.raises(RuntimeError, match=re.escape("pip install 'moto[server]'")):
        server.start()
    assert time.monotonic() - started < 5  # at once, not after the startup timeout
    assert server.pid is None


@pytest.mark.parametrize("module", ["flask", "flask_cors"])
def test_moto_without_its_server_extra_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, module: str
) -> None:
    # `pip install moto` (for its in-process mocks) has no server: the child died on an
    # ImportError and the error was its traceback
    monkeypatch.setitem(sys.modules, module, None)  # as if it were not installed
    server = MotoServer(startup_timeout=20)
    try:
        with pytest.raises(RuntimeError, match=re.escape("pip install 'moto[server]'")):
            server.start()
        assert server.pid is None
    finally:
        server.stop()


def test_moto_server_that_cannot_start_says_why() -> None:
    from eventkit.testing import free_port

    port = free_port()
    server = MotoServer(host="127.0.0.1", port=port, startup_timeout=20)
    server.host = "256.0.0.1"  # an address nothing can bind
    with pytest.raises(RuntimeError, match="did not start"):
        server.start()
    assert server.pid is None
