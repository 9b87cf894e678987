"""Upcasting: declared steps between consecutive majors, composed by the router."""

from __future__ import annotations

from typing import Any

import pytest

from eventkit.errors import RoutingError, UnroutableEventError, UpcastError
from eventkit.routing import Router, UpcasterRegistry
from tests.consume.events import eb_event
from tests.consume.models import (
    EC2InstanceStateChangeNotification,
    Money,
    OrderCancelledV1,
    OrderPlacedV1,
    OrderPlacedV2,
    OrderPlacedV3,
    order_v1,
)


def v1_to_v2(old: OrderPlacedV1) -> OrderPlacedV2:
    return OrderPlacedV2(
        order_id=old.order_id,
        customer_id=old.customer_id,
        total=Money(amount_cents=old.total_cents, currency="EUR"),
        items=old.items,
        shipping_address=old.shipping_address,
    )


def v2_to_v3(old: OrderPlacedV2) -> OrderPlacedV3:
    return OrderPlacedV3(
        order_id=old.order_id,
        customer={"id": old.customer_id, "country": old.shipping_address.country},
        total=old.total,
        items=old.items,
    )


@pytest.fixture
def registry() -> UpcasterRegistry:
    registry = UpcasterRegistry()
    registry(OrderPlacedV1, OrderPlacedV2)(v1_to_v2)
    registry(OrderPlacedV2, OrderPlacedV3)(v2_to_v3)
    return registry


def test_v1_is_upcast_when_the_handler_wants_v2(registry: UpcasterRegistry) -> None:
    router = Router(upcasters=registry)
    received: list[OrderPlacedV2] = []
    router.on(OrderPlacedV2)(received.append)
    router(eb_event(order_v1()), None)
    assert received == [v1_to_v2(order_v1())]
    assert received[0].total == Money(amount_cents=2550, currency="EUR")


def test_chains_compose(registry: UpcasterRegistry) -> None:
    router = Router(upcasters=registry)
    received: list[OrderPlacedV3] = []
    router.on(OrderPlacedV3)(received.append)
    router(eb_event(order_v1()), None)
    router(eb_event(v1_to_v2(order_v1(order_id="o-2"))), None)
    assert [r.order_id for r in received] == ["o-1", "o-2"]
    assert received[0].customer == {"id": "c-1", "country": "US"}


def test_an_exact_handler_wins_over_upcasting(registry: UpcasterRegistry) -> None:
    router = Router(upcasters=registry)
    got: list[str] = []
    router.on(OrderPlacedV1)(lambda e: got.append("v1"))
    router.on(OrderPlacedV3)(lambda e: got.append("v3"))
    router(eb_event(order_v1()), None)
    router(eb_event(v1_to_v2(order_v1())), None)
    assert got == ["v1", "v3"]


def test_upcast_false_takes_only_the_exact_major(registry: UpcasterRegistry) -> None:
    router = Router(upcasters=registry)
    router.on(OrderPlacedV2, upcast=False)(lambda e: None)
    with pytest.raises(UnroutableEventError):
        router(eb_event(order_v1()), None)
    assert router.event_patterns()[0]["detail"]["metadata"]["version"] == [{"prefix": "2."}, "2"]


def test_upcasters_declared_after_the_handlers_are_seen() -> None:
    registry = UpcasterRegistry()
    router = Router(upcasters=registry)
    router.on(OrderPlacedV2)(lambda e: None)
    with pytest.raises(UnroutableEventError):
        router(eb_event(order_v1()), None)
    registry(OrderPlacedV1, OrderPlacedV2)(v1_to_v2)
    router(eb_event(order_v1()), None)


def test_missing_step_is_named() -> None:
    registry = UpcasterRegistry()
    registry(OrderPlacedV1, OrderPlacedV2)(v1_to_v2)
    router = Router(upcasters=registry)
    router.on(OrderPlacedV3)(lambda e: None)
    with pytest.raises(UnroutableEventError) as caught:
        router(eb_event(order_v1()), None)
    assert "none from major 2 to 3" in str(caught.value)
    assert caught.value.version == "1.1.0"
    assert caught.value.hint is not None
    assert "OrderPlaced" in caught.value.hint or "<Event>V2" in caught.value.hint


def test_an_upcaster_that_raises_is_reported() -> None:
    registry = UpcasterRegistry()

    @registry(OrderPlacedV1, OrderPlacedV2)
    def broken(old: OrderPlacedV1) -> OrderPlacedV2:
        raise KeyError("currency")

    router = Router(upcasters=registry)
    router.on(OrderPlacedV2)(lambda e: None)
    with pytest.raises(UpcastError) as caught:
        router(eb_event(order_v1()), None)
    assert "broken" in str(caught.value)
    assert isinstance(caught.value.__cause__, KeyError)


def test_an_upcaster_may_return_the_data_dict_which_is_validated() -> None:
    registry = UpcasterRegistry()

    @registry(OrderPlacedV1, OrderPlacedV2)
    def as_dict(old: OrderPlacedV1) -> Any:
        data = old.model_dump(mode="json")
        data["total"] = {"amount_cents": data.pop("total_cents"), "currency": "EUR"}
        return data

    router = Router(upcasters=registry)
    received: list[OrderPlacedV2] = []
    router.on(OrderPlacedV2)(received.append)
    router(eb_event(order_v1()), None)
    assert received[0].total.currency == "EUR"


def test_an_upcaster_returning_invalid_data_names_the_fields() -> None:
    registry = UpcasterRegistry()
    # returns a dict, not the model: invalid on purpose
    registry(OrderPlacedV1, OrderPlacedV2)(lambda old: {"order_id": old.order_id})  # type: ignore[arg-type, return-value]
    router = Router(upcasters=registry)
    router.on(OrderPlacedV2)(lambda e: None)
    with pytest.raises(UpcastError) as caught:
        router(eb_event(order_v1()), None)
    assert {path for path, _ in caught.value.fields} >= {"customer_id", "total", "items"}


def test_an_upcaster_returning_the_wrong_type() -> None:
    registry = UpcasterRegistry()
    registry(OrderPlacedV1, OrderPlacedV2)(lambda old: old)  # type: ignore[arg-type,return-value]
    router = Router(upcasters=registry)
    router.on(OrderPlacedV2)(lambda e: None)
    with pytest.raises(UpcastError, match="returned OrderPlacedV1"):
        router(eb_event(order_v1()), None)


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        (OrderPlacedV1, OrderPlacedV3, "next major only"),
        (OrderPlacedV2, OrderPlacedV1, "next major only"),
        (OrderCancelledV1, OrderPlacedV2, "not the same event"),
        (EC2InstanceStateChangeNotification, OrderPlacedV2, "not the same event"),
        (dict, OrderPlacedV2, "not an eventkit event model"),
    ],
)
def test_upcaster_declaration_mistakes(source: Any, target: Any, message: str) -> None:
    with pytest.raises(RoutingError, match=message):
        UpcasterRegistry()(source, target)(lambda old: old)


def test_two_upcasters_for_one_step_are_refused(registry: UpcasterRegistry) -> None:
    with pytest.raises(RoutingError, match="two upcasters"):
        registry(OrderPlacedV1, OrderPlacedV2)(lambda old: v1_to_v2(old))
    registry(OrderPlacedV1, OrderPlacedV2)(v1_to_v2)  # the same function again is harmless
