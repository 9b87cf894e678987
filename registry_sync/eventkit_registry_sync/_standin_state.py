"""The stand-in's state: registries, schemas and versions, with lookups and output shapes.

Every operation (`_standin_ops.py`) runs under `State.lock`.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from typing import Any

from eventkit_registry_sync._wire import WireError

__all__ = [
    "AWS_REGISTRY",
    "RegistryRecord",
    "SchemaRecord",
    "State",
    "VersionRecord",
    "not_found",
    "now",
]

ACCOUNT = "123456789012"
AWS_REGISTRY = "aws.events"


def not_found(message: str) -> WireError:
    return WireError(404, "NotFoundException", message)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class VersionRecord:
    """One version of a schema: its number, content, type and creation time."""

    number: int
    content: str
    type: str
    created: dt.datetime


@dataclass
class SchemaRecord:
    """One schema, its versions, and the ClientTokenIds it has answered."""

    registry: str
    name: str
    arn: str
    description: str | None
    tags: dict[str, str]
    versions: list[VersionRecord] = field(default_factory=list)
    next_number: int = 1
    tokens: dict[str, dict[str, Any]] = field(default_factory=dict)
    modified: dt.datetime = field(default_factory=now)


@dataclass
class RegistryRecord:
    """One registry ("Local", or "AWS" for the read-only aws.events) and its schemas."""

    name: str
    arn: str
    description: str | None
    tags: dict[str, str]
    scope: str
    schemas: dict[str, SchemaRecord] = field(default_factory=dict)


class State:
    """All registries; every handler runs under one lock."""

    def __init__(self, region: str, list_tags: str = "full") -> None:
        self.region = region
        self.list_tags = list_tags  # what ListSchemas items carry as Tags (see StandinServer)
        self.lock = threading.Lock()
        self.registries: dict[str, RegistryRecord] = {}
        self.registries[AWS_REGISTRY] = RegistryRecord(
            AWS_REGISTRY, self.arn_of("registry", AWS_REGISTRY), "AWS service events", {}, "AWS"
        )

    def arn_of(self, kind: str, name: str) -> str:
        """The ARN of a "registry" or "schema" called `name` ("registry/schema" for one)."""
        return f"arn:aws:schemas:{self.region}:{ACCOUNT}:{kind}/{name}"

    # --- lookups -------------------------------------------------------------------------
    def registry(self, name: str) -> RegistryRecord:
        reg = self.registries.get(name)
        if reg is None:
            raise not_found(f"Registry with name '{name}' does not exist.")
        return reg

    def schema(self, registry: str, name: str) -> SchemaRecord:
        schema = self.registry(registry).schemas.get(name)
        if schema is None:
            raise not_found(f"Schema with name '{name}' does not exist in registry '{registry}'.")
        return schema

    def writable(self, registry: str) -> RegistryRecord:
        reg = self.registry(registry)
        if reg.scope == "AWS":
            raise WireError(403, "ForbiddenException", f"Registry '{registry}' is read-only.")
        return reg

    def seed(self, registry: str, name: str, content: str, kind: str) -> None:
        """Add a version to `registry` (any scope), creating the schema if needed; no checks."""
        reg = self.registry(registry)
        schema = reg.schemas.get(name)
        if schema is None:
            arn = self.arn_of("schema", f"{registry}/{name}")
            schema = reg.schemas[name] = SchemaRecord(registry, name, arn, None, {})
        schema.versions.append(VersionRecord(schema.next_number, content, kind, now()))
        schema.next_number += 1

    def resource(self, arn: str) -> RegistryRecord | SchemaRecord:
        for reg in self.registries.values():
            if reg.arn == arn:
                return reg
            for schema in reg.schemas.values():
                if schema.arn == arn:
                    return schema
        raise not_found(f"Resource '{arn}' does not exist.")

    # --- shapes ---------------------------------------------------------------------------
    @staticmethod
    def registry_out(reg: RegistryRecord) -> dict[str, Any]:
        return {
            "RegistryName": reg.name,
            "RegistryArn": reg.arn,
            "Description": reg.description,
            "Tags": dict(reg.tags),
        }

    @staticmethod
    def schema_out(
        schema: SchemaRecord, version: VersionRecord, content: bool = False
    ) -> dict[str, Any]:
        out = {
            "SchemaArn": schema.arn,
            "SchemaName": schema.name,
            "SchemaVersion": str(version.number),
            "Type": version.type,
            "Description": schema.description,
            "LastModified": schema.modified,
            "VersionCreatedDate": version.created,
            "Tags": dict(schema.tags),
        }
        if content:
            out["Content"] = version.content
        return out
