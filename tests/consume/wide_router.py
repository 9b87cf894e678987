"""A consumer of many event types of one source (`eventkit patterns` tests/consume/
test_pattern_quota.py): their detail-types do not fit one 2,048-character rule pattern."""

from __future__ import annotations

from eventkit.contract import Event
from eventkit.routing import Router, UpcasterRegistry
from tests.consume.models import contract

SOURCE = "shop.catalog"
DETAIL_TYPES = [f"CatalogProductAttributeChanged{i:03d}" for i in range(60)]


def _model(detail_type: str) -> type[Event]:
    return type(
        f"{detail_type}V1", (Event,), {"__contract__": contract(SOURCE, detail_type, "1.0.0")}
    )


def build() -> Router:
    router = Router(name="catalog", upcasters=UpcasterRegistry())
    for detail_type in DETAIL_TYPES:
        router.on(_model(detail_type))(lambda event: None)
    return router
