"""Two versions of one consumer for the logical-id test: `after` adds a handler of a new source
and declares the old ones in another order."""

from __future__ import annotations

from shop_events import OrderCancelledV1, PaymentFailedV1, UserSignedUpV1

from eventkit.routing import Router, UpcasterRegistry


def _handle(event: object) -> None: ...


def before() -> Router:
    router = Router(name="billing-consumer", upcasters=UpcasterRegistry())
    router.on(OrderCancelledV1)(_handle)
    router.on(PaymentFailedV1)(_handle)
    return router


def after() -> Router:
    router = Router(name="billing-consumer", upcasters=UpcasterRegistry())
    router.on(UserSignedUpV1)(_handle)  # new: source shop.users sorts between the others
    router.on(PaymentFailedV1)(_handle)
    router.on(OrderCancelledV1)(_handle)
    return router
