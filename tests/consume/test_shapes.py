"""Issue 14 item 1: every shape an eventkit event arrives in goes to the same typed handler,
with the failure Lambda recorded visible in the event context; an unknown shape is refused
naming what was received. Item 4 (context part): account, region, resources, time and
replay name. The record layouts are AWS's documented ones (tests/consume/shapes.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, ClassVar

import pytest
from pydantic import Field

from eventkit.context import EventContext, current_event
from eventkit.contract import EventContract, ForeignEvent
from eventkit.errors import EventParseError, HandlerError
from eventkit.routing import Router, UpcasterRegistry
from tests.consume import shapes
from tests.consume.events import eb_event
from tests.consume.models import EC2InstanceStateChangeNotification, OrderPlacedV1, order_v1
from tests.events import load_event

Seen = list[tuple[str, EventContext]]


@pytest.fixture
def seen() -> Seen:
    return []


@pytest.fixture
def router(seen: Seen) -> Router:
    router = Router(upcasters=UpcasterRegistry(), unhandled="fail")

    @router.on(OrderPlacedV1)
    def on_order(order: OrderPlacedV1) -> str:
        ctx = current_event()
        assert ctx is not None
        seen.append((order.order_id, ctx))
        if order.order_id == "explode":
            raise RuntimeError("card declined")
        return order.order_id

    return router


def event(order_id: str = "o-1") -> dict[str, Any]:
    return eb_event(order_v1(order_id=order_id))


def batch(*records: dict[str, Any]) -> dict[str, Any]:
    return {"Records": list(records)}


# name -> (Lambda input built around one EventBridge event, is it an SQS batch, via)
SHAPES: dict[str, tuple[Callable[[dict[str, Any]], dict[str, Any]], bool, tuple[str, ...]]] = {
    "eventbridge-direct": (lambda e: e, False, ()),
    "eventbridge-sqs": (lambda e: batch(shapes.sqs_record(e)), True, ()),
    "sns-sqs-raw": (lambda e: batch(shapes.sqs_record(e)), True, ()),
    "sns-sqs": (
        lambda e: batch(shapes.sqs_record(shapes.sns_notification(e))),
        True,
        ("sqs", "sns"),
    ),
    "sns-lambda": (shapes.sns_lambda_event, False, ("sns",)),
    "lambda-dlq-sqs": (
        lambda e: batch(shapes.sqs_record(e, attributes=shapes.dlq_attributes())),
        True,
        ("sqs", "lambda-dlq"),
    ),
    "lambda-dlq-sns-sqs": (
        lambda e: batch(
            shapes.sqs_record(shapes.sns_notification(e, attributes=shapes.dlq_attributes()))
        ),
        True,
        ("sqs", "sns", "lambda-dlq"),
    ),
    "lambda-dlq-sns-sqs-raw": (
        lambda e: batch(shapes.sqs_record(e, attributes=shapes.dlq_attributes())),
        True,
        ("sqs", "lambda-dlq"),
    ),
    "lambda-dlq-sns-lambda": (
        lambda e: shapes.sns_lambda_event(e, attributes=shapes.dlq_attributes()),
        False,
        ("sns", "lambda-dlq"),
    ),
    "destination-lambda": (shapes.destination_record, False, ("lambda-destination",)),
    "destination-sqs": (
        lambda e: batch(shapes.sqs_record(shapes.destination_record(e))),
        True,
        ("sqs", "lambda-destination"),
    ),
    "destination-sns-sqs": (
        lambda e: batch(shapes.sqs_record(shapes.sns_notification(shapes.destination_record(e)))),
        True,
        ("sqs", "sns", "lambda-destination"),
    ),
    "destination-sns-lambda": (
        lambda e: shapes.sns_lambda_event(shapes.destination_record(e)),
        False,
        ("sns", "lambda-destination"),
    ),
    "destination-eventbridge": (
        lambda e: shapes.destination_event(shapes.destination_record(e)),
        False,
        ("eventbridge", "lambda-destination"),
    ),
}


@pytest.mark.parametrize("name", list(SHAPES))
def test_every_shape_reaches_the_same_typed_handler(router: Router, seen: Seen, name: str) -> None:
    build, is_batch, via = SHAPES[name]
    original = event("o-7")
    result = router(build(original), None)
    assert result == ({"batchItemFailures": []} if is_batch else "o-7")
    [(order_id, ctx)] = seen
    assert order_id == "o-7"
    # The handler sees the EventBridge event itself, whatever it was wrapped in.
    assert ctx.raw == original
    assert ctx.event_id == original["detail"]["metadata"]["event_id"]
    assert ctx.correlation_id == original["detail"]["metadata"]["correlation_id"]
    if via:
        assert ctx.delivery is not None
        assert ctx.delivery.via == via
    else:
        assert ctx.delivery is None
        assert ctx.failure is None


@pytest.mark.parametrize("name", [n for n in SHAPES if "sns" in SHAPES[n][2]])
def test_sns_layers_name_the_topic(router: Router, seen: Seen, name: str) -> None:
    router(SHAPES[name][0](event()), None)
    [(_, ctx)] = seen
    assert ctx.delivery is not None
    assert ctx.delivery.topic_arn == shapes.TOPIC_ARN
    assert ctx.delivery.sns_message_id


@pytest.mark.parametrize("name", [n for n in SHAPES if "lambda-dlq" in SHAPES[n][2]])
def test_a_dlq_message_carries_lambdas_error(router: Router, seen: Seen, name: str) -> None:
    router(SHAPES[name][0](event()), None)
    [(_, ctx)] = seen
    failure = ctx.failure
    assert failure is not None
    assert failure.kind == "lambda-dlq"
    assert failure.request_id == shapes.REQUEST_ID
    assert failure.error_message == shapes.ERROR_MESSAGE
    assert failure.status_code == 200
    assert failure.attempts is None  # a DLQ message does not say


@pytest.mark.parametrize("name", [n for n in SHAPES if "lambda-destination" in SHAPES[n][2]])
def test_a_destination_record_carries_the_error_and_attempts(
    router: Router, seen: Seen, name: str
) -> None:
    router(SHAPES[name][0](event()), None)
    [(_, ctx)] = seen
    failure = ctx.failure
    assert failure is not None
    assert failure.kind == "lambda-destination"
    assert (failure.request_id, failure.attempts) == (shapes.REQUEST_ID, 3)
    assert (failure.error_type, failure.error_message) == ("RuntimeError", "card declined")
    assert (failure.condition, failure.function_error) == ("RetriesExhausted", "Unhandled")
    assert failure.function_arn == shapes.FUNCTION_ARN
    assert failure.status_code == 200
    assert failure.stack_trace
    assert "app.py" in failure.stack_trace[0]


def test_a_failing_wrapped_record_fails_alone(router: Router, seen: Seen) -> None:
    good_sns = shapes.sqs_record(shapes.sns_notification(event("a")), message_id="m-1")
    bad_handler = shapes.sqs_record(shapes.sns_notification(event("explode")), message_id="m-2")
    not_json = shapes.sqs_record(shapes.sns_notification("not json {"), message_id="m-3")
    unknown = shapes.sqs_record(shapes.sns_notification({"hello": 1}), message_id="m-4")
    good_dlq = shapes.sqs_record(event("b"), attributes=shapes.dlq_attributes(), message_id="m-5")
    result = router.process_batch(batch(good_sns, bad_handler, not_json, unknown, good_dlq))
    assert [o.status for o in result.outcomes] == [
        "handled",
        "failed",
        "failed",
        "failed",
        "handled",
    ]
    errors = {o.message_id: o.error for o in result.failures}
    assert isinstance(errors["m-2"], HandlerError)
    assert isinstance(errors["m-3"], EventParseError)
    assert errors["m-3"].reason == "not-json"
    assert errors["m-3"].fields[0][0] == "Message"
    assert isinstance(errors["m-4"], EventParseError)
    assert errors["m-4"].reason == "unknown-shape"
    assert errors["m-4"].received_keys == ("hello",)
    assert "sqs -> sns" in str(errors["m-4"])
    assert [order_id for order_id, _ in seen] == ["a", "explode", "b"]


def test_sns_to_lambda_failure_raises_so_lambda_retries(router: Router) -> None:
    with pytest.raises(HandlerError) as caught:
        router(shapes.sns_lambda_event(event("explode")), None)
    assert caught.value.source == "shop.orders"


@pytest.mark.parametrize(
    "payload",
    [
        {"hello": "world"},
        {"Type": "Notification", "Message": "{}"},  # no TopicArn / MessageId: not SNS
        {"requestPayload": {}},  # no requestContext: not a destination record
    ],
)
def test_an_unknown_shape_names_the_keys_and_the_accepted_shapes(
    router: Router, payload: dict[str, Any]
) -> None:
    with pytest.raises(EventParseError) as caught:
        router(payload, None)
    error = caught.value
    assert error.reason == "unknown-shape"
    assert error.received_keys == tuple(sorted(payload))
    assert any("SNS" in shape for shape in error.accepted_shapes)
    assert any("destination" in shape for shape in error.accepted_shapes)
    for key in payload:
        assert key in str(error)


def test_records_of_another_service_name_the_record_keys(router: Router, seen: Seen) -> None:
    kinesis = {
        "kinesis": {"partitionKey": "1", "data": "e30=", "sequenceNumber": "4959"},
        "eventSource": "aws:kinesis",
        "eventID": "shardId-000000000006:4959",
        "eventName": "aws:kinesis:record",
    }
    with pytest.raises(EventParseError) as caught:
        router(batch(shapes.sqs_record(event()), kinesis), None)
    assert caught.value.reason == "unknown-shape"
    assert caught.value.record_index == 1
    assert caught.value.received_keys == tuple(sorted(kinesis))
    assert "aws:kinesis" in str(caught.value)
    assert seen == []  # nothing handled: the batch cannot be reported record by record


def test_an_unknown_shape_in_an_sqs_body_fails_that_record_alone(router: Router) -> None:
    result = router.process_batch(
        batch(
            shapes.sqs_record({"foo": 1, "bar": 2}, message_id="m-1"),
            shapes.sqs_record(event("ok"), message_id="m-2"),
        )
    )
    (failure,) = result.failures
    assert failure.message_id == "m-1"
    assert isinstance(failure.error, EventParseError)
    assert failure.error.reason == "unknown-shape"
    assert failure.error.received_keys == ("bar", "foo")
    assert result.handled == 1


def test_an_sns_event_with_several_records_is_refused(router: Router, seen: Seen) -> None:
    two = shapes.sns_lambda_event(event())
    two["Records"].append(two["Records"][0])
    with pytest.raises(EventParseError) as caught:
        router(two, None)
    assert caught.value.reason == "unknown-shape"
    assert seen == []


def test_handle_record_reads_wrapped_records(router: Router, seen: Seen) -> None:
    """Powertools' BatchProcessor path: the same shapes, record by record."""
    router.handle_record(shapes.sqs_record(shapes.sns_notification(event("p"))))
    router.handle_record(shapes.sqs_record(event("q"), attributes=shapes.dlq_attributes()))
    assert [order_id for order_id, _ in seen] == ["p", "q"]
    assert seen[1][1].failure is not None
    assert seen[1][1].failure.kind == "lambda-dlq"


def test_attributes_without_the_dlq_pair_are_not_a_failure(router: Router, seen: Seen) -> None:
    record = shapes.sqs_record(event(), attributes={"RequestID": "r-1", "tenant": "t"})
    router(batch(record), None)
    [(_, ctx)] = seen
    assert ctx.failure is None


def test_a_destination_for_another_type_goes_to_the_unhandled_policy(router: Router) -> None:
    # The wrapped event has no handler: the router's policy ("fail" here) decides, as for any.
    from eventkit.errors import UnroutableEventError

    inner = eb_event(
        EC2InstanceStateChangeNotification.model_validate(
            {"instance-id": "i-1", "state": "running"}
        )
    )
    with pytest.raises(UnroutableEventError) as caught:
        router(shapes.destination_record(inner), None)
    assert caught.value.source == "aws.ec2"


# -- item 4: EventBridge's own fields in the context --------------------------------------


class EC2StateChangeAsRecorded(ForeignEvent):
    """The recorded Powertools sample spells `instance_id` with an underscore (so it is
    invalid for the registry's schema, not for this model)."""

    __contract__: ClassVar[EventContract] = EventContract(
        source="aws.ec2",
        detail_type="EC2 Instance State-change Notification",
        version="1.0.0",
        schema_digest="sha256:" + "0" * 64,
        schema_path="aws.ec2/EC2 Instance State-change Notification/1.0.0.json",
        foreign=True,
    )

    instance_id: str
    state: Annotated[str, Field(min_length=1)]


def test_the_context_has_account_region_resources_time_and_replay_name() -> None:
    contexts: list[EventContext] = []
    router = Router(upcasters=UpcasterRegistry())

    @router.on(EC2StateChangeAsRecorded)
    def on_change(change: EC2StateChangeAsRecorded) -> None:
        ctx = current_event()
        assert ctx is not None
        contexts.append(ctx)

    # A recorded replayed event: aws-powertools/powertools-lambda-python
    # tests/events/eventBridgeEvent.json (MIT-0), copied in tests/events (SOURCES.md in shared/).
    recorded = load_event("aws_ec2_instance_state_change_invalid_data")
    router(recorded, None)
    router(batch(shapes.sqs_record(shapes.sns_notification(recorded))))
    for ctx in contexts:
        assert ctx.account == "111122223333"
        assert ctx.region == "us-west-1"
        assert ctx.resources == ("arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0",)
        assert ctx.time == "2017-12-22T18:43:48Z"
        assert ctx.replay_name == "replay_archive"
    assert len(contexts) == 2


def test_a_live_native_event_has_no_replay_name(router: Router, seen: Seen) -> None:
    sample = load_event("order_placed_1_1_0")
    sample["detail"]["data"] = event()["detail"]["data"]  # the test model's data
    sample["detail"]["metadata"]["version"] = "1.1.0"
    router(sample, None)
    [(_, ctx)] = seen
    assert ctx.replay_name is None
    assert ctx.account == sample["account"]
    assert ctx.region == sample["region"]
    assert ctx.time == sample["time"]
    assert ctx.resources == tuple(sample["resources"])
