"""A Lambda invoked with something that is no event (`null`, an array, a number) is told what it
got in JSON's words: 'got null', not Python's 'got a NoneType' or the ungrammatical 'got a
array'."""

from __future__ import annotations

from typing import Any

import pytest

from eventkit.context import Delivery
from eventkit.errors import EventParseError
from eventkit.routing import Router, UpcasterRegistry
from tests.consume import shapes
from tests.consume.events import envelope
from tests.consume.models import EC2InstanceStateChangeNotification


@pytest.mark.parametrize(
    ("payload", "said"),
    [
        (None, "got null"),
        ([1, 2], "got an array"),
        (5, "got a number"),
        (1.5, "got a number"),
        ("text", "got a string"),
        (' {"source": "x"}', "got a string holding JSON text (decode it first, with json.loads)"),
        (True, "got a boolean"),
    ],
)
def test_what_arrived_is_named_as_json_names_it(payload: Any, said: str) -> None:
    with pytest.raises(EventParseError) as info:
        Router()(payload, None)
    assert info.value.reason == "not-an-object"
    assert str(info.value).endswith(said)


class Opaque:
    """A value no JSON parser returns."""


NOT_JSON_VALUES: list[tuple[Any, str]] = [
    (b'{"source": "x"}', "got bytes (undecoded JSON text?)"),
    (bytearray(b"[]"), "got bytes (undecoded JSON text?)"),
    (Opaque(), "got a Python Opaque (not a JSON value)"),
    (object(), "got a Python object (not a JSON value)"),
]


@pytest.mark.parametrize(("payload", "said"), NOT_JSON_VALUES)
def test_a_value_json_never_gives_is_named_for_what_it_is(payload: Any, said: str) -> None:
    with pytest.raises(EventParseError) as info:
        Router()(payload, None)
    assert info.value.reason == "not-an-object"
    assert str(info.value) == f"expected an event (a JSON object), {said}"


@pytest.mark.parametrize(
    ("batch", "said"),
    [
        (None, "expected an SQS batch (a JSON object with a list of Records), got null"),
        (
            [{"messageId": "m"}],
            "expected an SQS batch (a JSON object with a list of Records), got an array",
        ),
        ("{}", "expected an SQS batch (a JSON object with a list of Records), got a string"),
        (
            b"{}",
            "expected an SQS batch (a JSON object with a list of Records), "
            "got bytes (undecoded JSON text?)",
        ),
        ({"Records": None}, "an SQS batch needs a list of Records; its Records is null"),
        ({"Records": "[]"}, "an SQS batch needs a list of Records; its Records is a string"),
        ({}, "an SQS batch needs a list of Records; its Records is missing"),
    ],
)
def test_process_batch_says_what_it_expected_and_what_came(batch: Any, said: str) -> None:
    with pytest.raises(EventParseError) as info:
        Router().process_batch(batch)
    assert str(info.value) == said


@pytest.mark.parametrize(
    ("record", "said"),
    [
        (None, "got null"),
        (3, "got a number"),
        (["m"], "got an array"),
        (b"{}", "got bytes (undecoded JSON text?)"),
    ],
)
def test_handle_record_says_what_it_expected_and_what_came(record: Any, said: str) -> None:
    with pytest.raises(EventParseError) as info:
        Router().handle_record(record)
    assert info.value.reason == "not-an-object"
    assert str(info.value) == (
        f"expected an SQS record (a JSON object with messageId and body), {said}"
    )


def test_a_record_without_its_id_is_not_called_message_none() -> None:
    with pytest.raises(EventParseError) as info:
        Router().handle_record({"body": None})
    assert "None" not in str(info.value)
    assert str(info.value) == "an SQS record without messageId has no body"


@pytest.mark.parametrize(
    ("payload", "said"),
    [(None, "got null"), ([1], "got an array"), (b"{}", "got bytes (undecoded JSON text?)")],
)
def test_dispatch_of_an_unwrapped_delivery_names_what_came_in_json_words(
    payload: Any, said: str
) -> None:
    # an event already taken out of its wrapper (delivery given) skips the shape search
    with pytest.raises(EventParseError) as info:
        Router().dispatch(payload, delivery=Delivery(via=("sqs", "sns")))
    assert info.value.reason == "not-an-object"
    assert str(info.value) == f"expected an EventBridge event (a JSON object), {said}"


@pytest.mark.parametrize(
    ("detail", "said"), [(None, "got null"), ([1], "got an array"), (5, "got a number")]
)
def test_a_foreign_events_detail_that_is_no_object_is_named_in_json_words(
    detail: Any, said: str
) -> None:
    router = Router(upcasters=UpcasterRegistry())
    router.on(EC2InstanceStateChangeNotification)(lambda _event: None)
    contract = EC2InstanceStateChangeNotification.__contract__
    with pytest.raises(EventParseError) as info:
        router(envelope(contract.source, contract.detail_type, detail), None)
    assert str(info.value).endswith(f": detail must be a JSON object, {said}")


@pytest.mark.parametrize(
    ("body", "said"), [(123, "a number"), ([1], "an array"), (True, "a boolean")]
)
def test_an_sqs_body_that_is_no_text_is_named_in_json_words(body: Any, said: str) -> None:
    record = shapes.sqs_record("{}", message_id="m-1")
    record["body"] = body
    [outcome] = Router().process_batch({"Records": [record]}).outcomes
    assert outcome.status == "failed"
    assert str(outcome.error) == f"SQS message m-1: body is {said}, not JSON text"
