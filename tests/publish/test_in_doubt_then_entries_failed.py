"""A PutEvents request whose first attempt reached EventBridge (moto_server) but lost its
answer, retried by botocore, and answered `200` with entries failed (ThrottlingException):
those entries may be on the bus already (the first attempt delivered them), so they are of
unknown outcome (`maybe_delivered`, listed by `.unknown`), never "certainly not delivered".

Reported as certainly not delivered, they would be resent as they are and delivered twice
by a caller who resends only what is safe to resend.

The endpoint is a small TCP proxy in front of moto_server: its first connection is forwarded
to moto_server and dropped before the answer; every later request is answered `200` with
each entry failed by ThrottlingException (what EventBridge answers a throttled entry).
"""

from __future__ import annotations

import json
import uuid

import pytest
from botocore.config import Config

from eventkit.errors import PartialPublishError
from eventkit.publishing import EventBus, RetryPolicy
from eventkit.testing import MotoServer, provision_bus, receive_events
from eventkit.transports import EventBridgeTransport
from tests.publish._events import OrderPlacedV1
from tests.publish._http import ProxyInFront, answer, read_request

pytestmark = pytest.mark.moto


class DropThenThrottleEntries(ProxyInFront):
    """Forwards its first request to moto_server and drops the answer; then answers every
    entry of each later request with ThrottlingException."""

    def __init__(self, moto: MotoServer) -> None:
        self.later_entries: list[int] = []
        super().__init__(moto)

    def serve(self) -> None:
        with self.accept() as first:
            self.forward(first)  # and close: the answer never reaches the client
        while True:
            with self.accept() as later:
                entries = json.loads(read_request(later)[3])["Entries"]
                self.later_entries.append(len(entries))
                throttled = {"ErrorCode": "ThrottlingException", "ErrorMessage": "Rate exceeded"}
                failed = {"FailedEntryCount": len(entries), "Entries": [throttled] * len(entries)}
                answer(later, "200 OK", json.dumps(failed).encode())


@pytest.mark.parametrize("entry_attempts", [1, 3])
def test_entries_failed_after_an_attempt_in_doubt_are_in_doubt(
    moto_server: MotoServer, entry_attempts: int
) -> None:
    name = f"in-doubt-{uuid.uuid4().hex[:8]}"
    routes = provision_bus(
        moto_server.client("events"),
        moto_server.client("sqs"),
        name,
        {f"{name}-all": {"source": ["shop.orders"]}},
    )
    proxy = DropThenThrottleEntries(moto_server)
    transport = EventBridgeTransport(
        endpoint_url=proxy.url,
        region_name="us-east-1",
        config=Config(retries={"mode": "standard", "total_max_attempts": 2}, read_timeout=2),
    )
    bus = EventBus(
        name,
        transport=transport,
        producer="orders",
        retry=RetryPolicy(max_attempts=entry_attempts, jitter=False, sleep=lambda _s: None),
    )
    orders = [OrderPlacedV1(order_id=f"o-{i}", total_cents=i) for i in range(3)]
    try:
        with pytest.raises(PartialPublishError) as info:
            bus.publish_batch(orders)
    finally:
        bus.close()
        proxy.close()
    err = info.value
    assert proxy.forwarded == [200]  # moto_server processed the first attempt
    assert len(proxy.later_entries) == entry_attempts
    assert err.delivered == ()
    assert [f.error_code for f in err.failed] == ["ThrottlingException"] * 3
    assert [f.index for f in err.unknown] == [0, 1, 2]
    on_bus = receive_events(
        moto_server.client("sqs"), routes[f"{name}-all"].queue_url, expected=3, timeout=5
    )
    ids = {f.metadata.event_id for f in err.failed}
    assert {e["detail"]["metadata"]["event_id"] for e in on_bus} == ids  # they were delivered
