"""A wrong field type when constructing an event."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from shop_events.orders import OrderCancelledV1

OrderCancelledV1(
    order_id=12345,  # E: arg-type
    user_id=UUID("5f0c7d1e-8a4b-4c2d-9e6f-1a2b3c4d5e6f"),
    reason="customer_request",
    cancelled_by="customer",
    cancelled_at=datetime.now(UTC),
)
OrderCancelledV1(
    order_id="ord_7Hq2LmX9pK3a",
    user_id=UUID("5f0c7d1e-8a4b-4c2d-9e6f-1a2b3c4d5e6f"),
    reason="bored",  # E: arg-type
    cancelled_by="customer",
    cancelled_at=datetime.now(UTC),
)
