"""The example shop's consumers: one `Router` per service, as each would run in its Lambda.

- payments consumes OrderPlaced (major 1, the major it knows) and OrderCancelled; for each
  order it captures the payment and publishes PaymentCaptured 1.0.0 (inside the handler, so
  the new event carries the order's correlation id and the order event as its cause).
- notifications consumes PaymentCaptured as major 2 (upcast from 1 by `payment_captured_v1_to_v2`,
  since payments still publishes major 1), PaymentFailed, OrderConfirmed and
  ClientNotificationRequested, and pushes each to the subscribed WebSocket connections.
- campaigns consumes UserSignedUp and UserEmailVerified (the welcome series).
- operations consumes the foreign `aws.ec2` state-change event and MessageDeadLettered.

The upcasters are declared in this module's own registry, `UPCASTERS`, so importing the demo
changes nothing for other routers. `drain_all` feeds each service's SQS queue to its router.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from shop_events import (
    ClientNotificationRequestedV1,
    EC2InstanceStateChangeNotificationV1,
    MessageDeadLetteredV1,
    OrderCancelledV1,
    OrderConfirmedV1,
    OrderPlacedV1,
    OrderPlacedV2,
    PaymentCapturedV1,
    PaymentCapturedV2,
    PaymentFailedV1,
    UserEmailVerifiedV1,
    UserSignedUpV1,
)
from shop_events.orders.order_placed_v2 import OrderLine, OrderTotals
from shop_events.payments.payment_captured_v2 import Provider
from shop_events.shared.customer_ref import CustomerRef
from shop_events.shared.money import Money

from eventkit.context import current_event
from eventkit.contract import SupportsPublish
from eventkit.routing import DrainResult, Router, UpcasterRegistry, drain

__all__ = [
    "UPCASTERS",
    "Connections",
    "InMemoryWebSocketGateway",
    "ShopConsumers",
    "WebSocketGateway",
    "build_consumers",
    "drain_all",
    "order_placed_v1_to_v2",
    "payment_captured_v1_to_v2",
]

UPCASTERS = UpcasterRegistry()
"""The shop consumers' upcasters (tests/consume checks each one with hypothesis)."""

_MAX_MINOR = 100_000_000_000  # Money.amount_minor's maximum in _shared/money.json


@UPCASTERS(PaymentCapturedV1, PaymentCapturedV2)
def payment_captured_v1_to_v2(old: PaymentCapturedV1) -> PaymentCapturedV2:
    """Major 1 had one capture per payment, for the whole amount: a single, final capture."""
    return PaymentCapturedV2(
        capture_id="cap_" + old.payment_id.removeprefix("pay_"),
        payment_id=old.payment_id,
        order_id=old.order_id,
        captured=old.amount,
        total_captured=old.amount,
        remaining_authorized=Money(amount_minor=0, currency=old.amount.currency),
        final_capture=True,
        provider=Provider(name=old.provider, reference=old.provider_reference),
        captured_at=old.captured_at,
    )


@UPCASTERS(OrderPlacedV1, OrderPlacedV2)
def order_placed_v1_to_v2(old: OrderPlacedV1) -> OrderPlacedV2:
    """Major 1 knew only the user id and one total; the web shop was its only channel.

    Raises ValueError for a line whose total (unit price x quantity) is over what Money can
    carry: major 1 allowed it, major 2 cannot represent it, and guessing would be worse.
    """
    lines = []
    for number, line in enumerate(old.lines, start=1):
        line_total = line.unit_price.amount_minor * line.quantity
        if line_total > _MAX_MINOR:
            raise ValueError(
                f"line {number} of {old.order_id}: total {line_total} is over the maximum "
                f"Money amount of major 2 ({_MAX_MINOR})"
            )
        lines.append(
            OrderLine(
                line_id=f"L{number}",
                sku=line.sku,
                name=line.name,
                quantity=line.quantity,
                unit_price=line.unit_price,
                line_total=Money(amount_minor=line_total, currency=line.unit_price.currency),
                **_given(gift_wrap=line.gift_wrap),
            )
        )
    zero = Money(amount_minor=0, currency=old.total.currency)
    return OrderPlacedV2(
        order_id=old.order_id,
        customer=CustomerRef(user_id=old.user_id),
        channel="web",
        lines=lines,
        totals=OrderTotals(subtotal=old.total, shipping=zero, tax=zero, grand_total=old.total),
        shipping_address=old.shipping_address,
        placed_at=old.placed_at,
        **_given(coupon_code=old.coupon_code, client_request_id=old.client_request_id),
    )


def _given(**optional: Any) -> dict[str, Any]:
    """The optional fields that have a value. Passing None would set them, and an event
    publishes the fields that are set: the schema does not allow null for them."""
    return {name: value for name, value in optional.items() if value is not None}


class WebSocketGateway(Protocol):
    """What notifications needs of API Gateway's Management API (`post_to_connection`)."""

    def post_to_connection(self, *, ConnectionId: str, Data: bytes) -> Any: ...


@dataclass
class InMemoryWebSocketGateway:
    """Stands in for the WebSocket API: records what each connection was sent."""

    sent: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))

    def post_to_connection(self, *, ConnectionId: str, Data: bytes) -> None:
        self.sent[ConnectionId].append(json.loads(Data))


@dataclass
class Connections:
    """The connections table the WebSocket API's `$connect` route fills: topic -> ids.

    Topics are ``user:<user id>`` (a signed-in app) and ``order:<order id>`` (an open
    order-status page).
    """

    by_topic: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def subscribe(self, topic: str, connection_id: str) -> None:
        self.by_topic[topic].add(connection_id)

    def subscribers(self, topic: str) -> list[str]:
        return sorted(self.by_topic.get(topic, ()))


@dataclass
class ShopConsumers:
    """The four consumer routers and what they did (`journal`, one line per handled event)."""

    payments: Router
    notifications: Router
    campaigns: Router
    operations: Router
    gateway: InMemoryWebSocketGateway
    connections: Connections
    journal: list[str] = field(default_factory=list)
    pushes: int = 0

    def routers(self) -> dict[str, Router]:
        return {
            "payments": self.payments,
            "notifications": self.notifications,
            "campaigns": self.campaigns,
            "operations": self.operations,
        }


def build_consumers(
    *,
    bus: SupportsPublish[Any] | None = None,
    gateway: InMemoryWebSocketGateway | None = None,
    connections: Connections | None = None,
) -> ShopConsumers:
    """The shop's consumer routers. With `bus`, payments publishes PaymentCaptured."""
    shop = ShopConsumers(
        payments=Router(name="payments", upcasters=UPCASTERS),
        notifications=Router(name="notifications", upcasters=UPCASTERS),
        campaigns=Router(name="campaigns", upcasters=UPCASTERS),
        operations=Router(name="operations", upcasters=UPCASTERS),
        gateway=gateway or InMemoryWebSocketGateway(),
        connections=connections or Connections(),
    )
    _payments(shop, bus)
    _notifications(shop)
    _campaigns(shop)
    _operations(shop)
    return shop


def _payments(shop: ShopConsumers, bus: SupportsPublish[Any] | None) -> None:
    router = shop.payments

    @router.on(OrderPlacedV1)
    def capture_payment(order: OrderPlacedV1) -> None:
        amount = order.total
        shop.journal.append(
            f"payments: capture {amount.amount_minor} {amount.currency} for {order.order_id}"
        )
        if bus is not None:
            PaymentCapturedV1(
                payment_id="pay_" + order.order_id.removeprefix("ord_"),
                order_id=order.order_id,
                amount=amount,
                provider="stripe",
                provider_reference=f"ch_{order.order_id}",
                captured_at=datetime.now(UTC),
            ).publish(bus)

    @router.on(OrderCancelledV1)
    def void_payment(cancelled: OrderCancelledV1) -> None:
        shop.journal.append(f"payments: void {cancelled.order_id} ({cancelled.reason})")


def _notifications(shop: ShopConsumers) -> None:
    router = shop.notifications

    def push(topic: str, message: Mapping[str, Any]) -> None:
        ctx = current_event()
        payload = {**message, "correlation_id": ctx.correlation_id if ctx else None}
        data = json.dumps(payload, default=str).encode()
        for connection_id in shop.connections.subscribers(topic):
            shop.gateway.post_to_connection(ConnectionId=connection_id, Data=data)
            shop.pushes += 1
        shop.journal.append(f"notifications: push {message['kind']} to {topic}")

    @router.on(PaymentCapturedV2)
    def payment_captured(capture: PaymentCapturedV2) -> None:
        push(
            f"order:{capture.order_id}",
            {
                "kind": "payment_status",
                "order_id": capture.order_id,
                "captured_minor": capture.captured.amount_minor,
                "currency": capture.captured.currency,
                "final": capture.final_capture,
            },
        )

    @router.on(PaymentFailedV1)
    def payment_failed(failure: PaymentFailedV1) -> None:
        push(
            f"order:{failure.order_id}",
            {
                "kind": "payment_status",
                "order_id": failure.order_id,
                "failed": failure.failure.code,
            },
        )

    @router.on(OrderConfirmedV1)
    def order_confirmed(order: OrderConfirmedV1) -> None:
        push(f"user:{order.user_id}", {"kind": "order_status", "order_id": order.order_id})

    @router.on(ClientNotificationRequestedV1)
    def client_notification(request: ClientNotificationRequestedV1) -> None:
        push(
            f"user:{request.user_id}",
            {"kind": request.kind, "title": request.title, "body": request.body},
        )


def _campaigns(shop: ShopConsumers) -> None:
    router = shop.campaigns
    enrolled: set[str] = set()

    @router.on(UserSignedUpV1)
    def start_welcome_series(user: UserSignedUpV1) -> None:
        if user.marketing_opt_in:
            enrolled.add(str(user.user_id))
            shop.journal.append(f"campaigns: welcome series for {user.user_id}")
        else:
            shop.journal.append(f"campaigns: {user.user_id} did not opt in")

    @router.on(UserEmailVerifiedV1)
    def email_verified(user: UserEmailVerifiedV1) -> None:
        state = "send" if str(user.user_id) in enrolled else "nothing to send"
        shop.journal.append(f"campaigns: {user.email} verified ({state})")


def _operations(shop: ShopConsumers) -> None:
    router = shop.operations

    @router.on(EC2InstanceStateChangeNotificationV1)
    def instance_state(change: EC2InstanceStateChangeNotificationV1) -> None:
        shop.journal.append(f"operations: {change.instance_id} is {change.state}")

    @router.on(MessageDeadLetteredV1)
    def dead_lettered(message: MessageDeadLetteredV1) -> None:
        original = message.original
        shop.journal.append(
            f"operations: page on-call, {original.source}/{original.detail_type} dead-lettered "
            f"in {message.consumer} ({message.error.code})"
        )


def drain_all(
    routers: Mapping[str, Router], queue_urls: Mapping[str, str], *, sqs_client: Any
) -> dict[str, DrainResult]:
    """Drain each service's queue into its router; results by service name."""
    return {
        name: drain(router, queue_urls[name], sqs_client=sqs_client)
        for name, router in routers.items()
    }
