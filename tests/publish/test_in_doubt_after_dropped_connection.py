"""A PutEvents request whose first attempt reached EventBridge (moto_server) but whose answer
never came back, retried by botocore until a later attempt failed in a way that on its own says
"not sent" (connection refused) or "not processed" (throttling): every entry is in doubt
(`maybe_delivered`, listed by `.unknown`), because the events are on the bus. Reported as
certainly not delivered, they would be resent as they are and delivered twice.

The endpoint is a small TCP proxy in front of moto_server, over real HTTP: its first
connection is forwarded to moto_server and then dropped (or stalled past the client's read
timeout) before the answer; after that it refuses connections or answers ThrottlingException.
"""

from __future__ import annotations

import json
import socket
import uuid
from typing import Literal

import pytest
from botocore.config import Config

from eventkit.errors import PublishRequestError
from eventkit.publishing import EventBus
from eventkit.testing import MotoServer, free_port, provision_bus, receive_events
from eventkit.transports import EventBridgeTransport
from tests.publish._events import OrderPlacedV1
from tests.publish._http import ProxyInFront, answer, read_request

pytestmark = pytest.mark.moto

First = Literal["drop", "stall"]
Then = Literal["refuse", "throttle"]

_THROTTLED = json.dumps({"__type": "ThrottlingException", "message": "Rate exceeded"}).encode()


class FlakyProxy(ProxyInFront):
    """Forwards its first request to moto_server and loses the answer; then `then`."""

    def __init__(self, moto: MotoServer, first: First, then: Then) -> None:
        self.first, self.then = first, then
        self.later_requests = 0
        self._held: list[socket.socket] = []
        super().__init__(moto)

    def serve(self) -> None:
        conn = self.accept()
        if self.then == "refuse":
            self.stop_listening()
        self.forward(conn)
        if self.first == "drop":
            conn.close()  # the answer never reaches the client
        else:
            self._held.append(conn)  # no answer until the client gives up
        while self.then == "throttle":
            with self.accept() as later:
                read_request(later)
                self.later_requests += 1
                answer(later, "400 Bad Request", _THROTTLED)

    def close(self) -> None:
        super().close()
        for conn in self._held:
            conn.close()


@pytest.fixture
def shop_bus(moto_server: MotoServer) -> tuple[str, str]:
    """A fresh bus with a rule sending everything of shop.orders to a queue."""
    name = f"in-doubt-{uuid.uuid4().hex[:8]}"
    routes = provision_bus(
        moto_server.client("events"),
        moto_server.client("sqs"),
        name,
        {f"{name}-all": {"source": ["shop.orders"]}},
    )
    return name, routes[f"{name}-all"].queue_url


def _bus(name: str, url: str, *, attempts: int = 3) -> EventBus:
    transport = EventBridgeTransport(
        endpoint_url=url,
        region_name="us-east-1",
        config=Config(
            retries={"mode": "standard", "total_max_attempts": attempts},
            connect_timeout=2,
            read_timeout=1,
        ),
    )
    return EventBus(name, transport=transport, producer="orders")


def _orders(n: int) -> list[OrderPlacedV1]:
    return [OrderPlacedV1(order_id=f"o-{i}", total_cents=i) for i in range(n)]


@pytest.mark.parametrize(
    ("first", "then", "final"),
    [
        ("drop", "refuse", "EndpointConnectionError"),
        ("stall", "refuse", "EndpointConnectionError"),
        ("drop", "throttle", "ThrottlingException"),
        ("stall", "throttle", "ThrottlingException"),
    ],
)
def test_entries_are_in_doubt_when_an_earlier_attempt_may_have_been_processed(
    moto_server: MotoServer, shop_bus: tuple[str, str], first: First, then: Then, final: str
) -> None:
    name, queue_url = shop_bus
    proxy = FlakyProxy(moto_server, first, then)
    bus = _bus(name, proxy.url, attempts=2)
    try:
        with pytest.raises(PublishRequestError) as info:
            bus.publish_batch(_orders(3))
    finally:
        bus.close()
        proxy.close()
    err = info.value
    assert proxy.forwarded == [200]  # moto_server processed the first attempt
    assert err.error_code == final
    assert err.maybe_delivered
    assert [f.index for f in err.unknown] == [0, 1, 2]
    assert all(f.maybe_delivered for f in err.failed)
    assert "may have been processed" in str(err)
    if then == "throttle":
        assert proxy.later_requests == 1
    on_bus = receive_events(moto_server.client("sqs"), queue_url, expected=3, timeout=5)
    ids = {f.metadata.event_id for f in err.failed}
    assert {e["detail"]["metadata"]["event_id"] for e in on_bus} == ids  # they were delivered


def test_a_request_that_never_connected_is_certainly_not_delivered() -> None:
    """Connection refused on every attempt: nothing was sent, the entries can be resent."""
    bus = _bus("shop-events", f"http://127.0.0.1:{free_port()}", attempts=2)
    with pytest.raises(PublishRequestError) as info:
        bus.publish_batch(_orders(2))
    bus.close()
    assert info.value.error_code == "EndpointConnectionError"
    assert not info.value.maybe_delivered
    assert info.value.unknown == ()
    assert [f.maybe_delivered for f in info.value.failed] == [False, False]


def test_in_doubt_is_per_request_not_carried_over(
    moto_server: MotoServer, shop_bus: tuple[str, str]
) -> None:
    """After a request in doubt, the next request on the same transport that never connects
    is certainly not delivered again: the doubt belongs to the request it arose in."""
    name, _ = shop_bus
    proxy = FlakyProxy(moto_server, "drop", "refuse")
    bus = _bus(name, proxy.url, attempts=2)
    try:
        with pytest.raises(PublishRequestError) as first:
            bus.publish(_orders(1)[0])
        with pytest.raises(PublishRequestError) as second:
            bus.publish(_orders(1)[0])
    finally:
        bus.close()
        proxy.close()
    assert first.value.maybe_delivered
    assert not second.value.maybe_delivered


def test_a_client_passed_in_is_watched_too(
    moto_server: MotoServer, shop_bus: tuple[str, str]
) -> None:
    name, _ = shop_bus
    proxy = FlakyProxy(moto_server, "drop", "refuse")
    client = moto_server.client(
        "events",
        endpoint_url=proxy.url,
        config=Config(retries={"mode": "standard", "total_max_attempts": 2}, connect_timeout=2),
    )
    bus = EventBus(name, transport=EventBridgeTransport(client=client), producer="orders")
    try:
        with pytest.raises(PublishRequestError) as info:
            bus.publish_batch(_orders(2))
    finally:
        bus.close()
        proxy.close()
    assert info.value.error_code == "EndpointConnectionError"
    assert [f.maybe_delivered for f in info.value.failed] == [True, True]
