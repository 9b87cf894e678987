"""A major written with a leading zero ("01.0.0") is not routed (routes are keyed by the
major's text), and the error says so rather than blaming a handler's `upcast=False` or a major
the router does handle."""

from __future__ import annotations

import pytest

from eventkit.errors import UnroutableEventError
from eventkit.routing import Router, UpcasterRegistry
from tests.consume.events import eb_event
from tests.consume.models import Money, OrderPlacedV1, OrderPlacedV2, order_v1


@pytest.fixture
def router() -> Router:
    registry = UpcasterRegistry()

    @registry(OrderPlacedV1, OrderPlacedV2)
    def up(order: OrderPlacedV1) -> OrderPlacedV2:
        return OrderPlacedV2(
            order_id=order.order_id,
            customer_id=order.customer_id,
            items=order.items,
            total=Money(amount_cents=order.total_cents, currency="EUR"),
            shipping_address=order.shipping_address,
        )

    router = Router(upcasters=registry)
    router.on(OrderPlacedV2)(lambda order: "ok")
    return router


@pytest.mark.parametrize("version", ["01.0.0", "02.0.0", "002.1.0"])
def test_a_leading_zero_major_is_reported_as_such(router: Router, version: str) -> None:
    event = eb_event(order_v1())
    event["detail"]["metadata"]["version"] = version

    with pytest.raises(UnroutableEventError) as info:
        router(event)

    message = str(info.value)
    assert f"its major is written {version.partition('.')[0]!r}" in message
    assert "upcast=False" not in message
    assert "only" not in message


def test_the_canonical_major_is_routed(router: Router) -> None:
    event = eb_event(order_v1())
    event["detail"]["metadata"]["version"] = "1.0.0"
    assert router(event) == "ok"
