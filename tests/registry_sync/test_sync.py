"""`sync_registry` against the stand-in over HTTP: create, idempotence, minimal updates, prune,
retries, interrupted runs, the check gate and bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from eventkit_registry_sync import sync as sync_module
from eventkit_registry_sync.client import make_client
from eventkit_registry_sync.standin import StandinServer
from eventkit_registry_sync.sync import CheckGate, SyncReport, sync_registry

from eventkit.errors import (
    PartialSyncError,
    RegistrySyncError,
    SchemaConversionError,
    SchemaTooLargeError,
    SyncRefusedError,
)
from eventkit.registry import load_registry
from tests.registry_sync.sync_helpers import version_file, write

READS = {"DescribeRegistry", "ListSchemas", "ListSchemaVersions", "DescribeSchema"}


@pytest.fixture(autouse=True)
def _gate_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The compat gate is tested on its own below; elsewhere it passes."""
    monkeypatch.setattr(sync_module, "_run_check", lambda registry: CheckGate(True, True))


def run(folder: Path, client: Any, **kwargs: Any) -> SyncReport:
    return sync_registry(load_registry(folder), client=client, **kwargs)


def test_first_sync_creates_everything(folder: Path, client: Any, standin: StandinServer) -> None:
    report = run(folder, client)
    assert report.plan.create_registry
    assert report.planned["create"] == 4
    assert report.summary == "shop: 4 created, 0 updated, 0 unchanged, 0 deleted; 6 steps applied"
    names = sorted(s["SchemaName"] for s in client.list_schemas(RegistryName="shop")["Schemas"])
    assert names == [
        "shop.orders@OrderCancelled-v1",
        "shop.orders@OrderPlaced-v1",
        "shop.orders@OrderPlaced-v2",
        "shop.users@UserSignedUp-v1",
    ]
    versions = client.list_schema_versions(
        RegistryName="shop", SchemaName="shop.orders@OrderPlaced-v1"
    )
    assert [v["SchemaVersion"] for v in versions["SchemaVersions"]] == ["1", "2"]
    latest = json.loads(
        client.describe_schema(RegistryName="shop", SchemaName="shop.orders@OrderPlaced-v1")[
            "Content"
        ]
    )
    assert latest["x-eventkit"]["version"] == "1.1.0"
    assert latest["info"]["version"] == "1.1.0"
    envelope = latest["components"]["schemas"]["AWSEvent"]
    assert envelope["x-amazon-events-source"] == "shop.orders"
    assert envelope["x-amazon-events-detail-type"] == "OrderPlaced"
    # one CreateSchema per schema; UpdateSchema + TagResource only for the two-version schema
    assert sorted(standin.write_calls()) == sorted(
        # one TagResource per schema: the state after the pushes, with LastModified
        ["CreateRegistry", *["CreateSchema"] * 4, "UpdateSchema", *["TagResource"] * 4]
    )


def test_second_sync_makes_no_writes(folder: Path, client: Any, standin: StandinServer) -> None:
    run(folder, client)
    before = len(standin.calls)
    report = run(folder, client)
    assert not report.plan.drifted
    assert report.planned["unchanged"] == 4
    assert standin.calls[before:] == ["DescribeRegistry", "ListSchemas"]  # tags answer it all


def test_a_new_version_makes_exactly_the_calls_needed(
    folder: Path, client: Any, standin: StandinServer
) -> None:
    run(folder, client)
    props = {"order_id": {"type": "string"}, "note": {"type": "string", "maxLength": 500}}
    write(
        folder / "orders/OrderPlaced/1.2.0.json",
        version_file("OrderPlaced", props, {"order_id": "o-1"}),
    )
    before = len(standin.calls)
    report = run(folder, client)
    assert report.planned == {
        "create": 0,
        "update": 1,
        "unchanged": 3,
        "delete": 0,
        "conflict": 0,
        "changed-released": 0,
    }
    calls = standin.calls[before:]
    assert [c for c in calls if c not in READS] == ["UpdateSchema", "TagResource"]
    # No content read: the tags prove the registry holds 1.0.0 and 1.1.0 and nothing else.
    assert calls.count("DescribeSchema") == 0
    assert run(folder, client).plan.drifted is False


def test_a_new_version_is_pushed_as_the_next_registry_version(
    folder: Path, client: Any, standin: StandinServer
) -> None:
    run(folder, client)
    props = {
        "order_id": {"type": "string"},
        "note": {"type": "string"},
        "gift": {"type": "boolean"},
    }
    write(
        folder / "orders/OrderPlaced/1.2.0.json",
        version_file("OrderPlaced", props, {"order_id": "o"}),
    )
    report = run(folder, client)
    assert [a.reason for a in report.plan.actions if a.kind == "update"] == ["push 1.2.0"]
    got = client.describe_schema(RegistryName="shop", SchemaName="shop.orders@OrderPlaced-v1")
    assert got["SchemaVersion"] == "3"
    assert json.loads(got["Content"])["x-eventkit"]["version"] == "1.2.0"


def test_prune_deletes_only_what_eventkit_owns(
    folder: Path, client: Any, standin: StandinServer
) -> None:
    run(folder, client)
    client.create_schema(
        RegistryName="shop", SchemaName="hand.made@Thing", Type="JSONSchemaDraft4", Content="{}"
    )
    for p in (folder / "orders/OrderCancelled").iterdir():
        p.unlink()
    (folder / "orders/OrderCancelled").rmdir()
    kept = run(folder, client)  # without --prune: warned, kept, no drift
    assert not kept.plan.drifted
    assert any("OrderCancelled" in w and "--prune" in w for w in kept.plan.warnings)
    assert any(
        "hand.made@Thing" in w and "not written by eventkit" in w for w in kept.plan.warnings
    )
    report = run(folder, client, prune=True)
    assert [(a.kind, a.schema) for a in report.plan.actions if a.kind == "delete"] == [
        ("delete", "shop.orders@OrderCancelled-v1")
    ]
    names = {s["SchemaName"] for s in client.list_schemas(RegistryName="shop")["Schemas"]}
    assert "hand.made@Thing" in names
    assert "shop.orders@OrderCancelled-v1" not in names


def test_prune_deletes_a_removed_version(folder: Path, client: Any, standin: StandinServer) -> None:
    run(folder, client)
    (folder / "orders/OrderPlaced/1.1.0.json").unlink()
    report = run(folder, client, prune=True)
    action = next(a for a in report.plan.actions if a.kind == "update")
    assert action.delete_versions == (2,)
    versions = client.list_schema_versions(
        RegistryName="shop", SchemaName="shop.orders@OrderPlaced-v1"
    )
    contents = [
        json.loads(
            client.describe_schema(
                RegistryName="shop",
                SchemaName="shop.orders@OrderPlaced-v1",
                SchemaVersion=v["SchemaVersion"],
            )["Content"]
        )["x-eventkit"]["version"]
        for v in versions["SchemaVersions"]
    ]
    assert contents == ["1.0.0", "1.0.0"]  # the latest registry version is the folder's latest
    assert not run(folder, client, prune=True).plan.drifted


def test_a_schema_eventkit_did_not_write_is_never_overwritten(folder: Path, client: Any) -> None:
    client.create_registry(RegistryName="shop")
    client.create_schema(
        RegistryName="shop",
        SchemaName="shop.users@UserSignedUp-v1",
        Type="JSONSchemaDraft4",
        Content="{}",
    )
    with pytest.raises(RegistrySyncError, match="not written by eventkit"):
        run(folder, client)
    versions = client.list_schema_versions(
        RegistryName="shop", SchemaName="shop.users@UserSignedUp-v1"
    )
    assert len(versions["SchemaVersions"]) == 1
    assert (
        client.list_schemas(RegistryName="shop")["Schemas"][0]["SchemaName"]
        == "shop.users@UserSignedUp-v1"
    )


def test_throttling_and_server_errors_are_retried(
    folder: Path, client: Any, standin: StandinServer
) -> None:
    standin.fail("CreateSchema", times=2, status=429, code="TooManyRequestsException")
    standin.fail("UpdateSchema", times=1, status=500)
    standin.fail("ListSchemas", times=1, status=503, code="ServiceUnavailableException")
    report = run(folder, client)
    assert report.planned["create"] == 4
    assert standin.calls.count("CreateSchema") == 6
    assert not run(folder, client).plan.drifted


def test_a_lost_update_response_does_not_make_a_second_version(
    folder: Path, client: Any, standin: StandinServer
) -> None:
    standin.fail("UpdateSchema", applied=True, status=500)
    run(folder, client)
    versions = client.list_schema_versions(
        RegistryName="shop", SchemaName="shop.orders@OrderPlaced-v1"
    )
    assert len(versions["SchemaVersions"]) == 2  # the retry carried the same ClientTokenId


def test_a_lost_create_response_is_recovered(
    folder: Path, client: Any, standin: StandinServer
) -> None:
    # CreateSchema takes effect but answers 500; botocore's retry then meets ConflictException
    # and sync re-plans that schema from its content instead of failing.
    standin.fail("CreateSchema", applied=True, status=500)
    standin.fail("CreateSchema", applied=True, status=500)
    report = run(folder, client, jobs=1)
    assert report.planned["create"] == 4
    assert not run(folder, client).plan.drifted
    for schema in client.list_schemas(RegistryName="shop")["Schemas"]:
        versions = client.list_schema_versions(RegistryName="shop", SchemaName=schema["SchemaName"])
        assert len(versions["SchemaVersions"]) == (
            2 if schema["SchemaName"].endswith("OrderPlaced-v1") else 1
        )


def test_a_failure_halfway_is_finished_by_a_rerun(folder: Path, standin: StandinServer) -> None:
    client = make_client(region="us-east-1", endpoint_url=standin.url, max_attempts=1)
    standin.fail("UpdateSchema", times=1, status=500)
    standin.fail("CreateSchema", after=2, times=1, status=400, code="BadRequestException")
    with pytest.raises(PartialSyncError) as excinfo:
        run(folder, client, jobs=1)
    err = excinfo.value
    assert len(err.failed) == 2
    assert err.applied
    assert any("OrderPlaced-v1" in line for line in err.failed)
    report = run(folder, client)
    assert report.plan.drifted
    assert not run(folder, client).plan.drifted
    versions = client.list_schema_versions(
        RegistryName="shop", SchemaName="shop.orders@OrderPlaced-v1"
    )
    assert len(versions["SchemaVersions"]) == 2


def test_interrupted_before_tagging_is_repaired_without_new_versions(
    folder: Path, standin: StandinServer
) -> None:
    client = make_client(region="us-east-1", endpoint_url=standin.url, max_attempts=1)
    standin.fail("TagResource", times=4, status=500)  # every schema's, in whatever order
    with pytest.raises(PartialSyncError):
        run(folder, client)
    report = run(folder, client)
    # the single-version schemas carry their state tags from CreateSchema: unchanged, by count
    assert report.planned["unchanged"] == 3
    action = next(a for a in report.plan.actions if a.kind == "update")
    assert action.pushes == ()
    assert action.reason == "refresh state tags"
    versions = client.list_schema_versions(
        RegistryName="shop", SchemaName="shop.orders@OrderPlaced-v1"
    )
    assert len(versions["SchemaVersions"]) == 2


def test_dry_run_writes_nothing(folder: Path, client: Any, standin: StandinServer) -> None:
    report = run(folder, client, dry_run=True)
    assert report.plan.drifted
    assert report.planned["create"] == 4
    assert standin.write_calls() == []


def test_both_registry_formats(folder: Path, client: Any) -> None:
    run(folder, client, schema_type="JSONSchemaDraft4")
    doc = json.loads(
        client.describe_schema(RegistryName="shop", SchemaName="shop.users@UserSignedUp-v1")[
            "Content"
        ]
    )
    assert doc["$schema"] == "http://json-schema.org/draft-04/schema#"
    assert doc["properties"]["detail"] == {"$ref": "#/definitions/UserSignedUp"}
    # Switching format rewrites every schema (new versions), then settles.
    report = run(folder, client, schema_type="OpenApi3")
    assert report.planned["update"] == 4
    assert not run(folder, client, schema_type="OpenApi3").plan.drifted


def test_refuses_a_folder_that_fails_check(
    folder: Path, client: Any, standin: StandinServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sync_module, "_run_check", lambda registry: CheckGate(True, False, 3))
    with pytest.raises(SyncRefusedError) as excinfo:
        run(folder, client)
    assert excinfo.value.findings == 3
    assert standin.write_calls() == []
    report = run(folder, client, override_reason="hotfix approved by #123")
    assert report.gate.override_reason == "hotfix approved by #123"
    tags = client.describe_registry(RegistryName="shop")["Tags"]
    # as an AWS tag value may hold it: letters, digits, spaces and _ . : / = + - @
    assert tags["eventkit:unchecked-reason"].endswith("hotfix approved by -123")
    assert re.fullmatch(r"[\w .:/=+\-@]+", tags["eventkit:unchecked-reason"])


def test_check_gate_runs_the_compat_engine(
    folder: Path, client: Any, standin: StandinServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.undo()  # the real gate
    assert sync_module._run_check(load_registry(folder)).passed
    # 1.1.0 makes `note` required: breaking within major 1
    path = folder / "orders/OrderPlaced/1.1.0.json"
    doc = json.loads(path.read_text())
    doc["required"] = ["note", "order_id"]
    doc["examples"] = [{"order_id": "o-1", "note": "n"}]
    path.write_text(json.dumps(doc))
    with pytest.raises(SyncRefusedError) as excinfo:
        run(folder, client)
    assert excinfo.value.findings >= 1
    assert "orders/OrderPlaced 1.1.0" in str(excinfo.value)
    assert standin.write_calls() == []


def test_bad_registry_name_is_refused_before_any_call(
    folder: Path, client: Any, standin: StandinServer
) -> None:
    for name in ("aws.events", "has space", "x" * 65, "trailing-newline\n"):
        with pytest.raises(RegistrySyncError, match="registry name"):
            run(folder, client, registry_name=name)
    assert standin.calls == []


def test_no_credentials(
    folder: Path, standin: StandinServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    client = make_client(region="us-east-1", endpoint_url=standin.url)
    with pytest.raises(RegistrySyncError, match="no AWS credentials") as excinfo:
        run(folder, client)
    assert "testing" not in str(excinfo.value)


def test_endpoint_that_does_not_answer(folder: Path) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = make_client(
        region="us-east-1", endpoint_url=f"http://127.0.0.1:{port}", max_attempts=1
    )
    with pytest.raises(RegistrySyncError, match="does not answer") as excinfo:
        run(folder, client)
    assert excinfo.value.operation == "DescribeRegistry"


def test_schema_over_the_content_limit(folder: Path, client: Any, standin: StandinServer) -> None:
    props = {f"field_{n:05}": {"type": "string", "description": "x" * 40} for n in range(2000)}
    write(folder / "users/UserSignedUp/1.1.0.json", version_file("UserSignedUp", props, {}))
    with pytest.raises(SchemaTooLargeError) as excinfo:
        run(folder, client)
    assert excinfo.value.size > excinfo.value.limit == 100_000
    assert "UserSignedUp/1.1.0.json" in str(excinfo.value)
    assert standin.calls == []


@pytest.mark.parametrize(
    ("keyword", "schema", "target"),
    [
        (
            "unevaluatedProperties",
            {"type": "object", "unevaluatedProperties": False},
            "JSONSchemaDraft4",
        ),
        (
            "propertyNames",
            {"type": "object", "propertyNames": {"pattern": "^a"}},
            "JSONSchemaDraft4",
        ),
        ("prefixItems", {"type": "array", "prefixItems": [{"type": "string"}]}, "OpenApi3"),
        ("patternProperties", {"type": "object", "patternProperties": {"^a": {}}}, "OpenApi3"),
    ],
)
def test_constructs_without_an_equivalent_are_refused(
    folder: Path,
    client: Any,
    standin: StandinServer,
    keyword: str,
    schema: dict[str, Any],
    target: str,
) -> None:
    props = {"user_id": {"type": "string"}, "extra": schema}
    write(
        folder / "users/UserSignedUp/1.1.0.json",
        version_file("UserSignedUp", props, {"user_id": "u"}),
    )
    with pytest.raises(SchemaConversionError) as excinfo:
        run(folder, client, schema_type=target)
    err = excinfo.value
    assert (err.keyword, err.target, err.path) == (keyword, target, "users/UserSignedUp/1.1.0.json")
    assert err.pointer == f"/properties/extra/{keyword}"
    assert standin.calls == []


def test_the_example_shop_converts_and_syncs_in_both_formats(
    client: Any, standin: StandinServer
) -> None:
    shop = Path(__file__).resolve().parents[2] / "schemas"
    if not (shop / "eventkit.toml").exists():
        pytest.skip("no example registry")
    for kind in ("JSONSchemaDraft4", "OpenApi3"):
        report = run(shop, client, schema_type=kind, registry_name=f"shop-{kind.lower()}")
        assert report.planned["create"] == len(report.plan.actions) > 0


def test_a_version_added_by_hand_is_noticed_and_the_latest_restored(
    folder: Path, client: Any, standin: StandinServer
) -> None:
    run(folder, client)
    name = "shop.users@UserSignedUp-v1"
    client.update_schema(RegistryName="shop", SchemaName=name, Content='{"openapi": "3.0.0"}')
    report = run(folder, client)
    action = next(a for a in report.plan.actions if a.schema == name)
    assert action.kind == "update"
    assert [v.semver for v in action.pushes] == ["1.0.0"]
    latest = json.loads(client.describe_schema(RegistryName="shop", SchemaName=name)["Content"])
    assert latest["x-eventkit"]["version"] == "1.0.0"
    assert not run(folder, client).plan.drifted


def test_a_removed_version_without_prune_is_kept_and_warned(
    folder: Path, client: Any, standin: StandinServer
) -> None:
    run(folder, client)
    (folder / "orders/OrderPlaced/1.1.0.json").unlink()
    report = run(folder, client)
    action = next(a for a in report.plan.actions if a.kind == "update")
    assert "--prune" in action.reason
    assert action.pushes[-1].semver == "1.0.0"  # the registry's latest is the folder's latest
    assert action.delete_versions == ()
    assert not run(folder, client).plan.drifted
    versions = client.list_schema_versions(
        RegistryName="shop", SchemaName="shop.orders@OrderPlaced-v1"
    )
    assert len(versions["SchemaVersions"]) == 3


def test_unknown_profile_and_missing_region(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(RegistrySyncError, match="profile 'nope' not found"):
        make_client(profile="nope")
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    with pytest.raises(RegistrySyncError, match="no AWS region"):
        make_client()


def test_forbidden_is_explained(folder: Path, client: Any, standin: StandinServer) -> None:
    standin.fail("CreateRegistry", status=403, code="ForbiddenException")
    with pytest.raises(RegistrySyncError) as excinfo:
        run(folder, client)
    err = excinfo.value
    assert (err.aws_code, err.operation, err.registry) == (
        "ForbiddenException",
        "CreateRegistry",
        "shop",
    )
    assert err.hint is not None
    assert "permission" in err.hint


def test_the_format_comes_from_eventkit_toml(folder: Path, client: Any) -> None:
    toml = folder / "eventkit.toml"
    toml.write_text(toml.read_text() + '\n[sync]\ntype = "JSONSchemaDraft4"\n')
    assert run(folder, client, dry_run=True).plan.type == "JSONSchemaDraft4"
    toml.write_text(toml.read_text().replace("JSONSchemaDraft4", "Avro"))
    with pytest.raises(RegistrySyncError, match="unknown schema type 'Avro'"):
        run(folder, client)
