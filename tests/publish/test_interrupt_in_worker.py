"""SystemExit raised while one of the bus's threads sends a chunk (a target of the in-memory
EventBridge calling sys.exit(), as a handler may): in a thread other than the caller's it
ended that thread alone, and the events of its chunk were in neither `delivered` nor
`failed`, the call returning as if they had never been submitted. They are reported now, of
unknown outcome (the request may have gone out), and the chunks not yet sent as NotSent."""

from __future__ import annotations

import sys
import threading
import time
from typing import Any

from eventkit.publishing import EventBus
from eventkit.testing import InMemoryEventBridge
from eventkit.transports import InMemoryTransport
from tests.publish._events import OrderPlacedV1


def test_sys_exit_in_a_bus_thread_leaves_no_event_unreported(
    bridge: InMemoryEventBridge,
) -> None:
    caller: list[threading.Thread] = []

    def handler(_event: dict[str, Any]) -> None:
        time.sleep(0.002)  # slow enough that the bus's threads take chunks too
        if threading.current_thread() is not caller[0]:
            sys.exit(1)

    bridge.put_rule("orders", {"source": ["shop.orders"]}, bus="shop-events", targets=[handler])
    bus = EventBus("shop-events", transport=InMemoryTransport(bridge), producer="p")
    events = [OrderPlacedV1(order_id=f"o-{i}", total_cents=i) for i in range(60)]
    out: dict[str, Any] = {}

    def publish() -> None:
        caller.append(threading.current_thread())
        out["result"] = bus.publish_batch(events, max_workers=3, raise_on_failure=False)

    thread = threading.Thread(target=publish, daemon=True)
    thread.start()
    thread.join(30)
    assert not thread.is_alive()
    result = out["result"]

    indexes = sorted([d.index for d in result.delivered] + [f.index for f in result.failed])
    assert indexes == list(range(60))  # each event reported, once
    interrupted = [f for f in result.failed if f.error_code == "SystemExit"]
    assert interrupted  # a bus thread did take a chunk and was interrupted
    assert all(f.maybe_delivered for f in interrupted)
    on_the_bus = {m.event_id for m, _ in bridge.published_with_metadata(OrderPlacedV1)}
    assert {d.metadata.event_id for d in result.delivered} <= on_the_bus
    # what is reported not sent is not on the bus; what may be is flagged so
    assert all(f.maybe_delivered for f in result.failed if f.metadata.event_id in on_the_bus)
    bus.close()
