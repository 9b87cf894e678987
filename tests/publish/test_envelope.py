"""eventkit.envelope: building and parsing the native detail {metadata, data}."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from eventkit.context import EventContext, handling
from eventkit.envelope import (
    Metadata,
    build_detail,
    contract_of,
    detail_json,
    event_data,
    is_native_detail,
    new_metadata,
    parse_detail,
)
from eventkit.errors import EventValidationError, MalformedEnvelopeError, UnknownEventError
from tests.publish._events import InstanceStateChange, LineItem, OrderPlacedV1


def order() -> OrderPlacedV1:
    return OrderPlacedV1(order_id="o-1", total_cents=990, items=[LineItem(sku="A", quantity=2)])


def test_metadata_defaults_start_a_new_flow() -> None:
    meta = new_metadata(order(), producer="orders")
    assert meta.version == "1.1.0"
    assert meta.major == 1
    assert meta.correlation_id == meta.event_id == meta.idempotency_key
    assert meta.causation_id is None
    assert meta.schema_digest == OrderPlacedV1.__contract__.schema_digest
    assert meta.occurred_at.endswith("Z")
    assert datetime.fromisoformat(meta.occurred_at) <= datetime.now(UTC)


def test_metadata_inside_a_handler_inherits_correlation() -> None:
    incoming = EventContext(
        event_id="in-1", source="shop.x", detail_type="X", correlation_id="flow-9"
    )
    with handling(incoming):
        meta = new_metadata(OrderPlacedV1, producer="orders")
    assert meta.correlation_id == "flow-9"
    assert meta.causation_id == "in-1"
    foreign = EventContext(event_id="aws-id", source="aws.ec2", detail_type="EC2")
    with handling(foreign):
        meta = new_metadata(OrderPlacedV1, producer="orders", idempotency_key="k-1")
    assert (meta.correlation_id, meta.causation_id, meta.idempotency_key) == (
        "aws-id",
        "aws-id",
        "k-1",
    )


def test_occurred_at_from_aware_datetime_only() -> None:
    when = datetime(2026, 1, 2, 3, 4, 5, 123456, tzinfo=timezone(timedelta(hours=2)))
    assert (
        new_metadata(OrderPlacedV1, producer="p", occurred_at=when).occurred_at
        == "2026-01-02T01:04:05.123Z"
    )
    with pytest.raises(EventValidationError, match="timezone-aware"):
        new_metadata(OrderPlacedV1, producer="p", occurred_at=datetime(2026, 1, 2))


def test_detail_round_trip() -> None:
    event = order()
    meta = new_metadata(event, producer="orders")
    text = detail_json(event, meta)
    assert json.loads(text) == build_detail(event, meta)
    parsed_meta, data = parse_detail(text)
    assert parsed_meta == meta
    assert OrderPlacedV1.model_validate(data) == event
    assert parse_detail(json.loads(text))[0] == meta
    assert is_native_detail(json.loads(text))


def test_data_uses_aliases_and_leaves_unset_defaults_out() -> None:
    # by its alias, as a producer reading JSON would (pydantic's plugin knows only the name)
    data = event_data(OrderPlacedV1(order_id="o", total_cents=1, couponCode="X"))  # type: ignore[call-arg]
    assert data == {"order_id": "o", "total_cents": 1, "couponCode": "X"}


def test_contract_of_refuses_non_events_and_foreign_events() -> None:
    with pytest.raises(UnknownEventError, match="not an eventkit event model"):
        contract_of({"order_id": "o"})
    with pytest.raises(UnknownEventError, match="consume-only"):
        contract_of(InstanceStateChange)


@pytest.mark.parametrize(
    ("detail", "field"),
    [
        ("{", "detail"),
        ([1], "detail"),
        ({"data": {}}, "metadata"),
        ({"metadata": [], "data": {}}, "metadata"),
        ({"metadata": {"event_id": "e"}, "data": {}}, "metadata.version"),
        (
            {"metadata": {**Metadata("e", "x.1", "t", "p", "c", None, "k").to_dict()}, "data": {}},
            "metadata.version",
        ),
        (
            {
                "metadata": {
                    **Metadata("e", "1.0.0", "t", "p", "c", None, "k").to_dict(),
                    "causation_id": 5,
                },
                "data": {},
            },
            "metadata.causation_id",
        ),
        ({"metadata": Metadata("e", "1.0.0", "t", "p", "c", None, "k").to_dict()}, "data"),
        (
            {"metadata": Metadata("e", "1.0.0", "t", "p", "c", None, "k").to_dict(), "data": "x"},
            "data",
        ),
    ],
)
def test_parse_detail_names_the_bad_field(detail: object, field: str) -> None:
    with pytest.raises(MalformedEnvelopeError) as info:
        parse_detail(detail)
    assert info.value.field == field


def test_parse_detail_ignores_unknown_metadata_keys() -> None:
    raw = {
        **Metadata("e", "2.1.0", "t", "p", "c", "cause", "k", None).to_dict(),
        "traceparent": "00-x",
    }
    meta, data = parse_detail({"metadata": raw, "data": {"a": 1}})
    assert (meta.major, meta.causation_id, data) == (2, "cause", {"a": 1})
