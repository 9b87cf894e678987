"""EventBus over the in-memory EventBridge: validation, envelope, chunking, retries, errors."""

from __future__ import annotations

import json
import warnings
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import pytest
from pydantic import model_serializer

from eventkit import Event, EventContract
from eventkit.context import handling
from eventkit.envelope import parse_detail
from eventkit.errors import (
    BusNotFoundError,
    EventTooLargeError,
    EventValidationError,
    PartialPublishError,
    PublishRequestError,
    UnknownEventError,
)
from eventkit.publishing import EventBus, PreparedEvent, RetryPolicy
from eventkit.testing import InMemoryEventBridge
from eventkit.transports import InMemoryTransport, SendResult
from eventkit.transports.limits import entry_size
from tests.publish._events import INCOMING, BlobV1, OrderPlacedV1, OrderPlacedV2, PaymentCapturedV1


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def bus(bridge: InMemoryEventBridge, sleeps: Sleeps) -> EventBus:
    return EventBus(
        "shop-events",
        transport=InMemoryTransport(bridge),
        producer="orders-service",
        retry=RetryPolicy(max_attempts=4, base_delay=0.1, jitter=False, sleep=sleeps),
    )


def orders(n: int) -> list[OrderPlacedV1]:
    return [OrderPlacedV1(order_id=f"o-{i}", total_cents=i) for i in range(n)]


def test_publish_one_event_in_the_envelope(bus: EventBus, bridge: InMemoryEventBridge) -> None:
    bridge.put_rule(
        "payments", {"detail": {"metadata": {"version": [{"prefix": "1."}]}}}, bus="shop-events"
    )
    delivered = bus.publish(OrderPlacedV1(order_id="o-1", total_cents=5))
    (envelope,) = bridge.events()
    assert envelope["id"] == delivered.event_id
    assert (envelope["source"], envelope["detail-type"]) == ("shop.orders", "OrderPlaced")
    meta, data = parse_detail(envelope["detail"])
    assert meta == delivered.metadata
    assert meta.producer == "orders-service"
    assert data == {"order_id": "o-1", "total_cents": 5}
    assert bridge.matched_rules(delivered.event_id) == ("payments",)
    assert delivered.attempts == 1


def test_batch_is_chunked_by_ten_entries(bus: EventBus, bridge: InMemoryEventBridge) -> None:
    result = bus.publish_batch(orders(25))
    assert [len(r) for r in bridge.requests] == [10, 10, 5]
    assert [d.index for d in result.delivered] == list(range(25))
    assert result.ok


def test_batch_is_chunked_by_the_size_formula(bridge: InMemoryEventBridge) -> None:
    bus = EventBus(
        "shop-events", transport=InMemoryTransport(bridge), producer="p", max_request_bytes=262_144
    )
    blobs = [BlobV1(payload="x" * 100_000) for _ in range(5)]
    bus.publish_batch(blobs)
    assert [len(r) for r in bridge.requests] == [2, 2, 1]
    assert all(sum(entry_size(e) for e in r) <= 262_144 for r in bridge.requests)


def test_default_size_limit_is_the_current_aws_limit(bus: EventBus) -> None:
    assert bus.max_request_bytes == 1024 * 1024


def test_oversize_event_is_refused_before_anything_is_sent(
    bus: EventBus, bridge: InMemoryEventBridge
) -> None:
    events: list[Event] = [*orders(3), BlobV1(payload="x" * 1_100_000)]
    with pytest.raises(EventTooLargeError) as info:
        bus.publish_batch(events)
    err = info.value
    assert (err.index, err.limit) == (3, 1024 * 1024)
    assert err.size > 1_100_000
    assert f"{err.size:,} bytes" in str(err)
    assert "1,048,576" in str(err)
    assert bridge.requests == []


def test_event_of_the_wrong_type_is_refused(bus: EventBus, bridge: InMemoryEventBridge) -> None:
    with pytest.raises(UnknownEventError, match=r"events\[1\]"):
        bus.publish_batch([orders(1)[0], {"order_id": "x"}])  # type: ignore[list-item]
    assert bridge.requests == []


def test_mutated_event_fails_validation(bus: EventBus, bridge: InMemoryEventBridge) -> None:
    event = OrderPlacedV1(order_id="o", total_cents=1)
    with pytest.raises(EventValidationError, match="total_cents"):
        event.total_cents = "lots"  # type: ignore[assignment]  # checked as it is set
    event.__dict__["total_cents"] = "lots"  # past that check: publishing still refuses it
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the check must not depend on warning filters
        with pytest.raises(EventValidationError, match="total_cents"):
            bus.publish(event)
    assert bridge.requests == []


def test_full_revalidation_checks_constraints(bridge: InMemoryEventBridge) -> None:
    bus = EventBus("shop-events", transport=InMemoryTransport(bridge), producer="p", validate=True)
    event = OrderPlacedV1.model_construct(order_id="o")  # type: ignore[call-arg]  # total_cents missing
    with pytest.raises(EventValidationError, match="total_cents: Field required"):
        bus.publish(event)
    assert bridge.requests == []


class ListDataV1(Event):
    __contract__: ClassVar[EventContract] = EventContract(
        "shop.x", "ListData", "1.0.0", "", "x/1.0.0.json"
    )
    value: int

    @model_serializer
    def _as_list(self) -> list[int]:
        return [self.value]


class LongTypeV1(Event):
    __contract__: ClassVar[EventContract] = EventContract(
        "shop.x", "T" * 129, "1.0.0", "", "x/1.0.0.json"
    )


class AwsSourceV1(Event):
    __contract__: ClassVar[EventContract] = EventContract(
        "aws.ec2", "X", "1.0.0", "", "x/1.0.0.json"
    )


@pytest.mark.parametrize(
    ("event", "message"),
    [
        (ListDataV1(value=1), "JSON object"),
        (LongTypeV1(), "1-128 characters, got 129"),
        (AwsSourceV1(), "reserved for AWS"),
    ],
)
def test_bad_contracts_are_refused(
    bus: EventBus, bridge: InMemoryEventBridge, event: Event, message: str
) -> None:
    with pytest.raises(EventValidationError, match=message):
        bus.publish(event)
    assert bridge.requests == []


def test_unknown_bus_is_a_clear_error(bridge: InMemoryEventBridge) -> None:
    bus = EventBus("nope", transport=InMemoryTransport(bridge), producer="p")
    with pytest.raises(BusNotFoundError) as info:
        bus.publish_batch(orders(12))
    err = info.value
    assert err.error_code == "ResourceNotFoundException"
    assert err.delivered == ()
    assert [(f.index, f.error_code, f.attempts) for f in err.failed][:1] == [
        (0, "ResourceNotFoundException", 1)
    ]
    assert [(f.error_code, f.attempts) for f in err.failed[10:]] == [("NotSent", 0), ("NotSent", 0)]
    assert "nope" in str(err)


def test_only_retryable_failures_are_resent_with_backoff(
    bus: EventBus, bridge: InMemoryEventBridge, sleeps: Sleeps
) -> None:
    bridge.fail_entries(
        "ThrottlingException", times=2, match={"detail": {"data": {"order_id": ["o-3"]}}}
    )
    result = bus.publish_batch(orders(5))
    assert [d.attempts for d in result.delivered] == [1, 1, 1, 3, 1]
    assert [len(r) for r in bridge.requests] == [5, 1, 1]
    # the idempotency key (the whole Detail) is the same on every attempt
    assert bridge.requests[1][0]["Detail"] == bridge.requests[0][3]["Detail"]
    assert sleeps == [0.1, 0.2]


def test_throttled_on_every_attempt_reports_each_entry(
    bus: EventBus, bridge: InMemoryEventBridge, sleeps: Sleeps
) -> None:
    bridge.fail_entries(
        "ThrottlingException", times=None, match={"detail": {"data": {"total_cents": [1, 2]}}}
    )
    with pytest.raises(PartialPublishError) as info:
        bus.publish_batch(orders(4))
    err = info.value
    assert [d.index for d in err.delivered] == [0, 3]
    assert [(f.index, f.error_code, f.attempts, f.retryable) for f in err.failed] == [
        (1, "ThrottlingException", 4, True),
        (2, "ThrottlingException", 4, True),
    ]
    assert sleeps == [0.1, 0.2, 0.4]
    assert "2 of 4 event(s) not delivered" in str(err)
    assert err.failed[0].metadata.event_id in str(err)


def test_non_retryable_entry_errors_are_not_resent(
    bus: EventBus, bridge: InMemoryEventBridge
) -> None:
    bridge.fail_entries("AccessDeniedException", times=1)
    with pytest.raises(PartialPublishError) as info:
        bus.publish_batch(orders(3))
    (failed,) = info.value.failed
    assert (failed.index, failed.attempts, failed.retryable) == (0, 1, False)
    assert len(bridge.requests) == 1


def test_resend_keeps_event_ids_and_idempotency_keys(
    bus: EventBus, bridge: InMemoryEventBridge
) -> None:
    bridge.fail_entries("InternalFailure", times=None)
    with pytest.raises(PartialPublishError) as info:
        bus.publish_batch(orders(2))
    bridge.clear_failures()
    result = bus.resend(info.value.failed)
    assert [d.metadata for d in result.delivered] == [f.metadata for f in info.value.failed]
    keys = [parse_detail(e["detail"])[0].idempotency_key for e in bridge.events()]
    assert keys == [f.metadata.idempotency_key for f in info.value.failed]


def test_raise_on_failure_false_returns_the_result(
    bus: EventBus, bridge: InMemoryEventBridge
) -> None:
    bridge.fail_entries("AccessDeniedException", times=1)
    result = bus.publish_batch(orders(2), raise_on_failure=False)
    assert not result.ok
    assert [f.index for f in result.failed] == [0]


class FlakyTransport(InMemoryTransport):
    """Fails the n-th request as a whole, like a connection reset after botocore's retries."""

    def __init__(
        self, bridge: InMemoryEventBridge, fail_on: int, maybe_delivered: bool = True
    ) -> None:
        super().__init__(bridge)
        self.calls = 0
        self.fail_on = fail_on
        self.maybe_delivered = maybe_delivered

    def send(self, entries: Sequence[Mapping[str, Any]]) -> SendResult:
        self.calls += 1
        if self.calls == self.fail_on:
            raise PublishRequestError(
                "PutEvents failed: ConnectionClosedError",
                error_code="ConnectionClosedError",
                retryable=True,
                maybe_delivered=self.maybe_delivered,
            )
        return super().send(entries)


def test_network_error_mid_batch_says_what_was_delivered(bridge: InMemoryEventBridge) -> None:
    bus = EventBus("shop-events", transport=FlakyTransport(bridge, fail_on=2), producer="p")
    with pytest.raises(PublishRequestError) as info:
        bus.publish_batch(orders(25))
    err = info.value
    assert type(err) is PublishRequestError
    assert (err.error_code, err.retryable, err.maybe_delivered) == (
        "ConnectionClosedError",
        True,
        True,
    )
    assert [d.index for d in err.delivered] == list(range(10))
    assert [f.error_code for f in err.failed] == ["ConnectionClosedError"] * 10 + ["NotSent"] * 5
    assert all(f.maybe_delivered for f in err.failed[:10])
    assert not any(f.maybe_delivered for f in err.failed[10:])
    assert len(bridge.events()) == 10


def test_concurrent_batches_deliver_everything_in_order(bridge: InMemoryEventBridge) -> None:
    with EventBus(
        "shop-events", transport=InMemoryTransport(bridge), producer="p", max_workers=4
    ) as bus:
        result = bus.publish_batch(orders(95))
    assert [d.index for d in result.delivered] == list(range(95))
    assert sorted(len(r) for r in bridge.requests) == [5] + [10] * 9
    assert len({e["id"] for e in bridge.events()}) == 95


def test_concurrent_request_failure_stops_the_rest(bridge: InMemoryEventBridge) -> None:
    bus = EventBus(
        "shop-events", transport=FlakyTransport(bridge, fail_on=1), producer="p", max_workers=2
    )
    with pytest.raises(PublishRequestError) as info:
        bus.publish_batch(orders(50))
    err = info.value
    assert len(err.delivered) + len(err.failed) == 50
    assert len(bridge.events()) == len(err.delivered)


def test_publish_inside_a_handler_inherits_correlation(
    bus: EventBus, bridge: InMemoryEventBridge
) -> None:
    with handling(INCOMING):
        bus.publish(PaymentCapturedV1(payment_id="p-1", order_id="o-1"))
    ((_meta, _event),) = bridge.published_with_metadata(PaymentCapturedV1)
    assert (_meta.correlation_id, _meta.causation_id) == ("flow-1", "evt-in")


def test_batch_correlation_and_per_event_options(
    bus: EventBus, bridge: InMemoryEventBridge
) -> None:
    prepared = bus.prepare(
        OrderPlacedV2(order_id="o", amount={"cents": 1}),
        idempotency_key="order-o-v2",
        resources=["arn:aws:s3:::b"],
    )
    assert isinstance(prepared, PreparedEvent)
    assert prepared.size == entry_size(prepared.entry)
    bus.publish_batch([*orders(2), prepared], correlation_id="flow-7")
    metas = [parse_detail(e["detail"])[0] for e in bridge.events()]
    assert [m.correlation_id for m in metas[:2]] == ["flow-7", "flow-7"]
    assert metas[2].idempotency_key == "order-o-v2"
    assert bridge.events()[2]["resources"] == ["arn:aws:s3:::b"]


def test_producer_defaults_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "orders-fn")
    assert EventBus("b", transport=InMemoryTransport()).producer == "orders-fn"
    monkeypatch.setenv("EVENTKIT_PRODUCER", "orders-service")
    assert EventBus("b", transport=InMemoryTransport()).producer == "orders-service"


def test_empty_batch_sends_nothing(bus: EventBus, bridge: InMemoryEventBridge) -> None:
    assert bus.publish_batch([]).ok
    assert bridge.requests == []


def test_detail_is_compact_json(bus: EventBus, bridge: InMemoryEventBridge) -> None:
    bus.publish(OrderPlacedV1(order_id="ö", total_cents=1))
    detail = bridge.requests[0][0]["Detail"]
    assert ", " not in detail
    assert json.loads(detail)["data"]["order_id"] == "ö"


class BrokenTransport(InMemoryTransport):
    def __init__(self, bridge: InMemoryEventBridge) -> None:
        super().__init__(bridge)
        self.calls = 0

    def send(self, entries: Sequence[Mapping[str, Any]]) -> SendResult:
        self.calls += 1
        if self.calls == 2:
            raise RuntimeError("bug in a custom transport")
        return super().send(entries)


def test_unexpected_transport_exception_keeps_the_bookkeeping(bridge: InMemoryEventBridge) -> None:
    bus = EventBus("shop-events", transport=BrokenTransport(bridge), producer="p")
    with pytest.raises(PublishRequestError) as info:
        bus.publish_batch(orders(15))
    err = info.value
    assert isinstance(err.__cause__, PublishRequestError)
    assert isinstance(err.__cause__.__cause__, RuntimeError)
    assert (err.error_code, err.maybe_delivered) == ("RuntimeError", True)
    assert [d.index for d in err.delivered] == list(range(10))
    assert [f.index for f in err.failed] == list(range(10, 15))
