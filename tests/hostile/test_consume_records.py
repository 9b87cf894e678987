"""Hostile records: whatever one SQS record holds, it fails alone and says why.

Each bad record sits between two good ones in a batch of three: the good ones are handled,
the bad one alone is in `batchItemFailures`, and the same record given directly (to
`router.handle_record`, Powertools' record handler, or as the EventBridge event itself)
raises `EventParseError` with structured fields, never a bare exception.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

import pytest
from pydantic import field_validator

from eventkit.contract import Event, EventContract
from eventkit.errors import DispatchError, EventParseError
from eventkit.routing import Router, UpcasterRegistry
from tests.consume.events import eb_event, sqs_batch, sqs_record
from tests.consume.models import OrderPlacedV1, contract, order_v1

ACCEPTED_DEPTH = 200  # documented in docs/consuming.md, "A bad record fails alone"
SECONDS = 10.0  # every hostile case finishes well within this


def nested(levels: int) -> str:
    return "[" * levels + "]" * levels


def good_event(order_id: str) -> dict[str, Any]:
    return eb_event(order_v1(order_id=order_id))


def with_data_field(event: dict[str, Any], name: str, raw_json: str) -> str:
    """`event` as JSON text with an unknown field `name` (raw JSON) added to its data."""
    text = json.dumps(event)
    marker = '"data": {'
    assert marker in text
    return text.replace(marker, f'{marker}"{name}": {raw_json}, ', 1)


def detail_text_event(detail_text: str) -> dict[str, Any]:
    """An OrderPlaced event whose `detail` arrives as JSON text (as Scheduler sends it)."""
    event = good_event("o-bad")
    event["detail"] = detail_text
    return event


@dataclass(frozen=True)
class Bad:
    """One kind of bad record: its body, the `reason` expected, and the failing field."""

    body: Callable[[], Any]
    reason: str
    field: str
    direct_event: Callable[[], Any] | None = None  # the same problem as a direct invocation


def _deep_detail() -> dict[str, Any]:
    return detail_text_event(with_data_field(good_event("o-bad"), "x", nested(100_000)))


def _long_number_detail() -> dict[str, Any]:
    event = good_event("o-bad")
    detail = json.dumps(event["detail"]).replace(
        '"total_cents": 2550', '"total_cents": ' + "9" * 5000
    )
    return detail_text_event(detail)


BAD: dict[str, Bad] = {
    "deeply nested body": Bad(lambda: nested(100_000), "too-deep", "body"),
    "deep nesting inside the data": Bad(
        lambda: with_data_field(good_event("o-bad"), "x", nested(50_000)), "too-deep", "body"
    ),
    "deeply nested detail text": Bad(
        lambda: json.dumps(_deep_detail()), "too-deep", "detail", direct_event=_deep_detail
    ),
    "invalid UTF-8 bytes": Bad(
        lambda: json.dumps(good_event("o-bad")).encode().replace(b"o-bad", b"o-\xff\xfe"),
        "not-utf8",
        "body",
    ),
    "UTF-8-encoded surrogate bytes": Bad(
        lambda: json.dumps(good_event("o-bad")).encode().replace(b"o-bad", b"o-\xed\xb2\x80"),
        "not-utf8",
        "body",
    ),
    "str with lone surrogates (invalid UTF-8 decoded with surrogateescape)": Bad(
        lambda: (
            json.dumps(good_event("o-bad"))
            .encode()
            .replace(b"o-bad", b"o-\xff")
            .decode("utf-8", "surrogateescape")
        ),
        "not-utf8",
        "body",
    ),
    "integer too long to convert": Bad(
        lambda: json.dumps(good_event("o-bad")).replace(
            '"total_cents": 2550', '"total_cents": ' + "9" * 5000
        ),
        "number-too-long",
        "body",
    ),
    "integer too long in detail text": Bad(
        lambda: json.dumps(_long_number_detail()),
        "number-too-long",
        "detail",
        direct_event=_long_number_detail,
    ),
    "body is a JSON array": Bad(lambda: "[1, 2]", "not-an-object", "body", lambda: [1, 2]),
    "body is a JSON string": Bad(lambda: '"order"', "not-an-object", "body", lambda: "order"),
    "body is a JSON number": Bad(lambda: "42", "not-an-object", "body", lambda: 42),
    "body is null": Bad(lambda: "null", "not-an-object", "body", lambda: None),
    "body is not JSON": Bad(lambda: "{'source': 'shop.orders'", "not-json", "body"),
    "body is missing": Bad(lambda: None, "missing", "body"),
    "body is a number, not text": Bad(lambda: 12345, "not-json", "body"),
}


@pytest.fixture
def handled() -> list[str]:
    return []


@pytest.fixture
def router(handled: list[str]) -> Router:
    router = Router(upcasters=UpcasterRegistry(), unhandled="fail", name="hostile")

    @router.on(OrderPlacedV1)
    def on_order(order: OrderPlacedV1) -> str:
        handled.append(order.order_id)
        return order.order_id

    return router


def bad_record(body: Any) -> dict[str, Any]:
    record = sqs_record("{}", message_id="m-bad")
    record["body"] = body
    return record


def batch_around(record: dict[str, Any]) -> dict[str, Any]:
    return sqs_batch(
        sqs_record(good_event("o-1"), message_id="m-1"),
        record,
        sqs_record(good_event("o-3"), message_id="m-3"),
    )


@pytest.fixture(autouse=True)
def _within_seconds() -> Iterator[None]:
    started = time.monotonic()
    yield
    assert time.monotonic() - started < SECONDS, "a hostile record took too long"


@pytest.mark.parametrize("kind", list(BAD))
def test_a_bad_record_fails_alone_in_its_batch(
    kind: str, router: Router, handled: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    bad = BAD[kind]
    batch = batch_around(bad_record(bad.body()))

    assert router(batch, None) == {"batchItemFailures": [{"itemIdentifier": "m-bad"}]}
    assert handled == ["o-1", "o-3"]

    handled.clear()
    result = router.process_batch(batch)
    assert [o.status for o in result.outcomes] == ["handled", "failed", "handled"]
    error = result.outcomes[1].error
    assert isinstance(error, EventParseError)
    assert error.code == "event-parse"
    assert error.reason == bad.reason
    assert error.message_id == "m-bad"
    assert "m-bad" in error.message
    assert [path for path, _ in error.fields] == [bad.field]
    assert error.max_depth == (ACCEPTED_DEPTH if bad.reason == "too-deep" else None)
    assert any(r.levelname == "ERROR" and "m-bad" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("kind", list(BAD))
def test_the_same_record_handled_on_its_own_raises_a_parse_error(
    kind: str, router: Router, handled: list[str]
) -> None:
    bad = BAD[kind]
    with pytest.raises(EventParseError) as caught:
        router.handle_record(bad_record(bad.body()))
    assert caught.value.reason == bad.reason
    assert caught.value.message_id == "m-bad"
    assert handled == []


@pytest.mark.parametrize("kind", [k for k, bad in BAD.items() if bad.direct_event is not None])
def test_the_same_problem_in_a_direct_invocation_raises_a_parse_error(
    kind: str, router: Router, handled: list[str]
) -> None:
    bad = BAD[kind]
    assert bad.direct_event is not None
    with pytest.raises(EventParseError) as caught:
        router(bad.direct_event(), None)
    error = caught.value
    assert error.reason == bad.reason
    assert error.message_id is None
    assert error.max_depth == (ACCEPTED_DEPTH if bad.reason == "too-deep" else None)
    if bad.field == "detail":
        assert (error.source, error.detail_type) == ("shop.orders", "OrderPlaced")
        assert [path for path, _ in error.fields] == ["detail"]
        assert error.event_id  # named by the event's id
    assert handled == []


def test_the_accepted_nesting_depth_is_read_in_a_body_and_in_detail_text(
    router: Router, handled: list[str]
) -> None:
    # In a body, the event is level 1, detail 2, data 3: the arrays fill it up to 200.
    body = with_data_field(good_event("o-2"), "x", nested(ACCEPTED_DEPTH - 3))
    # In detail text, detail is level 1 and data 2.
    detail = json.dumps(good_event("o-4")["detail"]).replace(
        '"data": {', '"data": {"x": ' + nested(ACCEPTED_DEPTH - 2) + ", ", 1
    )
    assert max(_depths(body)) == max(_depths(detail)) == ACCEPTED_DEPTH
    batch = batch_around(sqs_record(body, message_id="m-2"))
    batch["Records"].append(sqs_record(detail_text_event(detail), message_id="m-4"))

    # From a stack already hundreds of frames deep, as a framework might call it.
    def deep_call(frames: int) -> Any:
        return router(batch, None) if frames == 0 else deep_call(frames - 1)

    assert deep_call(300) == {"batchItemFailures": []}
    assert handled == ["o-1", "o-2", "o-3", "o-4"]
    assert router(json.loads(body), None) == "o-2"
    assert router(detail_text_event(detail), None) == "o-4"


def _depths(text: str) -> Iterator[int]:
    depth = 0
    for char in text:
        depth += {"[": 1, "{": 1, "]": -1, "}": -1}.get(char, 0)
        yield depth


# -- any other exception while reading one record ---------------------------------------


def _walk(value: Any) -> int:
    """A recursive walk, as a custom validator might do: deep input exhausts the stack."""
    return 1 + max((_walk(v) for v in value), default=0) if isinstance(value, list) else 0


class TaggedV1(Event):
    """A model whose own validators raise what pydantic does not wrap in ValidationError."""

    __contract__: ClassVar[EventContract] = contract("shop.tags", "Tagged", "1.0.0")

    tags: list[Any]

    @field_validator("tags", mode="before")
    @classmethod
    def _bounded(cls, value: Any) -> Any:
        if value == ["explode"]:
            raise LookupError("no such tag table")  # not a ValueError: pydantic re-raises it
        _walk(value)
        return value


def tagged(tags: str) -> dict[str, Any]:
    """A Tagged event whose data.tags is `tags` (JSON text)."""
    event = eb_event(TaggedV1(tags=["ok"]))
    event["detail"]["data"]["tags"] = json.loads(tags)
    return event


@pytest.fixture
def tag_router(handled: list[str]) -> Router:
    router = Router(upcasters=UpcasterRegistry(), name="tags")

    @router.on(TaggedV1)
    def on_tagged(event: TaggedV1) -> None:
        handled.append("tagged")

    return router


@pytest.mark.parametrize(
    ("tags", "reason"),
    [('["explode"]', "unreadable"), (nested(600), "too-deep")],
    ids=["validator raises LookupError", "validator recursion too deep"],
)
def test_any_other_exception_while_reading_fails_that_record_alone(
    tag_router: Router, handled: list[str], tags: str, reason: str
) -> None:
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)  # the default: 600 levels of _walk (2 frames each) overflow it
    try:
        bad = tagged(tags)
        good = tagged('["ok"]')
        batch = sqs_batch(
            sqs_record(good, message_id="m-1"),
            sqs_record(bad, message_id="m-bad"),
            sqs_record(good, message_id="m-3"),
        )
        assert tag_router(batch, None) == {"batchItemFailures": [{"itemIdentifier": "m-bad"}]}
        assert handled == ["tagged", "tagged"]

        with pytest.raises(EventParseError) as caught:
            tag_router(bad, None)
    finally:
        sys.setrecursionlimit(limit)
    error = caught.value
    assert error.reason == reason
    assert (error.source, error.detail_type) == ("shop.tags", "Tagged")
    assert error.event_id == bad["id"]
    assert isinstance(error.__cause__, LookupError if reason == "unreadable" else RecursionError)


# -- records that cannot be named -------------------------------------------------------


@pytest.mark.parametrize(
    "record",
    [
        {k: v for k, v in sqs_record({"x": 1}).items() if k != "messageId"},
        {**sqs_record({"x": 1}), "messageId": ""},
        {**sqs_record({"x": 1}), "messageId": 7},
        ["not", "a", "record"],
    ],
    ids=["no messageId", "empty messageId", "messageId not a string", "not an object"],
)
def test_an_unnamed_record_fails_the_whole_batch_before_anything_is_handled(
    router: Router, handled: list[str], record: Any
) -> None:
    batch = batch_around(record)
    with pytest.raises(EventParseError) as caught:
        router(batch, None)
    error = caught.value
    assert error.record_index == 1
    assert error.reason in ("missing", "not-an-object")
    assert "Records[1]" in error.message
    # Lambda retries the whole batch, so no handler may have run for any of it.
    assert handled == []
    assert isinstance(error, DispatchError)
