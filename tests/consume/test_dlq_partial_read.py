"""`dlq inspect` and `redrive --dry-run` read every message, or say they did not: a receive
that brings nothing new is not taken as the end while the queue reports unread messages, held
messages are held again however long the read takes, and a read that cannot reach every
message (a FIFO group past its first 10, without deleting) is reported partial, exit 3."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from eventkit.deadletters import Journal, Target, inspect_queue, redrive
from eventkit.errors import EXIT_DELIVERY
from eventkit.testing import MotoServer
from tests.consume.dlq_queues import as_json, cli, count, detail, event_text, queue

pytestmark = pytest.mark.moto


def fill(sqs: Any, queue_url: str, n: int, *, group: str | None = None) -> None:
    for start in range(0, n, 10):
        entries: list[dict[str, Any]] = []
        for i in range(start, min(n, start + 10)):
            entry = {"Id": str(i), "MessageBody": event_text(detail(f"e-{i}"))}
            if group is not None:
                entry |= {"MessageGroupId": group, "MessageDeduplicationId": uuid.uuid4().hex}
            entries.append(entry)
        sqs.send_message_batch(QueueUrl=queue_url, Entries=entries)


def test_a_fifo_group_past_10_is_reported_partial(moto_server: MotoServer) -> None:
    sqs = moto_server.client("sqs")
    dlq = queue(sqs, "dlq", fifo=True)
    fill(sqs, dlq, 25, group="orders")

    result = cli(moto_server, "inspect", dlq, "--format", "json")
    assert result.exit_code == EXIT_DELIVERY, result.output
    report = as_json(result)
    assert (report["received"], report["unread"], report["partial"]) == (10, 15, True)
    assert "partial" in result.stderr
    assert "FIFO" in result.stderr
    result = cli(moto_server, "inspect", dlq)
    assert result.exit_code == EXIT_DELIVERY
    assert "15 more message(s) than were read" in result.stderr

    result = cli(moto_server, "redrive", dlq, "--to-queue", dlq, "--dry-run", "--format", "json")
    assert result.exit_code == EXIT_DELIVERY, result.output
    assert (as_json(result)["redriven"], as_json(result)["unread"]) == (10, 15)
    assert count(sqs, dlq) == 25  # nothing deleted, nothing sent


def test_a_fifo_group_past_10_is_redriven_whole(moto_server: MotoServer, tmp_path: Path) -> None:
    sqs = moto_server.client("sqs")
    dlq = queue(sqs, "dlq", fifo=True)
    inbox = queue(sqs, "inbox", fifo=True)
    fill(sqs, dlq, 25, group="orders")
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
    assert result.exit_code == 0, result.output
    assert (as_json(result)["redriven"], as_json(result)["unread"]) == (25, 0)
    assert count(sqs, inbox) == 25


def test_a_read_longer_than_the_visibility_timeout_reads_everything(
    moto_server: MotoServer,
) -> None:
    sqs = moto_server.client("sqs")
    dlq = queue(sqs, "dlq")
    fill(sqs, dlq, 60)

    def slow(n: int) -> None:  # a read that outlasts the 1 s the messages are held
        time.sleep(0.3)

    report = inspect_queue(sqs, dlq, visibility_timeout=1, wait_seconds=0, progress=slow)
    assert report.received == 60
    assert report.unread == 0
    ids = [m for group in report.groups for m in group.message_ids]
    assert len(set(ids)) == len(ids) == 60
    assert count(sqs, dlq) == 60

    dry = redrive(
        sqs,
        dlq,
        Target("bus", "default"),
        journal=None,
        dry_run=True,
        visibility_timeout=1,
        wait_seconds=0,
        progress=slow,
    )
    assert (dry.received, dry.redriven, dry.unread) == (60, 60, 0)


def test_messages_held_by_another_reader_make_the_read_partial(
    moto_server: MotoServer,
) -> None:
    sqs = moto_server.client("sqs")
    dlq = queue(sqs, "dlq")
    fill(sqs, dlq, 5)
    sqs.receive_message(QueueUrl=dlq, MaxNumberOfMessages=2, VisibilityTimeout=60)
    report = inspect_queue(sqs, dlq, wait_seconds=0)
    assert (report.received, report.unread, report.partial) == (3, 2, True)
    assert json.loads(json.dumps(report.as_json()))["partial"] is True
    # --max stops early by request: not partial.
    report = inspect_queue(sqs, dlq, wait_seconds=0, max_messages=1)
    assert (report.received, report.unread) == (1, 0)


def test_an_unreachable_queue_count_is_not_taken_for_partial(
    moto_server: MotoServer, tmp_path: Path
) -> None:
    sqs = moto_server.client("sqs")
    dlq = queue(sqs, "dlq")
    fill(sqs, dlq, 3)
    target = Target("bus", "default")
    report = redrive(
        sqs,
        dlq,
        target,
        journal=Journal(tmp_path, dlq, target.label),
        events_client=moto_server.client("events"),
        wait_seconds=0,
    )
    assert (report.redriven, report.unread) == (3, 0)
