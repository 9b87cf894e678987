"""`router(event)` and `router.dispatch(event)` are one dispatch: the Lambda entry point no longer
goes through `dispatch` (decision 0030, "the dispatch path's calls"), so these pin that both
give the same result, error (class and message), context and hook calls for any event, and
that the current event is restored after each handler, nested dispatches included."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from eventkit.context import EventContext, current_event
from eventkit.errors import DispatchError
from eventkit.routing import Router, UpcasterRegistry
from tests.consume.events import eb_event, envelope
from tests.consume.models import Money, OrderPlacedV1, PaymentCapturedV1, order_v1

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


def _payment() -> PaymentCapturedV1:
    return PaymentCapturedV1(
        payment_id="p-1",
        order_id="o-1",
        amount=Money(amount_cents=100, currency="EUR"),
        captured_at=datetime(2026, 12, 6, tzinfo=UTC),
    )


def _recording_router(seen: list[Any]) -> Router:
    router = Router(upcasters=UpcasterRegistry(), unhandled="ignore", name="pin")

    @router.use
    def hook(context: EventContext) -> None:
        seen.append(("hook", context))

    @router.on(OrderPlacedV1)
    def on_order(order: OrderPlacedV1) -> str:
        if order.order_id == "boom":
            raise ValueError("boom")
        seen.append(("handler", order, current_event()))
        return f"handled {order.order_id}"

    return router


def _outcome(call: Any, event: Any) -> tuple[str, Any]:
    try:
        return "result", call(event, None)
    except DispatchError as exc:
        cause = exc.__cause__
        return "error", (type(exc).__name__, str(exc), type(cause).__name__ if cause else None)


def _same_both_ways(event: Any) -> None:
    seen_call: list[Any] = []
    seen_dispatch: list[Any] = []
    by_call = _outcome(_recording_router(seen_call), copy.deepcopy(event))
    dispatch_router = _recording_router(seen_dispatch)
    by_dispatch = _outcome(dispatch_router.dispatch, copy.deepcopy(event))
    assert by_call == by_dispatch
    assert repr(seen_call) == repr(seen_dispatch)
    assert current_event() is None


def _variants(draw: st.DrawFn) -> dict[str, Any]:
    event = eb_event(order_v1(order_id=draw(st.sampled_from(["o-1", "boom", "o-2"]))))
    kind = draw(st.integers(0, 6))
    if kind == 1:  # a metadata field replaced by anything JSON has
        event["detail"]["metadata"][draw(st.sampled_from(sorted(event["detail"]["metadata"])))] = (
            draw(_JSON)
        )
    elif kind == 2:  # a data field replaced
        event["detail"]["data"][draw(st.sampled_from(sorted(event["detail"]["data"])))] = draw(
            _JSON
        )
    elif kind == 3:  # a key of the envelope dropped
        del event[draw(st.sampled_from(["source", "detail-type", "detail"]))]
    elif kind == 4:  # detail as JSON text (EventBridge Scheduler)
        event["detail"] = json.dumps(event["detail"])
    elif kind == 5:  # a major no handler takes
        event["detail"]["metadata"]["version"] = draw(st.sampled_from(["7.0.0", "x.1", "2.0.0"]))
    elif kind == 6:  # wrapped in an SNS notification
        event = {
            "Type": "Notification",
            "MessageId": "sns-1",
            "TopicArn": "arn:aws:sns:us-east-1:123456789012:t",
            "Message": json.dumps(event),
        }
    return event


@settings(max_examples=150, deadline=None)
@given(st.composite(_variants)())
def test_call_and_dispatch_agree_on_any_event(event: dict[str, Any]) -> None:
    _same_both_ways(event)


def test_call_and_dispatch_agree_on_foreign_unknown_and_non_events() -> None:
    events: tuple[Any, ...] = (
        envelope("aws.payments", "Nothing Handles This", {}),
        eb_event(_payment()),
        [],
        "text",
        {"source": 1, "detail-type": "x"},
    )
    for event in events:
        _same_both_ways(event)


def test_an_ignored_event_gives_none_from_every_entry_point() -> None:
    # `dispatch` once returned its private "ignored" sentinel, where `router(event)` gave None
    for unhandled in ("ignore", "log"):
        router = Router(upcasters=UpcasterRegistry(), unhandled=unhandled, name="pin")

        @router.on(OrderPlacedV1)
        def on_order(order: OrderPlacedV1) -> str:
            return "handled"

        unknown = envelope("aws.payments", "Nothing Handles This", {})
        assert router.dispatch(unknown) is None
        assert router(unknown, None) is None
        assert router.dispatch(eb_event(order_v1())) == "handled"


def test_the_current_event_is_restored_after_a_nested_dispatch() -> None:
    outer_router = Router(upcasters=UpcasterRegistry(), name="outer")
    inner_router = Router(upcasters=UpcasterRegistry(), name="inner")
    seen: list[tuple[str, str | None]] = []
    inner_event = eb_event(_payment())

    @inner_router.on(PaymentCapturedV1)
    def on_payment(payment: PaymentCapturedV1) -> None:
        context = current_event()
        seen.append(("inner", context.event_id if context else None))

    @outer_router.on(OrderPlacedV1)
    def on_order(order: OrderPlacedV1) -> None:
        before = current_event()
        inner_router(inner_event, None)
        after = current_event()
        assert after is before
        seen.append(("outer", after.event_id if after else None))

    event = eb_event(order_v1())
    outer_router(event, None)
    assert seen == [
        ("inner", inner_event["detail"]["metadata"]["event_id"]),
        ("outer", event["detail"]["metadata"]["event_id"]),
    ]
    assert current_event() is None
