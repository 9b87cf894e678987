"""An `EventBridgeTransport` given a client keeps using that client after `close()`.

The client is the caller's (its endpoint, region and credentials). A transport shared by two
buses, or reused after `with EventBus(...)`, used to drop it on close and build a default
client on the next send: the events went to the default AWS endpoint instead of the one the
caller chose (here moto_server), or failed to connect.
"""

from __future__ import annotations

import pytest

from eventkit.publishing import EventBus
from eventkit.testing import MotoServer, free_port, provision_bus, receive_events
from eventkit.transports import EventBridgeTransport
from tests.publish._events import OrderPlacedV1

pytestmark = pytest.mark.moto


def test_a_given_client_outlives_close(
    moto_server: MotoServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a default client would go here (nowhere), never to AWS
    monkeypatch.setenv("AWS_ENDPOINT_URL_EVENTS", f"http://127.0.0.1:{free_port()}")
    events, sqs = moto_server.client("events"), moto_server.client("sqs")
    routes = provision_bus(events, sqs, "kept-client", {"all": {"source": ["shop.orders"]}})
    transport = EventBridgeTransport(client=events)

    with EventBus("kept-client", transport=transport, producer="p") as first:
        first.publish(OrderPlacedV1(order_id="o-1", total_cents=1))
    second = EventBus("kept-client", transport=transport, producer="p")
    delivered = second.publish(OrderPlacedV1(order_id="o-2", total_cents=2))

    assert transport.client is events
    received = receive_events(sqs, routes["all"].queue_url, expected=2)
    assert sorted(e["detail"]["data"]["order_id"] for e in received) == ["o-1", "o-2"]
    assert delivered.event_id in {e["id"] for e in received}
