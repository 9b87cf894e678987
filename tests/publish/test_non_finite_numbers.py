"""NaN and Infinity never reach the bus as `null`.

JSON (and a JSON Schema number) has neither. pydantic's default wrote them as `null`, so an
event with `reading=float("nan")` was published, delivered, and then refused by every
consumer of a non-nullable number: a lost event nobody was told about. A float field now
refuses them at construction; one in a free-form value (`dict[str, object]`) is refused by
the bus before the first request (decision 0007: no half-published batch); one set later on a
float field is sent as the constant, which EventBridge refuses for that entry
(MalformedDetail), reported like any failed entry.
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


class GaugeReadV1(Event):  # no free-form value: its data is not searched before sending
    __contract__: ClassVar[EventContract] = EventContract(
        source="shop.sensors",
        detail_type="GaugeRead",
        version="1.0.0",
        schema_digest="sha256:" + "6" * 64,
        schema_path="sensors/GaugeRead/1.0.0.json",
    )
    reading: float


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
def test_a_non_finite_value_set_later_is_reported_not_nulled(
    bridge: InMemoryEventBridge, value: float
) -> None:
    mutated = GaugeReadV1(reading=1.5)
    with pytest.raises(EventValidationError):  # checked as it is set
        mutated.reading = value
    mutated.__dict__["reading"] = value  # past that check: publishing still reports it
    fine = GaugeReadV1(reading=2.5)

    result = _bus(bridge).publish_batch([mutated, fine], raise_on_failure=False)

    assert [f.index for f in result.failed] == [0]
    assert {f.error_code for f in result.failed} == {"MalformedDetail"}
    assert [d.index for d in result.delivered] == [1]
    assert [e["detail"]["data"] for e in bridge.events()] == [{"reading": 2.5}]


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_a_non_finite_value_in_free_form_data_refuses_the_batch_before_sending(
    bridge: InMemoryEventBridge, value: float
) -> None:
    # 25 events fill three requests; the bad one is in the third: nothing may go out
    events = [SensorReadV1(reading=float(i)) for i in range(25)]
    events.append(SensorReadV1(reading=1.5, extra={"stats": [{"ratio": value}]}))

    with pytest.raises(EventValidationError) as info:
        _bus(bridge).publish_batch(events, raise_on_failure=False)

    (error,) = info.value.errors()
    assert error["type"] == "finite_number"
    assert error["loc"] == ("extra", "stats", 0, "ratio")
    assert "events[25]" in str(info.value)
    assert bridge.events() == []


def test_the_names_of_the_constants_inside_strings_are_sent(bridge: InMemoryEventBridge) -> None:
    event = SensorReadV1(reading=1.0, extra={"note": "NaN and -Infinity", "NaN": "x"})
    result = _bus(bridge).publish_batch([event])
    assert [d.index for d in result.delivered] == [0]
