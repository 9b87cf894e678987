"""What the demo publishes: every example of every native event major in the registry, as typed
models, plus one foreign AWS event and one poisoned message sent raw (as another producer
might), and a transport wrapper that records every entry EventBridge accepted."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from eventkit.contract import BaseEvent, Event
from eventkit.registry import Registry
from eventkit.transports.base import SendResult, Transport

__all__ = ["RecordingTransport", "envelope_of", "example_events", "foreign_entries", "poison_entry"]


def _classes() -> dict[tuple[str, str, int], type[BaseEvent]]:
    from shop_events import all_events

    return {
        (c.__contract__.source, c.__contract__.detail_type, c.__contract__.major): c
        for c in all_events()
    }


def example_events(registry: Registry) -> list[Event]:
    """One typed event per `examples` entry of the newest version of each native major."""
    classes = _classes()
    events: list[Event] = []
    for event_type in registry.events:
        if event_type.foreign:
            continue
        for major in sorted(event_type.majors):
            cls = classes.get((event_type.source, event_type.detail_type, major))
            if cls is None or not issubclass(cls, Event):
                continue
            for example in event_type.latest_in(major).schema.get("examples", []):
                events.append(cls.model_validate(example))
    return events


def foreign_entries(registry: Registry, bus_name: str) -> list[dict[str, Any]]:
    """PutEvents entries for the examples of foreign events, as the AWS service would send."""
    entries = []
    for event_type in registry.events:
        if event_type.foreign:
            for example in event_type.latest.schema.get("examples", []):
                entries.append(
                    {
                        "Source": event_type.source,
                        "DetailType": event_type.detail_type,
                        "Detail": json.dumps(example),
                        "EventBusName": bus_name,
                    }
                )
    return entries


def poison_entry(bus_name: str) -> dict[str, Any]:
    """An OrderPlaced 1.x whose data breaks its contract: the consumer must report it, alone."""
    detail = {
        "metadata": {
            "event_id": "poison-0001",
            "version": "1.1.0",
            "occurred_at": "2026-11-26T12:00:00.000Z",
            "producer": "legacy-checkout",
            "correlation_id": "poison-0001",
            "causation_id": None,
            "idempotency_key": "poison-0001",
        },
        "data": {"order_id": 42, "lines": "not a list"},
    }
    return {
        "Source": "shop.orders",
        "DetailType": "OrderPlaced",
        "Detail": json.dumps(detail),
        "EventBusName": bus_name,
    }


def envelope_of(entry: Mapping[str, Any]) -> dict[str, Any]:
    """The parts of the delivered event an event pattern can look at."""
    return {
        "source": entry["Source"],
        "detail-type": entry["DetailType"],
        "detail": json.loads(entry["Detail"]),
    }


@dataclass
class RecordingTransport:
    """Delegates to `inner` and keeps every entry that EventBridge accepted."""

    inner: Transport
    accepted: list[Mapping[str, Any]] = field(default_factory=list)

    def send(self, entries: Sequence[Mapping[str, Any]]) -> SendResult:
        result = self.inner.send(entries)
        self.accepted.extend(e for e, r in zip(entries, result.entries, strict=True) if r.ok)
        return result

    def close(self) -> None:
        self.inner.close()
