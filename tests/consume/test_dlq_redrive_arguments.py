"""`redrive(...)` called from Python refuses what would break its guarantees before it
receives anything: no journal without `dry_run` (a message would be deleted with nothing
recorded, so an interrupted run could not resume without sending twice), and a target of a
kind it cannot send to (it was sent to as a queue)."""

from __future__ import annotations

import pytest

from eventkit.deadletters import Target, redrive
from eventkit.errors import DeadLetterError
from eventkit.testing import MotoServer
from tests.consume.dlq_queues import count, detail, event_text, queue

pytestmark = pytest.mark.moto


def test_a_redrive_without_a_journal_is_refused_and_touches_nothing(
    moto_server: MotoServer,
) -> None:
    sqs = moto_server.client("sqs")
    dlq, inbox = queue(sqs, "dlq"), queue(sqs, "inbox")
    sqs.send_message(QueueUrl=dlq, MessageBody=event_text(detail("e-1")))
    with pytest.raises(DeadLetterError) as caught:
        redrive(sqs, dlq, Target("queue", inbox), journal=None, wait_seconds=0)
    assert caught.value.queue_url == dlq
    assert (count(sqs, dlq), count(sqs, inbox)) == (1, 0)
    # a dry run needs none: it sends and deletes nothing
    dry = redrive(sqs, dlq, Target("queue", inbox), journal=None, dry_run=True, wait_seconds=0)
    assert (dry.received, dry.redriven) == (1, 1)


def test_a_target_of_another_kind_is_refused(moto_server: MotoServer) -> None:
    sqs = moto_server.client("sqs")
    inbox = queue(sqs, "inbox")
    with pytest.raises(DeadLetterError):
        Target("topic", inbox)  # type: ignore[arg-type]  # was sent to as a queue
    with pytest.raises(DeadLetterError):
        Target("bus", "")
