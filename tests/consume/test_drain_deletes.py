"""`drain` and the deletes it makes: a message handled but not deleted (a `Failed` entry of
DeleteMessageBatch, or the call raising) comes back after the visibility timeout and is
handled again, so the result says which, and an exception from SQS never loses the counts of
what was already done (docs/consuming.md, "Reading a queue outside Lambda").

The faults are real answers of moto_server: a receipt handle made unknown to it before the
request is sent (SQS answers `ReceiptHandleIsInvalid` for that entry alone), or the queue
deleted while a batch is handled (the delete then raises `QueueDoesNotExist`)."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from eventkit.errors import DrainError, EventkitError
from eventkit.routing import DrainResult, Router, UpcasterRegistry, drain
from eventkit.testing import MotoServer
from tests.consume.events import eb_event
from tests.consume.models import OrderPlacedV1, order_v1

pytestmark = pytest.mark.moto

DELETE_PARAMS = "provide-client-params.sqs.DeleteMessageBatch"


@pytest.fixture
def sqs(moto_server: MotoServer) -> Any:
    return moto_server.client("sqs")


def new_queue(sqs: Any, count: int) -> str:
    url = str(sqs.create_queue(QueueName=f"drain-{uuid.uuid4().hex[:10]}")["QueueUrl"])
    for i in range(count):
        body = json.dumps(eb_event(order_v1(order_id=f"o-{i}")))
        sqs.send_message(QueueUrl=url, MessageBody=body)
    return url


def router(on_order: Callable[[OrderPlacedV1], object] | None = None) -> tuple[Router, list[str]]:
    seen: list[str] = []
    consumer = Router(upcasters=UpcasterRegistry(), name="drained")

    @consumer.on(OrderPlacedV1)
    def handle(order: OrderPlacedV1) -> None:
        seen.append(order.order_id)
        if on_order is not None:
            on_order(order)

    return consumer, seen


def left_in(sqs: Any, url: str) -> int:
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"]) + int(
        attributes["ApproximateNumberOfMessagesNotVisible"]
    )


def assert_adds_up(result: DrainResult) -> None:
    assert result.delivered == result.handled + result.ignored + result.failed
    assert result.deleted == result.handled + result.ignored - len(result.undeleted)


def test_a_failed_delete_entry_is_reported_not_counted_as_deleted(sqs: Any) -> None:
    url = new_queue(sqs, 3)
    consumer, seen = router()
    lost: list[str] = []

    def forget_first_handle(params: dict[str, Any], **_: Any) -> None:
        # SQS no longer knows this receipt handle: it answers a `Failed` entry for it alone
        lost.append(params["Entries"][0]["ReceiptHandle"])
        params["Entries"][0]["ReceiptHandle"] = "unknown-" + uuid.uuid4().hex

    sqs.meta.events.register(DELETE_PARAMS, forget_first_handle)
    try:
        result = drain(consumer, url, sqs_client=sqs, visibility_timeout=1)
    finally:
        sqs.meta.events.unregister(DELETE_PARAMS, forget_first_handle)

    assert (result.delivered, result.handled, result.failed) == (3, 3, 0)
    assert_adds_up(result)
    assert result.deleted == 2
    (undeleted,) = result.undeleted
    assert undeleted.status == "handled"
    assert undeleted.error_code == "ReceiptHandleIsInvalid"
    assert undeleted.message_id not in {o.message_id for o in result.failures}
    assert left_in(sqs, url) == 1

    # ... and it does come back, to be handled a second time: the result said so
    time.sleep(1.2)
    again = drain(consumer, url, sqs_client=sqs)
    assert (again.delivered, again.handled, again.deleted, again.undeleted) == (1, 1, 1, ())
    assert len(seen) == 4
    assert left_in(sqs, url) == 0


def test_an_ignored_message_whose_delete_fails_is_reported_too(sqs: Any) -> None:
    url = new_queue(sqs, 0)
    sqs.send_message(
        QueueUrl=url,
        MessageBody=json.dumps(
            {
                "version": "0",
                "id": "x",
                "source": "shop.other",
                "detail-type": "Unrelated",
                "detail": {},
            }
        ),
    )
    consumer = Router(upcasters=UpcasterRegistry(), unhandled="ignore")

    def forget(params: dict[str, Any], **_: Any) -> None:
        params["Entries"][0]["ReceiptHandle"] = "unknown-" + uuid.uuid4().hex

    sqs.meta.events.register(DELETE_PARAMS, forget)
    try:
        result = drain(consumer, url, sqs_client=sqs)
    finally:
        sqs.meta.events.unregister(DELETE_PARAMS, forget)
    assert (result.delivered, result.ignored, result.deleted) == (1, 1, 0)
    assert [u.status for u in result.undeleted] == ["ignored"]
    assert_adds_up(result)


def test_a_delete_that_raises_stops_the_drain_keeping_what_was_done(sqs: Any) -> None:
    url = new_queue(sqs, 13)  # two batches: 10 are handled and deleted, then 3
    deleted_queue: list[str] = []

    def delete_the_queue_on_the_last(order: OrderPlacedV1) -> None:
        if len(seen) == 13 and not deleted_queue:
            deleted_queue.append(url)
            sqs.delete_queue(QueueUrl=url)  # the delete of this batch raises

    consumer, seen = router(delete_the_queue_on_the_last)
    with pytest.raises(DrainError) as caught:
        drain(consumer, url, sqs_client=sqs)
    error = caught.value
    assert isinstance(error, EventkitError)
    assert error.code == "drain"
    assert error.queue_url == url
    assert error.aws_code == "AWS.SimpleQueueService.NonExistentQueue"
    assert error.__cause__ is not None
    result = error.result
    assert (result.delivered, result.handled, result.batches) == (13, 13, 2)
    assert_adds_up(result)
    assert result.deleted == 10
    assert len(result.undeleted) == 3
    assert {u.error_code for u in result.undeleted} == {"AWS.SimpleQueueService.NonExistentQueue"}


def test_a_receive_that_raises_keeps_the_earlier_batches(sqs: Any) -> None:
    url = new_queue(sqs, 12)
    consumer, _ = router()
    calls: list[str] = []

    def drop_queue_before_second_receive(params: dict[str, Any], **_: Any) -> None:
        calls.append("receive")
        if len(calls) == 2:
            sqs.delete_queue(QueueUrl=url)

    sqs.meta.events.register(
        "provide-client-params.sqs.ReceiveMessage", drop_queue_before_second_receive
    )
    try:
        with pytest.raises(DrainError) as caught:
            drain(consumer, url, sqs_client=sqs)
    finally:
        sqs.meta.events.unregister(
            "provide-client-params.sqs.ReceiveMessage", drop_queue_before_second_receive
        )
    result = caught.value.result
    assert (result.delivered, result.handled, result.deleted, result.batches) == (10, 10, 10, 1)
    assert result.undeleted == ()
    assert_adds_up(result)


def test_a_queue_that_cannot_be_read_at_all_is_a_drain_error_with_nothing_done(
    sqs: Any,
) -> None:
    url = new_queue(sqs, 0)
    consumer, _ = router()
    with pytest.raises(DrainError) as caught:
        drain(consumer, url + "-missing", sqs_client=sqs)
    assert caught.value.result == DrainResult()
    assert caught.value.aws_code == "AWS.SimpleQueueService.NonExistentQueue"


def test_results_add_up_with_their_undeleted_messages(sqs: Any) -> None:
    url = new_queue(sqs, 2)
    consumer, _ = router()
    first = drain(consumer, url, sqs_client=sqs, max_messages=1, batch_size=1)
    second = drain(consumer, url, sqs_client=sqs)
    total = first + second
    assert (total.delivered, total.handled, total.deleted, total.batches) == (2, 2, 2, 2)
    assert total.undeleted == ()


@pytest.mark.parametrize("interrupt", [KeyboardInterrupt, SystemExit])
def test_an_interrupt_in_a_handler_leaves_at_once_and_deletes_nothing_of_its_batch(
    sqs: Any, interrupt: type[BaseException]
) -> None:
    url = new_queue(sqs, 3)

    def stop_on_the_second(order: OrderPlacedV1) -> None:
        if len(seen) == 2:
            raise interrupt

    consumer, seen = router(stop_on_the_second)
    with pytest.raises(interrupt):
        drain(consumer, url, sqs_client=sqs, visibility_timeout=1)
    assert len(seen) == 2  # the third was not handled
    assert left_in(sqs, url) == 3  # the first, handled, comes back with the others


def test_an_empty_short_poll_while_messages_wait_does_not_end_the_drain(sqs: Any) -> None:
    """A short poll asks only some of SQS's servers, so it can answer empty while messages are
    queued. Here the first receive is sent to an empty queue (a real empty answer of moto)
    while the drained queue holds three: the drain must not stop there."""
    url = new_queue(sqs, 3)
    empty = new_queue(sqs, 0)
    consumer, seen = router()
    redirected: list[str] = []

    def first_receive_answers_empty(params: dict[str, Any], **_: Any) -> None:
        if not redirected:
            redirected.append(params["QueueUrl"])
            params["QueueUrl"] = empty

    sqs.meta.events.register(
        "provide-client-params.sqs.ReceiveMessage", first_receive_answers_empty
    )
    try:
        result = drain(consumer, url, sqs_client=sqs)
    finally:
        sqs.meta.events.unregister(
            "provide-client-params.sqs.ReceiveMessage", first_receive_answers_empty
        )
    assert redirected == [url]
    assert (result.delivered, result.handled) == (3, 3)
    assert sorted(seen) == ["o-0", "o-1", "o-2"]
    assert left_in(sqs, url) == 0
    assert_adds_up(result)


def test_an_empty_queue_ends_the_drain_without_a_long_poll(sqs: Any) -> None:
    consumer, _ = router()
    waits: list[int] = []

    def record(params: dict[str, Any], **_: Any) -> None:
        waits.append(params["WaitTimeSeconds"])

    sqs.meta.events.register("provide-client-params.sqs.ReceiveMessage", record)
    try:
        result = drain(consumer, new_queue(sqs, 0), sqs_client=sqs)
    finally:
        sqs.meta.events.unregister("provide-client-params.sqs.ReceiveMessage", record)
    assert result == DrainResult()
    assert waits == [0]  # SQS counts none ready: the empty short poll is trusted
