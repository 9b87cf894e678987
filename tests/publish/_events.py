"""Hand-written typed events for the publishing tests (stand-ins for shop_events)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from eventkit import Event, EventContract, EventkitModel, ForeignEvent
from eventkit.context import EventContext


class LineItem(EventkitModel):
    sku: str
    quantity: int


class OrderPlacedV1(Event):
    __contract__: ClassVar[EventContract] = EventContract(
        source="shop.orders",
        detail_type="OrderPlaced",
        version="1.1.0",
        schema_digest="sha256:" + "0" * 64,
        schema_path="orders/OrderPlaced/1.1.0.json",
    )
    order_id: str
    total_cents: int
    items: list[LineItem] = Field(default_factory=list)
    coupon_code: str | None = Field(default=None, alias="couponCode")


class OrderPlacedV2(Event):
    __contract__: ClassVar[EventContract] = EventContract(
        source="shop.orders",
        detail_type="OrderPlaced",
        version="2.0.0",
        schema_digest="sha256:" + "2" * 64,
        schema_path="orders/OrderPlaced/2.0.0.json",
    )
    order_id: str
    amount: dict[str, object]


class PaymentCapturedV1(Event):
    __contract__: ClassVar[EventContract] = EventContract(
        source="shop.payments",
        detail_type="PaymentCaptured",
        version="1.0.0",
        schema_digest="sha256:" + "1" * 64,
        schema_path="payments/PaymentCaptured/1.0.0.json",
    )
    payment_id: str
    order_id: str


class BlobV1(Event):
    """An event whose size the tests control."""

    __contract__: ClassVar[EventContract] = EventContract(
        source="shop.files",
        detail_type="Blob",
        version="1.0.0",
        schema_digest="sha256:" + "3" * 64,
        schema_path="files/Blob/1.0.0.json",
    )
    payload: str


class InstanceStateChange(ForeignEvent):
    __contract__: ClassVar[EventContract] = EventContract(
        source="aws.ec2",
        detail_type="EC2 Instance State-change Notification",
        version="1.0.0",
        schema_digest="sha256:" + "4" * 64,
        schema_path="ec2/InstanceStateChange/1.0.0.json",
        foreign=True,
    )
    instance_id: str = Field(alias="instance-id")
    state: str


# The event a handler is running for, where the tests publish "inside a handler".
INCOMING = EventContext(
    event_id="evt-in", source="shop.orders", detail_type="OrderPlaced", correlation_id="flow-1"
)
