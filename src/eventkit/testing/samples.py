"""`eventkit sample`: a valid EventBridge event (or PutEvents entry) of a registry event, built
from the schema's own `examples`, for console tests (the Lambda console's test event, `aws
events put-events`). Needs the registry only, not the generated models."""

from __future__ import annotations

import json
from typing import Any

from eventkit.contract import EventContract
from eventkit.envelope import metadata_json, new_metadata
from eventkit.errors import RegistryError
from eventkit.registry import EventType, Registry, SchemaVersion
from eventkit.testing.lambda_events import envelope

__all__ = ["sample_entry", "sample_event", "sample_version"]

PRODUCER = "eventkit-sample"


def sample_version(registry: Registry, spec: str) -> tuple[EventType, SchemaVersion]:
    """``SERVICE/Event`` (the newest version), ``SERVICE/Event@2`` (the newest of major 2) or
    ``SERVICE/Event@1.1.0``."""
    key, _, version = spec.partition("@")
    event_type = registry.event(key)
    if not version:
        return event_type, event_type.latest
    if version.isdigit():
        return event_type, event_type.latest_in(int(version))
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
    """The PutEvents entry that publishes it, on `bus` (default: ``[registry] event_bus``)."""
    event_type, version = sample_version(registry, spec)
    return {
        "Source": event_type.source,
        "DetailType": event_type.detail_type,
        "Detail": json.dumps(_detail(event_type, version, example), separators=(",", ":")),
        "EventBusName": bus or registry.config.event_bus,
    }
