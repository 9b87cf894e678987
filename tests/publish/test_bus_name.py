"""`EventBus(name)` refuses a name it cannot send to with a `PublishRequestError` (code
`publish-request`, AWS's `ValidationException`): an empty or over-long name, and a name that
is no str at all, e.g. `EventBus(os.environ.get("EVENT_BUS"))` with the variable unset (that
one was a TypeError from `len(None)`)."""

from __future__ import annotations

import os
from typing import Any

import pytest

from eventkit.errors import PublishRequestError
from eventkit.publishing import EventBus
from eventkit.transports.memory import InMemoryTransport


@pytest.mark.parametrize(
    "name",
    [
        None,
        5,
        b"shop-events",
        "",
        "b" * 1601,
        # PutEvents' EventBusName pattern: a name of . - _ and ASCII letters/digits, or an ARN
        "shop events",
        "shop/events",
        "shop-évents",
        "arn:aws:sqs:us-east-1:123456789012:shop-events",
        "arn:aws:events:us-east-1:123456789012:rule/shop-events",
    ],
)
def test_a_bus_name_eventbridge_would_refuse_is_refused_at_once(name: Any) -> None:
    with pytest.raises(PublishRequestError) as info:
        EventBus(name, transport=InMemoryTransport())
    assert info.value.code == "publish-request"
    assert info.value.error_code == "ValidationException"
    assert "event bus name" in str(info.value)


def test_a_bus_named_from_an_unset_variable_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVENT_BUS", raising=False)
    with pytest.raises(PublishRequestError, match="got None"):
        EventBus(os.environ.get("EVENT_BUS"), transport=InMemoryTransport())  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "name",
    [
        "shop-events",
        "shop.events_2",
        "b" * 1600,
        "arn:aws:events:us-east-1:123456789012:event-bus/shop-events",
        "arn:aws-cn:events:cn-north-1:123456789012:event-bus/default",
    ],
)
def test_names_and_event_bus_arns_putevents_takes_are_accepted(name: str) -> None:
    EventBus(name, transport=InMemoryTransport()).close()


def test_the_in_memory_eventbridge_and_the_bus_agree_on_what_a_bus_name_is() -> None:
    from eventkit.testing import InMemoryEventBridge
    from eventkit.transports.limits import is_put_events_bus_name

    assert not is_put_events_bus_name("bad bus")
    bridge = InMemoryEventBridge()
    with pytest.raises(PublishRequestError) as info:
        bridge.put_events(
            [{"Source": "s", "DetailType": "d", "Detail": "{}", "EventBusName": "bad bus"}]
        )
    assert info.value.error_code == "ValidationException"
