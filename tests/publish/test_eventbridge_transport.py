"""EventBridgeTransport over real HTTP: moto_server for the happy path and AWS errors, a
tiny local PutEvents server for what moto cannot produce (FailedEntryCount > 0,
throttling, a connection dropped mid-batch). boto3/botocore do the real serialization."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from eventkit.envelope import parse_detail
from eventkit.errors import BusNotFoundError, PartialPublishError, PublishRequestError
from eventkit.publishing import EventBus
from eventkit.testing import MotoServer, provision_bus, receive_events
from eventkit.transports import EventBridgeTransport
from tests.publish._events import OrderPlacedV1, OrderPlacedV2
from tests.publish._fake_put_events import FakePutEvents, bus_on, drop, fail_at, ok_all, throttle


@pytest.fixture
def fake() -> Iterator[FakePutEvents]:
    server = FakePutEvents()
    yield server
    server.close()


def orders(n: int) -> list[OrderPlacedV1]:
    return [OrderPlacedV1(order_id=f"o-{i}", total_cents=i) for i in range(n)]


def test_failed_entries_in_a_200_response_are_resent(fake: FakePutEvents) -> None:
    fake.answers = [fail_at(1, 3), fail_at(0)]
    result = bus_on(fake.url).publish_batch(orders(4))
    assert [d.attempts for d in result.delivered] == [1, 3, 1, 2]
    assert [len(r) for r in fake.requests] == [4, 2, 1]
    assert fake.requests[1] == [fake.requests[0][1], fake.requests[0][3]]  # same entries, same keys


def test_throttling_on_every_request_is_a_request_error(fake: FakePutEvents) -> None:
    fake.answers = [throttle] * 10
    with pytest.raises(PublishRequestError) as info:
        bus_on(fake.url, attempts=3).publish_batch(orders(12))
    err = info.value
    assert (err.error_code, err.retryable) == ("ThrottlingException", True)
    assert len(fake.requests) == 3  # botocore's standard retries of the first request, then stop
    assert [f.error_code for f in err.failed] == ["ThrottlingException"] * 10 + ["NotSent"] * 2
    assert err.delivered == ()


def test_per_entry_throttling_until_attempts_run_out(fake: FakePutEvents) -> None:
    fake.answers = [fail_at(0)] * 5
    with pytest.raises(PartialPublishError) as info:
        bus_on(fake.url).publish_batch(orders(2))
    (failed,) = info.value.failed
    assert (failed.index, failed.attempts, failed.error_code) == (0, 5, "ThrottlingException")
    assert [d.index for d in info.value.delivered] == [1]


def test_connection_dropped_mid_batch(fake: FakePutEvents) -> None:
    fake.answers = [ok_all, drop, drop]
    with pytest.raises(PublishRequestError) as info:
        bus_on(fake.url, attempts=2).publish_batch(orders(25))
    err = info.value
    assert err.maybe_delivered
    assert [d.index for d in err.delivered] == list(range(10))
    assert {f.error_code for f in err.failed[:10]} == {"ConnectionClosedError"}
    assert [f.error_code for f in err.failed[10:]] == ["NotSent"] * 5


def test_unreachable_endpoint() -> None:
    from eventkit.testing import free_port

    with pytest.raises(PublishRequestError) as info:
        bus_on(f"http://127.0.0.1:{free_port()}", attempts=1).publish(orders(1)[0])
    assert info.value.error_code == "EndpointConnectionError"
    assert not info.value.maybe_delivered


def test_client_is_created_once_and_lazily(fake: FakePutEvents) -> None:
    transport = EventBridgeTransport(endpoint_url=fake.url, region_name="us-east-1")
    assert transport._client is None
    client = transport.client
    assert transport.client is client
    transport.close()
    assert transport._client is None


@pytest.mark.moto
def test_publish_to_moto_and_read_envelopes_from_sqs(moto_server: MotoServer) -> None:
    events, sqs = moto_server.client("events"), moto_server.client("sqs")
    routes = provision_bus(
        events,
        sqs,
        "shop-events-e2e",
        {
            "payments-v1": {
                "source": ["shop.orders"],
                "detail": {"metadata": {"version": [{"prefix": "1."}]}},
            },
            "payments-v2": {
                "source": ["shop.orders"],
                "detail": {"metadata": {"version": [{"prefix": "2."}]}},
            },
        },
    )
    bus = EventBus(
        "shop-events-e2e", transport=EventBridgeTransport(client=events), producer="orders"
    )
    batch = [*orders(23), OrderPlacedV2(order_id="o-v2", amount={"cents": 5})]
    result = bus.publish_batch(batch)
    v1 = receive_events(sqs, routes["payments-v1"].queue_url, expected=23)
    v2 = receive_events(sqs, routes["payments-v2"].queue_url, expected=1)
    assert len(v1) == 23
    assert len(v2) == 1
    by_id = {d.event_id: d for d in result.delivered}
    for envelope in v1 + v2:
        meta, data = parse_detail(envelope["detail"])
        delivered = by_id[envelope["id"]]
        assert meta == delivered.metadata
        assert type(delivered.event).model_validate(data) == delivered.event


@pytest.mark.moto
def test_unknown_bus_on_moto(moto_server: MotoServer) -> None:
    bus = EventBus(
        "no-such-bus",
        transport=EventBridgeTransport(client=moto_server.client("events")),
        producer="p",
    )
    with pytest.raises(BusNotFoundError) as info:
        bus.publish(orders(1)[0])
    assert info.value.error_code == "ResourceNotFoundException"
    assert "no-such-bus" in str(info.value)
