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


def test_a_putevents_call_that_may_have_been_processed_is_not_sent_again_in_the_run(
    moto_server: MotoServer, tmp_path: Path
) -> None:
    """A PutEvents call that raised after EventBridge took it (the answer lost: a read
    timeout) was sent again entry by entry in the same run: every event went out twice. Only
    a request refused as a whole before anything was put (over the size limit) is split; any
    other failure leaves its letters in the queue, failed, for a later run."""
    from botocore.exceptions import ReadTimeoutError

    sqs, events = moto_server.client("sqs"), moto_server.client("events")
    events.create_event_bus(Name="redrive-timeout")
    dlq = queue(sqs, "dlq")
    for i in range(3):
        sqs.send_message(QueueUrl=dlq, MessageBody=event_text(detail(f"e-{i}")))
    sent: list[int] = []

    def count_sent(params: dict[str, Any], **_: Any) -> None:
        sent.append(len(params["Entries"]))

    def answer_lost(**_: Any) -> None:
        if len(sent) == 1:  # the first call reached moto_server and was processed
            raise ReadTimeoutError(endpoint_url=moto_server.url)

    events.meta.events.register("provide-client-params.events.PutEvents", count_sent)
    events.meta.events.register("after-call.events.PutEvents", answer_lost)
    target = Target("bus", "redrive-timeout")
    report = redrive(
        sqs,
        dlq,
        target,
        journal=Journal(tmp_path, dlq, target.label),
        events_client=events,
        wait_seconds=0,
    )
    assert sent == [3]  # no second send of these events in this run
    assert (report.received, report.redriven, report.failed) == (3, 0, 3)
    assert count(sqs, dlq) == 3  # kept: a later run sends them (at-least-once)


def test_a_redrive_stopped_by_an_unreadable_queue_keeps_its_report(
    moto_server: MotoServer, tmp_path: Path
) -> None:
    """A receive that raises midway (the queue deleted, permissions revoked) stops the run;
    the error carries the report of what was already redriven instead of losing it."""
    from eventkit.errors import DeadLetterError

    sqs, events = moto_server.client("sqs"), moto_server.client("events")
    events.create_event_bus(Name="redrive-stopped")
    dlq = queue(sqs, "dlq")
    for start in range(0, 12, 6):
        sqs.send_message_batch(
            QueueUrl=dlq,
            Entries=[
                {"Id": str(i), "MessageBody": event_text(detail(f"e-{i}"))}
                for i in range(start, start + 6)
            ],
        )
    receives: list[int] = []

    def queue_gone_at_the_second(params: dict[str, Any], **_: Any) -> None:
        receives.append(1)
        if len(receives) == 2:
            sqs.delete_queue(QueueUrl=dlq)

    sqs.meta.events.register("provide-client-params.sqs.ReceiveMessage", queue_gone_at_the_second)
    target = Target("bus", "redrive-stopped")
    try:
        with pytest.raises(DeadLetterError) as caught:
            redrive(
                sqs,
                dlq,
                target,
                journal=Journal(tmp_path, dlq, target.label),
                events_client=events,
                wait_seconds=0,
            )
    finally:
        sqs.meta.events.unregister(
            "provide-client-params.sqs.ReceiveMessage", queue_gone_at_the_second
        )
    report = caught.value.report
    assert report is not None
    assert (report.received, report.redriven) == (10, 10)
    assert caught.value.queue_url == dlq
    assert report.received == report.redriven + report.failed + report.skipped
