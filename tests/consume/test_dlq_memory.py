"""`dlq inspect` and `redrive --dry-run` hold every message they read until the end (so that
one pass sees each once), but not its body: memory stays flat as the queue grows, instead of
keeping every message (up to 1 MiB each) and its parsed event, which ran a queue of a few
thousand large events out of memory."""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Callable
from typing import Any

import pytest

from eventkit.deadletters import Target, inspect_queue, redrive
from eventkit.testing import MotoServer
from tests.consume.dlq_queues import count, detail, event_text, queue

pytestmark = pytest.mark.moto

MESSAGES = 150
PAD = "x" * 200_000  # 150 x 200 KB: 30 MB of bodies


def peak_mb(run: Callable[[], Any]) -> tuple[Any, float]:
    tracemalloc.start()
    try:
        result = run()
        return result, tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def test_a_pass_keeps_ids_not_bodies(moto_server: MotoServer) -> None:
    sqs = moto_server.client("sqs")
    dlq = queue(sqs, "dlq-big")
    data = json.dumps({"order_id": "o-1", "pad": PAD})
    for start in range(0, MESSAGES, 5):  # 5 x 200 KB per request: under the 1 MiB limit
        entries = [
            {"Id": str(i), "MessageBody": event_text(detail(f"e-{i}", data))}
            for i in range(start, start + 5)
        ]
        sqs.send_message_batch(QueueUrl=dlq, Entries=entries)

    report, peak = peak_mb(lambda: inspect_queue(sqs, dlq, wait_seconds=0))
    assert report.received == MESSAGES
    assert peak < 20, peak  # it was over 60 MB: every body and its parsed event

    dry, peak = peak_mb(
        lambda: redrive(
            sqs, dlq, Target("bus", "default"), journal=None, dry_run=True, wait_seconds=0
        )
    )
    assert (dry.received, dry.redriven) == (MESSAGES, MESSAGES)
    assert peak < 20, peak
    assert count(sqs, dlq) == MESSAGES  # nothing deleted; all visible again
