"""An entry's size is counted from the serialiser's bytes (the data) plus the metadata text's
length, not by encoding the whole Detail again: it must still be the PutEvents formula's
number (UTF-8 bytes of Source, DetailType and Detail), whatever characters the data and the
metadata hold, and fail as the whole-text encoding did where that one failed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventkit.envelope import (
    Metadata,
    detail_json,
    entry_detail,
    event_data_json,
    event_data_text,
    metadata_json,
    new_metadata,
)
from eventkit.errors import EventTooLargeError, EventValidationError
from eventkit.publishing import EventBus, PreparedEvent
from eventkit.testing import InMemoryEventBridge
from eventkit.transports import InMemoryTransport
from tests.publish._events import BlobV1, OrderPlacedV1

# Any character a str can hold except lone surrogates (UTF-8 cannot encode those; both the
# serialiser and the old whole-text encoding refuse them: pinned separately below).
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)


def formula(entry: Mapping[str, Any]) -> int:
    """AWS's formula written out: UTF-8 bytes of Source, DetailType and Detail."""
    return sum(len(str(entry[key]).encode("utf-8")) for key in ("Source", "DetailType", "Detail"))


def bus_for(producer: str, max_request_bytes: int = 1024 * 1024) -> EventBus:
    bridge = InMemoryEventBridge()
    bridge.create_event_bus("files")
    return EventBus(
        "files",
        transport=InMemoryTransport(bridge),
        producer=producer,
        max_request_bytes=max_request_bytes,
    )


@settings(max_examples=200, deadline=None)
@given(payload=TEXT, producer=TEXT.filter(bool))
def test_the_size_of_a_batch_entry_is_the_putevents_formula(payload: str, producer: str) -> None:
    result = bus_for(producer).publish_batch([BlobV1(payload=payload)])
    (delivered,) = result.delivered
    assert delivered.prepared.size == formula(delivered.prepared.entry)


@settings(max_examples=200, deadline=None)
@given(payload=TEXT, producer=TEXT.filter(bool), key=TEXT.filter(bool))
def test_the_size_of_a_prepared_entry_is_the_putevents_formula(
    payload: str, producer: str, key: str
) -> None:
    prepared = bus_for(producer).prepare(
        BlobV1(payload=payload), idempotency_key=key, correlation_id=key
    )
    assert prepared.size == formula(prepared.entry)


@settings(max_examples=200, deadline=None)
@given(payload=TEXT)
def test_event_data_text_counts_the_utf8_bytes_of_event_data_json(payload: str) -> None:
    event = BlobV1(payload=payload)
    text, size = event_data_text(event)
    assert text == event_data_json(event)
    assert size == len(text.encode("utf-8"))


@pytest.mark.parametrize("producer", ["p", "produçer-中文", "line\nbreak"])
@pytest.mark.parametrize("payload", ["", "ascii", "é ü 中文 🎉"])
def test_entry_detail_is_detail_json_and_its_utf8_length(producer: str, payload: str) -> None:
    event = BlobV1(payload=payload)
    metadata = new_metadata(event, producer=producer)
    data_json, data_bytes = event_data_text(event)
    detail, size = entry_detail(metadata, data_json, data_bytes)
    assert detail == detail_json(event, metadata)
    assert detail == f'{{"metadata":{metadata_json(metadata)},"data":{data_json}}}'
    assert size == len(detail.encode("utf-8"))


def test_an_entry_of_exactly_the_limit_by_the_formula_is_refused_with_non_ascii_data() -> None:
    # 2-, 3- and 4-byte characters: counting characters instead of bytes would let it through.
    sizer = bus_for("p")
    base = formula(sizer.prepare(BlobV1(payload="")).entry)
    payload = "é中🎉" * 100
    limit = base + len(payload.encode("utf-8"))
    with pytest.raises(EventTooLargeError) as info:
        bus_for("p", max_request_bytes=limit).publish_batch([BlobV1(payload=payload)])
    assert (info.value.size, info.value.limit) == (limit, limit)
    delivered = bus_for("p", max_request_bytes=limit + 1).publish_batch([BlobV1(payload=payload)])
    assert delivered.delivered[0].prepared.size == limit


def test_a_lone_surrogate_in_the_metadata_is_a_validation_error_naming_it() -> None:
    """It once escaped as a raw UnicodeEncodeError from encoding the detail."""
    bus = bus_for("p\ud800")
    event = BlobV1(payload="é")
    for publish in (lambda: bus.publish_batch([event]), lambda: bus.prepare(event)):
        with pytest.raises(EventValidationError) as info:
            publish()
        assert info.value.message.startswith("events[0]: producer is not valid Unicode text")
        assert info.value.errors()[0]["loc"] == ("metadata", "producer")
    with pytest.raises(EventValidationError) as info:
        bus_for("p").publish_batch([BlobV1(payload="x")], correlation_id="c\udfff")
    assert info.value.errors()[0]["loc"] == ("metadata", "correlation_id")


def test_published_metadata_is_a_metadata_named_tuple() -> None:
    """The metadata is built with `tuple.__new__`: still the `Metadata` type, fields by name."""
    bus = bus_for("orders")
    for metadata in (
        bus.prepare(OrderPlacedV1(order_id="o", total_cents=1)).metadata,
        bus.publish_batch([OrderPlacedV1(order_id="o", total_cents=1)]).delivered[0].metadata,
        new_metadata(OrderPlacedV1, producer="orders"),
    ):
        assert type(metadata) is Metadata
        assert metadata == Metadata(*metadata)
        assert metadata.idempotency_key == metadata.event_id == metadata.correlation_id
        assert (metadata.version, metadata.producer, metadata.major) == ("1.1.0", "orders", 1)
        assert metadata.schema_digest == "sha256:" + "0" * 64
        assert list(metadata.to_dict()) == list(Metadata._fields)


def test_prepared_entries_are_prepared_events() -> None:
    """The entry is built with `tuple.__new__`: still the `PreparedEvent` type, fields by name."""
    bus = bus_for("orders")
    event = OrderPlacedV1(order_id="o", total_cents=1)
    for prepared in (bus.prepare(event), bus.publish_batch([event]).delivered[0].prepared):
        assert type(prepared) is PreparedEvent
        assert prepared == PreparedEvent(*prepared)
        assert prepared.event is event
        assert prepared.entry["Detail"] == detail_json(event, prepared.metadata)
        assert prepared.size == formula(prepared.entry)
