"""Property tests: the publish accounting holds for any mix of transport faults (entries
failed, too few / too many / junk results, any exception, slow answers), with one caller or
many threads at once, with close() at any moment.

For every call: each event is reported exactly once, as delivered (the transport really
delivered it, once, under the id it answered) or failed; an event the transport delivered but
the bus could not confirm is reported with `maybe_delivered` (unknown outcome); nothing but a
`PublishError` escapes; nothing is sent after the bus closed its transport.
"""

from __future__ import annotations

import threading
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventkit.errors import PublishError, PublishRequestError
from eventkit.publishing import EventBus, PublishResult, RetryPolicy
from tests.publish._events import OrderPlacedV1
from tests.publish._faults import (
    FINAL,
    RAISABLE,
    RETRYABLE,
    Boom,
    Call,
    FaultyTransport,
    Plan,
    check_call,
    run_call,
)

FAST = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

plans = st.one_of(
    st.just(Plan("ok")),
    st.builds(
        Plan,
        st.just("fail"),
        st.lists(st.sampled_from((None, *RETRYABLE, *FINAL)), min_size=1, max_size=4).map(tuple),
    ),
    st.builds(Plan, st.sampled_from(["short", "long"]), st.just(()), st.integers(1, 11)),
    st.sampled_from([Plan("junk"), Plan("none")]),
    st.builds(
        Plan,
        st.just("raise"),
        st.just(()),
        st.integers(0, 10),
        st.sampled_from((*RAISABLE, PublishError, PublishRequestError)),
    ),
    st.builds(Plan, st.just("sleep"), st.just(()), st.integers(0, 2)),
)


def retry_policy(sleep_raises: bool) -> RetryPolicy:
    def sleep(_seconds: float) -> None:
        if sleep_raises:
            raise Boom("a retry policy's sleep failed")

    return RetryPolicy(max_attempts=3, jitter=False, sleep=sleep)


def orders(prefix: str, n: int) -> list[OrderPlacedV1]:
    return [OrderPlacedV1(order_id=f"{prefix}-{i}", total_cents=i) for i in range(n)]


@FAST
@given(
    plan_list=st.lists(plans, min_size=1, max_size=8),
    size=st.integers(0, 35),
    workers=st.integers(1, 4),
    sleep_raises=st.booleans(),
)
def test_one_caller_any_faults(
    plan_list: list[Plan], size: int, workers: int, sleep_raises: bool
) -> None:
    transport = FaultyTransport(plan_list)
    bus = EventBus(
        "shop-events", transport=transport, producer="p", retry=retry_policy(sleep_raises)
    )
    call = run_call(bus, orders("o", size), max_workers=workers)
    bus.close()
    assert check_call(call, transport.delivered) == []
    assert sum(transport.delivered.values()) == len(transport.delivered)  # none twice


@FAST
@given(
    plan_list=st.lists(plans, min_size=1, max_size=8),
    sizes=st.lists(st.integers(0, 25), min_size=2, max_size=8),
    workers=st.integers(1, 4),
    close_midway=st.booleans(),
)
def test_many_threads_any_faults_and_close(
    plan_list: list[Plan], sizes: list[int], workers: int, close_midway: bool
) -> None:
    transport = FaultyTransport(plan_list)
    bus = EventBus(
        "shop-events",
        transport=transport,
        producer="p",
        max_workers=workers,
        retry=retry_policy(False),
    )
    calls: list[Call] = []
    start = threading.Barrier(len(sizes) + 1)

    def publisher(k: int) -> None:
        start.wait(timeout=30)
        for round_ in range(2):
            calls.append(run_call(bus, orders(f"t{k}-r{round_}", sizes[k])))

    threads = [threading.Thread(target=publisher, args=(k,)) for k in range(len(sizes))]
    for t in threads:
        t.start()
    start.wait(timeout=30)
    if close_midway:
        time.sleep(0.0005)
        bus.close()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads)
    bus.close()

    assert len(calls) == 2 * len(sizes)
    assert [p for call in calls for p in check_call(call, transport.delivered)] == []
    assert transport.violations == []  # nothing sent after close()
    reported = sum(_accounted(c) for c in calls)
    assert reported == sum(c.submitted for c in calls)


def _accounted(call: Call) -> int:
    """How many entries a call's result, or its PublishError, says were delivered or failed."""
    outcome = call.result if call.result is not None else call.error
    assert isinstance(outcome, PublishResult | PublishError), outcome
    return len(outcome.delivered) + len(outcome.failed)
