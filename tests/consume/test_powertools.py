"""The router composes with Powertools: BatchProcessor, Logger, idempotency (on DynamoDB in
moto_server over HTTP). Powertools keeps its job; the router only routes and parses."""

from __future__ import annotations

import io
import json
import logging
import uuid
from typing import Any

import pytest
from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)

from eventkit.errors import DispatchError
from eventkit.routing import Router, UpcasterRegistry
from eventkit.routing.powertools import batch_handler, correlate_logger, idempotency_key
from eventkit.testing import MotoServer
from tests.consume.events import eb_event, sqs_batch, sqs_record
from tests.consume.models import OrderPlacedV1, order_v1


def poisoned_batch() -> dict[str, Any]:
    bad = eb_event(order_v1(order_id="o-bad"))
    bad["detail"]["data"]["items"] = None
    return sqs_batch(
        sqs_record(eb_event(order_v1(order_id="o-1")), message_id="m1"),
        sqs_record("not json", message_id="m2"),
        sqs_record(bad, message_id="m3"),
        sqs_record(eb_event(order_v1(order_id="o-2")), message_id="m4"),
    )


def test_router_as_the_record_handler_of_powertools_batch_processor() -> None:
    handled: list[str] = []
    router = Router(upcasters=UpcasterRegistry())
    router.on(OrderPlacedV1)(lambda order: handled.append(order.order_id))
    batch = poisoned_batch()

    processor = BatchProcessor(event_type=EventType.SQS)
    response = process_partial_response(
        event=batch, record_handler=router.handle_record, processor=processor, context=None
    )

    assert response == {"batchItemFailures": [{"itemIdentifier": "m2"}, {"itemIdentifier": "m3"}]}
    assert handled == ["o-1", "o-2"]
    # Powertools keeps the exceptions: they are the router's, naming event and field.
    failures = list(processor.fail_messages)
    assert len(failures) == 2
    assert response == router(batch, None)  # the router alone answers the same


def test_batch_handler_is_the_same_lambda_handler_under_powertools() -> None:
    router = Router(upcasters=UpcasterRegistry())
    router.on(OrderPlacedV1)(lambda order: None)
    handler = batch_handler(router)
    batch = poisoned_batch()
    assert handler(batch, None) == router(batch, None)


def test_powertools_logger_logs_the_correlation_id() -> None:
    stream = io.StringIO()
    logger = Logger(service="payments", logger_handler=logging.StreamHandler(stream))
    router = Router(upcasters=UpcasterRegistry())
    correlate_logger(router, logger)

    @router.on(OrderPlacedV1)
    def charge(order: OrderPlacedV1) -> None:
        logger.info("charging", order_id=order.order_id)

    event = eb_event(order_v1(), correlation_id="flow-7")
    router(event, None)
    (line,) = [json.loads(text) for text in stream.getvalue().splitlines()]
    assert line["message"] == "charging"
    assert line["correlation_id"] == "flow-7"
    assert line["event_id"] == event["detail"]["metadata"]["event_id"]
    assert (line["event_source"], line["event_detail_type"]) == ("shop.orders", "OrderPlaced")
    assert line["event_version"] == "1.1.0"


def test_idempotency_key_outside_a_handler() -> None:
    with pytest.raises(DispatchError):
        idempotency_key()


@pytest.mark.moto
def test_powertools_idempotency_on_the_producers_key(moto_server: MotoServer) -> None:
    """A duplicate delivery (same event, redelivered) charges once: Powertools' idempotency,
    keyed on the idempotency key the producer kept the same across retries."""
    table = f"idempotency-{uuid.uuid4().hex[:8]}"
    dynamodb = moto_server.client("dynamodb")
    dynamodb.create_table(
        TableName=table,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    store = DynamoDBPersistenceLayer(table_name=table, boto3_client=dynamodb)
    config = IdempotencyConfig(expires_after_seconds=3600)
    charges: list[str] = []

    # Powertools' decorator is untyped; the function keeps its own signature
    @idempotent_function(  # type: ignore[untyped-decorator]
        data_keyword_argument="key", persistence_store=store, config=config
    )
    def charge_card(*, key: str, order_id: str) -> dict[str, str]:
        charges.append(order_id)
        return {"charged": order_id}

    router = Router(upcasters=UpcasterRegistry())

    @router.on(OrderPlacedV1)
    def on_order(order: OrderPlacedV1) -> dict[str, str]:
        charged: dict[str, str] = charge_card(key=idempotency_key(), order_id=order.order_id)
        return charged

    def lambda_handler(event: dict[str, Any], context: Any) -> Any:
        config.register_lambda_context(context)  # as Powertools asks, in the Lambda handler
        return router(event, context)

    first = eb_event(order_v1(order_id="o-1"), idempotency_key="order-o-1")
    resent = eb_event(order_v1(order_id="o-1"), idempotency_key="order-o-1")  # producer retry
    other = eb_event(order_v1(order_id="o-2"), idempotency_key="order-o-2")
    batch = sqs_batch(
        sqs_record(first, message_id="a"),
        sqs_record(first, message_id="a-again"),  # SQS at-least-once: delivered twice
        sqs_record(resent, message_id="b"),
        sqs_record(other, message_id="c"),
    )
    context = FakeLambdaContext()
    assert lambda_handler(batch, context) == {"batchItemFailures": []}
    assert charges == ["o-1", "o-2"]
    assert lambda_handler(resent, context) == {"charged": "o-1"}  # the stored result
    assert charges == ["o-1", "o-2"]


class FakeLambdaContext:
    function_name = "payments"
    aws_request_id = "req-1"

    def get_remaining_time_in_millis(self) -> int:
        return 30_000
