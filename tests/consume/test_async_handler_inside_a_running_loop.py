"""The router is synchronous, but it may be called where an event loop is already running in
the thread (an async web handler, a notebook): `asyncio.run` refuses there, so every async
handler failed ('asyncio.run() cannot be called from a running event loop'). Such a handler now
runs to completion in a thread of its own, seeing the event's context."""

from __future__ import annotations

import asyncio
import threading

from eventkit.context import current_event
from eventkit.routing import Router, UpcasterRegistry
from tests.consume.events import eb_event
from tests.consume.models import OrderPlacedV1, order_v1


def test_an_async_handler_runs_when_the_router_is_called_inside_a_running_loop() -> None:
    router = Router(upcasters=UpcasterRegistry())
    seen: list[tuple[str, str | None, str]] = []

    @router.on(OrderPlacedV1)
    async def on_order(order: OrderPlacedV1) -> str:
        await asyncio.sleep(0)
        context = current_event()
        detail_type = context.detail_type if context is not None else None
        seen.append((order.order_id, detail_type, threading.current_thread().name))
        return f"charged {order.order_id}"

    async def web_handler() -> object:
        return router(eb_event(order_v1(order_id="o-7")), None)  # a sync call from async code

    assert asyncio.run(web_handler()) == "charged o-7"
    ((order_id, detail_type, thread),) = seen
    assert (order_id, detail_type) == ("o-7", "OrderPlaced")
    assert thread != threading.main_thread().name


def test_without_a_running_loop_the_handler_runs_in_the_callers_thread() -> None:
    router = Router(upcasters=UpcasterRegistry())
    threads: list[str] = []

    @router.on(OrderPlacedV1)
    async def on_order(order: OrderPlacedV1) -> None:
        threads.append(threading.current_thread().name)

    router(eb_event(order_v1()), None)
    assert threads == [threading.current_thread().name]
