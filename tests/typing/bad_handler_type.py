"""A handler whose parameter type does not match its event."""

from __future__ import annotations

from shop_events.orders import OrderPlacedV1, OrderPlacedV2
from shop_events.payments import PaymentCapturedV1

from eventkit.routing import Router

router = Router()


@router.on(OrderPlacedV1)  # E: arg-type
def wrong_event(event: PaymentCapturedV1) -> None: ...


@router.on(OrderPlacedV1)  # E: arg-type
def wrong_major(event: OrderPlacedV2) -> None: ...


@OrderPlacedV2.subscribe(router)  # E: arg-type
def wrong_via_subscribe(event: OrderPlacedV1) -> None: ...


@router.on(OrderPlacedV2)
def wrong_attribute(event: OrderPlacedV2) -> None:
    print(event.user_id)  # E: attr-defined
