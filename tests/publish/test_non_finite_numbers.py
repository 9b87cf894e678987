"""NaN and Infinity never reach the bus as `null`.

JSON (and a JSON Schema number) has neither. pydantic's default wrote them as `null`, so an
event with `reading=float("nan")` was published, delivered, and then refused by every
consumer of a non-nullable number: a lost event nobody was told about. A float field now
refuses them at construction; one slipped in later is sent as the constant, which
EventBridge refuses for that entry (MalformedDetail), reported like any failed entry.
"""

from __future__ import annotations

import math
from typing import ClassVar

import pytest
from pydantic import Field

from eventkit import Event, EventContract
from eventkit.errors import EventValidationError
from eventkit.publishing import EventBus
from eventkit.testing import InMemoryEventBridge
from eventkit.transports import InMemoryTransport


class SensorReadV1(Event):
    __contract__: ClassVar[EventContract] = EventContract(
        source="shop.sensors",
        detail_type="SensorRead",
        version="1.0.0",
        schema_digest="sha256:" + "5" * 64,
        schema_path="sensors/SensorRead/1.0.0.json",
    )
    reading: float
    extra: dict[str, object] = Field(default_factory=dict)


def _bus(bridge: InMemoryEventBridge) -> EventBus:
    return EventBus("shop-events", transport=InMemoryTransport(bridge), producer="sensors")


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_a_float_field_refuses_non_finite_values(value: float) -> None:
    with pytest.raises(EventValidationError) as info:
        SensorReadV1(reading=value)
    (error,) = info.value.errors()
    assert error["loc"] == ("reading",)
    assert error["type"] == "finite_number"


@pytest.mark.parametrize("value", [math.nan, math.inf])
def test_a_non_finite_value_slipped_in_is_reported_not_nulled(
    bridge: InMemoryEventBridge, value: float
) -> None:
    mutated = SensorReadV1(reading=1.5)
    mutated.reading = value
    in_a_dict = SensorReadV1(reading=1.5, extra={"ratio": value})
    fine = SensorReadV1(reading=2.5)

    result = _bus(bridge).publish_batch([mutated, in_a_dict, fine], raise_on_failure=False)

    assert [f.index for f in result.failed] == [0, 1]
    assert {f.error_code for f in result.failed} == {"MalformedDetail"}
    assert [d.index for d in result.delivered] == [2]
    assert [e["detail"]["data"] for e in bridge.events()] == [{"reading": 2.5}]
