"""The `resources` option takes a sequence of ARNs: a str (one resource per character if it
were iterated), non-str items and text that is not UTF-8 are refused with an
`EventValidationError` naming `resources`, before anything is sent."""

from __future__ import annotations

from typing import Any

import pytest

from eventkit.errors import EventValidationError
from eventkit.publishing import EventBus
from eventkit.testing import InMemoryEventBridge
from eventkit.transports.memory import InMemoryTransport
from tests.publish._events import OrderPlacedV1

ARN = "arn:aws:s3:::bucket"


@pytest.fixture
def bus(bridge: InMemoryEventBridge) -> EventBus:
    return EventBus("shop-events", transport=InMemoryTransport(bridge), producer="orders")


def _order() -> OrderPlacedV1:
    return OrderPlacedV1(order_id="o-1", total_cents=1)


@pytest.mark.parametrize(
    ("resources", "named"),
    [
        (ARN, "resources must be a sequence of ARNs, not a str"),
        (ARN.encode(), "resources must be a sequence of ARNs, not a bytes"),
        (5, "resources must be a sequence of ARNs, not a int"),
        (True, "resources must be a sequence of ARNs, not a bool"),
        ([None], "resources[0] must be a str (an ARN), got None"),
        ([ARN, 5], "resources[1] must be a str"),
        ([ARN, "arn:\udc80"], "resources[1] is not valid Unicode"),
    ],
)
def test_bad_resources_are_refused_before_sending(
    bus: EventBus, bridge: InMemoryEventBridge, resources: Any, named: str
) -> None:
    with pytest.raises(EventValidationError, match=r"resources") as info:
        bus.publish(_order(), resources=resources)
    assert named in str(info.value)
    assert info.value.errors()[0]["loc"][0] == "resources"
    with pytest.raises(EventValidationError, match=r"resources"):
        bus.prepare(_order(), resources=resources)
    assert bridge.events(bus="shop-events") == []


@pytest.mark.parametrize("resources", [[ARN], (ARN, "arn:aws:s3:::other")])
def test_a_sequence_of_arns_is_sent_as_it_is(
    bus: EventBus, bridge: InMemoryEventBridge, resources: Any
) -> None:
    bus.publish(_order(), resources=resources)
    (event,) = bridge.events(bus="shop-events")
    assert event["resources"] == list(resources)
