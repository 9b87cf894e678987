"""What decision 0030's "publishing, fifth pass" changed, pinned through the public interface:
the metadata text is `json.dumps`'s for any values, the EventBridge transport's per-entry
results are plain `EntryResult`s equal to the ones its constructor builds, and `publish_batch`
sends for each event the Detail its result reports, with the metadata a fresh flow gets,
each entry delivered or failed as the answer says."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from eventkit.envelope import Metadata, event_data_json, metadata_json
from eventkit.publishing import DeliveredEntry, EventBus, FailedEntry, RetryPolicy
from eventkit.transports import EventBridgeTransport
from eventkit.transports.base import EntryResult
from tests.publish._events import OrderPlacedV1

_TEXT = st.one_of(st.text(max_size=12), st.sampled_from(["\ud800", "é\u2028\x00", '"\\']))


@settings(max_examples=200, deadline=None)
@given(
    values=st.lists(_TEXT, min_size=6, max_size=6),
    causation_id=st.none() | _TEXT,
    digest=st.none() | _TEXT,
)
def test_the_metadata_text_is_json_dumps(
    values: list[str], causation_id: str | None, digest: str | None
) -> None:
    event_id, version, occurred_at, producer, correlation_id, key = values
    metadata = Metadata(
        event_id, version, occurred_at, producer, correlation_id, causation_id, key, digest
    )
    expected = json.dumps(metadata.to_dict(), separators=(",", ":"), ensure_ascii=False)
    assert metadata_json(metadata) == expected


class _Client:
    """A PutEvents client that records each request and answers from a script."""

    def __init__(self, answers: Sequence[Mapping[str, Any]] = ()) -> None:
        self.requests: list[list[dict[str, Any]]] = []
        self._answers = list(answers)

    def put_events(self, Entries: list[dict[str, Any]]) -> dict[str, Any]:  # boto3's name
        self.requests.append([dict(entry) for entry in Entries])
        results = [self._answers.pop(0) if self._answers else {"EventId": "eb-ok"} for _ in Entries]
        failed = sum(1 for r in results if "ErrorCode" in r)
        return {"FailedEntryCount": failed, "Entries": results}


_ANSWERS = st.sampled_from(
    [
        {"EventId": "eb-1"},
        {"ErrorCode": "InvalidArgument", "ErrorMessage": "no"},
        {"ErrorCode": "MalformedDetail"},
        {"EventId": "", "ErrorMessage": "odd"},
        {},
    ]
)


@settings(max_examples=100, deadline=None)
@given(st.lists(_ANSWERS, min_size=1, max_size=10))
def test_the_transport_answers_plain_entry_results(answers: list[dict[str, Any]]) -> None:
    entries = [{"Source": "s", "DetailType": "d", "Detail": "{}"} for _ in answers]
    result = EventBridgeTransport(client=_Client(answers)).send(entries)  # type: ignore[arg-type]  # a stand-in client
    expected = tuple(
        EntryResult(a.get("EventId"), a.get("ErrorCode"), a.get("ErrorMessage")) for a in answers
    )
    assert result.entries == expected
    assert all(type(r) is EntryResult for r in result.entries)
    assert [r.ok for r in result.entries] == [e.ok for e in expected]


def _order(i: int) -> OrderPlacedV1:
    return OrderPlacedV1.model_validate(
        {"order_id": f"o-{i}", "total_cents": i, "couponCode": "é" if i % 3 else None}
    )


@settings(max_examples=40, deadline=None)
@given(st.lists(_ANSWERS, min_size=1, max_size=23))
def test_publish_batch_sends_what_it_reports(answers: list[dict[str, Any]]) -> None:
    client = _Client(answers)
    bus = EventBus(
        "bus",
        transport=EventBridgeTransport(client=client),  # type: ignore[arg-type]  # a stand-in client
        producer="pinned",
        retry=RetryPolicy(max_attempts=1),
    )
    events = [_order(i) for i in range(len(answers))]
    result = bus.publish_batch(events, raise_on_failure=False)

    sent = [entry for request in client.requests for entry in request]
    assert [len(request) for request in client.requests] == [
        min(10, len(answers) - i) for i in range(0, len(answers), 10)
    ]
    outcomes: list[DeliveredEntry | FailedEntry] = sorted(
        [*result.delivered, *result.failed], key=lambda o: o.index
    )
    assert [o.index for o in outcomes] == list(range(len(events)))
    ids: set[str] = set()
    for outcome, entry, event, answer in zip(outcomes, sent, events, answers, strict=True):
        metadata = outcome.prepared.metadata
        assert outcome.prepared.event is event
        assert entry == dict(outcome.prepared.entry)
        assert entry["Detail"] == (
            f'{{"metadata":{metadata_json(metadata)},"data":{event_data_json(event)}}}'
        )
        assert json.loads(entry["Detail"])["metadata"] == metadata.to_dict()
        assert outcome.prepared.size == len(
            (entry["Source"] + entry["DetailType"] + entry["Detail"]).encode()
        )
        assert uuid.UUID(metadata.event_id).version == 4
        assert metadata.correlation_id == metadata.idempotency_key == metadata.event_id
        assert (metadata.producer, metadata.causation_id) == ("pinned", None)
        ids.add(metadata.event_id)
        ok = answer.get("EventId") and "ErrorCode" not in answer
        assert (outcome in result.delivered) == bool(ok)
        if isinstance(outcome, DeliveredEntry):
            assert outcome.event_id == answer["EventId"]
        else:
            assert outcome.error_code == answer.get("ErrorCode", "MissingEventId")
    assert len(ids) == len(events)
