"""Constructing a generated model with invalid values raises eventkit's EventValidationError.

It is an `EventkitError` and a `ValueError`, names the model, and keeps pydantic's structured
`errors()`. Parsing (`model_validate`, the consumer side) stays tolerant and keeps raising
pydantic's own error, as decision 0004 says.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from pydantic import ValidationError
from shop_events import OrderPlacedV2
from shop_events.shared.money import Money

from eventkit.errors import ContractError, EventkitError, EventValidationError
from tests.events import load_event

_MISSING = object()  # a `construct` value meaning: leave the field out


def order_data() -> dict[str, Any]:
    return copy.deepcopy(load_event("order_placed_2_0_0")["detail"]["data"])


def construct(**changes: Any) -> EventValidationError:
    data = {**order_data(), **changes}
    for name, value in changes.items():
        if value is _MISSING:
            del data[name]
    with pytest.raises(EventValidationError) as caught:
        OrderPlacedV2(**data)
    return caught.value


def test_valid_values_construct_as_before() -> None:
    order = OrderPlacedV2(**order_data())
    assert order.order_id == "ord_7Hq2LmX9pK3a"
    assert isinstance(order.totals.grand_total, Money)


def test_a_wrong_type_is_an_eventkit_error_and_a_value_error() -> None:
    error = construct(order_id=5)
    assert isinstance(error, EventkitError)
    assert isinstance(error, ContractError)
    assert isinstance(error, ValueError)
    assert error.code == "event-validation"
    assert error.model == "OrderPlacedV2"
    assert [(e["type"], e["loc"], e["input"]) for e in error.errors()] == [
        ("string_type", ("order_id",), 5)
    ]
    assert error.error_count() == 1
    assert error.fields == (("order_id", "Input should be a valid string"),)
    assert "OrderPlacedV2" in error.message
    assert "order_id" in error.message


def test_a_missing_required_field() -> None:
    error = construct(placed_at=_MISSING)
    assert [(e["type"], e["loc"]) for e in error.errors()] == [("missing", ("placed_at",))]
    assert "placed_at" in error.message


def test_constraint_violations_are_each_listed_with_their_path() -> None:
    data = order_data()
    data["lines"][0]["quantity"] = 0
    error = construct(order_id="not-an-order-id", lines=data["lines"])
    found = {(e["type"], e["loc"]) for e in error.errors()}
    assert found == {
        ("string_pattern_mismatch", ("order_id",)),
        ("greater_than_equal", ("lines", 0, "quantity")),
    }
    assert dict(error.fields).keys() == {"order_id", "lines.0.quantity"}
    assert "lines.0.quantity" in error.message


def test_an_empty_constructor_lists_every_required_field() -> None:
    with pytest.raises(EventValidationError) as caught:
        OrderPlacedV2()  # type: ignore[call-arg]
    missing = {e["loc"][0] for e in caught.value.errors() if e["type"] == "missing"}
    assert {"order_id", "customer", "channel", "lines", "totals", "placed_at"} <= missing


def test_a_nested_model_names_itself() -> None:
    with pytest.raises(EventValidationError) as caught:
        Money(amount_minor=-1, currency="EUR")
    assert caught.value.model == "Money"
    assert [e["loc"] for e in caught.value.errors()] == [("amount_minor",)]


def test_an_undeclared_keyword_is_reported_the_same_way() -> None:
    error = construct(loyalty_points=12)
    assert error.model == "OrderPlacedV2"
    assert [(e["type"], e["loc"], e["input"]) for e in error.errors()] == [
        ("extra_forbidden", ("loyalty_points",), 12)
    ]
    assert "loyalty_points" in error.message


def test_errors_returns_a_fresh_list_each_time() -> None:
    error = construct(order_id=5)
    error.errors().clear()
    assert error.error_count() == len(error.errors()) == 1


def test_except_value_error_catches_invalid_construction() -> None:
    with pytest.raises(ValueError, match="OrderPlacedV2"):
        OrderPlacedV2(**{**order_data(), "channel": "fax"})


def test_parsing_stays_tolerant_and_raises_pydantics_error() -> None:
    data = {**order_data(), "added_in_a_later_minor": True}
    assert OrderPlacedV2.model_validate(data).order_id == "ord_7Hq2LmX9pK3a"
    with pytest.raises(ValidationError):
        OrderPlacedV2.model_validate({**data, "order_id": 5})


def test_an_upcaster_constructing_an_invalid_model_names_the_fields() -> None:
    from eventkit.errors import UpcastError
    from eventkit.routing import Router, UpcasterRegistry
    from tests.consume.events import eb_event
    from tests.consume.models import Money as TestMoney
    from tests.consume.models import OrderPlacedV1, order_v1
    from tests.consume.models import OrderPlacedV2 as TestOrderPlacedV2

    registry = UpcasterRegistry()

    @registry(OrderPlacedV1, TestOrderPlacedV2)
    def v1_to_v2(old: OrderPlacedV1) -> TestOrderPlacedV2:
        return TestOrderPlacedV2(
            order_id=old.order_id,
            customer_id=old.customer_id,
            total=TestMoney.model_construct(amount_cents=old.total_cents, currency="EUR"),
            items=old.items,
            shipping_address="nowhere",  # type: ignore[arg-type]  # wrong type: constructing raises
        )

    router = Router(upcasters=registry)
    router.on(TestOrderPlacedV2)(lambda event: None)
    with pytest.raises(UpcastError) as caught:
        router(eb_event(order_v1()), None)
    assert isinstance(caught.value.__cause__, EventValidationError)
    assert [path for path, _ in caught.value.fields] == ["shipping_address"]
