"""Dead letters that hold odd events: `dlq redrive` and `dlq inspect` report each one and go
on with the rest, never ending in a traceback (a dead-letter queue holds what consumers could
not read, so anything may be in it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventkit.errors import EXIT_DELIVERY, EXIT_USAGE
from eventkit.testing import MotoServer
from tests.consume.dlq_queues import as_json, cli, count, detail, event_text, queue

pytestmark = pytest.mark.moto


def test_redrive_to_a_bus_skips_an_event_without_detail_and_sends_the_rest(
    moto_server: MotoServer, tmp_path: Path
) -> None:
    sqs, events = moto_server.client("sqs"), moto_server.client("events")
    dlq = queue(sqs, "dlq")
    bus = f"bus-{Path(dlq).name}"
    events.create_event_bus(Name=bus)
    good = event_text(detail("e-good"))
    no_detail = json.loads(good)
    del no_detail["detail"]  # source and detail-type, but nothing PutEvents could send
    sqs.send_message(QueueUrl=dlq, MessageBody=good)
    sqs.send_message(QueueUrl=dlq, MessageBody=json.dumps(no_detail))
    result = cli(
        moto_server, "redrive", dlq, "--to-bus", bus, "--journal", str(tmp_path), "--format", "json"
    )
    assert result.exit_code == EXIT_DELIVERY, result.output
    report = as_json(result)
    assert (report["received"], report["redriven"], report["skipped"]) == (2, 1, 1)
    assert "no 'detail'" in report["problems"][0]["why"]
    assert count(sqs, dlq) == 1  # the event without detail stays, visible again


@pytest.mark.parametrize("version", ["².0.0", "1².0.0", "x.0.0"])
def test_inspect_groups_an_event_whose_major_is_not_ascii_digits_as_no_major(
    moto_server: MotoServer, version: str
) -> None:
    sqs = moto_server.client("sqs")
    dlq = queue(sqs, "dlq")
    odd = detail("e-odd").replace('"version":"1.0.0"', json.dumps({"version": version})[1:-1])
    sqs.send_message(QueueUrl=dlq, MessageBody=event_text(odd))
    result = cli(moto_server, "inspect", dlq, "--format", "json")
    assert result.exit_code == 0, result.output
    [group] = as_json(result)["groups"]
    assert (group["major"], group["count"]) == (None, 1)
    assert count(sqs, dlq) == 1


@pytest.mark.parametrize("spelling", ["same", "localhost"])
def test_redrive_of_a_queue_to_itself_is_refused_before_anything_is_sent(
    moto_server: MotoServer, tmp_path: Path, spelling: str
) -> None:
    # it ran without end: each message sent back was received again as a new one (--max
    # bounds the old behaviour here)
    sqs = moto_server.client("sqs")
    dlq = queue(sqs, "dlq")
    body = event_text(detail("e-loop"))
    sqs.send_message(QueueUrl=dlq, MessageBody=body)
    target = dlq if spelling == "same" else dlq.replace("127.0.0.1", "localhost")
    result = cli(
        moto_server, "redrive", dlq, "--to-queue", target, "--journal", str(tmp_path), "--max", "20"
    )
    assert result.exit_code == EXIT_USAGE, result.output
    assert "to itself" in result.output
    [message] = sqs.receive_message(QueueUrl=dlq, MaxNumberOfMessages=10).get("Messages", [])
    assert message["Body"] == body
