"""`pull_registry`: registry documents back into version files, and the pull -> sync round trip."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from eventkit_registry_sync import sync as sync_module
from eventkit_registry_sync.pull import from_registry_content, pull_registry
from eventkit_registry_sync.standin import StandinServer
from eventkit_registry_sync.sync import CheckGate, sync_registry

from eventkit.errors import RegistrySyncError
from eventkit.registry import load_registry
from tests.registry_sync.sync_helpers import EC2_NAME, EC2_OPENAPI

EC2 = Path("aws_ec2/EC2InstanceStateChangeNotification")
EC2_DRAFT4 = {
    "$schema": "http://json-schema.org/draft-04/schema#",
    "title": "EC2InstanceStateChangeNotification",
    "definitions": {
        "EC2InstanceStateChangeNotification": {
            "properties": {"instance-id": {"type": "string"}, "state": {"type": "string"}},
            "required": ["instance-id", "state"],
            "type": "object",
        }
    },
    "properties": {"detail": {"$ref": "#/definitions/EC2InstanceStateChangeNotification"}},
    "type": "object",
    "x-amazon-events-detail-type": "EC2 Instance State-change Notification",
    "x-amazon-events-source": "aws.ec2",
}


def empty_folder(root: Path, name: str = "mine") -> Path:
    root.mkdir(parents=True)
    (root / "eventkit.toml").write_text(
        f'[registry]\nname = "{name}"\nevent_bus = "b"\nsource_prefix = "x."\n'
    )
    return root


def test_pull_then_sync_round_trips_the_foreign_event(
    tmp_path: Path, client: Any, standin: StandinServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sync_module, "_run_check", lambda registry: CheckGate(True, True))
    first = empty_folder(tmp_path / "a")
    report = pull_registry(first, client=client, registry_name="aws.events", schemas=[EC2_NAME])
    assert report.written == [str(EC2 / "1.0.0.json")]
    assert report.problems == []
    toml = (first / EC2 / "event.toml").read_text()
    assert 'source = "aws.ec2"' in toml
    assert 'envelope = "foreign"' in toml
    assert 'detail_type = "EC2 Instance State-change Notification"' in toml
    event = load_registry(first).event("aws_ec2/EC2InstanceStateChangeNotification")
    assert event.foreign
    assert event.source == "aws.ec2"

    sync_registry(load_registry(first), client=client)
    pushed = json.loads(
        client.describe_schema(RegistryName="mine", SchemaName=f"{EC2_NAME}-v1")["Content"]
    )
    original = json.loads(EC2_OPENAPI.read_text())["components"]["schemas"]
    schemas = pushed["components"]["schemas"]
    detail = {
        k: v
        for k, v in schemas["EC2InstanceStateChangeNotification"].items()
        if k not in ("title", "description", "example")
    }
    assert detail == original["EC2InstanceStateChangeNotification"]  # `detail` keeps its shape
    assert schemas["AWSEvent"]["x-amazon-events-source"] == "aws.ec2"
    assert (
        schemas["AWSEvent"]["x-amazon-events-detail-type"]
        == "EC2 Instance State-change Notification"
    )

    second = empty_folder(tmp_path / "b")
    pull_registry(second, client=client, registry_name="mine")
    assert (second / EC2 / "1.0.0.json").read_text() == (first / EC2 / "1.0.0.json").read_text()


def test_native_events_come_back_as_their_data_schema(
    folder: Path, tmp_path: Path, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sync_module, "_run_check", lambda registry: CheckGate(True, True))
    sync_registry(load_registry(folder), client=client, schema_type="JSONSchemaDraft4")
    out = empty_folder(tmp_path / "back")
    report = pull_registry(out, client=client, registry_name="shop")
    assert sorted(report.written) == [  # back where they came from (recorded in x-eventkit)
        "orders/OrderCancelled/1.0.0.json",
        "orders/OrderPlaced/1.0.0.json",  # every version, not only the latest
        "orders/OrderPlaced/1.1.0.json",
        "orders/OrderPlaced/2.0.0.json",
        "users/UserSignedUp/1.0.0.json",
    ]
    assert report.problems == []
    original = json.loads((folder / "orders/OrderPlaced/1.1.0.json").read_text())
    pulled = json.loads((out / "orders/OrderPlaced/1.1.0.json").read_text())
    assert pulled == original
    assert "envelope" not in (out / "orders/OrderPlaced/event.toml").read_text()


def test_pull_never_overwrites_and_detects_unchanged(tmp_path: Path, client: Any) -> None:
    root = empty_folder(tmp_path / "r")
    pull_registry(root, client=client, registry_name="aws.events")
    again = pull_registry(root, client=client, registry_name="aws.events")
    assert again.written == []
    assert again.unchanged == [str(EC2 / "1.0.0.json")]
    path = root / EC2 / "1.0.0.json"
    doc = json.loads(path.read_text())
    doc["required"] = ["state"]
    path.write_text(json.dumps(doc))
    changed = pull_registry(root, client=client, registry_name="aws.events")
    assert changed.written == [str(EC2 / "1.1.0.json")]  # never overwrites 1.0.0


def test_unreadable_latest_version_is_not_a_match(tmp_path: Path, client: Any) -> None:
    root = empty_folder(tmp_path / "r")
    pull_registry(root, client=client, registry_name="aws.events")
    (root / EC2 / "1.0.0.json").write_text("{not json")
    again = pull_registry(root, client=client, registry_name="aws.events")
    assert again.written == [str(EC2 / "1.1.0.json")]
    assert (root / EC2 / "1.0.0.json").read_text() == "{not json"  # left for lint to report
    assert any("1.0.0.json" in p and "invalid-json" in p for p in again.problems)


def test_pull_follows_every_page_of_the_listing(
    tmp_path: Path, client: Any, standin: StandinServer
) -> None:
    for n in range(104):  # 105 schemas in all: two pages of ListSchemas
        standin.seed("aws.events", f"{EC2_NAME}{n:03}", EC2_OPENAPI.read_text())
    report = pull_registry(empty_folder(tmp_path / "r"), client=client, registry_name="aws.events")
    assert report.written == [str(EC2 / "1.0.0.json")]
    assert len(report.unchanged) == 104
    assert standin.calls.count("ListSchemas") == 2


def test_draft4_export_shape_is_understood() -> None:
    pulled = from_registry_content(json.dumps(EC2_DRAFT4), schema_name=EC2_NAME)
    assert pulled.foreign
    assert pulled.source == "aws.ec2"
    assert pulled.schema["required"] == ["instance-id", "state"]
    assert pulled.schema["examples"] == [{"instance-id": "string", "state": "string"}]


def test_reverse_conversion_of_openapi_constructs() -> None:
    doc = {
        "openapi": "3.0.0",
        "components": {
            "schemas": {
                "AWSEvent": {
                    "x-amazon-events-source": "s",
                    "x-amazon-events-detail-type": "D",
                    "properties": {"detail": {"$ref": "#/components/schemas/D"}},
                },
                "D": {
                    "type": "object",
                    "properties": {
                        "n": {"type": "string", "nullable": True, "example": "x"},
                        "m": {"type": "number", "minimum": 0, "exclusiveMinimum": True},
                        "child": {"$ref": "#/components/schemas/Child"},
                        "self": {"$ref": "#/components/schemas/D"},
                    },
                },
                "Child": {"type": "object", "properties": {"a": {"type": "integer"}}},
                "Unused": {"type": "string"},
            }
        },
    }
    schema = from_registry_content(json.dumps(doc), schema_name="s@D").schema
    assert schema["properties"]["n"] == {"type": ["string", "null"], "examples": ["x"]}
    assert schema["properties"]["m"] == {"type": "number", "exclusiveMinimum": 0}
    assert schema["properties"]["child"] == {"$ref": "#/$defs/Child"}
    assert schema["properties"]["self"] == {"$ref": "#"}
    assert list(schema["$defs"]) == ["Child"]


def test_content_without_a_detail_is_refused() -> None:
    with pytest.raises(RegistrySyncError, match="no `detail` definition"):
        from_registry_content('{"type": "object"}', schema_name="x@Y")


def test_content_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(RegistrySyncError, match="x@Y: content is not a JSON object"):
        from_registry_content("[1, 2]", schema_name="x@Y")


def test_pulled_files_are_linted(tmp_path: Path) -> None:
    from eventkit_registry_sync.client import make_client

    bad = {
        "openapi": "3.0.0",
        "info": {"version": "1.0.0", "title": "Broken"},
        "paths": {},
        "components": {
            "schemas": {
                "AWSEvent": {
                    "x-amazon-events-source": "aws.thing",
                    "x-amazon-events-detail-type": "Broken",
                    "properties": {"detail": {"$ref": "#/components/schemas/Broken"}},
                },
                "Broken": {
                    "type": "object",
                    "properties": {"state": {"type": "string"}},
                    "example": {"state": 1},
                },
            }
        },
    }
    with StandinServer(aws_schemas={"aws.thing@Broken": json.dumps(bad)}) as server:
        client = make_client(region="us-east-1", endpoint_url=server.url)
        report = pull_registry(
            empty_folder(tmp_path / "r"), client=client, registry_name="aws.events"
        )
    assert report.written == ["aws_thing/Broken/1.0.0.json"]
    assert report.problems
    assert any("Broken/1.0.0.json" in p for p in report.problems)
