"""`dlq redrive` to a bus: a PutEvents request EventBridge refuses as a whole
(`ValidationException`: the request over the size limit) is sent again entry by entry, so
one oversized event does not hold back the others of its batch: they are delivered, journalled
and deleted; it alone stays in the queue, failed, out of the journal.

moto_server does not enforce the size limit, so a proxy in front of it answers as AWS does
to a request whose entries total `LIMIT` bytes or more (a small limit, to keep the events
small) and passes every other request to moto_server, whose answer comes back unchanged."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread

import pytest

from eventkit.deadletters import Journal, Target, redrive
from eventkit.testing import MotoServer, provision_bus, receive_events
from eventkit.transports.limits import entry_size, within_limit
from tests.consume.dlq_queues import count, detail, event_text, queue

pytestmark = pytest.mark.moto

LIMIT = 4096


class SizeLimitInFront:
    """PutEvents with AWS's request size limit (`LIMIT`) in front of moto_server."""

    def __init__(self, moto: MotoServer) -> None:
        self.put_events: list[int] = []  # entries per PutEvents request
        front = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if self.headers.get("X-Amz-Target") == "AWSEvents.PutEvents":
                    entries = json.loads(body)["Entries"]
                    front.put_events.append(len(entries))
                    if not within_limit(sum(entry_size(e) for e in entries), LIMIT):
                        self.reply(
                            400,
                            b'{"__type": "ValidationException", "message": '
                            b'"Total size of the entries in the request is over the limit."}',
                        )
                        return
                upstream = http.client.HTTPConnection(moto.host, moto.port, timeout=10)
                upstream.request("POST", self.path, body, dict(self.headers))
                response = upstream.getresponse()
                self.reply(response.status, response.read())
                upstream.close()

            def reply(self, status: int, data: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/x-amz-json-1.1")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def size_limit(moto_server: MotoServer) -> Iterator[SizeLimitInFront]:
    front = SizeLimitInFront(moto_server)
    yield front
    front.close()


def test_a_request_refused_whole_is_sent_one_by_one(
    moto_server: MotoServer, size_limit: SizeLimitInFront, tmp_path: Path
) -> None:
    sqs = moto_server.client("sqs")
    events = moto_server.client("events", endpoint_url=size_limit.url)
    bus = "redrive-split"
    inbox = provision_bus(events, sqs, bus, {"inbox": {"source": ["shop.orders"]}})["inbox"]
    dlq = queue(sqs, "dlq")
    big = '{"order_id":"o-big","note":"' + "x" * LIMIT + '"}'
    bodies = [
        event_text(detail("e-0")),
        event_text(detail("e-big", big)),
        event_text(detail("e-2")),
    ]
    for body in bodies:
        sqs.send_message(QueueUrl=dlq, MessageBody=body)

    target = Target("bus", bus)
    report = redrive(
        sqs,
        dlq,
        target,
        journal=Journal(tmp_path, dlq, target.label),
        events_client=events,
        wait_seconds=0,
    )

    assert size_limit.put_events == [3, 1, 1, 1]  # refused whole, then each alone
    assert (report.received, report.redriven, report.failed) == (3, 2, 1)
    (problem,) = report.problems
    assert problem["status"] == "failed"
    assert problem["message_id"] not in Journal(tmp_path, dlq, target.label)
    assert count(sqs, dlq) == 1  # the oversized one stays, for another way out
    delivered = receive_events(sqs, inbox.queue_url, expected=2)
    assert sorted(e["detail"]["metadata"]["event_id"] for e in delivered) == ["e-0", "e-2"]
