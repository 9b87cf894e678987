"""`EventBus.close()` while a batch is being sent: from a handler the in-memory EventBridge calls
during the send (in the caller's thread or one of the bus's threads), or from another thread.

close() never hangs; the batch in flight is delivered or reported whole; a publish after
close() is refused with every event listed; the transport is closed once nothing is in flight.
Every wait has a timeout, so a regression fails the test instead of hanging the suite.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from eventkit.errors import BusClosedError, PublishError
from eventkit.publishing import EventBus, PublishResult
from eventkit.testing import InMemoryEventBridge
from eventkit.transports import InMemoryTransport
from tests.publish._events import OrderPlacedV1, PaymentCapturedV1

TIMEOUT = 10.0


class ClosingTracked(InMemoryTransport):
    """The in-memory transport, noting whether sends came after its close()."""

    def __init__(self, bridge: InMemoryEventBridge) -> None:
        super().__init__(bridge)
        self.closed = threading.Event()
        self.sends_after_close = 0

    def send(self, entries: Any) -> Any:
        if self.closed.is_set():
            self.sends_after_close += 1
        return super().send(entries)

    def close(self) -> None:
        self.closed.set()


def orders(n: int) -> list[OrderPlacedV1]:
    return [OrderPlacedV1(order_id=f"o-{i}", total_cents=i) for i in range(n)]


def run_in_thread(fn: Callable[[], object]) -> tuple[threading.Thread, dict[str, object]]:
    out: dict[str, object] = {}

    def target() -> None:
        try:
            out["result"] = fn()
        except PublishError as exc:
            out["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread, out


def accounted(outcome: object) -> list[int]:
    """Every index the call reported, delivered or failed, in order."""
    assert isinstance(outcome, PublishResult | PublishError), outcome
    return sorted([d.index for d in outcome.delivered] + [f.index for f in outcome.failed])


@pytest.mark.parametrize("max_workers", [1, 3])
@pytest.mark.parametrize("closing_delivery", [1, 3, 17])
def test_close_from_a_handler_during_the_batch(max_workers: int, closing_delivery: int) -> None:
    bridge = InMemoryEventBridge()
    bridge.create_event_bus("shop-events")
    transport = ClosingTracked(bridge)
    bus = EventBus("shop-events", transport=transport, producer="p")
    seen: list[int] = []
    follow_ups: list[object] = []

    def handler(_event: dict[str, Any]) -> None:
        seen.append(1)
        if len(seen) == closing_delivery:
            bus.close()
            # the handler's follow-up event, after close(): refused, listed, not lost
            try:
                bus.publish(PaymentCapturedV1(payment_id="p-1", order_id="o-1"))
            except BusClosedError as exc:
                follow_ups.append(exc)

    bridge.put_rule("orders", {"source": ["shop.orders"]}, bus="shop-events", targets=[handler])

    thread, out = run_in_thread(
        lambda: bus.publish_batch(orders(30), max_workers=max_workers, raise_on_failure=False)
    )
    thread.join(TIMEOUT)
    assert not thread.is_alive(), "publish_batch hung after close() from a handler"

    result = out["result"]
    assert isinstance(result, PublishResult)
    assert accounted(result) == list(range(30))
    assert len(result.delivered) == 30  # the batch in flight finishes
    assert len(bridge.published(OrderPlacedV1)) == 30
    [refused] = follow_ups
    assert isinstance(refused, BusClosedError)
    assert [f.error_code for f in refused.failed] == ["BusClosed"]
    assert bridge.published(PaymentCapturedV1) == []
    # nothing in flight any more: the threads stopped and the transport was closed, after
    # the last send
    assert transport.closed.is_set()
    assert transport.sends_after_close == 0

    with pytest.raises(BusClosedError) as later:
        bus.publish_batch(orders(3))
    assert [f.index for f in later.value.failed] == [0, 1, 2]
    bus.close()  # idempotent, returns at once


def test_close_from_another_thread_waits_for_the_batch() -> None:
    bridge = InMemoryEventBridge()
    bridge.create_event_bus("shop-events")
    transport = ClosingTracked(bridge)
    bus = EventBus("shop-events", transport=transport, producer="p")
    closer_started = threading.Event()
    closer = threading.Thread(target=bus.close, daemon=True)
    delivered = 0
    probe = OrderPlacedV1(order_id="probe", total_cents=0)

    def handler(_event: dict[str, Any]) -> None:
        nonlocal delivered
        delivered += 1
        if delivered == 5:  # mid-batch: another thread closes, and this batch goes on
            closer.start()
            for _ in range(int(TIMEOUT / 0.01)):
                try:
                    bus.publish(probe)  # refused once close() has begun
                except BusClosedError:
                    closer_started.set()
                    return
                closer.join(0.01)

    bridge.put_rule("orders", {"source": ["shop.orders"]}, bus="shop-events", targets=[handler])
    thread, out = run_in_thread(
        lambda: bus.publish_batch(orders(30), max_workers=3, raise_on_failure=False)
    )
    thread.join(TIMEOUT)
    closer.join(TIMEOUT)
    assert not thread.is_alive()
    assert not closer.is_alive()
    assert closer_started.is_set()
    assert accounted(out["result"]) == list(range(30))
    assert transport.closed.is_set()
    assert transport.sends_after_close == 0
