"""Async handlers the router cannot recognise as `async def` at registration still run to
completion: under an ordinary (sync, `functools.wraps`) decorator, as an object with an async
`__call__`, or a sync function returning an awaitable. Returned unawaited, the handler body
would never run and its event be reported handled (the SQS message deleted: a silent drop)."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable, Generator
from typing import Any, TypeVar

import pytest

from eventkit.errors import HandlerError
from eventkit.routing import Router, UpcasterRegistry
from tests.consume.events import eb_event, sqs_batch, sqs_record
from tests.consume.models import OrderPlacedV1, order_v1

F = TypeVar("F", bound=Callable[..., Any])

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")  # "never awaited" fails


def traced(func: F) -> F:
    """A logging/metrics decorator written the usual way: sync, with functools.wraps."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def plain(func: F) -> F:
    """A sync wrapper without functools.wraps: registration cannot see the async function."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


class Charger:
    def __init__(self, ran: list[str]) -> None:
        self.ran = ran

    async def __call__(self, order: OrderPlacedV1) -> str:
        await asyncio.sleep(0)
        self.ran.append(order.order_id)
        if order.order_id == "bad":
            raise RuntimeError("card declined")
        return f"charged {order.order_id}"


class Later:
    """An awaitable that is not a coroutine (has `__await__`)."""

    def __init__(self, value: str) -> None:
        self.value = value

    def __await__(self) -> Generator[Any, None, str]:
        yield from asyncio.sleep(0).__await__()
        return self.value


def _wrapped_async(
    ran: list[str], wrap: Callable[[Callable[..., Any]], Callable[..., Any]]
) -> Callable[[OrderPlacedV1], Any]:
    @wrap
    async def charge(order: OrderPlacedV1) -> str:
        await asyncio.sleep(0)
        ran.append(order.order_id)
        if order.order_id == "bad":
            raise RuntimeError("card declined")
        return f"charged {order.order_id}"

    return charge


def _handlers(ran: list[str]) -> dict[str, Callable[[OrderPlacedV1], Any]]:
    def returns_awaitable(order: OrderPlacedV1) -> Awaitable[str]:
        async def later() -> str:
            ran.append(order.order_id)
            if order.order_id == "bad":
                raise RuntimeError("card declined")
            return f"charged {order.order_id}"

        return later()

    def returns_custom_awaitable(order: OrderPlacedV1) -> Awaitable[str]:
        ran.append(order.order_id)
        if order.order_id == "bad":
            raise RuntimeError("card declined")
        return Later(f"charged {order.order_id}")

    return {
        "functools.wraps": _wrapped_async(ran, traced),
        "wrapper without wraps": _wrapped_async(ran, plain),
        "two decorators": _wrapped_async(ran, lambda f: traced(traced(f))),
        "async __call__": Charger(ran),
        "sync returning a coroutine": returns_awaitable,
        "sync returning an awaitable": returns_custom_awaitable,
    }


KINDS = list(_handlers([]))


def _router(kind: str, ran: list[str]) -> Router:
    router = Router(upcasters=UpcasterRegistry(), unhandled="fail")
    router.on(OrderPlacedV1)(_handlers(ran)[kind])
    return router


@pytest.mark.parametrize("kind", KINDS)
def test_direct_event_runs_the_handler_and_returns_its_result(kind: str) -> None:
    ran: list[str] = []
    router = _router(kind, ran)

    assert router(eb_event(order_v1(order_id="o-7")), None) == "charged o-7"
    assert ran == ["o-7"]


@pytest.mark.parametrize("kind", KINDS)
def test_direct_event_whose_handler_raises_is_a_handler_error(kind: str) -> None:
    ran: list[str] = []
    router = _router(kind, ran)

    with pytest.raises(HandlerError, match="card declined") as info:
        router(eb_event(order_v1(order_id="bad")), None)
    assert isinstance(info.value.__cause__, RuntimeError)
    assert ran == ["bad"]


@pytest.mark.parametrize("kind", KINDS)
def test_sqs_batch_fails_only_the_message_whose_handler_raised(kind: str) -> None:
    ran: list[str] = []
    router = _router(kind, ran)
    good = sqs_record(eb_event(order_v1(order_id="good")), message_id="m-good")
    bad = sqs_record(eb_event(order_v1(order_id="bad")), message_id="m-bad")

    result = router.process_batch(sqs_batch(good, bad))

    assert [(o.message_id, o.status) for o in result.outcomes] == [
        ("m-good", "handled"),
        ("m-bad", "failed"),
    ]
    assert result.outcomes[0].result == "charged good"
    assert isinstance(result.outcomes[1].error, HandlerError)
    assert router(sqs_batch(good, bad), None) == {
        "batchItemFailures": [{"itemIdentifier": "m-bad"}]
    }
    assert ran == ["good", "bad", "good", "bad"]


@pytest.mark.parametrize("kind", KINDS)
def test_handle_record_for_powertools_raises_for_a_failing_async_handler(kind: str) -> None:
    ran: list[str] = []
    router = _router(kind, ran)

    with pytest.raises(HandlerError, match="card declined"):
        router.handle_record(sqs_record(eb_event(order_v1(order_id="bad"))))
    assert router.handle_record(sqs_record(eb_event(order_v1(order_id="ok")))) == "charged ok"
    assert ran == ["bad", "ok"]


def test_registration_recognises_wrapped_and_callable_async_handlers() -> None:
    for kind in ("functools.wraps", "two decorators", "async __call__"):
        router = Router(upcasters=UpcasterRegistry())
        router.on(OrderPlacedV1)(_handlers([])[kind])
        assert [h.is_async for h in router.handlers] == [True], kind


def test_a_sync_wrapper_that_runs_its_async_function_itself_returns_its_value() -> None:
    """Registration sees an async function under the wrapper, but the wrapper returns a plain
    value: it is the result, not something to await."""
    router = Router(upcasters=UpcasterRegistry())

    def run_here(func: Callable[[OrderPlacedV1], Awaitable[str]]) -> Callable[..., str]:
        @functools.wraps(func)
        def wrapper(order: OrderPlacedV1) -> str:
            return asyncio.run(func(order))  # type: ignore[arg-type]

        return wrapper

    @router.on(OrderPlacedV1)
    @run_here
    async def charge(order: OrderPlacedV1) -> str:
        return f"charged {order.order_id}"

    assert router(eb_event(order_v1()), None) == "charged o-1"


def test_a_cancelled_async_handler_fails_its_message_alone() -> None:
    router = Router(upcasters=UpcasterRegistry())
    handled: list[str] = []

    @router.on(OrderPlacedV1)
    async def on_order(order: OrderPlacedV1) -> None:
        if order.order_id == "bad":
            task = asyncio.create_task(asyncio.sleep(10))
            task.cancel()
            await task
        handled.append(order.order_id)

    batch = sqs_batch(
        sqs_record(eb_event(order_v1(order_id="good")), message_id="m-good"),
        sqs_record(eb_event(order_v1(order_id="bad")), message_id="m-bad"),
    )
    assert router(batch, None) == {"batchItemFailures": [{"itemIdentifier": "m-bad"}]}
    assert handled == ["good"]
