"""Lambda DLQ messages whose attributes are not as Lambda writes them: the event is still
handled, the odd field is None ("fields Lambda did not record, or recorded with another type
than documented, are None", docs/consuming.md), and no raw exception leaves the router."""

from __future__ import annotations

from typing import Any

import pytest

from eventkit.context import Failure, current_event
from eventkit.routing import Router, UpcasterRegistry
from tests.consume.events import eb_event
from tests.consume.models import OrderPlacedV1, order_v1
from tests.consume.shapes import dlq_attributes, sns_lambda_event, sqs_record

ODD_CODES = ["²", "٣", "9" * 5000, "", "-1", "1e3", " 200"]


@pytest.fixture
def seen() -> list[Failure | None]:
    return []


@pytest.fixture
def router(seen: list[Failure | None]) -> Router:
    router = Router(upcasters=UpcasterRegistry(), unhandled="fail")

    @router.on(OrderPlacedV1)
    def on_order(order: OrderPlacedV1) -> str:
        context = current_event()
        assert context is not None
        seen.append(context.failure)
        return f"handled {order.order_id}"

    return router


@pytest.mark.parametrize("code", ODD_CODES, ids=repr)
def test_an_error_code_that_is_no_status_code_is_none(
    router: Router, seen: list[Failure | None], code: str
) -> None:
    record = sqs_record(eb_event(order_v1()), attributes=dlq_attributes(error_code=code))

    assert router.handle_record(record) == "handled o-1"
    assert router({"Records": [record]}) == {"batchItemFailures": []}
    assert (
        router(sns_lambda_event(eb_event(order_v1()), attributes=dlq_attributes(error_code=code)))
        == "handled o-1"
    )
    assert len(seen) == 3
    for failure in seen:
        assert failure is not None
        assert failure.status_code is None
        assert failure.request_id is not None


def test_a_status_code_is_still_read(router: Router, seen: list[Failure | None]) -> None:
    record = sqs_record(eb_event(order_v1()), attributes=dlq_attributes(error_code="500"))
    assert router.handle_record(record) == "handled o-1"
    assert seen[0] is not None
    assert seen[0].status_code == 500


@pytest.mark.parametrize("attributes", ["RequestID,ErrorCode", ["RequestID", "ErrorCode"], 7])
def test_message_attributes_that_are_no_object_are_ignored(
    router: Router, seen: list[Failure | None], attributes: Any
) -> None:
    record = sqs_record(eb_event(order_v1()))
    record["messageAttributes"] = attributes

    assert router.handle_record(record) == "handled o-1"
    assert router({"Records": [record]}) == {"batchItemFailures": []}
    assert seen == [None, None]
