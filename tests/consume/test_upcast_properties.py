"""Property: every upcaster maps valid instances of the old version to valid instances of the
new one. The old instances are generated (hypothesis-jsonschema) from the schema the old model
was generated from, and the upcast result is checked, as published, against the schema of the
new version. An upcaster may refuse an old event it cannot represent, but only by raising
ValueError (the router reports it as an UpcastError); it may never return an invalid event.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

from eventkit.contract import BaseEvent
from eventkit.envelope import event_data
from eventkit.routing import Upcaster, UpcasterRegistry
from eventkit.routing._upcast import model_contract
from tests._jsonschema_strategies import from_schema
from tests.consume.models import OrderPlacedV1, OrderPlacedV2, OrderPlacedV3
from tests.consume.test_upcast import v1_to_v2, v2_to_v3

REPO = Path(__file__).resolve().parents[2]
# Formats the registry uses that hypothesis-jsonschema does not generate by itself.
FORMATS = {"uuid": st.uuids().map(str)}


def _test_registry() -> UpcasterRegistry:
    registry = UpcasterRegistry()
    registry(OrderPlacedV1, OrderPlacedV2)(v1_to_v2)
    registry(OrderPlacedV2, OrderPlacedV3)(v2_to_v3)
    return registry


def _demo_registry() -> UpcasterRegistry:
    from shop_demo.consumers import UPCASTERS

    return UPCASTERS


@functools.cache
def _registry_schemas() -> Any:
    from eventkit.registry import load_registry

    return load_registry(REPO / "schemas")


def schema_of(model: type[BaseEvent]) -> dict[str, Any]:
    """The JSON Schema the model was generated from (self-contained), or, for a hand-written
    test model, the one pydantic derives from it."""
    contract = model_contract(model)
    if model.__module__.startswith("shop_events."):
        registry = _registry_schemas()
        key = contract.schema_path.rsplit("/", 1)[0]
        version = next(
            v for v in registry.event(key).versions if str(v.version) == contract.version
        )
        bundled: dict[str, Any] = registry.bundle(version)
        return bundled
    return model.model_json_schema(by_alias=True, mode="validation")


def small(schema: Any, max_items: int = 3) -> Any:
    """The schema with every array capped at `max_items`: still only valid instances (a
    subset), drawn several times faster than arrays of up to 100 nested objects."""
    if isinstance(schema, dict):
        capped = {key: small(value, max_items) for key, value in schema.items()}
        if capped.get("type") == "array":
            capped["maxItems"] = min(capped.get("maxItems", max_items), max_items)
        return capped
    if isinstance(schema, list):
        return [small(item, max_items) for item in schema]
    return schema


def cases() -> list[Any]:
    return [
        pytest.param(step, id=f"{origin}:{step.source.__qualname__}->{step.target.__qualname__}")
        for origin, registry in (("tests", _test_registry()), ("demo", _demo_registry()))
        for step in registry
    ]


@pytest.mark.parametrize("step", cases())
def test_upcaster_maps_valid_old_to_valid_new(step: Upcaster[Any, Any]) -> None:
    old_schema = small(schema_of(step.source))
    new_validator = Draft202012Validator(
        schema_of(step.target), format_checker=Draft202012Validator.FORMAT_CHECKER
    )

    @settings(
        max_examples=20,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(data=from_schema(old_schema, custom_formats=FORMATS))
    def check(data: dict[str, Any]) -> None:
        # What the router hands the upcaster. A registry schema and its model accept the same
        # data; pydantic's own schema of a hand-written model only roughly (decimals).
        try:
            old = step.source.model_validate(data)
        except ValueError:
            assume(False)
        try:
            new = step(old)
        except ValueError as refusal:  # a declared refusal, reported as an UpcastError
            if not str(refusal):
                pytest.fail(f"{step.name} refused {data} without saying why")
            return
        assert isinstance(new, step.target)
        published = event_data(new)
        errors = sorted(new_validator.iter_errors(published), key=lambda e: list(e.path))
        assert not errors, "; ".join(f"{list(e.path)}: {e.message}" for e in errors)
        assert step.target.model_validate(json.loads(json.dumps(published))) == new

    check()


def test_every_demo_upcaster_is_covered() -> None:
    names = {c.id for c in cases()}
    assert {
        "demo:PaymentCapturedV1->PaymentCapturedV2",
        "demo:OrderPlacedV1->OrderPlacedV2",
    } <= names


@given(st.integers(min_value=2, max_value=999))
def test_order_upcaster_refuses_unrepresentable_line_totals(quantity: int) -> None:
    from shop_demo.consumers import order_placed_v1_to_v2

    from tests.events import load_event

    data = load_event("order_placed_1_1_0")["detail"]["data"]
    data["lines"][0]["quantity"] = quantity
    data["lines"][0]["unit_price"]["amount_minor"] = 100_000_000_000
    from shop_events import OrderPlacedV1 as ShopOrderPlacedV1

    with pytest.raises(ValueError, match="over the maximum"):
        order_placed_v1_to_v2(ShopOrderPlacedV1.model_validate(data))
