"""`eventkit sample`: a valid EventBridge event (or PutEvents entry) of a registry event, built
from the schema's own `examples`, for console tests (the Lambda console's test event, `aws
events put-events`). Needs the registry only, not the generated models."""

from __future__ import annotations

import json
import re
from typing import Any

from eventkit.contract import EventContract
from eventkit.envelope import metadata_json, new_metadata
from eventkit.errors import RegistryError, SettingError
from eventkit.registry import EventType, Registry, SchemaVersion
from eventkit.testing.lambda_events import envelope
from eventkit.transports.limits import (
    DEFAULT_MAX_REQUEST_BYTES,
    entry_size,
    is_put_events_bus_name,
    within_limit,
)

__all__ = ["sample_entry", "sample_event", "sample_version"]

PRODUCER = "eventkit-sample"
_MAJOR = re.compile(r"[0-9]+")  # ASCII digits only: str.isdigit() also takes '²'
_MAX_MAJOR_DIGITS = 30  # far beyond any major


def sample_version(registry: Registry, spec: str) -> tuple[EventType, SchemaVersion]:
    """``SERVICE/Event`` (the newest version), ``SERVICE/Event@2`` (the newest of major 2) or
    ``SERVICE/Event@1.1.0``."""
    key, at, version = spec.partition("@")
    event_type = registry.event(key)
    if not at:
        return event_type, event_type.latest
    if not version:
        raise RegistryError(
            f"{spec!r}: nothing after '@'",
            hint=f"name a version ({key}@1.1.0) or a major ({key}@1), or drop the '@' for "
            "the newest version",
            path=event_type.key,
        )
    if _MAJOR.fullmatch(version):
        digits = version.lstrip("0") or "0"
        if len(digits) > _MAX_MAJOR_DIGITS:  # int() refuses over 4,300 digits; no major is
            known = ", ".join(str(m) for m in event_type.majors) or "none"
            raise RegistryError(
                f"{event_type.key} has no major version {digits[:12]}... ({len(digits)} digits; "
                f"majors: {known})",
                hint=f"name a major the registry has, e.g. {key}@{max(event_type.majors, default=1)}",
                path=event_type.key,
            )
        return event_type, event_type.latest_in(int(digits))
    return event_type, event_type.version(version)


def _detail(event_type: EventType, version: SchemaVersion, example: int) -> dict[str, Any]:
    examples = version.schema.get("examples")
    if not isinstance(examples, list) or not 0 <= example < len(examples):
        count = len(examples) if isinstance(examples, list) else 0
        raise RegistryError(
            f"{version.relpath} has no example {example} ({count} example(s))",
            hint="add realistic instances to the schema's `examples` (eventkit lint checks them)"
            if not count
            else f"--example takes 0 to {count - 1}",
            path=version.relpath,
            pointer="/examples",
        )
    data = examples[example]
    if not isinstance(data, dict):  # an event's detail (foreign) or data (native) is an object
        raise RegistryError(
            f"{version.relpath}: example {example} is not a JSON object, so no event carries it",
            hint="an example is an instance of the schema: an object of the event's fields",
            path=version.relpath,
            pointer=f"/examples/{example}",
        )
    if event_type.foreign:
        return dict(data)
    contract = EventContract(
        source=event_type.source,
        detail_type=event_type.detail_type,
        version=str(version.version),
        schema_digest=version.digest,
        schema_path=version.relpath,
    )
    metadata = json.loads(metadata_json(new_metadata(contract, producer=PRODUCER)))
    return {"metadata": metadata, "data": data}


def sample_event(registry: Registry, spec: str, *, example: int = 0) -> dict[str, Any]:
    """The EventBridge event carrying example `example` of the version `spec` names."""
    event_type, version = sample_version(registry, spec)
    return envelope(
        event_type.source, event_type.detail_type, _detail(event_type, version, example)
    )


def sample_entry(
    registry: Registry, spec: str, *, example: int = 0, bus: str | None = None
) -> dict[str, Any]:
    """The PutEvents entry that publishes it, on `bus` (default: ``[registry] event_bus``).
    `SettingError` (setting ``bus``) for a bus name or ARN PutEvents refuses."""
    if bus is not None:
        _check_bus(bus)
    event_type, version = sample_version(registry, spec)
    if event_type.source.startswith("aws."):
        raise RegistryError(
            f"{event_type.key} is an AWS service's event (source {event_type.source}): "
            "PutEvents refuses sources starting with 'aws.' (NotAuthorizedForSourceException)",
            hint=f"without --entry, `eventkit sample {spec}` prints the event as delivered, "
            "for a Lambda console test or a handler test",
            path=event_type.key,
        )
    entry = {
        "Source": event_type.source,
        "DetailType": event_type.detail_type,
        "Detail": json.dumps(_detail(event_type, version, example), separators=(",", ":")),
        "EventBusName": registry.config.event_bus if bus is None else bus,
    }
    size = entry_size(entry)
    if not within_limit(size, DEFAULT_MAX_REQUEST_BYTES):
        raise RegistryError(
            f"{version.relpath}: example {example} makes a {size:,}-byte PutEvents entry; "
            f"a request must be less than {DEFAULT_MAX_REQUEST_BYTES:,} bytes",
            hint="use a smaller example (large payloads go to S3, the event carries a reference)",
            path=version.relpath,
            pointer=f"/examples/{example}",
        )
    return entry


def _check_bus(bus: str) -> None:
    """Refuse a `bus` PutEvents would answer with a ValidationException: the entry printed
    is promised to be one it accepts."""
    if is_put_events_bus_name(bus):
        return
    shown = json.dumps(bus[:60] + ("..." if len(bus) > 60 else ""))
    raise SettingError(
        f"--bus {shown} is not an event bus name or ARN PutEvents accepts "
        f"(it would answer ValidationException)",
        hint="name the bus with 1-256 of A-Z a-z 0-9 . - _ (or give its ARN, "
        "arn:aws:events:REGION:ACCOUNT:event-bus/NAME), or leave --bus out for "
        "[registry] event_bus",
        setting="bus",
        value=bus,
    )
