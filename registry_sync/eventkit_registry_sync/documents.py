"""The registry document for one eventkit version: AWS's own shape (an `AWSEvent` envelope with
`x-amazon-events-source` / `x-amazon-events-detail-type` and `detail` by `$ref`), in
JSONSchemaDraft4 or OpenApi3, with what it holds recorded in `x-eventkit`."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from eventkit.envelope import REQUIRED_METADATA_FIELDS
from eventkit.errors import SchemaConversionError
from eventkit_registry_sync.convert import DRAFT4, TYPES, convert_data_schema

__all__ = ["ENVELOPE_FIELDS", "EnvelopeInfo", "event_content"]

ENVELOPE_FIELDS = (
    "detail-type",
    "resources",
    "id",
    "source",
    "time",
    "detail",
    "region",
    "version",
    "account",
)


@dataclass(frozen=True)
class EnvelopeInfo:
    """What the registry content says about the event, besides the data schema."""

    event_key: str
    version: str
    digest: str
    source: str
    detail_type: str
    name: str  # CamelCase identifier for the detail definition
    foreign: bool
    title: str
    description: str | None
    contract: str | None = None  # see desired.contract_digest
    files: dict[str, Any] | None = None  # {"file": version file, "shared": {relpath: file}}


def _metadata_schema(major: int) -> dict[str, Any]:
    props: dict[str, Any] = {key: {"type": "string"} for key in REQUIRED_METADATA_FIELDS}
    props["version"] = {"type": "string", "pattern": f"^{major}\\."}
    props["occurred_at"] = {"type": "string", "format": "date-time"}
    props["causation_id"] = {"type": ["string", "null"]}
    props["schema_digest"] = {"type": ["string", "null"]}
    return {"type": "object", "required": list(REQUIRED_METADATA_FIELDS), "properties": props}


@functools.lru_cache(maxsize=64)
def _metadata_defs(major: int, target: str, meta_name: str) -> str:
    """The converted metadata definitions (as JSON text: each document gets its own copy):
    the same for every version of a major, so converted once per run, not per version."""
    meta = _metadata_schema(major)
    return json.dumps(
        convert_data_schema(meta, target, where="metadata", data_name=meta_name, reserved=set())
    )


def event_content(
    info: EnvelopeInfo, data_schema: Mapping[str, Any], target: str
) -> dict[str, Any]:
    """The registry document for one version, in AWS's shape for `target`."""
    if target not in TYPES:
        raise SchemaConversionError(
            f"unknown schema type {target!r} (expected OpenApi3 or JSONSchemaDraft4)",
            target=target,
        )
    meta_name, data_name = "EventkitMetadata", f"{info.name}Data"
    reserved = {info.name, meta_name, "AWSEvent"}
    defs = convert_data_schema(
        data_schema,
        target,
        where=f"{info.event_key}/{info.version}.json",
        data_name=info.name if info.foreign else data_name,
        reserved=reserved,
    )
    prefix = "#/definitions/" if target == DRAFT4 else "#/components/schemas/"
    if not info.foreign:
        major = int(info.version.split(".")[0])
        defs.update(json.loads(_metadata_defs(major, target, meta_name)))
        detail = {
            "type": "object",
            "required": ["metadata", "data"],
            "properties": {
                "metadata": {"$ref": prefix + meta_name},
                "data": {"$ref": prefix + data_name},
            },
        }
        defs = {info.name: detail, **defs}
    envelope: dict[str, Any] = {
        "type": "object",
        "required": list(ENVELOPE_FIELDS),
        "x-amazon-events-detail-type": info.detail_type,
        "x-amazon-events-source": info.source,
        "properties": {
            "account": {"type": "string"},
            "detail": {"$ref": prefix + info.name},
            "detail-type": {"type": "string"},
            "id": {"type": "string"},
            "region": {"type": "string"},
            "resources": {"type": "array", "items": {"type": "string"}},
            "source": {"type": "string"},
            "time": {"type": "string", "format": "date-time"},
            "version": {"type": "string"},
        },
    }
    marker: dict[str, Any] = {
        "event": info.event_key,
        "version": info.version,
        "digest": info.digest,
    }
    if info.contract is not None:
        marker["contract"] = info.contract
    if info.files is not None:  # what pull writes back as it was (docs/decisions/0021)
        marker["files"] = info.files
    if target == DRAFT4:
        doc: dict[str, Any] = {"$schema": "http://json-schema.org/draft-04/schema#"}
        doc["title"] = info.title
        if info.description:
            doc["description"] = info.description
        doc.update(definitions=defs, **envelope)
        doc["x-eventkit"] = marker
        return doc
    info_obj: dict[str, Any] = {"version": info.version, "title": info.title}
    if info.description:
        info_obj["description"] = info.description
    return {
        "openapi": "3.0.0",
        "info": info_obj,
        "paths": {},
        "components": {"schemas": {"AWSEvent": envelope, **defs}},
        "x-eventkit": marker,
    }
