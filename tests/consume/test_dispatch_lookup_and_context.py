"""What decision 0030's "dispatch, fifth pass" changed, pinned through `router(event)`: the route
is found by source and detail-type exactly as `router.parse` finds it (any mix of known and
unknown sources and detail-types, values that are not strings, routes added after the first
event), and the handler's `current_event()` is the event's own context, the same object for
hooks and handler, and the previous value comes back after the handler returns or raises."""

from __future__ import annotations

import asyncio
import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventkit.context import EventContext, current_event, handling
from eventkit.errors import DispatchError, EventParseError, HandlerError, UnroutableEventError
from eventkit.routing import Router, UpcasterRegistry
from tests.consume.events import eb_event, envelope, parsed_context
from tests.consume.models import (
    EC2InstanceStateChangeNotification,
    LineItem,
    Money,
    OrderCancelledV1,
    OrderPlacedV1,
    OrderPlacedV2,
    PaymentCapturedV1,
    order_v1,
)

_SOURCES = ["shop.orders", "shop.payments", "aws.ec2", "shop.other", ""]
_DETAIL_TYPES = [
    "OrderPlaced",
    "OrderCancelled",
    "PaymentCaptured",
    "EC2 Instance State-change Notification",
    "Unknown",
]


def _routed_router(seen: list[Any], *, unhandled: str = "ignore") -> Router:
    """Handlers for two detail-types of one source, one of another source, and a foreign one."""
    router = Router(upcasters=UpcasterRegistry(), unhandled=unhandled, name="lookup")  # type: ignore[arg-type]  # drawn from the three policies

    @router.on(OrderPlacedV1)
    def on_placed(event: OrderPlacedV1) -> str:
        seen.append(("placed", event))
        return "placed"

    @router.on(OrderCancelledV1)
    def on_cancelled(event: OrderCancelledV1) -> str:
        seen.append(("cancelled", event))
        return "cancelled"

    @router.on(PaymentCapturedV1)
    def on_payment(event: PaymentCapturedV1) -> str:
        seen.append(("payment", event))
        return "payment"

    @router.on(EC2InstanceStateChangeNotification)
    def on_ec2(event: EC2InstanceStateChangeNotification) -> str:
        seen.append(("ec2", event))
        return "ec2"

    return router


def _outcome(call: Any, event: Any) -> tuple[str, Any]:
    try:
        return "result", call(event)
    except DispatchError as exc:
        return "error", (type(exc).__name__, str(exc))


def _details() -> st.SearchStrategy[Any]:
    """The detail of some known event (native or foreign), or no usable detail at all."""
    order = eb_event(order_v1())["detail"]
    payment = eb_event(
        PaymentCapturedV1(
            payment_id="p-1",
            order_id="o-1",
            amount=Money(amount_cents=100, currency="EUR"),
            captured_at="2026-12-06T00:00:00Z",  # type: ignore[arg-type]  # parsed by pydantic
        )
    )["detail"]
    cancelled = eb_event(OrderCancelledV1(order_id="o-1", reason="stock"))["detail"]
    ec2 = {"instance-id": "i-1", "state": "running"}
    return st.sampled_from([order, payment, cancelled, ec2, {}, "not json", None])


@settings(max_examples=300, deadline=None)
@given(
    source=st.sampled_from(_SOURCES),
    detail_type=st.sampled_from(_DETAIL_TYPES),
    detail=_details(),
)
def test_the_route_is_found_as_parse_finds_it(source: str, detail_type: str, detail: Any) -> None:
    event = envelope(source, detail_type, copy.deepcopy(detail))
    seen: list[Any] = []
    router = _routed_router(seen)
    expected = _outcome(router.parse, copy.deepcopy(event))
    got = _outcome(lambda e: router(e, None), event)
    if expected[0] == "error":
        assert got == expected
        assert seen == []
    elif expected[1] is None:  # a type no handler takes: ignored
        assert got == ("result", None)
        assert seen == []
    else:
        ((name, model),) = seen
        assert got == ("result", name)
        assert model == expected[1]
        assert type(model) is type(expected[1])


@pytest.mark.parametrize(
    ("source", "detail_type"),
    [
        (["shop.orders"], "OrderPlaced"),  # unhashable source
        ("shop.orders", ["OrderPlaced"]),  # unhashable detail-type of a known source
        ("shop.other", {"a": 1}),  # unhashable detail-type of an unknown source
        (1, "OrderPlaced"),
        ("shop.orders", None),
        (None, None),
    ],
)
def test_values_that_are_not_strings_are_no_event(source: Any, detail_type: Any) -> None:
    event = envelope("x", "y", eb_event(order_v1())["detail"])
    event["source"], event["detail-type"] = source, detail_type
    seen: list[Any] = []
    with pytest.raises(EventParseError) as caught:
        _routed_router(seen)(event, None)
    assert caught.value.reason == "unknown-shape"
    assert seen == []


@pytest.mark.parametrize("missing", ["source", "detail-type"])
def test_a_missing_key_is_no_event(missing: str) -> None:
    event = eb_event(order_v1())
    del event[missing]
    with pytest.raises(EventParseError) as caught:
        _routed_router([])(event, None)
    assert caught.value.reason == "unknown-shape"


def test_a_type_of_a_known_source_without_a_handler_follows_the_policy() -> None:
    event = envelope("shop.orders", "OrderShipped", eb_event(order_v1())["detail"])
    assert _routed_router([], unhandled="ignore")(event, None) is None
    with pytest.raises(UnroutableEventError, match=r"no handler for shop\.orders/OrderShipped"):
        _routed_router([], unhandled="fail")(event, None)


def test_routes_added_later_are_found() -> None:
    """Handlers registered after the first dispatch, and an upcaster declared after the
    handler, change what the next event reaches."""
    registry = UpcasterRegistry()
    router = Router(upcasters=registry, unhandled="fail")
    seen: list[Any] = []
    v1_event = eb_event(order_v1())
    payment_event = eb_event(
        PaymentCapturedV1(
            payment_id="p-1",
            order_id="o-1",
            amount=Money(amount_cents=100, currency="EUR"),
            captured_at="2026-12-06T00:00:00Z",  # type: ignore[arg-type]  # parsed by pydantic
        )
    )

    @router.on(OrderPlacedV2)
    def on_v2(event: OrderPlacedV2) -> str:
        seen.append(event)
        return event.order_id

    with pytest.raises(UnroutableEventError):
        router(v1_event, None)
    with pytest.raises(UnroutableEventError):
        router(payment_event, None)

    @router.on(PaymentCapturedV1)
    def on_payment(event: PaymentCapturedV1) -> str:
        return event.payment_id

    assert router(payment_event, None) == "p-1"

    @registry(OrderPlacedV1, OrderPlacedV2)
    def v1_to_v2(old: OrderPlacedV1) -> OrderPlacedV2:
        return OrderPlacedV2(
            order_id=old.order_id,
            customer_id=old.customer_id,
            total=Money(amount_cents=old.total_cents, currency="EUR"),
            items=[LineItem(**item.model_dump()) for item in old.items],
            shipping_address=old.shipping_address,
        )

    assert router(v1_event, None) == "o-1"
    assert [type(e) for e in seen] == [OrderPlacedV2]


@settings(max_examples=60, deadline=None)
@given(
    correlation_id=st.none() | st.text(min_size=1, max_size=8),
    causation_id=st.none() | st.text(min_size=1, max_size=8),
    idempotency_key=st.none() | st.text(min_size=1, max_size=8),
    raises=st.booleans(),
    is_async=st.booleans(),
    with_hook=st.booleans(),
)
def test_the_handler_sees_its_event_and_the_previous_one_comes_back(
    correlation_id: str | None,
    causation_id: str | None,
    idempotency_key: str | None,
    raises: bool,
    is_async: bool,
    with_hook: bool,
) -> None:
    event = eb_event(
        order_v1(),
        correlation_id=correlation_id,
        causation_id=causation_id,
        idempotency_key=idempotency_key,
    )
    lambda_context = object()
    router = Router(upcasters=UpcasterRegistry())
    seen: list[tuple[str, Any]] = []
    if with_hook:

        @router.use
        def hook(context: EventContext) -> None:
            seen.append(("hook", context))

    def body(order: OrderPlacedV1) -> str:
        seen.append(("handler", current_event()))
        seen.append(("again", current_event()))
        if raises:
            raise ValueError("no")
        return order.order_id

    if is_async:

        async def on_order_async(order: OrderPlacedV1) -> str:
            await asyncio.sleep(0)
            return body(order)

        router.on(OrderPlacedV1)(on_order_async)
    else:
        router.on(OrderPlacedV1)(body)

    outer = parsed_context(eb_event(order_v1()), None)
    with handling(outer):
        if raises:
            with pytest.raises(HandlerError) as caught:
                router(event, lambda_context)
            assert isinstance(caught.value.__cause__, ValueError)
            assert caught.value.event_id == event["detail"]["metadata"]["event_id"]
        else:
            assert router(event, lambda_context) == "o-1"
        assert current_event() is outer
    assert current_event() is None

    expected = parsed_context(event, lambda_context)
    contexts = [context for _, context in seen]
    assert [name for name, _ in seen] == [*(["hook"] if with_hook else []), "handler", "again"]
    assert all(context == expected for context in contexts)
    assert all(context is contexts[0] for context in contexts)  # one object for all of them
