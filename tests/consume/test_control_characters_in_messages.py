"""An incoming event is untrusted text: a detail-type, source, version, event id or SQS
message id holding a line break or a terminal escape was written as it was into the router's
error messages and log lines, where it starts a forged log line of its own or drives the
terminal reading the log. Each is now written as a visible escape (``\\n``, ``\\x1b``); the
error's structured fields keep the value as it came."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from eventkit.errors import DispatchError, UnroutableEventError
from eventkit.routing import Router, UpcasterRegistry
from tests.consume import shapes
from tests.consume.events import eb_event, envelope
from tests.consume.models import OrderPlacedV1, order_v1

FORGED = "\nERROR forged line\x1b[2J\u2028"


def router(unhandled: Any = "log") -> Router:
    r = Router(upcasters=UpcasterRegistry(), unhandled=unhandled)

    @r.on(OrderPlacedV1)
    def on_order(_order: OrderPlacedV1) -> None:
        return None

    return r


def assert_one_visible_line(text: str) -> None:
    text = text.split("\n  hint: ")[0]  # eventkit's own hint line, after the message
    assert "\n" not in text
    assert "\x1b" not in text
    assert "\u2028" not in text
    assert "\\nERROR forged line\\x1b[2J\\u2028" in text


def test_an_unhandled_detail_type_is_logged_on_one_line(caplog: pytest.LogCaptureFixture) -> None:
    event = envelope("shop.orders", "OrderPlaced" + FORGED, {"metadata": {}, "data": {}})
    with caplog.at_level(logging.WARNING, logger="eventkit.routing"):
        router()(event, None)
    [record] = caplog.records
    assert_one_visible_line(record.getMessage())


def test_an_unroutable_source_is_named_on_one_line() -> None:
    event = envelope("shop.orders" + FORGED, "OrderPlaced", {"metadata": {}, "data": {}})
    with pytest.raises(UnroutableEventError) as info:
        router("fail")(event, None)
    assert_one_visible_line(str(info.value))
    assert info.value.source == "shop.orders" + FORGED  # the field keeps what came


def test_an_unroutable_version_and_event_id_are_named_on_one_line() -> None:
    event = eb_event(order_v1(order_id="o-1"))
    event["detail"]["metadata"]["version"] = "7.0.0" + FORGED
    event["detail"]["metadata"]["event_id"] = "e-1" + FORGED
    with pytest.raises(DispatchError) as info:
        router()(event, None)
    assert_one_visible_line(str(info.value))


def test_a_message_id_is_named_on_one_line_in_the_batch_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    record = shapes.sqs_record("not json", message_id="m-1" + FORGED)
    with caplog.at_level(logging.ERROR, logger="eventkit.routing"):
        response = router()({"Records": [record]}, None)
    assert response == {"batchItemFailures": [{"itemIdentifier": "m-1" + FORGED}]}
    [logged] = caplog.records
    assert_one_visible_line(logged.getMessage())


def test_a_key_of_an_unknown_shape_is_named_on_one_line() -> None:
    with pytest.raises(DispatchError) as info:
        router()({"hello" + FORGED: 1}, None)
    assert_one_visible_line(str(info.value))


def test_a_handler_exception_quoting_the_event_is_logged_on_one_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A handler's exception text often quotes what it read (`ValueError(f"bad {value}")`), so
    a line break in the event reached the log through it; the exception itself (`__cause__`)
    keeps its text as raised."""
    r = Router(upcasters=UpcasterRegistry())

    @r.on(OrderPlacedV1)
    def on_order(order: OrderPlacedV1) -> None:
        raise ValueError(f"no such order {order.order_id}")

    batch = {"Records": [shapes.sqs_record(eb_event(order_v1(order_id="o-1" + FORGED)))]}
    with caplog.at_level(logging.ERROR, logger="eventkit.routing"):
        r(batch, None)
    [record] = caplog.records
    assert_one_visible_line(record.getMessage())
    with pytest.raises(DispatchError) as info:
        r(eb_event(order_v1(order_id="o-1" + FORGED)), None)
    assert_one_visible_line(str(info.value))
    assert str(info.value.__cause__) == "no such order o-1" + FORGED
