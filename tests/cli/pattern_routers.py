"""Routers that `eventkit patterns` finds hard (tests/cli/test_patterns_*.py): names and event
types that CloudFormation's limits catch, names that spell one id, no handlers, patterns over
the quota; each a function of no arguments, as `MODULE:ROUTER` finds one."""

from __future__ import annotations

from eventkit.contract import Event
from eventkit.routing import Router, UpcasterRegistry
from tests.consume.models import contract

LONG = "s" * 290  # two sources alike in their first 290 characters
EMOJI = "\U0001f600"


def _router(name: str, *events: tuple[str, str]) -> Router:
    router = Router(name=name, upcasters=UpcasterRegistry())
    for source, detail_type in events:
        model = type("Model", (Event,), {"__contract__": contract(source, detail_type, "1.0.0")})
        router.on(model)(lambda event: None)
    return router


def long_target() -> Router:
    # router + source + majors + "Target" is 66 characters
    return _router(
        "warehouse-replenishment", ("com.mycompany.platform.inventory-service", "StockLow")
    )


def long_sources() -> Router:
    return _router("inventory", (f"{LONG}.a", "Happened"), (f"{LONG}.b", "Happened"))


def long_name() -> Router:
    return _router("r" * 300, ("shop.orders", "OrderPlaced"))


def digit_name() -> Router:
    return _router("123", ("shop.orders", "OrderPlaced"))


def emoji() -> Router:
    return _router("smiles", (f"shop.{EMOJI}", f"Smiled{EMOJI}"))


def clashing() -> dict[str, Router]:
    # the first three spell OrdersConsumer, the last two Router
    names = ["orders-consumer", "orders_consumer", "Orders Consumer", "!!!", "日本"]
    return {name: _router(name, ("shop.orders", "OrderPlaced")) for name in names}


def empty() -> Router:
    return _router("empty")


def one_empty() -> dict[str, Router]:
    return {"orders": _router("orders", ("shop.orders", "OrderPlaced")), "empty": _router("empty")}


def no_routers() -> dict[str, Router]:
    return {}


def huge_type() -> Router:
    # one event type whose pattern alone is over the 2,048-character quota
    return _router("huge", ("shop.orders", "D" * 2100))


def alike() -> dict[str, Router]:
    # two sources that spell one id, ShopOrders; two routers that spell OrdersConsumer
    events = [("shop.orders", "OrderPlaced"), ("shop-orders", "OrderPlaced")]
    return {name: _router(name, *events) for name in ["orders-consumer", "Orders Consumer"]}


def alike_grown() -> dict[str, Router]:
    # alike(), with a handler more in each router: of shop-orders, which sorts first
    events = [("shop.orders", "OrderPlaced"), ("shop-orders", "OrderPlaced")]
    grown = [*events, ("shop-orders", "AnOrderShipped")]
    return {name: _router(name, *grown) for name in ["orders-consumer", "Orders Consumer"]}


def _wide(count: int) -> Router:
    types = [f"CatalogProductAttributeChanged{i:03d}" for i in range(count)]
    return _router("catalog", *(("shop.catalog", detail_type) for detail_type in types))


def wide() -> Router:
    # more detail-types of one source and major than one pattern holds: split in two
    return _wide(59)


def wide_grown() -> Router:
    # wide(), with a detail-type more, which sorts into its second part
    return _wide(60)
