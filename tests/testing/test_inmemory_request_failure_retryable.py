"""A whole-request failure injected into the in-memory EventBridge is `retryable` exactly
when the same AWS error code, answered by a PutEvents endpoint over HTTP, is through the
EventBridge transport. The in-memory bridge called only ThrottlingException and
InternalException retryable: a test of code that resends retryable failures later passed
against the double and behaved differently against AWS (InternalFailure, ServiceUnavailable,
TooManyRequestsException)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from eventkit.errors import PublishRequestError
from eventkit.publishing import EventBus
from eventkit.testing import InMemoryEventBridge
from eventkit.transports import InMemoryTransport
from tests.publish._events import OrderPlacedV1
from tests.publish._fake_put_events import FakePutEvents, bus_on

CODES = [
    "ThrottlingException",
    "InternalException",
    "InternalFailure",
    "ServiceUnavailable",
    "TooManyRequestsException",
    "AccessDeniedException",
    "ValidationException",
]


@pytest.fixture
def fake() -> Iterator[FakePutEvents]:
    server = FakePutEvents()
    yield server
    server.close()


def _failure(bus: EventBus) -> PublishRequestError:
    with pytest.raises(PublishRequestError) as info:
        bus.publish(OrderPlacedV1(order_id="o-1", total_cents=1))
    return info.value


def _both(fake: FakePutEvents, code: str) -> tuple[PublishRequestError, PublishRequestError]:
    """The error of a publish answered `code` over HTTP, and of one `fail_requests(code)`."""

    def answer(entries: list[dict[str, Any]]) -> tuple[int, dict[str, Any]]:
        return 400, {"__type": code, "message": f"injected {code}"}

    fake.answers = [answer]
    over_http = _failure(bus_on(fake.url, attempts=1))
    bridge = InMemoryEventBridge()
    bridge.fail_requests(code)
    in_memory = _failure(
        EventBus("default", transport=InMemoryTransport(bridge), producer="orders")
    )
    return over_http, in_memory


@pytest.mark.parametrize("code", CODES)
def test_injected_request_failures_are_retryable_as_over_http(
    fake: FakePutEvents, code: str
) -> None:
    over_http, in_memory = _both(fake, code)
    assert over_http.error_code == in_memory.error_code == code
    assert in_memory.retryable == over_http.retryable
    assert [f.retryable for f in in_memory.failed] == [f.retryable for f in over_http.failed]


@pytest.mark.parametrize("code", ["ResourceNotFoundException", "ThrottlingException"])
def test_injected_request_failures_raise_the_error_class_http_does(
    fake: FakePutEvents, code: str
) -> None:
    """`fail_requests("ResourceNotFoundException")` raised a plain PublishRequestError where
    AWS's answer raises `BusNotFoundError`: an `except BusNotFoundError` passed its tests
    against AWS and not against the double."""
    over_http, in_memory = _both(fake, code)
    assert type(in_memory) is type(over_http)
    assert in_memory.maybe_delivered == over_http.maybe_delivered
