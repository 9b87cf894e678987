"""`dlq redrive` to a bus: a PutEvents request EventBridge refuses as a whole
(`ValidationException`: the request over the size limit) is sent again entry by entry, so
one oversized event does not hold back the others of its batch: they are delivered, journalled
and deleted; it alone stays in the queue, failed, out of the journal.

moto_server does not enforce the size limit, so a proxy in front of it answers as AWS does
to a request whose entries total `LIMIT` bytes or more (a small limit, to keep the events
small) and passes every other request to moto_server, whose answer comes back unchanged."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from eventkit.deadletters import Journal, Target, redrive
from eventkit.testing import MotoServer, provision_bus, receive_events
from eventkit.transports.limits import entry_size, within_limit
from tests.consume.dlq_queues import count, detail, event_text, queue
from tests.publish._http import ProxyInFront, answer, read_request

pytestmark = pytest.mark.moto

LIMIT = 4096
_OVER_THE_LIMIT = (
    b'{"__type": "ValidationException", '
    b'"message": "Total size of the entries in the request is over the limit."}'
)


class SizeLimitInFront(ProxyInFront):
    """PutEvents with AWS's request size limit (`LIMIT`) in front of moto_server."""

    def __init__(self, moto: MotoServer) -> None:
        self.put_events: list[int] = []  # entries per PutEvents request
        super().__init__(moto)

    def serve(self) -> None:
        while True:
            with self.accept() as conn:
                request = read_request(conn)
                headers = {k.lower(): v for k, v in request[2].items()}
                if headers.get("x-amz-target") == "AWSEvents.PutEvents":
                    entries = json.loads(request[3])["Entries"]
                    self.put_events.append(len(entries))
                    if not within_limit(sum(entry_size(e) for e in entries), LIMIT):
                        answer(conn, "400 Bad Request", _OVER_THE_LIMIT)
                        continue
                self.relay(conn, request)


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
