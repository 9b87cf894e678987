"""The no-op fast path notices a registry version deleted and replaced by hand (DeleteSchemaVersion
then UpdateSchema, or for a single-version schema UpdateSchema then DeleteSchemaVersion:
VersionCount and every tag unchanged): `sync --check` reports drift and `sync` pushes the
folder's latest version again."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from eventkit_registry_sync import sync as sync_module
from eventkit_registry_sync.standin import StandinServer
from eventkit_registry_sync.sync import CheckGate, sync_registry

from eventkit.registry import load_registry

NAME = "shop.orders@OrderPlaced-v1"  # 1.0.0 and 1.1.0 in the `folder` fixture
HAND_MADE = {
    "openapi": "3.0.0",
    "info": {"title": "hand-made", "version": "1"},
    "paths": {},
    "components": {"schemas": {"AWSEvent": {"type": "object"}}},
}


@pytest.fixture(autouse=True)
def _gate_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sync_module, "_run_check", lambda registry: CheckGate(True, True))


def _latest(client: Any, name: str = NAME) -> dict[str, Any]:
    got = client.describe_schema(RegistryName="shop", SchemaName=name)
    doc: dict[str, Any] = json.loads(got["Content"])
    return doc


def test_a_replaced_latest_version_is_drift(
    folder: Path, client: Any, standin: StandinServer
) -> None:
    sync_registry(load_registry(folder), client=client)
    listed = {s["SchemaName"]: s for s in client.list_schemas(RegistryName="shop")["Schemas"]}
    count, tags = listed[NAME]["VersionCount"], listed[NAME]["Tags"]
    client.delete_schema_version(RegistryName="shop", SchemaName=NAME, SchemaVersion="2")
    client.update_schema(
        RegistryName="shop", SchemaName=NAME, Type="OpenApi3", Content=json.dumps(HAND_MADE)
    )
    listed = {s["SchemaName"]: s for s in client.list_schemas(RegistryName="shop")["Schemas"]}
    assert (listed[NAME]["VersionCount"], listed[NAME]["Tags"]) == (count, tags)  # all the same

    check = sync_registry(load_registry(folder), client=client, dry_run=True)
    assert check.plan.drifted
    assert [a.kind for a in check.plan.actions if a.schema == NAME] == ["update"]

    sync_registry(load_registry(folder), client=client)
    assert _latest(client)["x-eventkit"]["version"] == "1.1.0"
    # and the next run is a no-op again, on the fast path
    before = len(standin.calls)
    again = sync_registry(load_registry(folder), client=client)
    assert not again.plan.drifted
    assert standin.calls[before:] == ["DescribeRegistry", "ListSchemas"]


def test_a_replaced_single_version_is_drift(
    folder: Path, client: Any, standin: StandinServer
) -> None:
    """The most common schema, an event with 1.0.0 only: created by one CreateSchema, it is
    tagged with its LastModified too, so replacing its one version by hand is seen."""
    name = "shop.users@UserSignedUp-v1"  # 1.0.0 only
    sync_registry(load_registry(folder), client=client)
    listed = {s["SchemaName"]: s for s in client.list_schemas(RegistryName="shop")["Schemas"]}
    count, tags = listed[name]["VersionCount"], listed[name]["Tags"]
    client.update_schema(
        RegistryName="shop", SchemaName=name, Type="OpenApi3", Content=json.dumps(HAND_MADE)
    )
    client.delete_schema_version(RegistryName="shop", SchemaName=name, SchemaVersion="1")
    listed = {s["SchemaName"]: s for s in client.list_schemas(RegistryName="shop")["Schemas"]}
    assert (listed[name]["VersionCount"], listed[name]["Tags"]) == (count, tags)  # all the same

    check = sync_registry(load_registry(folder), client=client, dry_run=True)
    assert check.plan.drifted
    assert [a.kind for a in check.plan.actions if a.schema == name] == ["update"]

    sync_registry(load_registry(folder), client=client)
    assert _latest(client, name)["x-eventkit"]["version"] == "1.0.0"
    before = len(standin.calls)
    again = sync_registry(load_registry(folder), client=client)
    assert not again.plan.drifted
    assert standin.calls[before:] == ["DescribeRegistry", "ListSchemas"]
