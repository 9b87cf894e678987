"""A publishing setting eventkit cannot use is refused when the object is made, as a
structured `SettingError` naming the setting and the value (still a `ValueError`, as it was):
not a bare `ValueError`, nor a `TypeError` from comparing a string with a number."""

from __future__ import annotations

from typing import Any

import pytest

from eventkit.errors import EventkitError, SettingError
from eventkit.publishing import EventBus, RetryPolicy
from eventkit.transports import InMemoryTransport
from eventkit.transports.memory import InMemoryEventBridge
from tests.publish._events import OrderPlacedV1


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("max_attempts", 0),
        ("max_attempts", "3"),
        ("max_attempts", 2.5),
        ("base_delay", -1),
        ("max_delay", -0.5),
        ("base_delay", "0.1"),
    ],
)
def test_a_retry_policy_setting_it_cannot_use_is_a_setting_error(setting: str, value: Any) -> None:
    with pytest.raises(SettingError) as caught:
        RetryPolicy(**{setting: value})
    assert (caught.value.setting, caught.value.value) == (setting, repr(value))
    assert isinstance(caught.value, ValueError)
    assert caught.value.exit_code == EventkitError.exit_code


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("max_workers", 0),
        ("max_workers", "2"),
        ("max_request_bytes", 0),
        ("max_entry_bytes", 1.5),
    ],
)
def test_a_bus_setting_it_cannot_use_is_a_setting_error(setting: str, value: Any) -> None:
    with pytest.raises(SettingError) as caught:
        EventBus("b", transport=InMemoryTransport(InMemoryEventBridge()), **{setting: value})
    assert (caught.value.setting, caught.value.value) == (setting, repr(value))
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("value", ["4", 2.5, 0, -1])
def test_a_per_call_max_workers_it_cannot_use_is_a_setting_error(value: Any) -> None:
    """`publish_batch(max_workers=...)` is checked as the bus's own setting is: "4" and 2.5
    escaped as a TypeError from the pool, 0 and -1 were taken silently."""
    bridge = InMemoryEventBridge()
    bus = EventBus("default", transport=InMemoryTransport(bridge), producer="p")
    events = [OrderPlacedV1(order_id=f"o-{i}", total_cents=i) for i in range(25)]
    with pytest.raises(SettingError) as caught:
        bus.publish_batch(events, max_workers=value)
    assert (caught.value.setting, caught.value.value) == ("max_workers", repr(value))
    assert bridge.requests == []
