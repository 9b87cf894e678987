"""`dlq redrive --to-queue X.fifo` deduplicates on the dead-letter message's id, not the
event's: the same event dead-lettered again and redriven again within SQS's 5-minute
deduplication window is enqueued again (with the event id, SQS accepted and dropped it, and
the DLQ message was deleted: the event was lost); a second send of the same dead-letter
message (a re-run with another journal) is still deduplicated."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from eventkit.deadletters import Journal, Target, redrive
from eventkit.testing import MotoServer
from tests.consume.dlq_queues import as_json, cli, count, detail, drain, event_text, queue

pytestmark = pytest.mark.moto


def test_the_same_event_dead_lettered_again_is_redriven_again(
    moto_server: MotoServer, tmp_path: Path
) -> None:
    sqs = moto_server.client("sqs")
    dlq = queue(sqs, "dlq")
    inbox = queue(sqs, "inbox", fifo=True)
    body = event_text(detail("evt-1"))
    args = ("redrive", dlq, "--to-queue", inbox, "--journal", str(tmp_path), "--format", "json")

    first = sqs.send_message(QueueUrl=dlq, MessageBody=body)["MessageId"]
    result = cli(moto_server, *args)
    assert result.exit_code == 0, result.output
    # The consumer fails again: the same event is dead-lettered again, as a new message.
    second = sqs.send_message(QueueUrl=dlq, MessageBody=body)["MessageId"]
    result = cli(moto_server, *args)
    assert result.exit_code == 0, result.output
    assert as_json(result)["redriven"] == 1
    assert count(sqs, dlq) == 0
    sent = drain(sqs, inbox)
    assert len(sent) == 2  # both redrives enqueued it: nothing dropped as a duplicate
    assert [m["Attributes"]["MessageDeduplicationId"] for m in sent] == [first, second]


def test_the_same_dead_letter_sent_twice_is_deduplicated(
    moto_server: MotoServer, tmp_path: Path
) -> None:
    sqs = moto_server.client("sqs")
    dlq = queue(sqs, "dlq")
    inbox = queue(sqs, "inbox", fifo=True)
    message_id = sqs.send_message(QueueUrl=dlq, MessageBody=event_text(detail("evt-2")))[
        "MessageId"
    ]
    target = Target("queue", inbox)

    def interrupt(count: int) -> None:  # sent and journalled, not deleted
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        redrive(
            sqs,
            dlq,
            target,
            journal=Journal(tmp_path / "a", dlq, target.label),
            visibility_timeout=1,
            wait_seconds=0,
            progress=interrupt,
        )
    time.sleep(1.5)  # the held message comes back
    # Another journal folder: the run does not know it was sent, and sends it again.
    report = redrive(
        sqs, dlq, target, journal=Journal(tmp_path / "b", dlq, target.label), wait_seconds=0
    )
    assert (report.redriven, report.failed, report.unread) == (1, 0, 0)
    [sent] = drain(sqs, inbox)  # SQS dropped the second send: the same dead letter
    assert sent["Attributes"]["MessageDeduplicationId"] == message_id
    assert count(sqs, dlq) == 0
