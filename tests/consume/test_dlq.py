"""Issue 14 item 2: `eventkit dlq inspect` and `eventkit dlq redrive` on moto_server, with a
real wiring: events published on a bus, delivered by a rule to the consumer's queue, dead-
lettered (as Lambda does after its last retry) to an SNS topic that feeds the DLQ queue, then
redriven back to the bus and read again by the consumer's router. The Lambda DLQ and
destination record shapes are the documented layouts of tests/consume/shapes.py."""

from __future__ import annotations

import json
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.context import current_event
from eventkit.deadletters import Journal, Target, redrive
from eventkit.errors import EXIT_DELIVERY, EXIT_USAGE
from eventkit.publishing import EventBus
from eventkit.routing import Router, UpcasterRegistry, drain
from eventkit.testing import MotoServer, provision_bus, receive_events
from eventkit.transports.eventbridge import EventBridgeTransport
from tests.consume import shapes
from tests.consume.models import OrderPlacedV1, order_v1

pytestmark = pytest.mark.moto

runner = CliRunner()


class Wiring:
    """bus -> rule -> inbox queue; Lambda's DLQ topic -> DLQ queue (raw delivery or not)."""

    def __init__(self, server: MotoServer, *, raw: bool = True) -> None:
        self.server = server
        self.events, self.sqs, self.sns = (server.client(s) for s in ("events", "sqs", "sns"))
        suffix = uuid.uuid4().hex[:8]
        self.bus_name = f"dlq-{suffix}"
        self.consumer = Router(upcasters=UpcasterRegistry(), name="payments")
        self.handled: list[dict[str, Any]] = []
        self.consumer.on(OrderPlacedV1)(self._on_order)
        queues = provision_bus(
            self.events, self.sqs, self.bus_name, {"inbox": self.consumer.event_pattern()}
        )
        self.inbox = queues["inbox"].queue_url
        self.topic = self.sns.create_topic(Name=f"payments-dlq-{suffix}")["TopicArn"]
        self.dlq = self.sqs.create_queue(QueueName=f"payments-dlq-{suffix}")["QueueUrl"]
        dlq_arn = self.sqs.get_queue_attributes(QueueUrl=self.dlq, AttributeNames=["QueueArn"])[
            "Attributes"
        ]["QueueArn"]
        self.sns.subscribe(
            TopicArn=self.topic,
            Protocol="sqs",
            Endpoint=dlq_arn,
            Attributes={"RawMessageDelivery": "true" if raw else "false"},
        )
        self.bus = EventBus(
            self.bus_name, transport=EventBridgeTransport(client=self.events), producer="orders"
        )

    def _on_order(self, order: OrderPlacedV1) -> None:
        ctx = current_event()
        assert ctx is not None
        self.handled.append(
            {
                "order_id": order.order_id,
                "event_id": ctx.event_id,
                "idempotency_key": ctx.idempotency_key,
                "causation_id": ctx.causation_id,
                "correlation_id": ctx.correlation_id,
            }
        )

    def dead_letter(self, count: int, *, error: str = shapes.ERROR_MESSAGE) -> list[dict[str, Any]]:
        """Publish `count` orders, take them as delivered, and dead-letter them as Lambda does."""
        orders = [order_v1(order_id=f"o-{uuid.uuid4().hex[:6]}") for _ in range(count)]
        for start in range(0, count, 10):
            self.bus.publish_batch(orders[start : start + 10])
        delivered = receive_events(self.sqs, self.inbox, expected=count)
        assert len(delivered) == count
        for event in delivered:
            self.sns.publish(
                TopicArn=self.topic,
                Message=json.dumps(event),
                MessageAttributes={
                    name: {
                        "DataType": "Number" if name == "ErrorCode" else "String",
                        "StringValue": value,
                    }
                    for name, value in shapes.dlq_attributes(message=error).items()
                },
            )
        return delivered

    def visible(self, queue_url: str) -> int:
        attributes = self.sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["All"])[
            "Attributes"
        ]
        return int(attributes["ApproximateNumberOfMessages"]) + int(
            attributes["ApproximateNumberOfMessagesNotVisible"]
        )

    def dlq_cli(self, *args: str) -> tuple[int, str]:
        result = runner.invoke(
            app, ["dlq", *args, "--endpoint-url", self.server.url, "--wait-seconds", "0"]
        )
        return result.exit_code, result.output


@pytest.fixture
def wiring(moto_server: MotoServer) -> Wiring:
    return Wiring(moto_server)


def metadata_of(event: dict[str, Any]) -> dict[str, Any]:
    meta = event["detail"]["metadata"]
    return {k: meta[k] for k in ("event_id", "idempotency_key", "causation_id", "correlation_id")}


def test_inspect_groups_by_type_major_and_error(wiring: Wiring) -> None:
    wiring.dead_letter(3, error="RuntimeError: card declined")
    wiring.dead_letter(1, error="TimeoutError: bank did not answer")
    # A destination record and a Lambda DLQ message sent straight to the queue (SQS DLQ).
    event = json.loads(json.dumps(shapes_event("o-dest")))
    wiring.sqs.send_message(
        QueueUrl=wiring.dlq, MessageBody=json.dumps(shapes.destination_record(event))
    )
    wiring.sqs.send_message(QueueUrl=wiring.dlq, MessageBody=json.dumps({"hello": "world"}))

    code, output = wiring.dlq_cli(
        "inspect", wiring.dlq, "--format", "json", "--router", "tests.consume.sample_router:router"
    )
    assert code == 0, output
    report = json.loads(output)
    assert report["received"] == 6
    groups = {(g["source"], g["detail_type"], g["major"], g["error"]): g for g in report["groups"]}
    # 3 DLQ messages and the destination record (errorType + errorMessage) failed alike.
    declined = groups[("shop.orders", "OrderPlaced", 1, "RuntimeError: card declined")]
    assert (declined["count"], declined["parsed"], declined["invalid"]) == (4, 4, [])
    timeout = groups[("shop.orders", "OrderPlaced", 1, "TimeoutError: bank did not answer")]
    assert timeout["count"] == 1
    [unreadable] = report["unreadable"]
    assert unreadable["reason"] == "unknown-shape"
    assert unreadable["received_keys"] == ["hello"]
    # Nothing was deleted, and everything is visible again.
    assert wiring.visible(wiring.dlq) == 6


def test_inspect_counts_invalid_events_with_their_fields(wiring: Wiring) -> None:
    bad = shapes_event("o-bad")
    bad["detail"]["data"]["items"] = "none"
    wiring.sqs.send_message(
        QueueUrl=wiring.dlq,
        MessageBody=json.dumps(bad),
        MessageAttributes={
            "RequestID": {"DataType": "String", "StringValue": shapes.REQUEST_ID},
            "ErrorCode": {"DataType": "Number", "StringValue": "200"},
            "ErrorMessage": {"DataType": "String", "StringValue": "EventParseError: items"},
        },
    )
    code, output = wiring.dlq_cli(
        "inspect", wiring.dlq, "--format", "json", "--router", "tests.consume.sample_router:router"
    )
    assert code == 0, output
    [group] = json.loads(output)["groups"]
    [invalid] = group["invalid"]
    assert invalid["code"] == "event-parse"
    assert invalid["fields"][0][0] == "detail.data.items"
    code, text = wiring.dlq_cli("inspect", wiring.dlq)
    assert code == 0
    assert "shop.orders/OrderPlaced" in text
    assert "EventParseError: items" in text


@pytest.mark.parametrize("raw", [True, False])
def test_redrive_to_the_bus_and_read_again(
    moto_server: MotoServer, tmp_path: Path, raw: bool
) -> None:
    wiring = Wiring(moto_server, raw=raw)
    originals = wiring.dead_letter(4)
    code, output = wiring.dlq_cli(
        "redrive",
        wiring.dlq,
        "--to-bus",
        wiring.bus_name,
        "--journal",
        str(tmp_path),
        "--format",
        "json",
    )
    assert code == 0, output
    report = json.loads(output)
    assert (report["received"], report["redriven"], report["skipped"], report["failed"]) == (
        4,
        4,
        0,
        0,
    )
    assert wiring.visible(wiring.dlq) == 0
    result = drain(wiring.consumer, wiring.inbox, sqs_client=wiring.sqs)
    assert result.handled == 4
    # The same events: the same event id, idempotency key, causation and correlation.
    by_id = {m["event_id"]: m for m in (metadata_of(e) for e in originals)}
    assert len(wiring.handled) == 4
    for handled in wiring.handled:
        assert {k: handled[k] for k in by_id[handled["event_id"]]} == by_id[handled["event_id"]]
    # The journal, in the folder named, has each message once; nothing written elsewhere.
    [journal] = list(tmp_path.iterdir())
    lines = [json.loads(line) for line in journal.read_text().splitlines()]
    assert len({line["message_id"] for line in lines}) == 4


def test_redrive_to_a_queue(wiring: Wiring, tmp_path: Path) -> None:
    wiring.dead_letter(2)
    code, output = wiring.dlq_cli(
        "redrive", wiring.dlq, "--to-queue", wiring.inbox, "--journal", str(tmp_path)
    )
    assert code == 0, output
    result = drain(wiring.consumer, wiring.inbox, sqs_client=wiring.sqs)
    assert result.handled == 2
    assert all(h["idempotency_key"] for h in wiring.handled)


def test_dry_run_sends_and_deletes_nothing(wiring: Wiring, tmp_path: Path) -> None:
    wiring.dead_letter(3)
    journal = tmp_path / "journal"
    code, output = wiring.dlq_cli(
        "redrive", wiring.dlq, "--to-bus", wiring.bus_name, "--dry-run", "--journal", str(journal)
    )
    assert code == 0, output
    assert "3 would redrive" in output
    assert wiring.visible(wiring.dlq) == 3
    assert receive_events(wiring.sqs, wiring.inbox) == []
    assert not journal.exists()


def test_max_then_the_rest_loses_nothing_and_sends_nothing_twice(
    wiring: Wiring, tmp_path: Path
) -> None:
    originals = wiring.dead_letter(5)
    args = ("redrive", wiring.dlq, "--to-bus", wiring.bus_name, "--journal", str(tmp_path))
    code, output = wiring.dlq_cli(*args, "--max", "2")
    assert code == 0, output
    assert wiring.visible(wiring.dlq) == 3
    code, output = wiring.dlq_cli(*args)
    assert code == 0, output
    delivered = receive_events(wiring.sqs, wiring.inbox, expected=5)
    ids = Counter(e["detail"]["metadata"]["event_id"] for e in delivered)
    assert ids == Counter(e["detail"]["metadata"]["event_id"] for e in originals)


def test_an_interrupted_redrive_resumes_without_sending_twice(
    wiring: Wiring, tmp_path: Path
) -> None:
    originals = wiring.dead_letter(12)  # two batches: 10 + 2
    target = Target("bus", wiring.bus_name)

    def interrupt(count: int) -> None:  # after the first batch was sent, before its delete
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        redrive(
            wiring.sqs,
            wiring.dlq,
            target,
            journal=Journal(tmp_path, wiring.dlq, target.label),
            events_client=wiring.events,
            visibility_timeout=1,
            wait_seconds=0,
            progress=interrupt,
        )
    assert wiring.visible(wiring.dlq) == 12  # nothing deleted yet: nothing lost
    time.sleep(1.5)  # the held messages come back
    code, output = wiring.dlq_cli(
        "redrive",
        wiring.dlq,
        "--to-bus",
        wiring.bus_name,
        "--journal",
        str(tmp_path),
        "--format",
        "json",
    )
    assert code == 0, output
    report = json.loads(output)
    assert (report["redriven"], report["already_redriven"]) == (2, 10)
    assert wiring.visible(wiring.dlq) == 0
    delivered = receive_events(wiring.sqs, wiring.inbox, expected=12)
    ids = Counter(e["detail"]["metadata"]["event_id"] for e in delivered)
    assert ids == Counter(e["detail"]["metadata"]["event_id"] for e in originals)
    assert max(ids.values()) == 1


def test_what_cannot_be_redriven_stays_and_exits_3(wiring: Wiring, tmp_path: Path) -> None:
    wiring.dead_letter(1)
    wiring.sqs.send_message(QueueUrl=wiring.dlq, MessageBody="not json")
    ec2 = shapes_foreign()
    wiring.sqs.send_message(QueueUrl=wiring.dlq, MessageBody=json.dumps(ec2))
    code, output = wiring.dlq_cli(
        "redrive",
        wiring.dlq,
        "--to-bus",
        wiring.bus_name,
        "--journal",
        str(tmp_path),
        "--format",
        "json",
    )
    assert code == EXIT_DELIVERY, output
    report = json.loads(output)
    assert (report["redriven"], report["skipped"]) == (1, 2)
    assert all(p["status"] == "skipped" for p in report["problems"])
    assert wiring.visible(wiring.dlq) == 2  # kept, visible again for the next look


def test_usage_errors(wiring: Wiring, tmp_path: Path) -> None:
    code, output = wiring.dlq_cli("redrive", wiring.dlq)
    assert code == EXIT_USAGE
    code, output = wiring.dlq_cli(
        "redrive", wiring.dlq, "--to-bus", "b", "--to-queue", wiring.inbox
    )
    assert code == EXIT_USAGE
    missing = wiring.dlq.rsplit("/", 1)[0] + "/no-such-queue"
    code, output = wiring.dlq_cli("inspect", missing)
    assert code == EXIT_USAGE
    assert "no-such-queue" in output
    assert "Traceback" not in output
    code, output = wiring.dlq_cli(
        "redrive", missing, "--to-bus", wiring.bus_name, "--journal", str(tmp_path)
    )
    assert code == EXIT_USAGE
    assert "no-such-queue" in output


def shapes_event(order_id: str) -> dict[str, Any]:
    from tests.consume.events import eb_event

    return eb_event(order_v1(order_id=order_id))


def shapes_foreign() -> dict[str, Any]:
    from tests.events import load_event

    return load_event("aws_ec2_instance_state_change")


def test_a_journal_line_cut_short_by_a_crash_is_ignored(tmp_path: Path) -> None:
    journal = Journal(tmp_path, "https://sqs.us-east-1.amazonaws.com/1/dlq", "bus:b")
    journal.record([("m-1", "e-1"), ("m-2", "e-2")])
    with journal.path.open("a") as file:
        file.write('{"message_id": "m-3')  # torn inside the id: m-3 will be sent again
    again = Journal(tmp_path, "https://sqs.us-east-1.amazonaws.com/1/dlq", "bus:b")
    assert "m-1" in again
    assert "m-2" in again
    assert "m-3" not in again
    assert [p.name for p in tmp_path.iterdir()] == [journal.path.name]


def test_a_journal_that_is_a_symlink_is_refused(tmp_path: Path) -> None:
    from eventkit.errors import DeadLetterError

    outside = tmp_path / "outside.txt"
    outside.write_text("")
    folder = tmp_path / "journal"
    first = Journal(folder, "https://sqs.us-east-1.amazonaws.com/1/dlq", "bus:b")
    first.path.symlink_to(outside)
    with pytest.raises(DeadLetterError) as caught:
        Journal(folder, "https://sqs.us-east-1.amazonaws.com/1/dlq", "bus:b")
    assert caught.value.path == str(first.path)
