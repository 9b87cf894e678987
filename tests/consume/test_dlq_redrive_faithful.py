"""`dlq redrive` republishes the event unchanged, byte for byte: the text it arrived as is
sent (the whole event to a queue, its `detail` as PutEvents' `Detail`), not a re-encoding of
the parsed event (which rounded long numbers to doubles, wrote 1e400 as `Infinity`, and
escaped non-ASCII text to twice its size). An event whose JSON is not strict JSON (`NaN`,
`Infinity`) is left in the queue, reported. A `detail` sent as a JSON string (EventBridge
Scheduler) is read for its major by `inspect`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from eventkit.deadletters import Journal, Target, redrive
from eventkit.errors import EXIT_DELIVERY
from eventkit.testing import MotoServer
from tests.consume import shapes
from tests.consume.dlq_queues import as_json, cli, count, detail, drain, event_text, queue

pytestmark = pytest.mark.moto

DATA = [
    '{"amount":12345678901234567.891}',
    '{"huge":1e400,"tiny":-0.0,"int":123456789012345678901234567890}',
    '{"note":"日本語 ünïcödé \\u00e9 \\"q\\" \\ud83d\\ude00"}',
]


def redrive_to_queue(server: MotoServer, dlq: str, inbox: str, journal: Path) -> Any:
    return cli(server, "redrive", dlq, "--to-queue", inbox, "--journal", str(journal))


def test_to_a_queue_the_body_is_the_event_as_it_arrived(
    moto_server: MotoServer, tmp_path: Path
) -> None:
    sqs = moto_server.client("sqs")
    dlq, inbox = queue(sqs, "dlq"), queue(sqs, "inbox")
    bodies = [event_text(detail(f"e-{i}", data)) for i, data in enumerate(DATA)]
    # Whitespace and member order as some other producer wrote them: kept too.
    bodies.append(" {\n  " + event_text(detail("e-9", '{ "b" : 1.50 , "a" : [ ] }'))[1:] + "\n")
    for body in bodies:
        sqs.send_message(QueueUrl=dlq, MessageBody=body)
    result = redrive_to_queue(moto_server, dlq, inbox, tmp_path)
    assert result.exit_code == 0, result.output
    sent = sorted(m["Body"] for m in drain(sqs, inbox))
    assert sent == sorted(body.strip() for body in bodies)
    assert count(sqs, dlq) == 0


def test_a_cjk_heavy_event_that_fits_in_the_dlq_fits_in_the_target(
    moto_server: MotoServer, tmp_path: Path
) -> None:
    sqs = moto_server.client("sqs")
    dlq, inbox = queue(sqs, "dlq"), queue(sqs, "inbox")
    body = event_text(detail("e-big", '{"note":"' + "日本語" * 100_000 + '"}'))
    assert len(body.encode()) < 1_048_576 < len(json.dumps(json.loads(body)).encode())
    sqs.send_message(QueueUrl=dlq, MessageBody=body)
    result = redrive_to_queue(moto_server, dlq, inbox, tmp_path)
    assert result.exit_code == 0, result.output
    [sent] = drain(sqs, inbox)
    assert sent["Body"] == body


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_json_that_is_not_strict_json_stays_in_the_queue(
    moto_server: MotoServer, tmp_path: Path, constant: str
) -> None:
    sqs = moto_server.client("sqs")
    dlq, inbox = queue(sqs, "dlq"), queue(sqs, "inbox")
    sqs.send_message(
        QueueUrl=dlq, MessageBody=event_text(detail("e-nan", '{"x":' + constant + "}"))
    )
    result = cli(
        moto_server,
        "redrive",
        dlq,
        "--to-queue",
        inbox,
        "--journal",
        str(tmp_path),
        "--format",
        "json",
    )
    assert result.exit_code == EXIT_DELIVERY, result.output
    report = as_json(result)
    assert (report["redriven"], report["skipped"]) == (0, 1)
    assert constant.lstrip("-") in report["problems"][0]["why"]
    assert count(sqs, inbox) == 0
    assert count(sqs, dlq) == 1


def test_through_sns_and_a_destination_record_the_event_text_is_kept(
    moto_server: MotoServer, tmp_path: Path
) -> None:
    sqs, sns = moto_server.client("sqs"), moto_server.client("sns")
    dlq, inbox = queue(sqs, "dlq"), queue(sqs, "inbox")
    topic = sns.create_topic(Name=f"dlq-topic-{Path(dlq).name}")["TopicArn"]
    arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    sns.subscribe(
        TopicArn=topic, Protocol="sqs", Endpoint=arn, Attributes={"RawMessageDelivery": "false"}
    )
    via_sns = event_text(detail("e-sns", DATA[0]))
    sns.publish(
        TopicArn=topic,
        Message=via_sns,
        MessageAttributes={
            name: {
                "DataType": "Number" if name == "ErrorCode" else "String",
                "StringValue": value,
            }
            for name, value in shapes.dlq_attributes().items()
        },
    )
    in_record = event_text(detail("e-dest", DATA[1]))
    record = json.dumps(shapes.destination_record({"placeholder": True}))
    record = record.replace('{"placeholder": true}', in_record)
    sqs.send_message(QueueUrl=dlq, MessageBody=record)
    result = redrive_to_queue(moto_server, dlq, inbox, tmp_path)
    assert result.exit_code == 0, result.output
    assert sorted(m["Body"] for m in drain(sqs, inbox)) == sorted([via_sns, in_record])


def test_to_a_bus_the_detail_is_the_text_as_it_arrived(
    moto_server: MotoServer, tmp_path: Path
) -> None:
    sqs, events = moto_server.client("sqs"), moto_server.client("events")
    dlq = queue(sqs, "dlq")
    bus = f"bus-{Path(dlq).name}"
    events.create_event_bus(Name=bus)
    details = [detail(f"e-{i}", data) for i, data in enumerate(DATA)]
    as_string = detail("e-str")  # EventBridge Scheduler: `detail` is a JSON string
    for text in details:
        sqs.send_message(QueueUrl=dlq, MessageBody=event_text(text))
    sqs.send_message(QueueUrl=dlq, MessageBody=event_text(json.dumps(as_string)))
    sent: list[str] = []

    def capture(params: dict[str, Any], **_: Any) -> None:  # what goes over the wire
        sent.extend(entry["Detail"] for entry in params["Entries"])

    events.meta.events.register("provide-client-params.events.PutEvents", capture)
    target = Target("bus", bus)
    report = redrive(
        sqs,
        dlq,
        target,
        journal=Journal(tmp_path, dlq, target.label),
        events_client=events,
        wait_seconds=0,
    )
    assert (report.redriven, report.skipped, report.failed) == (4, 0, 0)
    assert sorted(sent) == sorted([*details, as_string])
    assert count(sqs, dlq) == 0


def test_inspect_reads_the_major_of_a_detail_sent_as_a_string(moto_server: MotoServer) -> None:
    sqs = moto_server.client("sqs")
    dlq = queue(sqs, "dlq")
    sqs.send_message(QueueUrl=dlq, MessageBody=event_text(detail("e-1")))
    sqs.send_message(QueueUrl=dlq, MessageBody=event_text(json.dumps(detail("e-2"))))
    result = cli(moto_server, "inspect", dlq, "--format", "json")
    assert result.exit_code == 0, result.output
    [group] = as_json(result)["groups"]
    assert (group["major"], group["count"]) == (1, 2)
