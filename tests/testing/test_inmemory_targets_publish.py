"""A target of the in-memory EventBridge that publishes in turn (a handler's follow-up
events) with a bus that sends from worker threads: the publish completes.

The bridge called its targets while holding its lock; a follow-up request sent by one of
the bus's worker threads waited for that lock, its caller waited for the worker, and the
first publish never returned.
"""

from __future__ import annotations

import threading

from eventkit.publishing import EventBus, RetryPolicy
from eventkit.routing import Router, UpcasterRegistry
from eventkit.testing import InMemoryEventBridge
from eventkit.transports import InMemoryTransport
from tests.publish._events import OrderPlacedV1, PaymentCapturedV1


def test_a_target_publishing_with_worker_threads_does_not_hang() -> None:
    bridge = InMemoryEventBridge()
    bus = EventBus(
        "default",
        transport=InMemoryTransport(bridge),
        producer="payments",
        max_workers=3,
        retry=RetryPolicy(jitter=False, sleep=lambda _s: None),
    )
    router = Router(upcasters=UpcasterRegistry(), name="payments")

    @router.on(OrderPlacedV1)
    def capture(order: OrderPlacedV1) -> None:  # 25 follow-ups: 3 requests
        bus.publish_batch(
            [PaymentCapturedV1(payment_id=f"p-{i}", order_id=order.order_id) for i in range(25)]
        )

    bridge.put_rule("orders", {"source": ["shop.orders"]}, targets=[router])
    outcome: list[object] = []
    publisher = threading.Thread(
        target=lambda: outcome.append(bus.publish(OrderPlacedV1(order_id="o-1", total_cents=1))),
        daemon=True,
    )
    publisher.start()
    publisher.join(timeout=20)
    try:
        assert not publisher.is_alive(), "the publish hung"
        assert bridge.target_errors == []
        (order,) = bridge.published_with_metadata(OrderPlacedV1)
        follow_ups = bridge.published_with_metadata(PaymentCapturedV1)
        assert sorted(p.payment_id for _, p in follow_ups) == sorted(f"p-{i}" for i in range(25))
        assert {meta.causation_id for meta, _ in follow_ups} == {order[0].event_id}
    finally:
        if not publisher.is_alive():
            bus.close()
