"""Helpers for the hostile `eventkit sync` tests: boto3 clients for the stand-in Schema
Registry (over HTTP), small registry folders written on disk, and what the registry holds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from eventkit_registry_sync import sync as sync_module
from eventkit_registry_sync.client import make_client
from eventkit_registry_sync.standin import StandinServer
from eventkit_registry_sync.sync import CheckGate, SyncReport, sync_registry

from eventkit.registry import load_registry

__all__ = ["gate_passes", "make_folder", "new_client", "run", "schema_versions", "write_version"]


def gate_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The compatibility gate has its own tests; here it passes."""
    monkeypatch.setattr(sync_module, "_run_check", lambda registry: CheckGate(True, True))


def new_client(server: StandinServer) -> Any:
    return make_client(region="us-east-1", endpoint_url=server.url, max_attempts=4)


def run(folder: Path, client: Any, **kwargs: Any) -> SyncReport:
    return sync_registry(load_registry(folder), client=client, **kwargs)


def write_version(root: Path, event: str, version: str, props: dict[str, Any]) -> Path:
    """A version file `root/<service>/<Event>/<version>.json` with `props` (all strings required)."""
    title = event.split("/")[-1]
    doc = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        "description": f"{title} data.",
        "type": "object",
        "required": sorted(props),
        "properties": props,
        "examples": [dict.fromkeys(props, "x")],
    }
    path = root / event / f"{version}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, indent=2) + "\n")
    return path


def make_folder(
    root: Path,
    *,
    name: str,
    prefix: str,
    events: dict[str, list[str]],
    extra_toml: str = "",
) -> Path:
    """A registry folder: `events` maps `service/Event` to its versions (each adds a field)."""
    root.mkdir(parents=True)
    (root / "eventkit.toml").write_text(
        f'[registry]\nname = "{name}"\nsource_prefix = "{prefix}"\n{extra_toml}'
    )
    for event, versions in events.items():
        props: dict[str, Any] = {"id": {"type": "string"}}
        for n, version in enumerate(versions):
            if n:
                props[f"field{n}"] = {"type": "string"}
            major = int(version.split(".")[0])
            write_version(root, event, version, {**props, f"major{major}": {"type": "string"}})
    return root


def schema_versions(client: Any, registry: str) -> dict[str, list[str]]:
    """`{schema name: [the eventkit version each registry version holds, in order]}`."""
    out: dict[str, list[str]] = {}
    for schema in client.list_schemas(RegistryName=registry)["Schemas"]:
        name = schema["SchemaName"]
        listed = client.list_schema_versions(RegistryName=registry, SchemaName=name)
        numbers = sorted(int(v["SchemaVersion"]) for v in listed["SchemaVersions"])
        held = []
        for number in numbers:
            got = client.describe_schema(
                RegistryName=registry, SchemaName=name, SchemaVersion=str(number)
            )
            held.append(json.loads(got["Content"]).get("x-eventkit", {}).get("version", "?"))
        out[name] = held
    return out
