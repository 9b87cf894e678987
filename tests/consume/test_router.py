"""Router: typed dispatch of direct EventBridge events and SQS batches, bad input, context."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
from datetime import UTC, datetime
from typing import Any

import pytest

from eventkit.context import EventContext, current_event
from eventkit.envelope import Metadata, new_metadata, read_envelope, read_envelope_fields
from eventkit.errors import (
    DispatchError,
    EventParseError,
    HandlerError,
    RoutingError,
    UnroutableEventError,
)
from eventkit.routing import Router, UpcasterRegistry
from tests.consume.events import eb_event, envelope, sqs_batch, sqs_record
from tests.consume.models import (
    EC2InstanceStateChangeNotification,
    Money,
    OrderCancelledV1,
    OrderPlacedV1,
    OrderPlacedV2,
    OrderPlacedV3,
    PaymentCapturedV1,
    contract,
    order_v1,
)


@pytest.fixture
def router() -> Router:
    return Router(upcasters=UpcasterRegistry(), unhandled="log", name="test-router")


def test_direct_event_reaches_its_typed_handler(router: Router) -> None:
    received: list[OrderPlacedV1] = []

    @router.on(OrderPlacedV1)
    def on_order(order: OrderPlacedV1) -> str:
        received.append(order)
        return f"charged {order.order_id}"

    assert router(eb_event(order_v1()), None) == "charged o-1"
    assert received == [order_v1()]
    assert isinstance(received[0], OrderPlacedV1)


def test_handler_sees_the_envelope_metadata_and_only_while_it_runs(router: Router) -> None:
    seen: list[EventContext | None] = []
    lambda_context = object()

    @router.on(OrderPlacedV1)
    def on_order(order: OrderPlacedV1) -> None:
        seen.append(current_event())

    event = eb_event(order_v1(), producer="orders-service", correlation_id="corr-1")
    router(event, lambda_context)
    (ctx,) = seen
    meta = event["detail"]["metadata"]
    assert ctx is not None
    assert ctx.event_id == meta["event_id"]
    assert (ctx.source, ctx.detail_type, ctx.version) == ("shop.orders", "OrderPlaced", "1.1.0")
    assert ctx.correlation_id == "corr-1"
    assert ctx.idempotency_key == meta["idempotency_key"]
    assert ctx.producer == "orders-service"
    assert ctx.occurred_at == meta["occurred_at"]
    assert ctx.raw is event
    assert ctx.lambda_context is lambda_context
    assert current_event() is None


def test_the_context_read_on_the_fast_path_is_the_envelope_field_by_field(
    router: Router,
) -> None:
    # The router keeps `detail.metadata` as a plain tuple in `Metadata`'s field order.
    seen: list[EventContext | None] = []

    @router.on(OrderPlacedV1)
    def on_order(order: OrderPlacedV1) -> None:
        seen.append(current_event())

    event = eb_event(order_v1(), producer="orders-service", correlation_id="corr-1")
    event["detail"]["metadata"]["causation_id"] = "cause-1"
    router(event)
    (ctx,) = seen
    meta = Metadata.from_dict(event["detail"]["metadata"])
    assert ctx is not None
    assert (
        ctx.event_id,
        ctx.version,
        ctx.occurred_at,
        ctx.producer,
        ctx.correlation_id,
        ctx.causation_id,
        ctx.idempotency_key,
    ) == meta[:7]
    fields = read_envelope_fields(event["detail"])
    assert fields is not None
    assert read_envelope(event["detail"]) == (Metadata._make(fields[0]), *fields[1:])


def test_a_publish_inside_a_handler_inherits_correlation_and_records_causation(
    router: Router,
) -> None:
    children = []

    @router.on(OrderPlacedV1)
    def on_order(order: OrderPlacedV1) -> None:
        payment = PaymentCapturedV1(
            payment_id="p-1",
            order_id=order.order_id,
            amount=Money(amount_cents=2550, currency="EUR"),
            captured_at=datetime(2026, 11, 26, 14, 0, tzinfo=UTC),
        )
        children.append(new_metadata(payment, producer="payments"))

    event = eb_event(order_v1(), correlation_id="flow-42")
    router(event, None)
    (child,) = children
    assert child.correlation_id == "flow-42"
    assert child.causation_id == event["detail"]["metadata"]["event_id"]


def test_fast_context_construction_equals_the_dataclass(router: Router) -> None:
    # The router builds the context lazily: what a handler gets is a real, frozen EventContext,
    # equal to one constructed normally, and the same object however often it asks.
    seen: list[EventContext | None] = []

    @router.on(OrderPlacedV1)
    def on_order(order: OrderPlacedV1) -> None:
        seen.extend([current_event(), current_event()])

    event = eb_event(order_v1(), causation_id="cause-1")
    router(event, "lambda-ctx")
    ctx, again = seen
    meta = event["detail"]["metadata"]
    assert type(ctx) is EventContext
    assert ctx is again
    assert ctx == EventContext(
        event_id=meta["event_id"],
        source="shop.orders",
        detail_type="OrderPlaced",
        version="1.1.0",
        correlation_id=meta["correlation_id"],
        causation_id="cause-1",
        idempotency_key=meta["idempotency_key"],
        producer="test",
        occurred_at=meta["occurred_at"],
        raw=event,
        lambda_context="lambda-ctx",
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        ctx.event_id = "changed"  # type: ignore[misc]


def test_parsing_is_tolerant_of_unknown_fields(router: Router) -> None:
    received: list[OrderPlacedV1] = []
    router.on(OrderPlacedV1)(received.append)
    event = eb_event(order_v1())
    event["detail"]["data"]["gift_wrap"] = True
    event["detail"]["data"]["items"][0]["colour"] = "blue"
    event["detail"]["metadata"]["traceparent"] = "00-abc-def-01"
    router(event, None)
    assert received == [order_v1()]


def test_foreign_event_detail_is_the_data(router: Router) -> None:
    received: list[EC2InstanceStateChangeNotification] = []
    router.on(EC2InstanceStateChangeNotification)(received.append)
    event = envelope(
        "aws.ec2",
        "EC2 Instance State-change Notification",
        {"instance-id": "i-abcd1111", "state": "pending"},
    )
    router(event, None)
    assert received[0].instance_id == "i-abcd1111"


def test_foreign_event_context_uses_eventbridge_id(router: Router) -> None:
    seen: list[EventContext | None] = []
    router.on(EC2InstanceStateChangeNotification)(lambda e: seen.append(current_event()))
    event = envelope(
        "aws.ec2",
        "EC2 Instance State-change Notification",
        {"instance-id": "i-1", "state": "running"},
    )
    router(event, None)
    assert seen[0] is not None
    assert seen[0].event_id == event["id"]
    assert seen[0].version is None


@pytest.mark.parametrize("foreign", [False, True])
def test_detail_given_as_json_text_is_decoded(router: Router, foreign: bool) -> None:
    """EventBridge Scheduler delivers `detail` as a JSON string."""
    received: list[Any] = []
    router.on(OrderPlacedV1)(received.append)
    router.on(EC2InstanceStateChangeNotification)(received.append)
    if foreign:
        event = envelope(
            "aws.ec2",
            "EC2 Instance State-change Notification",
            json.dumps({"instance-id": "i-1", "state": "running"}),
        )
    else:
        event = eb_event(order_v1())
        event["detail"] = json.dumps(event["detail"])
    router(event, None)
    assert len(received) == 1


def test_invalid_data_names_event_version_and_every_failing_field(router: Router) -> None:
    router.on(OrderPlacedV1)(lambda order: None)
    event = eb_event(order_v1())
    data = event["detail"]["data"]
    data["items"][1]["quantity"] = "many"
    del data["customer_id"]
    with pytest.raises(EventParseError) as caught:
        router(event, None)
    error = caught.value
    assert error.event_id == event["detail"]["metadata"]["event_id"]
    assert (error.source, error.detail_type, error.version) == (
        "shop.orders",
        "OrderPlaced",
        "1.1.0",
    )
    assert dict(error.fields).keys() == {"detail.data.customer_id", "detail.data.items.1.quantity"}
    assert error.event_id is not None
    assert error.event_id in str(error)
    assert "detail.data.items.1.quantity" in str(error)


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda e: e.pop("detail"), "detail"),
        (lambda e: e["detail"].pop("metadata"), "detail.metadata"),
        (lambda e: e["detail"]["metadata"].pop("version"), "detail.metadata.version"),
        (lambda e: e["detail"]["metadata"].update(version="one"), "detail.metadata.version"),
        (lambda e: e["detail"]["metadata"].update(event_id=7), "detail.metadata.event_id"),
        (lambda e: e["detail"].update(data=[1]), "detail.data"),
        (lambda e: e.update(detail="{not json"), "detail"),
    ],
)
def test_broken_envelopes_are_reported_with_the_failing_field(
    router: Router, mutate: Any, field: str
) -> None:
    router.on(OrderPlacedV1)(lambda order: None)
    event = eb_event(order_v1())
    mutate(event)
    with pytest.raises(EventParseError) as caught:
        router(event, None)
    assert caught.value.fields[0][0] == field
    assert (caught.value.source, caught.value.detail_type) == ("shop.orders", "OrderPlaced")


def test_not_an_eventbridge_event(router: Router) -> None:
    router.on(OrderPlacedV1)(lambda order: None)
    with pytest.raises(EventParseError) as caught:
        router({"hello": "world"}, None)
    assert dict(caught.value.fields) == {"source": "missing", "detail-type": "missing"}
    with pytest.raises(EventParseError):
        router([1, 2], None)


def test_records_from_another_service_are_refused(router: Router) -> None:
    with pytest.raises(EventParseError, match="aws:sns"):
        router({"Records": [{"eventSource": "aws:sns", "messageId": "1"}]}, None)


def test_unknown_major_version_is_reported(router: Router) -> None:
    router.on(OrderPlacedV1)(lambda order: None)
    event = eb_event(order_v1())
    event["detail"]["metadata"]["version"] = "3.0.0"
    with pytest.raises(UnroutableEventError) as caught:
        router(event, None)
    assert caught.value.version == "3.0.0"
    assert "handles major(s) 1 only" in str(caught.value)


def test_handler_exception_is_wrapped_with_the_event_and_the_cause(router: Router) -> None:
    @router.on(OrderPlacedV1)
    def explode(order: OrderPlacedV1) -> None:
        raise RuntimeError("card declined")

    event = eb_event(order_v1())
    with pytest.raises(HandlerError) as caught:
        router(event, None)
    assert isinstance(caught.value.__cause__, RuntimeError)
    assert caught.value.event_id == event["detail"]["metadata"]["event_id"]
    assert "explode" in str(caught.value)
    assert current_event() is None


@pytest.mark.parametrize("policy", ["ignore", "log", "fail"])
def test_unhandled_policy(policy: Any, caplog: pytest.LogCaptureFixture) -> None:
    router = Router(upcasters=UpcasterRegistry(), unhandled=policy)
    router.on(OrderPlacedV1)(lambda order: None)
    event = eb_event(OrderCancelledV1(order_id="o-1", reason="fraud"))
    caplog.set_level(logging.WARNING, "eventkit.routing")
    if policy == "fail":
        with pytest.raises(UnroutableEventError) as caught:
            router(event, None)
        assert caught.value.detail_type == "OrderCancelled"
        return
    assert router(event, None) is None
    logged = [r for r in caplog.records if "no handler for shop.orders/OrderCancelled" in r.message]
    assert len(logged) == (1 if policy == "log" else 0)


def test_unknown_policy_is_refused() -> None:
    with pytest.raises(RoutingError):
        Router(unhandled="drop")  # type: ignore[arg-type]


def test_registration_mistakes(router: Router) -> None:
    router.on(OrderPlacedV1)(lambda order: None)
    with pytest.raises(RoutingError, match="already has a handler"):
        router.on(OrderPlacedV1)(lambda order: None)
    with pytest.raises(RoutingError, match="not an eventkit event model"):
        router.on(dict)  # type: ignore[type-var]
    router.on(OrderPlacedV2)(lambda order: None)  # another major of the same type is fine


@pytest.mark.parametrize(
    ("source", "detail_type"),
    [("shop.orders", "Odd\ud800"), ("shop.\udfff", "OrderPlaced"), ("", "OrderPlaced")],
)
def test_a_hand_written_contract_eventbridge_cannot_carry_is_refused(
    router: Router, source: str, detail_type: str
) -> None:
    """A lone surrogate reached `eventkit patterns`, which failed with a UnicodeEncodeError
    traceback while sizing the pattern; no JSON text AWS reads can hold one."""

    class Odd(OrderPlacedV1):
        __contract__ = contract(source, detail_type, "1.0.0")

    with pytest.raises(RoutingError) as caught:
        router.on(Odd)(lambda order: None)
    assert caught.value.hint
    assert router.event_patterns() == []


def test_async_handlers_run_with_the_context(router: Router) -> None:
    seen: list[str | None] = []

    @router.on(OrderPlacedV1)
    async def on_order(order: OrderPlacedV1) -> str:
        await asyncio.sleep(0)
        ctx = current_event()
        seen.append(ctx.correlation_id if ctx else None)
        return order.order_id

    assert router(eb_event(order_v1(), correlation_id="c-9"), None) == "o-1"
    assert seen == ["c-9"]


def test_hooks_run_before_each_handler_with_the_context(router: Router) -> None:
    calls: list[str] = []
    router.use(lambda ctx: calls.append(f"hook {ctx.correlation_id}"))
    router.on(OrderPlacedV1)(lambda order: calls.append("handler"))
    router(eb_event(order_v1(), correlation_id="c-1"), None)
    assert calls == ["hook c-1", "handler"]


# -- SQS batches --------------------------------------------------------------------------


def test_sqs_batch_reports_only_the_poisoned_messages(router: Router) -> None:
    """Every bad input of the issue in one batch: each failure is reported, named and located;
    the good messages (a Scheduler-style JSON-text detail among them) are handled."""
    handled: list[str] = []

    @router.on(OrderPlacedV1)
    def on_order(order: OrderPlacedV1) -> None:
        if order.order_id == "o-boom":
            raise RuntimeError("card declined")
        handled.append(order.order_id)

    router.on(OrderPlacedV3)(lambda order: handled.append(order.order_id))  # no V2 -> V3 step
    bad_data = eb_event(order_v1(order_id="o-bad"))
    bad_data["detail"]["data"]["items"] = "none"
    no_detail = eb_event(order_v1(order_id="o-nodetail"))
    del no_detail["detail"]
    future = eb_event(order_v1(order_id="o-future"))
    future["detail"]["metadata"]["version"] = "9.0.0"
    no_path = eb_event(order_v1(order_id="o-v2"))
    no_path["detail"]["metadata"]["version"] = "2.0.0"
    scheduler = eb_event(order_v1(order_id="o-text"))
    scheduler["detail"] = json.dumps(scheduler["detail"])
    batch = sqs_batch(
        sqs_record(eb_event(order_v1(order_id="o-1")), message_id="ok-1"),
        sqs_record("this is not json", message_id="not-json"),
        sqs_record(bad_data, message_id="bad-data"),
        sqs_record(scheduler, message_id="ok-text"),
        sqs_record(no_detail, message_id="no-detail"),
        sqs_record(future, message_id="unknown-major"),
        sqs_record(no_path, message_id="no-upcaster-path"),
        sqs_record(eb_event(order_v1(order_id="o-boom")), message_id="handler-raises"),
        sqs_record([1, 2, 3], message_id="not-an-object"),
        sqs_record(eb_event(order_v1(order_id="o-2")), message_id="ok-2"),
    )
    result = router.process_batch(batch)
    failed = {o.message_id: o.error for o in result.failures}
    assert router(batch, None) == {"batchItemFailures": [{"itemIdentifier": m} for m in failed]}
    assert list(failed) == [
        "not-json",
        "bad-data",
        "no-detail",
        "unknown-major",
        "no-upcaster-path",
        "handler-raises",
        "not-an-object",
    ]
    assert handled == ["o-1", "o-text", "o-2"] * 2
    kinds = {mid: type(error).__name__ for mid, error in failed.items()}
    assert kinds == {
        "not-json": "EventParseError",
        "bad-data": "EventParseError",
        "no-detail": "EventParseError",
        "unknown-major": "UnroutableEventError",
        "no-upcaster-path": "UnroutableEventError",
        "handler-raises": "HandlerError",
        "not-an-object": "EventParseError",
    }
    errors = {mid: error for mid, error in failed.items() if error is not None}
    assert errors.keys() == failed.keys()
    for message_id, error in errors.items():
        assert error.message_id == message_id
        assert message_id in str(error)
    assert errors["bad-data"].fields == (("detail.data.items", "Input should be a valid list"),)
    assert errors["no-detail"].fields == (("detail", "missing"),)
    assert errors["unknown-major"].version == "9.0.0"
    assert "none from major 2 to 3" in str(failed["no-upcaster-path"])


def test_batch_result_counts_add_up_and_errors_name_the_message(router: Router) -> None:
    @router.on(OrderPlacedV1)
    def on_order(order: OrderPlacedV1) -> None:
        if order.order_id == "o-boom":
            raise ValueError("boom")

    batch = sqs_batch(
        sqs_record(eb_event(order_v1()), message_id="ok"),
        sqs_record(eb_event(order_v1(order_id="o-boom")), message_id="boom"),
        sqs_record(eb_event(OrderCancelledV1(order_id="o", reason="stock")), message_id="other"),
        sqs_record("{", message_id="garbage"),
    )
    result = router.process_batch(batch)
    assert (result.handled, result.ignored, result.failed) == (1, 1, 2)
    assert len(result.outcomes) == 4
    failures = {o.message_id: o.error for o in result.failures}
    assert isinstance(failures["boom"], HandlerError)
    assert failures["boom"].message_id == "boom"
    assert "SQS message boom" in str(failures["boom"])
    assert isinstance(failures["garbage"], EventParseError)
    assert failures["garbage"].fields[0][0] == "body"


def test_failures_are_logged_with_their_fields(
    router: Router, caplog: pytest.LogCaptureFixture
) -> None:
    router.on(OrderPlacedV1)(lambda order: None)
    event = eb_event(order_v1())
    event["detail"]["data"]["total_cents"] = "lots"
    router(sqs_batch(sqs_record(event, message_id="m-9")), None)
    (record,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert record.message_id == "m-9"  # type: ignore[attr-defined]
    assert record.eventkit_error == "event-parse"  # type: ignore[attr-defined]
    assert "detail.data.total_cents" in record.getMessage()


def test_fifo_group_stops_at_its_first_failure(router: Router) -> None:
    handled: list[str] = []

    @router.on(OrderPlacedV1)
    def on_order(order: OrderPlacedV1) -> None:
        if order.order_id == "a2":
            raise RuntimeError("no")
        handled.append(order.order_id)

    batch = sqs_batch(
        sqs_record(eb_event(order_v1(order_id="a1")), message_id="a1", group="A"),
        sqs_record(eb_event(order_v1(order_id="a2")), message_id="a2", group="A"),
        sqs_record(eb_event(order_v1(order_id="b1")), message_id="b1", group="B"),
        sqs_record(eb_event(order_v1(order_id="a3")), message_id="a3", group="A"),
    )
    result = router.process_batch(batch)
    assert handled == ["a1", "b1"]
    assert [o.message_id for o in result.failures] == ["a2", "a3"]
    assert "FIFO group A" in str(result.failures[1].error)


def test_a_record_without_message_id_fails_the_whole_batch(router: Router) -> None:
    record = sqs_record(eb_event(order_v1()))
    del record["messageId"]
    with pytest.raises(EventParseError, match="messageId"):
        router(sqs_batch(record), None)


def test_empty_batch(router: Router) -> None:
    assert router(sqs_batch(), None) == {"batchItemFailures": []}


def test_handle_record_raises_for_batch_processors(router: Router) -> None:
    router.on(OrderPlacedV1)(lambda order: order.order_id)
    assert router.handle_record(sqs_record(eb_event(order_v1()))) == "o-1"
    with pytest.raises(DispatchError):
        router.handle_record(sqs_record("nope"))


def test_importing_the_router_loads_no_aws_sdk_cli_or_powertools() -> None:
    import subprocess
    import sys

    code = (
        "import sys, eventkit.routing\n"
        "heavy = {'boto3', 'botocore', 'typer', 'aws_lambda_powertools', 'jsonschema'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
