"""Every line of the plan that writes is a step of what was applied: a schema whose content
matched but whose tags were behind was planned as `update` and then reported as "Applied 0
step(s)", and creating the registry was planned but never counted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from eventkit_registry_sync import sync as sync_module
from eventkit_registry_sync.standin import StandinServer
from eventkit_registry_sync.sync import CheckGate
from typer.testing import CliRunner

from eventkit.cli import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def _gate_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sync_module, "_run_check", lambda registry: CheckGate(True, True))


def _sync(folder: Path, standin: StandinServer) -> dict[str, Any]:
    args = ["sync", "--schemas", str(folder), "--endpoint-url", standin.url]
    result = runner.invoke(app, [*args, "--region", "us-east-1", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def _planned_writes(doc: dict[str, Any]) -> int:
    c = doc["counts"]
    return int(doc["create_registry"]) + int(c["create"]) + int(c["update"]) + int(c["delete"])


def test_a_tags_only_update_is_an_applied_step(
    folder: Path, client: Any, standin: StandinServer
) -> None:
    first = _sync(folder, standin)
    assert first["create_registry"]
    assert "registry shop: created" in first["applied"]
    assert len(first["applied"]) >= _planned_writes(first)
    name = "shop.users@UserSignedUp-v1"
    arn = client.describe_schema(RegistryName="shop", SchemaName=name)["SchemaArn"]
    client.untag_resource(ResourceArn=arn, TagKeys=["eventkit:state"])
    doc = _sync(folder, standin)
    assert doc["counts"]["update"] == 1
    assert len(doc["applied"]) == 1
    assert doc["applied"][0].startswith(f"{name}: tagged")
    assert not _sync(folder, standin)["drifted"]  # and the tags are back


def test_the_text_says_one_step_for_one_update(
    folder: Path, client: Any, standin: StandinServer
) -> None:
    _sync(folder, standin)
    name = "shop.users@UserSignedUp-v1"
    arn = client.describe_schema(RegistryName="shop", SchemaName=name)["SchemaArn"]
    client.untag_resource(ResourceArn=arn, TagKeys=["eventkit:state"])
    args = ["sync", "--schemas", str(folder), "--endpoint-url", standin.url]
    result = runner.invoke(app, [*args, "--region", "us-east-1"])
    assert result.exit_code == 0
    assert "Plan: 0 to create, 1 to update" in result.stdout
    assert "Applied 1 step(s)." in result.stdout
