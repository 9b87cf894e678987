"""A consumer module as `eventkit patterns MODULE:ROUTER` finds one (tests/consume/test_cli)."""

from __future__ import annotations

from eventkit.routing import Router, UpcasterRegistry
from tests.consume.models import EC2InstanceStateChangeNotification, OrderPlacedV1

router = Router(name="orders-consumer", upcasters=UpcasterRegistry())


@router.on(OrderPlacedV1)
def on_order(order: OrderPlacedV1) -> None: ...


@router.on(EC2InstanceStateChangeNotification)
def on_instance(change: EC2InstanceStateChangeNotification) -> None: ...


def both() -> dict[str, Router]:
    other = Router(name="audit", upcasters=UpcasterRegistry())
    other.on(OrderPlacedV1)(on_order)
    return {"orders-consumer": router, "audit": other}


not_a_router = 42
