"""`dlq redrive`'s report adds up whatever PutEvents answers:
``received == redriven + already_redriven + skipped + failed``. A PutEvents response holding
fewer result entries than entries sent (which the API never promises against) leaves each
letter without a result in the queue, counted failed, and out of the journal: it may or may
not have been sent, so a later run sends it again (at-least-once) rather than delete it unseen.

The response is cut after moto_server answered (botocore's `after-call` event): the events
were really put on the bus."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eventkit.deadletters import Journal, Target, redrive
from eventkit.testing import MotoServer
from tests.consume.dlq_queues import count, detail, event_text, queue

pytestmark = pytest.mark.moto


def test_letters_without_a_putevents_result_are_failed_and_kept(
    moto_server: MotoServer, tmp_path: Path
) -> None:
    sqs, events = moto_server.client("sqs"), moto_server.client("events")
    events.create_event_bus(Name="redrive-accounting")
    dlq = queue(sqs, "dlq")
    for i in range(3):
        sqs.send_message(QueueUrl=dlq, MessageBody=event_text(detail(f"e-{i}")))

    def drop_the_last_result(parsed: dict[str, Any], **_: Any) -> None:
        parsed["Entries"] = parsed["Entries"][:-1]

    events.meta.events.register("after-call.events.PutEvents", drop_the_last_result)
    target = Target("bus", "redrive-accounting")
    journal = Journal(tmp_path, dlq, target.label)
    report = redrive(sqs, dlq, target, journal=journal, events_client=events, wait_seconds=0)
    assert report.received == 3
    assert report.received == (
        report.redriven + report.already_redriven + report.skipped + report.failed
    )
    assert (report.redriven, report.failed) == (2, 1)
    (problem,) = report.problems
    assert problem["status"] == "failed"
    assert problem["message_id"] not in Journal(tmp_path, dlq, target.label)
    assert count(sqs, dlq) == 1  # kept for a later run
