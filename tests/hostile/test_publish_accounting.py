"""Every event is delivered or reported: one EventBus used by many threads at once (the bus
closed or its pool resized under them), on the in-memory transport and on moto_server, and
transports that answer the wrong number of results or raise anything.

The invariant, for every call: delivered + reported failures == submitted, and the events
that really arrived are exactly those reported delivered (plus, at most, entries reported as
of unknown outcome). No exception but the typed `PublishError` family ever escapes.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pytest

from eventkit import Event
from eventkit.envelope import parse_detail
from eventkit.errors import EventTooLargeError, PublishError, PublishRequestError
from eventkit.publishing import EventBus, RetryPolicy
from eventkit.testing import InMemoryEventBridge, MotoServer, provision_bus, receive_events
from eventkit.transports import EventBridgeTransport, InMemoryTransport, SendResult
from tests.publish._events import BlobV1, OrderPlacedV1
from tests.publish._faults import Boom, Call, FaultyTransport, Plan, check_call, run_call

THREADS = 8
NO_WAIT = RetryPolicy(max_attempts=3, jitter=False, sleep=lambda _seconds: None)
SIZES = (1, 7, 10, 23, 3, 95)
MOTO_SIZES = (1, 7, 12, 3, 11)  # moto_server is slow: fewer events, still several requests


def batch(
    thread: int,
    number: int,
    *,
    poison_every: int = 0,
    oversize: bool = False,
    sizes: Sequence[int] = SIZES,
) -> list[Event]:
    """Mixed sizes; every `poison_every`-th event is one the transport refuses."""
    size = sizes[(thread + number) % len(sizes)]
    events: list[Event] = []
    for i in range(size):
        poison = bool(poison_every) and i % poison_every == poison_every - 1
        tag = "poison" if poison else "ok"
        events.append(OrderPlacedV1(order_id=f"t{thread}-b{number}-e{i}-{tag}", total_cents=i))
    if oversize:
        events.insert(size // 2, BlobV1(payload="x" * 1_100_000))
    return events


def order_id_of(entry: Any) -> str:
    return str(entry.event.order_id)


def in_parallel(work: Callable[[int], None], threads: int = THREADS) -> None:
    """Run work(0..threads-1) in threads started together; re-raise the first error."""
    start = threading.Barrier(threads)
    errors: list[BaseException] = []

    def run(k: int) -> None:
        try:
            start.wait(timeout=30)
            work(k)
        except BaseException as exc:  # handed to the main thread
            errors.append(exc)

    pool = [threading.Thread(target=run, args=(k,)) for k in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in pool), "a publishing thread hung"
    if errors:
        raise errors[0]


def tally(calls: Sequence[Call]) -> tuple[Counter[str], int, int]:
    """Order ids reported delivered, and counts of reported failures and of submissions."""
    delivered: Counter[str] = Counter()
    failed = submitted = 0
    for call in calls:
        submitted += call.submitted
        if isinstance(call.error, EventTooLargeError):
            failed += call.submitted  # refused before sending: the whole call is reported
            continue
        source: Any = call.error if call.error is not None else call.result
        delivered.update(order_id_of(d) for d in source.delivered)
        failed += len(source.failed)
    return delivered, failed, submitted


def assert_balanced(calls: Sequence[Call], arrived: Counter[str]) -> None:
    problems = [p for call in calls for p in check_call(call)]
    assert problems == []
    delivered, failed, submitted = tally(calls)
    assert sum(delivered.values()) + failed == submitted
    assert arrived == delivered  # nothing arrived unreported, nothing reported that did not arrive


# -- many threads, one bus: in memory ----------------------------------------------------------


def shop_bridge() -> InMemoryEventBridge:
    bridge = InMemoryEventBridge()
    bridge.create_event_bus("shop-events")
    bridge.fail_entries(
        "AccessDeniedException", times=None, match=lambda e: "poison" in e["Detail"]
    )
    bridge.fail_entries("ThrottlingException", times=40)  # retried, most then delivered
    return bridge


def arrived_in(bridge: InMemoryEventBridge) -> Counter[str]:
    return Counter(str(parse_detail(e["detail"])[1]["order_id"]) for e in bridge.events())


@pytest.mark.parametrize("run", range(3))
def test_eight_threads_share_one_in_memory_bus(run: int) -> None:
    bridge = shop_bridge()
    bus = EventBus("shop-events", transport=InMemoryTransport(bridge), producer="p", retry=NO_WAIT)
    calls: list[Call] = []

    def publisher(k: int) -> None:
        for number in range(len(SIZES)):
            events = batch(k, number, poison_every=4 if number % 2 else 0, oversize=number == 4)
            # callers ask for different concurrency, so the bus's pool is resized under them
            calls.append(run_call(bus, events, max_workers=1 + (k + number + run) % 8))

    in_parallel(publisher)
    bus.close()
    assert len(calls) == THREADS * len(SIZES)
    assert_balanced(calls, arrived_in(bridge))


def test_pool_resized_under_concurrent_callers() -> None:
    def one_round() -> None:
        bridge = shop_bridge()
        bus = EventBus("shop-events", transport=InMemoryTransport(bridge), producer="p")
        calls: list[Call] = []
        # each thread asks for a larger pool than the last: the pool is replaced under them
        in_parallel(lambda k: calls.append(run_call(bus, batch(k, 3), max_workers=k + 2)))
        assert_balanced(calls, arrived_in(bridge))
        bus.close()

    for _round in range(15):
        one_round()


class ClosingAwareTransport(InMemoryTransport):
    """An in-memory transport that notes a send after its close()."""

    def __init__(self, bridge: InMemoryEventBridge) -> None:
        super().__init__(bridge)
        self.closed = False
        self.sends_after_close = 0

    def send(self, entries: Sequence[Mapping[str, Any]]) -> SendResult:
        if self.closed:
            self.sends_after_close += 1
        time.sleep(0.001)  # a request takes time: close() lands while some are in flight
        return super().send(entries)

    def close(self) -> None:
        self.closed = True


def test_close_while_eight_threads_publish() -> None:
    bridge = shop_bridge()
    transport = ClosingAwareTransport(bridge)
    bus = EventBus("shop-events", transport=transport, producer="p", retry=NO_WAIT)
    calls: list[tuple[bool, Call]] = []  # (started after close() returned, what came back)
    warmed = threading.Barrier(THREADS + 1)
    closed = threading.Event()

    def publisher(k: int) -> None:
        deadline = time.monotonic() + 30
        number = 0
        while time.monotonic() < deadline:  # until close() has returned, then one call more
            if number == 2:
                warmed.wait(timeout=30)
            after_close = closed.is_set()
            calls.append((after_close, run_call(bus, batch(k, number), max_workers=1 + k % 4)))
            number += 1
            if after_close:
                return

    def closer() -> None:
        warmed.wait(timeout=30)
        time.sleep(0.002)
        bus.close()
        closed.set()

    closing = threading.Thread(target=closer)
    closing.start()
    in_parallel(publisher)
    closing.join(timeout=60)
    assert closed.is_set(), "close() did not return"

    assert_balanced([c for _, c in calls], arrived_in(bridge))
    assert transport.sends_after_close == 0  # in-flight calls finished before the transport closed
    after = [c for after_close, c in calls if after_close]
    assert len(after) == THREADS
    for call in after:
        assert isinstance(call.error, PublishRequestError)
        assert call.error.code == "bus-closed"
        assert call.error.bus_name == "shop-events"
        assert call.error.delivered == ()
        assert len(call.error.failed) == call.submitted
        assert {(f.error_code, f.attempts, f.maybe_delivered) for f in call.error.failed} == {
            ("BusClosed", 0, False)
        }
        first = call.error.failed[0]
        assert first.metadata.event_id in call.error.message  # names the entry
    # a call either ran to its end or was refused whole: never half sent
    for _, call in calls:
        if isinstance(call.error, PublishError) and call.error.code == "bus-closed":
            assert call.error.delivered == ()
            assert {f.error_code for f in call.error.failed} == {"BusClosed"}


def test_publish_after_close_is_refused_and_lists_every_entry() -> None:
    bridge = InMemoryEventBridge()
    bridge.create_event_bus("shop-events")
    with EventBus("shop-events", transport=InMemoryTransport(bridge), producer="p") as bus:
        bus.publish_batch(batch(0, 0))
    with pytest.raises(PublishRequestError) as info:
        bus.publish_batch(batch(0, 1))  # 7 events
    err = info.value
    assert (err.code, err.error_code, err.retryable, err.maybe_delivered) == (
        "bus-closed",
        "BusClosed",
        False,
        False,
    )
    assert [f.index for f in err.failed] == list(range(7))
    with pytest.raises(PublishRequestError) as single:
        bus.publish(OrderPlacedV1(order_id="late", total_cents=1))
    assert single.value.code == "bus-closed"
    result = bus.publish_batch(batch(0, 1), raise_on_failure=False)
    assert len(result.failed) == 7
    assert not result.delivered
    assert len(bridge.events()) == 1


# -- many threads, one bus: moto_server --------------------------------------------------------


class PoisoningTransport(EventBridgeTransport):
    """The real EventBridge transport; entries marked "poison" get a Detail moto refuses
    (MalformedDetail), so PutEvents answers per-entry failures in a 200."""

    def send(self, entries: Sequence[Mapping[str, Any]]) -> SendResult:
        sent = [{**e, "Detail": "{not json"} if "poison" in e["Detail"] else e for e in entries]
        return super().send(sent)


@pytest.mark.moto
@pytest.mark.slow
def test_eight_threads_share_one_bus_on_moto_server(moto_server: MotoServer) -> None:
    events_client, sqs = moto_server.client("events"), moto_server.client("sqs")
    bus_name = f"accounting-{uuid.uuid4().hex[:8]}"
    routes = provision_bus(events_client, sqs, bus_name, {"all": {"source": ["shop.orders"]}})
    # one transport, its boto3 client created lazily by whichever thread sends first
    transport = PoisoningTransport(endpoint_url=moto_server.url, region_name="us-east-1")
    bus = EventBus(bus_name, transport=transport, producer="p", retry=NO_WAIT)
    calls: list[Call] = []

    def publisher(k: int) -> None:
        for number in range(3):
            poison_every = 3 if (k + number) % 2 else 0
            events = batch(
                k, number, poison_every=poison_every, oversize=k == number, sizes=MOTO_SIZES
            )
            calls.append(run_call(bus, events, max_workers=1 + (k + number) % 3))

    in_parallel(publisher)
    bus.close()
    delivered, _, _ = tally(calls)
    queue = routes["all"].queue_url
    envelopes = receive_events(
        sqs, queue, expected=sum(delivered.values()), timeout=15, delete=False
    )
    time.sleep(0.2)  # anything delivered but not reported would show up here too
    envelopes += receive_events(sqs, queue, delete=False)
    arrived = Counter(str(e["detail"]["data"]["order_id"]) for e in envelopes)
    assert_balanced(calls, arrived)
    refused = [
        order_id_of(f) for c in calls if isinstance(c.error, PublishError) for f in c.error.failed
    ]
    assert any("poison" in order_id for order_id in refused)


# -- transports that answer wrongly or raise ---------------------------------------------------


WRONG_ANSWERS = {
    "too few results": (Plan("short"), "InvalidResponse"),
    "no results": (Plan("short", skew=10), "InvalidResponse"),
    "too many results": (Plan("long", skew=2), "InvalidResponse"),
    "results that are not EntryResult": (Plan("junk"), "InvalidResponse"),
    "None instead of a SendResult": (Plan("none"), "InvalidResponse"),
    "KeyError after 4 entries": (Plan("raise", skew=4, error=KeyError), "KeyError"),
    "TypeError before any entry": (Plan("raise", skew=0, error=TypeError), "TypeError"),
    "an undocumented exception": (Plan("raise", skew=10, error=Boom), "Boom"),
    "a bare PublishError": (Plan("raise", skew=3, error=PublishError), "PublishError"),
}


@pytest.mark.parametrize("workers", [1, 3])
@pytest.mark.parametrize("case", list(WRONG_ANSWERS), ids=list(WRONG_ANSWERS))
def test_wrong_answer_lists_every_affected_entry(case: str, workers: int) -> None:
    plan, code = WRONG_ANSWERS[case]
    transport = FaultyTransport([Plan("ok"), plan, Plan("ok")] if workers == 1 else [plan])
    bus = EventBus("shop-events", transport=transport, producer="p", max_workers=workers)
    events = [OrderPlacedV1(order_id=f"o-{i}", total_cents=i) for i in range(25)]
    call = run_call(bus, events)
    assert check_call(call, transport.delivered) == []
    err = call.error
    assert isinstance(err, PublishRequestError), repr(err)
    assert err.error_code == code
    assert err.maybe_delivered
    unknown = [f for f in err.failed if f.error_code == code]
    assert unknown
    assert all(f.maybe_delivered and not f.retryable for f in unknown)
    assert err.unknown == tuple(unknown)
    assert all(
        f.error_code == "NotSent" and f.attempts == 0 for f in err.failed if f not in unknown
    )
    if workers == 1:  # request 2 answered wrongly: events 10-19, the rest never sent
        assert [d.index for d in err.delivered] == list(range(10))
        assert [f.index for f in unknown] == list(range(10, 20))
    first = err.failed[0]
    assert f"events[{first.index}]" in err.message
    assert first.metadata.event_id in err.message
    assert type(transport).__name__ in unknown[0].error_message
    bus.close()


def test_single_publish_answered_with_no_result() -> None:
    transport = FaultyTransport([Plan("short")])
    bus = EventBus("shop-events", transport=transport, producer="p")
    with pytest.raises(PublishRequestError) as info:
        bus.publish(OrderPlacedV1(order_id="o-1", total_cents=1))
    (failed,) = info.value.failed
    assert (failed.index, failed.error_code, failed.maybe_delivered) == (0, "InvalidResponse", True)
    assert transport.delivered == {failed.metadata.event_id: 1}  # it did arrive: unknown, not lost
