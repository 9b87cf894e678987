"""A malformed bus name in PutEvents: the in-memory EventBridge answers as AWS does (the
request refused, `ValidationException`), so the exception a test sees is the one the
EventBridge transport raises for AWS's answer, a `PublishRequestError` and not the
`BusNotFoundError` of a well-formed name no bus has (both checked over HTTP: AWS's answer from
a local PutEvents endpoint, an unknown bus from moto_server, which answers
`ResourceNotFoundException` for every name it does not have, malformed or not)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from eventkit.errors import BusNotFoundError, PublishRequestError
from eventkit.testing import InMemoryEventBridge, MotoServer
from eventkit.transports import EventBridgeTransport, InMemoryTransport
from eventkit.transports.base import Transport
from tests.publish._fake_put_events import FakePutEvents

MALFORMED = [
    "bad bus",
    "bad/bus",
    "arn:aws:sqs:us-east-1:123456789012:shop-events",
    "arn:aws:events:us-east-1:123456789012:rule/shop-events",
    "",
    "b" * 1601,
]
UNKNOWN = ["nope", "b" * 257, "arn:aws:events:us-east-1:123456789012:event-bus/nope"]


def entry(bus: str) -> dict[str, Any]:
    return {
        "Source": "shop.orders",
        "DetailType": "OrderPlaced",
        "Detail": "{}",
        "EventBusName": bus,
    }


def refusal(transport: Transport, bus: str) -> PublishRequestError:
    with pytest.raises(PublishRequestError) as caught:
        transport.send([entry("shop-events"), entry(bus)])
    return caught.value


@pytest.fixture
def aws_validation() -> Iterator[FakePutEvents]:
    """A PutEvents endpoint answering as AWS does to a malformed EventBusName."""
    server = FakePutEvents()

    def answer(entries: list[dict[str, Any]]) -> tuple[int, dict[str, Any]]:
        message = "1 validation error detected: ... 'entries.2.member.eventBusName' ..."
        return 400, {"__type": "ValidationException", "message": message}

    server.answers = [answer] * 20
    yield server
    server.close()


@pytest.mark.parametrize("bus", MALFORMED)
def test_a_malformed_name_is_refused_as_aws_and_the_real_transport_do(
    bus: str, aws_validation: FakePutEvents
) -> None:
    bridge = InMemoryEventBridge()
    bridge.create_event_bus("shop-events")
    double = refusal(InMemoryTransport(bridge), bus)
    real = refusal(
        EventBridgeTransport(endpoint_url=aws_validation.url, region_name="us-east-1"), bus
    )
    assert (type(double), double.error_code) == (type(real), real.error_code)
    assert (type(double), double.error_code) == (PublishRequestError, "ValidationException")
    assert double.retryable is False
    assert bridge.records == []  # the whole request refused: not even the good entry


@pytest.mark.parametrize("bus", UNKNOWN)
def test_a_well_formed_unknown_name_is_bus_not_found_as_on_moto(
    bus: str, moto_server: MotoServer
) -> None:
    bridge = InMemoryEventBridge()
    bridge.create_event_bus("shop-events")
    double = refusal(InMemoryTransport(bridge), bus)
    real = refusal(EventBridgeTransport(client=moto_server.client("events")), bus)
    assert (type(double), double.error_code) == (type(real), real.error_code)
    assert (type(double), double.error_code) == (BusNotFoundError, "ResourceNotFoundException")
