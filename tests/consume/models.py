"""Hand-written event models for the consumer tests, shaped like the generated ones."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field

from eventkit.contract import Event, EventContract, EventkitModel, ForeignEvent


def contract(
    source: str, detail_type: str, version: str, *, foreign: bool = False
) -> EventContract:
    return EventContract(
        source=source,
        detail_type=detail_type,
        version=version,
        schema_digest="sha256:" + "0" * 64,
        schema_path=f"{source}/{detail_type}/{version}.json",
        foreign=foreign,
    )


class LineItem(EventkitModel):
    sku: Annotated[str, Field(min_length=1)]
    quantity: Annotated[int, Field(ge=1)]
    unit_price_cents: int


class Address(EventkitModel):
    street: str
    city: str
    postal_code: str
    country: Annotated[str, Field(min_length=2, max_length=2)]


class OrderPlacedV1(Event):
    __contract__: ClassVar[EventContract] = contract("shop.orders", "OrderPlaced", "1.1.0")

    order_id: str
    customer_id: str
    total_cents: int
    items: list[LineItem]
    shipping_address: Address
    coupon: str | None = None


class Money(EventkitModel):
    amount_cents: int
    currency: Annotated[str, Field(min_length=3, max_length=3)]


class OrderPlacedV2(Event):
    __contract__: ClassVar[EventContract] = contract("shop.orders", "OrderPlaced", "2.0.0")

    order_id: str
    customer_id: str
    total: Money
    items: list[LineItem]
    shipping_address: Address


class OrderPlacedV3(Event):
    __contract__: ClassVar[EventContract] = contract("shop.orders", "OrderPlaced", "3.0.0")

    order_id: str
    customer: Annotated[dict[str, Any], Field(description="customer reference")]
    total: Money
    items: list[LineItem]


class OrderCancelledV1(Event):
    __contract__: ClassVar[EventContract] = contract("shop.orders", "OrderCancelled", "1.0.0")

    order_id: str
    reason: Literal["customer", "fraud", "stock"]


class PaymentCapturedV1(Event):
    __contract__: ClassVar[EventContract] = contract("shop.payments", "PaymentCaptured", "1.0.0")

    payment_id: str
    order_id: str
    amount: Money
    captured_at: datetime


class EC2InstanceStateChangeNotification(ForeignEvent):
    __contract__: ClassVar[EventContract] = contract(
        "aws.ec2", "EC2 Instance State-change Notification", "1.0.0", foreign=True
    )

    instance_id: Annotated[str, Field(alias="instance-id")]
    state: Literal["pending", "running", "stopping", "stopped", "shutting-down", "terminated"]


def order_v1(**overrides: Any) -> OrderPlacedV1:
    values: dict[str, Any] = {
        "order_id": "o-1",
        "customer_id": "c-1",
        "total_cents": 2550,
        "items": [
            LineItem(sku="SKU-1", quantity=1, unit_price_cents=1050),
            LineItem(sku="SKU-2", quantity=3, unit_price_cents=500),
        ],
        "shipping_address": Address(
            street="1 Main St", city="Springfield", postal_code="12345", country="US"
        ),
    }
    values.update(overrides)
    return OrderPlacedV1(**values)
