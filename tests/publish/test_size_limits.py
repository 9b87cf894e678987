"""The PutEvents size limit as AWS states it: entries total *less than* the limit (1 MiB by
default), sized by AWS's formula; a lower per-entry limit for targets that take less."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import pytest

from eventkit.errors import EventTooLargeError, PublishRequestError
from eventkit.publishing import EventBus, PreparedEvent
from eventkit.testing import InMemoryEventBridge
from eventkit.transports import InMemoryTransport
from eventkit.transports.limits import DEFAULT_MAX_REQUEST_BYTES
from tests.publish._events import BlobV1

MIB = 1024 * 1024
KIB_256 = 256 * 1024


def aws_entry_size(entry: Mapping[str, Any]) -> int:
    """AWS's formula, written out here (eb-putevent-size): Time 14 if set; UTF-8 bytes of
    Source, DetailType, Detail and each Resources item; EventBusName/TraceHeader not counted."""
    size = 14 if entry.get("Time") is not None else 0
    for key in ("Source", "DetailType", "Detail"):
        size += len(str(entry[key]).encode("utf-8"))
    for resource in entry.get("Resources", []):
        size += len(resource.encode("utf-8"))
    return size


@pytest.fixture
def bridge() -> InMemoryEventBridge:
    bridge = InMemoryEventBridge()
    bridge.create_event_bus("files")
    return bridge


def make_bus(bridge: InMemoryEventBridge, **limits: Any) -> EventBus:
    return EventBus("files", transport=InMemoryTransport(bridge), producer="p", **limits)


# Sizes blobs without a limit in the way; same producer as `make_bus`, so same metadata size.
SIZER = EventBus(
    "files",
    transport=InMemoryTransport(InMemoryEventBridge()),
    producer="p",
    max_request_bytes=16 * MIB,
)


def blob_of_size(bus: EventBus, size: int, *, unit: str = "x", **options: object) -> BlobV1:
    """A Blob whose entry is exactly `size` bytes by AWS's formula (`unit`: one character)."""
    assert bus.producer == SIZER.producer
    base = aws_entry_size(SIZER.prepare(BlobV1(payload=""), **options).entry)  # type: ignore[arg-type]
    width = len(unit.encode())
    count, rest = divmod(size - base, width)
    blob = BlobV1(payload=unit * count + "x" * rest)
    assert aws_entry_size(SIZER.prepare(blob, **options).entry) == size  # type: ignore[arg-type]
    return blob


def test_the_documented_default_is_1_mib() -> None:
    bus = EventBus("files", transport=InMemoryTransport(InMemoryEventBridge()))
    assert DEFAULT_MAX_REQUEST_BYTES == MIB
    assert bus.max_request_bytes == MIB
    assert bus.max_entry_bytes == MIB


def test_an_entry_of_exactly_1_mib_is_refused_before_sending(bridge: InMemoryEventBridge) -> None:
    bus = make_bus(bridge)
    with pytest.raises(EventTooLargeError) as info:
        bus.publish(blob_of_size(bus, MIB))
    assert (info.value.size, info.value.limit, info.value.index) == (MIB, MIB, 0)
    assert bridge.requests == []


def test_an_entry_of_1_mib_minus_1_is_delivered(bridge: InMemoryEventBridge) -> None:
    bus = make_bus(bridge)
    delivered = bus.publish(blob_of_size(bus, MIB - 1))
    assert delivered.prepared.size == MIB - 1
    assert len(bridge.events(bus="files")) == 1


def test_size_is_utf8_bytes_plus_resources_and_time(bridge: InMemoryEventBridge) -> None:
    """Multi-byte characters count their UTF-8 bytes; Resources and a set Time count too."""
    bus = make_bus(bridge)
    options = {"resources": ["arn:aws:s3:::bucket-é"], "time": datetime(2026, 1, 1, tzinfo=UTC)}
    blob = blob_of_size(bus, MIB, unit="é", **options)
    with pytest.raises(EventTooLargeError) as info:
        bus.publish(blob, **options)  # type: ignore[arg-type]
    assert info.value.size == MIB
    bus.publish(blob_of_size(bus, MIB - 1, unit="€", **options), **options)  # type: ignore[arg-type]
    assert len(bridge.requests) == 1


def test_a_request_never_totals_exactly_the_limit(bridge: InMemoryEventBridge) -> None:
    """Two entries that add up to exactly the request limit go in two requests."""
    bus = make_bus(bridge, max_request_bytes=4000)
    first, second = blob_of_size(bus, 2000), blob_of_size(bus, 2000)
    result = bus.publish_batch([first, second])
    assert len(result.delivered) == 2
    assert [len(r) for r in bridge.requests] == [1, 1]


def test_the_in_memory_eventbridge_refuses_a_request_of_exactly_the_limit() -> None:
    bridge = InMemoryEventBridge(max_request_bytes=1000)
    detail = '{"a": "' + "x" * (1000 - 14 - 9) + '"}'
    entry = {"Source": "shop.files", "DetailType": "Blob", "Detail": detail}
    assert aws_entry_size(entry) == 1000
    with pytest.raises(PublishRequestError) as info:
        bridge.put_events([entry])
    assert info.value.error_code == "ValidationException"
    accepted = bridge.put_events([{**entry, "Detail": detail.replace("xx", "x", 1)}])
    assert accepted.entries[0].event_id


def test_a_partition_with_the_256_kb_limit(bridge: InMemoryEventBridge) -> None:
    bus = make_bus(bridge, max_request_bytes=KIB_256)
    with pytest.raises(EventTooLargeError) as info:
        bus.publish(blob_of_size(bus, KIB_256))
    assert info.value.limit == KIB_256
    bus.publish(blob_of_size(bus, KIB_256 - 1))


def test_a_per_entry_limit_for_sns_or_sqs_targets(bridge: InMemoryEventBridge) -> None:
    """max_entry_bytes caps each entry; requests still fill up to the request limit."""
    bus = make_bus(bridge, max_entry_bytes=KIB_256)
    assert bus.max_request_bytes == MIB
    with pytest.raises(EventTooLargeError) as info:
        bus.publish_batch([blob_of_size(bus, 1000), blob_of_size(bus, KIB_256)])
    assert (info.value.index, info.value.size, info.value.limit) == (1, KIB_256, KIB_256)
    assert "events[1]" in str(info.value)
    assert bridge.requests == []  # nothing of the batch was sent
    three = [blob_of_size(bus, KIB_256 - 1) for _ in range(3)]
    bus.publish_batch(three)
    assert [len(r) for r in bridge.requests] == [3]  # 3 x (256 KiB - 1) < 1 MiB: one request


def test_a_per_entry_limit_above_the_request_limit_is_the_request_limit(
    bridge: InMemoryEventBridge,
) -> None:
    bus = make_bus(bridge, max_request_bytes=KIB_256, max_entry_bytes=MIB)
    assert bus.max_entry_bytes == KIB_256


@pytest.mark.parametrize("name", ["max_request_bytes", "max_entry_bytes"])
@pytest.mark.parametrize("value", [0, -1, True, 1.5])
def test_a_limit_that_is_not_a_positive_int_is_refused(name: str, value: object) -> None:
    with pytest.raises(ValueError, match=name):
        EventBus("files", transport=InMemoryTransport(InMemoryEventBridge()), **{name: value})  # type: ignore[arg-type]


def test_a_prepared_entry_keeps_its_size_by_the_formula(bridge: InMemoryEventBridge) -> None:
    bus = make_bus(bridge)
    prepared = bus.prepare(BlobV1(payload="ü" * 10), resources=["r"])
    assert isinstance(prepared, PreparedEvent)
    assert prepared.size == aws_entry_size(prepared.entry)
