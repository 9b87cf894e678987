"""Issue 14 item 3: in a batch from a FIFO queue, a message group stops at its first failure;
that message and every later one of its group are reported failed (the later ones unhandled),
other groups go on (Powertools' `SqsFifoPartialProcessor(skip_group_on_error=True)`), in
Powertools' `batch_handler` and in the router's own batch processing alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from eventkit.routing import Router, UpcasterRegistry
from eventkit.routing.powertools import batch_handler
from tests.consume import shapes
from tests.consume.events import eb_event
from tests.consume.models import OrderPlacedV1, order_v1


def make_router(handled: list[str]) -> Router:
    router = Router(upcasters=UpcasterRegistry())

    @router.on(OrderPlacedV1)
    def on_order(order: OrderPlacedV1) -> None:
        if order.order_id == "a2":
            raise RuntimeError("no stock")
        handled.append(order.order_id)

    return router


def fifo_batch(*messages: tuple[str, str]) -> dict[str, Any]:
    return {
        "Records": [
            shapes.sqs_record(
                eb_event(order_v1(order_id=order_id)), message_id=order_id, group=group
            )
            for group, order_id in messages
        ]
    }


Entry = Callable[[Router], Callable[[dict[str, Any], Any], dict[str, Any]]]
ENTRIES: dict[str, Entry] = {
    "router": lambda router: router,
    "batch_handler": batch_handler,
}


@pytest.mark.parametrize("entry", list(ENTRIES))
def test_two_groups_the_second_message_of_one_fails(entry: str) -> None:
    handled: list[str] = []
    handler = ENTRIES[entry](make_router(handled))
    batch = fifo_batch(("A", "a1"), ("B", "b1"), ("A", "a2"), ("B", "b2"), ("A", "a3"), ("B", "b3"))
    response = handler(batch, None)
    assert response == {"batchItemFailures": [{"itemIdentifier": "a2"}, {"itemIdentifier": "a3"}]}
    assert handled == ["a1", "b1", "b2", "b3"]  # a3 never ran; group B went on


@pytest.mark.parametrize("entry", list(ENTRIES))
def test_a_standard_queue_batch_fails_only_the_bad_message(entry: str) -> None:
    handled: list[str] = []
    handler = ENTRIES[entry](make_router(handled))
    batch = {
        "Records": [
            shapes.sqs_record(eb_event(order_v1(order_id=order_id)), message_id=order_id)
            for order_id in ("a1", "a2", "a3")
        ]
    }
    assert handler(batch, None) == {"batchItemFailures": [{"itemIdentifier": "a2"}]}
    assert handled == ["a1", "a3"]


def test_an_unreadable_message_stops_its_group_too() -> None:
    handled: list[str] = []
    handler = batch_handler(make_router(handled))
    batch = fifo_batch(("A", "a1"), ("B", "b1"), ("A", "a4"))
    batch["Records"][0]["body"] = "not json"
    response = handler(batch, None)
    assert response == {"batchItemFailures": [{"itemIdentifier": "a1"}, {"itemIdentifier": "a4"}]}
    assert handled == ["b1"]


FIFO_ARN = "arn:aws:sqs:us-east-1:123456789012:orders.fifo"


def fifo_records(
    *messages: tuple[str | None, str], attributes_none: bool = False
) -> dict[str, Any]:
    """Records of a `.fifo` queue; group None is a record without `MessageGroupId` (or, with
    `attributes_none`, with `attributes: null`)."""
    records = []
    for group, order_id in messages:
        record = shapes.sqs_record(
            eb_event(order_v1(order_id=order_id)), message_id=order_id, group=group
        )
        record["eventSourceARN"] = FIFO_ARN
        if group is None and attributes_none:
            record["attributes"] = None
        records.append(record)
    return {"Records": records}


def failed_ids(response: dict[str, Any]) -> list[str]:
    return [item["itemIdentifier"] for item in response["batchItemFailures"]]


@pytest.mark.parametrize("attributes_none", [False, True], ids=["no-group", "attributes-null"])
@pytest.mark.parametrize("entry", list(ENTRIES))
def test_a_record_of_unknown_group_waits_for_an_earlier_failure(
    entry: str, attributes_none: bool
) -> None:
    # "x1" has no group: it may be of group A, whose a2 failed, so handling it would reorder A
    handled: list[str] = []
    handler = ENTRIES[entry](make_router(handled))
    batch = fifo_records(("A", "a1"), ("A", "a2"), (None, "x1"), attributes_none=attributes_none)
    assert failed_ids(handler(batch, None)) == ["a2", "x1"]
    assert handled == ["a1"]


@pytest.mark.parametrize("attributes_none", [False, True], ids=["no-group", "attributes-null"])
@pytest.mark.parametrize("entry", list(ENTRIES))
def test_a_failed_record_of_unknown_group_holds_back_every_later_record(
    entry: str, attributes_none: bool
) -> None:
    # "a2" has no group and fails: the later records may be of its group, so none is handled
    handled: list[str] = []
    handler = ENTRIES[entry](make_router(handled))
    batch = fifo_records(
        ("B", "b1"),
        (None, "a2"),
        ("A", "a3"),
        ("B", "b2"),
        (None, "x1"),
        attributes_none=attributes_none,
    )
    response = handler(batch, None)
    assert failed_ids(response) == ["a2", "a3", "b2", "x1"]
    assert handled == ["b1"]


def test_unknown_group_records_are_handled_while_nothing_failed() -> None:
    handled: list[str] = []
    router = make_router(handled)
    batch = fifo_records((None, "x1"), ("A", "a1"), (None, "x2"), attributes_none=True)
    assert router(batch, None) == {"batchItemFailures": []}
    assert handled == ["x1", "a1", "x2"]


def test_the_message_says_why_a_record_of_unknown_group_went_back() -> None:
    router = make_router([])
    result = router.process_batch(fifo_records(("A", "a2"), (None, "x1")))
    (_, skipped) = result.failures
    assert skipped.message_id == "x1"
    assert skipped.error is not None
    assert "group is unknown (no attributes.MessageGroupId)" in str(skipped.error)
    assert "FIFO group A failed" in str(skipped.error)


@pytest.mark.parametrize("entry", list(ENTRIES))
def test_a_standard_fair_queue_with_message_groups_keeps_no_order(entry: str) -> None:
    """A standard queue's messages carry a MessageGroupId when it is a fair queue: the queue
    (its ARN) decides, so a failure does not send the rest of its group back, which a FIFO
    batch would do (each of them then handled again, and again delayed, for no order kept)."""
    handled: list[str] = []
    handler = ENTRIES[entry](make_router(handled))
    batch = fifo_batch(("A", "a1"), ("A", "a2"), ("A", "a3"))
    for record in batch["Records"]:
        record["eventSourceARN"] = "arn:aws:sqs:us-east-1:123456789012:payments-inbox"
    response = handler(batch, None)
    assert failed_ids(response) == ["a2"]
    assert handled == ["a1", "a3"]
