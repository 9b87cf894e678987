"""The order event the benchmarks publish and dispatch: the example shop's generated
`OrderPlacedV2` (about 1 KB: a customer object, line items with money, addresses), filled from
the registry's own example, so the benches measure the models users really get."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from shop_events.orders import OrderPlacedV2

from eventkit.registry import load_registry

__all__ = ["OrderPlacedV2", "order_data", "orders"]

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


def order_data() -> dict[str, Any]:
    """The first `examples` entry of orders/OrderPlaced 2.x, as a consumer receives it."""
    version = load_registry(SCHEMAS).event("orders/OrderPlaced").latest_in(2)
    return dict(version.schema["examples"][0])


def orders(n: int) -> list[OrderPlacedV2]:
    """`n` distinct typed orders, built through the strict (producer-side) constructor."""
    data = order_data()
    return [OrderPlacedV2(**{**data, "order_id": f"ord_{i:012d}"}) for i in range(n)]
