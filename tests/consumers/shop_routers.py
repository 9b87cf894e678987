"""Routers for the --routers tests (imported by name, as a user's module would be)."""

from __future__ import annotations

from shop_events import OrderPlacedV1, OrderPlacedV2, PaymentFailedV1, UserSignedUpV1

from eventkit.routing import Router, UpcasterRegistry

# payments reads OrderPlaced major 2 only (no upcasters), and PaymentFailed major 1.
payments = Router(name="payments", upcasters=UpcasterRegistry())


@payments.on(OrderPlacedV2)
def charge(order: OrderPlacedV2) -> None: ...


@payments.on(PaymentFailedV1)
def retry(failure: PaymentFailedV1) -> None: ...


# A router named after no service of the registry: needs SERVICE= on the command line.
misc = Router(name="misc", upcasters=UpcasterRegistry())


@misc.on(UserSignedUpV1)
def welcome(user: UserSignedUpV1) -> None: ...


def broken() -> Router:
    raise RuntimeError("database not reachable")


not_a_router = 42
both = {"payments": payments, "campaigns": misc}
old_orders = Router(name="orders", upcasters=UpcasterRegistry())


@old_orders.on(OrderPlacedV1)
def audit(order: OrderPlacedV1) -> None: ...
