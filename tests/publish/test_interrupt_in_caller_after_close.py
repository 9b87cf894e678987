"""A handler in the publishing thread calls `bus.close()` and then `sys.exit()` (or is
interrupted by Ctrl-C) while the bus's own threads still send chunks of the same
`publish_batch(..., max_workers=3)`. The SystemExit left the call at once: the call was
counted ended while its helpers were mid-send, so the close() deferred to the end of the
call closed the transport under them, and the helpers went on sending every chunk left.

Now the interrupt still propagates, but only once the helpers' sends in flight are done; no
chunk is started after it, and the transport is closed after the last send. Each helper's
handler waits (with a timeout) until the caller is interrupted, so the old code failed every
run."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from eventkit.publishing import EventBus
from eventkit.testing import InMemoryEventBridge
from eventkit.transports import InMemoryTransport
from tests.publish._events import OrderPlacedV1

TIMEOUT = 10.0


class Tracked(InMemoryTransport):
    """The in-memory transport, noting sends made during or after its close()."""

    def __init__(self, bridge: InMemoryEventBridge) -> None:
        super().__init__(bridge)
        self.lock = threading.Lock()
        self.sending = 0
        self.closed = threading.Event()
        self.closed_during_a_send = False
        self.sends_after_close = 0
        self.sends = 0

    def send(self, entries: Any) -> Any:
        with self.lock:
            self.sends += 1
            self.sending += 1
            if self.closed.is_set():
                self.sends_after_close += 1
        try:
            return super().send(entries)
        finally:
            with self.lock:
                self.sending -= 1

    def close(self) -> None:
        with self.lock:
            self.closed_during_a_send = self.sending > 0
        self.closed.set()


@pytest.mark.parametrize("interrupt", [SystemExit, KeyboardInterrupt])
def test_an_interrupt_after_close_in_the_caller_waits_for_the_bus_threads(
    bridge: InMemoryEventBridge, interrupt: type[BaseException]
) -> None:
    transport = Tracked(bridge)
    bus = EventBus("shop-events", transport=transport, producer="p")
    caller: list[threading.Thread] = []
    helper_sending = threading.Event()
    interrupted = threading.Event()
    sends_when_interrupted: list[int] = []

    def handler(_event: dict[str, Any]) -> None:
        if threading.current_thread() is not caller[0]:
            helper_sending.set()
            interrupted.wait(TIMEOUT)  # still sending when the caller is interrupted
            return
        if helper_sending.wait(TIMEOUT) and not interrupted.is_set():
            bus.close()  # from inside the publish: deferred to the end of the call
            sends_when_interrupted.append(transport.sends)
            interrupted.set()
            raise interrupt()

    bridge.put_rule("orders", {"source": ["shop.orders"]}, bus="shop-events", targets=[handler])
    events = [OrderPlacedV1(order_id=f"o-{i}", total_cents=i) for i in range(200)]
    out: dict[str, BaseException] = {}

    def publish() -> None:
        caller.append(threading.current_thread())
        try:
            bus.publish_batch(events, max_workers=3)
        except BaseException as exc:
            out["raised"] = exc

    thread = threading.Thread(target=publish, daemon=True)
    thread.start()
    thread.join(TIMEOUT)
    assert not thread.is_alive(), "publish_batch hung"
    assert isinstance(out.get("raised"), interrupt)  # it still propagates in the caller
    assert interrupted.is_set()
    # the call ended after its helpers' sends: the transport was closed after the last one
    assert transport.closed.is_set()
    assert not transport.closed_during_a_send
    assert transport.sends_after_close == 0
    # no chunk was started after the interrupt (at most the 2 helpers' next ones were taken
    # before it reached them): not the 20 chunks of the batch
    [before] = sends_when_interrupted
    assert transport.sends <= before + 2
