"""What decision 0030's "publishing, sixth pass" changed, pinned through the public interface:
the metadata text is `json.dumps`'s whichever values repeat, are shared by identity or are
not strings (the id is quoted once, the repeated values looked up); `DeliveredEntry` built by
its own `__init__` is the frozen dataclass it was; a batch of several classes gets each event's
own contract, and its errors name the event's position; batch ids are the text `uuid` writes
for the same random bytes."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import json
import os
import pickle
import uuid
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventkit.envelope import Metadata, metadata_json, new_event_ids
from eventkit.errors import ContractError
from eventkit.publishing import DeliveredEntry, EventBus, PreparedEvent
from eventkit.testing import InMemoryEventBridge
from eventkit.transports import InMemoryTransport
from tests.publish._events import (
    InstanceStateChange,
    OrderPlacedV1,
    OrderPlacedV2,
    PaymentCapturedV1,
)


def _dumps(metadata: Metadata) -> str:
    return json.dumps(metadata.to_dict(), separators=(",", ":"), ensure_ascii=False)


# A few values, so that the same texts come back from one metadata to the next; odd ones too.
_POOL = st.sampled_from(["1.0.0", "2026-12-07T05:00:00.000Z", "svc", "", '"\\', "é\u2028\x00"])
_VALUE = st.one_of(_POOL, st.text(max_size=8))


@st.composite
def _metadata(draw: st.DrawFn) -> Metadata:
    """Metadata whose correlation id and idempotency key are the event id itself (the same
    object, as a new flow has them), an equal copy of it, or another value."""
    event_id = draw(st.text(max_size=8)) + "-id"

    def id_or_other() -> str:
        how = draw(st.sampled_from(["same", "copy", "other"]))
        if how == "same":
            return event_id
        if how == "copy":
            return "".join(list(event_id))  # equal, another object
        return draw(_VALUE)

    return Metadata(
        event_id,
        draw(_VALUE),
        draw(_VALUE),
        draw(_VALUE),
        id_or_other(),
        draw(st.none() | _VALUE),
        id_or_other(),
        draw(st.none() | _VALUE),
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(_metadata(), min_size=1, max_size=8))
def test_the_metadata_text_is_json_dumps_event_after_event(batch: list[Metadata]) -> None:
    for metadata in batch:
        assert metadata_json(metadata) == _dumps(metadata)


def test_the_metadata_text_holds_over_many_distinct_values() -> None:
    # more distinct times than any memory of quoted values would keep, each seen twice
    for i in range(2000):
        metadata = Metadata("id", "1.0.0", f"t-{i}\n", "svc", "id", None, "id", f"d{i % 7}")
        assert metadata_json(metadata) == _dumps(metadata) == metadata_json(metadata)


@pytest.mark.parametrize(
    "value", [1, 1.5, True, None, ["1.0.0"], {"a": "b"}], ids=lambda v: type(v).__name__
)
def test_values_that_are_not_strings_are_written_as_json_writes_them(value: Any) -> None:
    metadata_json(Metadata("id", "1", "1", "1", "id", None, "id", "1"))  # "1" seen before
    for field in range(1, 8):
        values: list[Any] = ["id", "1.0.0", "t", "svc", "id", None, "id", "d"]
        values[field] = value
        metadata = Metadata(*values)
        assert metadata_json(metadata) == _dumps(metadata)


def test_a_lone_surrogate_is_written_as_json_writes_it() -> None:
    for _ in range(2):  # first quoted, then looked up
        metadata = Metadata("\ud800", "\udfff", "t", "\ud800", "\ud800", None, "k", None)
        assert metadata_json(metadata) == _dumps(metadata)


# -- DeliveredEntry ----------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class _Reference:
    """What `DeliveredEntry` was: the frozen dataclass with its generated `__init__`."""

    index: int
    prepared: PreparedEvent
    event_id: str
    attempts: int


def _prepared() -> PreparedEvent:
    bus = EventBus("b", transport=InMemoryTransport(InMemoryEventBridge()), producer="p")
    return bus.prepare(OrderPlacedV1(order_id="o-1", total_cents=5))


def test_a_delivered_entry_is_the_frozen_dataclass_it_was() -> None:
    prepared = _prepared()
    entry = DeliveredEntry(3, prepared, "eb-1", 2)
    same = DeliveredEntry(index=3, prepared=prepared, event_id="eb-1", attempts=2)
    reference = _Reference(3, prepared, "eb-1", 2)

    assert entry == same
    assert entry != DeliveredEntry(3, prepared, "eb-1", 3)
    assert dataclasses.astuple(entry) == dataclasses.astuple(reference)
    assert repr(entry) == repr(reference).replace("_Reference", "DeliveredEntry")
    assert [f.name for f in dataclasses.fields(entry)] == [
        "index",
        "prepared",
        "event_id",
        "attempts",
    ]
    # the same parameters (the return annotation is the text "None" now, as annotations are
    # in this module; the generated one held None itself)
    assert inspect.signature(DeliveredEntry).parameters == inspect.signature(_Reference).parameters
    assert DeliveredEntry.__match_args__ == _Reference.__match_args__
    assert (entry.event, entry.metadata) == (prepared.event, prepared.metadata)
    assert dataclasses.replace(entry, attempts=5) == DeliveredEntry(3, prepared, "eb-1", 5)
    assert pickle.loads(pickle.dumps(entry)) == entry
    assert copy.copy(entry) == entry
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.index = 4  # type: ignore[misc]  # frozen, what is tested
    with pytest.raises(dataclasses.FrozenInstanceError):
        del entry.event_id  # frozen: what is tested
    assert not hasattr(entry, "__dict__")
    with pytest.raises(TypeError):  # its event and entry are not hashable, as before
        hash(entry)
    with pytest.raises(TypeError):
        hash(reference)


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((1, None, "e"), {}),
        ((1, None, "e", 1, 2), {}),
        ((1, None, "e", 1), {"index": 1}),
        ((), {"index": 1, "prepared": None, "event_id": "e", "attempt": 1}),
    ],
)
def test_a_delivered_entry_refuses_the_arguments_it_refused(
    args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    with pytest.raises(TypeError) as ours:
        DeliveredEntry(*args, **kwargs)
    with pytest.raises(TypeError) as theirs:
        _Reference(*args, **kwargs)
    assert str(ours.value) == str(theirs.value).replace("_Reference", "DeliveredEntry")


# -- a batch of several classes ----------------------------------------------------------

_EVENTS = st.lists(
    st.sampled_from(
        [
            lambda i: OrderPlacedV1(order_id=f"o-{i}", total_cents=i),
            lambda i: OrderPlacedV2(order_id=f"o-{i}", amount={"cents": i}),
            lambda i: PaymentCapturedV1(payment_id=f"p-{i}", order_id=f"o-{i}"),
        ]
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=50, deadline=None)
@given(_EVENTS)
def test_each_event_of_a_mixed_batch_gets_its_own_contract(makers: list[Any]) -> None:
    bridge = InMemoryEventBridge()
    bridge.create_event_bus("b")
    bus = EventBus("b", transport=InMemoryTransport(bridge), producer="p")
    events = [make(i) for i, make in enumerate(makers)]
    result = bus.publish_batch(events)
    assert [d.index for d in result.delivered] == list(range(len(events)))
    for delivered, event in zip(result.delivered, events, strict=True):
        alone = bus.prepare(event)
        entry, metadata = delivered.prepared.entry, delivered.metadata
        assert delivered.event is event
        assert (entry["Source"], entry["DetailType"]) == (
            alone.entry["Source"],
            alone.entry["DetailType"],
        )
        assert (metadata.version, metadata.schema_digest) == (
            alone.metadata.version,
            alone.metadata.schema_digest,
        )
        assert delivered.prepared.size == alone.size  # ids and times have fixed lengths


@pytest.mark.parametrize("position", [0, 1, 3])
def test_an_unpublishable_class_in_a_batch_is_named_by_its_position(position: int) -> None:
    bus = EventBus("b", transport=InMemoryTransport(InMemoryEventBridge()), producer="p")
    events: list[Any] = [OrderPlacedV1(order_id="o", total_cents=1) for _ in range(4)]
    foreign: Any = InstanceStateChange.model_validate({"instance-id": "i-1", "state": "on"})
    events[position] = foreign
    with pytest.raises(ContractError) as alone:
        bus.prepare(foreign)
    with pytest.raises(ContractError) as batch:
        bus.publish_batch(events)
    assert type(batch.value) is type(alone.value)
    assert batch.value.message == f"events[{position}]: {alone.value.message}"


# -- batch ids ---------------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(
    st.integers(min_value=1, max_value=40).flatmap(
        lambda n: st.binary(min_size=16 * n, max_size=16 * n)
    )
)
def test_batch_ids_are_what_uuid_writes_for_the_same_random_bytes(random: bytes) -> None:
    count = len(random) // 16
    expected = [
        str(uuid.UUID(bytes=random[i : i + 16], version=4)) for i in range(0, len(random), 16)
    ]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "urandom", lambda n: random if n == len(random) else b"")
        assert new_event_ids(count) == expected
