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

import contextlib
import http.client
import json
import socket
import threading
import uuid

import pytest
from botocore.config import Config

from eventkit.errors import PartialPublishError
from eventkit.publishing import EventBus, RetryPolicy
from eventkit.testing import MotoServer, free_port, provision_bus, receive_events
from eventkit.transports import EventBridgeTransport
from tests.publish._events import OrderPlacedV1
from tests.publish._http import read_request

pytestmark = pytest.mark.moto


class DropThenThrottleEntries:
    """Forwards its first request to moto_server and drops the answer; then answers every
    entry of each later request with ThrottlingException."""

    def __init__(self, moto: MotoServer) -> None:
        self.moto = moto
        self.port = free_port()
        self.forwarded: list[int] = []
        self.later_entries: list[int] = []
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", self.port))
        self._listener.listen(8)
        self._listener.settimeout(30)
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        with contextlib.suppress(OSError):
            conn, _ = self._listener.accept()
            conn.settimeout(10)
            method, path, headers, body = read_request(conn)
            upstream = http.client.HTTPConnection(self.moto.host, self.moto.port, timeout=10)
            upstream.request(method, path, body, headers)
            self.forwarded.append(upstream.getresponse().status)
            upstream.close()
            conn.close()  # the answer never reaches the client
            while True:
                later, _ = self._listener.accept()
                later.settimeout(10)
                with later:
                    entries = json.loads(read_request(later)[3])["Entries"]
                    self.later_entries.append(len(entries))
                    answer = json.dumps(
                        {
                            "FailedEntryCount": len(entries),
                            "Entries": [
                                {
                                    "ErrorCode": "ThrottlingException",
                                    "ErrorMessage": "Rate exceeded",
                                }
                                for _ in entries
                            ],
                        }
                    ).encode()
                    later.sendall(
                        b"HTTP/1.1 200 OK\r\n"
                        b"Content-Type: application/x-amz-json-1.1\r\n"
                        b"Connection: close\r\n"
                        + f"Content-Length: {len(answer)}\r\n\r\n".encode()
                        + answer
                    )

    def close(self) -> None:
        self._listener.close()
        self._thread.join(timeout=5)


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
