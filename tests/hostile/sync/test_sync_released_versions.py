"""`eventkit sync` never rewrites a released version (issue 11, item 2, sync part).

A registry version that already holds eventkit version X.Y.Z with another meaning (the version
file was edited, or a `_shared/` file it uses changed) is refused before anything is written;
new versions, unchanged ones, pure formatting changes and a format switch proceed.
All against the Schema Registry stand-in over HTTP.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from eventkit_registry_sync.standin import StandinServer
from eventkit_registry_sync.sync import SyncReport
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_BREAKING, RegistrySyncError, ReleasedVersionChangedError
from tests.hostile.sync.sync_env import (
    make_folder,
    run,
    schema_versions,
    write_version,
)

PLACED = "shop.orders@OrderPlaced-v1"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return make_folder(
        tmp_path / "schemas",
        name="shop",
        prefix="shop.",
        events={"orders/OrderPlaced": ["1.0.0", "1.1.0"], "users/UserSignedUp": ["1.0.0"]},
    )


def _edit(path: Path, **extra_props: Any) -> None:
    doc = json.loads(path.read_text())
    doc["properties"].update(extra_props)
    path.write_text(json.dumps(doc, indent=2))


def test_an_edited_released_version_is_refused_and_nothing_is_pushed(
    folder: Path, client: Any, server: StandinServer
) -> None:
    run(folder, client)
    before = schema_versions(client, "shop")
    _edit(folder / "orders/OrderPlaced/1.0.0.json", note={"type": "string"})
    # a new version in another event, in the same run: not pushed either
    write_version(folder, "users/UserSignedUp", "1.1.0", {"id": {"type": "string"}})
    writes = len(server.write_calls())
    seen: list[SyncReport] = []
    with pytest.raises(ReleasedVersionChangedError) as excinfo:
        run(folder, client, on_plan=seen.append)
    err = excinfo.value
    assert err.code == "released-version-changed"
    assert err.exit_code == EXIT_BREAKING
    assert err.registry == "shop"
    assert [dict(c) for c in err.changed] == [
        {
            "event": "orders/OrderPlaced",
            "version": "1.0.0",
            "schema": PLACED,
            "registry_version": "1",
        }
    ]
    assert "orders/OrderPlaced" in err.message
    assert PLACED in err.message
    assert err.hint is not None
    assert "eventkit bump" in err.hint
    assert server.write_calls()[writes:] == []  # refused before writing anything
    assert schema_versions(client, "shop") == before
    (plan,) = (r.plan for r in seen)
    kinds = {a.schema: a.kind for a in plan.actions}
    assert kinds[PLACED] == "changed-released"
    assert kinds["shop.users@UserSignedUp-v1"] == "update"  # planned, but not pushed


def test_a_changed_shared_file_that_changes_a_released_version_is_refused(
    tmp_path: Path, client: Any, server: StandinServer
) -> None:
    root = make_folder(tmp_path / "schemas", name="shop", prefix="shop.", events={})
    shared = root / "_shared/money.json"
    shared.parent.mkdir()
    money: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Money",
        "type": "object",
        "required": ["amount"],
        "properties": {"amount": {"type": "string"}},
    }
    shared.write_text(json.dumps(money))
    write_version(
        root, "orders/OrderPaid", "1.0.0", {"total": {"$ref": "../../_shared/money.json"}}
    )
    run(root, client)
    money["properties"]["currency"] = {"type": "string"}
    shared.write_text(json.dumps(money))
    writes = len(server.write_calls())
    with pytest.raises(ReleasedVersionChangedError) as excinfo:
        run(root, client)
    assert excinfo.value.code == "released-version-changed"
    assert [c["version"] for c in excinfo.value.changed] == ["1.0.0"]
    assert server.write_calls()[writes:] == []


def test_pure_formatting_changes_are_not_changes(
    folder: Path, client: Any, server: StandinServer
) -> None:
    run(folder, client)
    path = folder / "orders/OrderPlaced/1.0.0.json"
    doc = json.loads(path.read_text())
    reordered = dict(reversed(list(doc.items())))
    path.write_text(json.dumps(reordered, indent=7, sort_keys=False) + "\n\n")
    writes = len(server.write_calls())
    report = run(folder, client)
    assert not report.plan.drifted
    assert server.write_calls()[writes:] == []


def test_new_versions_still_go_out_on_top_of_unchanged_ones(folder: Path, client: Any) -> None:
    run(folder, client)
    write_version(
        folder, "orders/OrderPlaced", "1.2.0", {"id": {"type": "string"}, "x": {"type": "string"}}
    )
    report = run(folder, client)
    assert [a.reason for a in report.plan.actions if a.kind == "update"] == ["push 1.2.0"]
    assert schema_versions(client, "shop")[PLACED] == ["1.0.0", "1.1.0", "1.2.0"]


def test_switching_the_registry_format_pushes_every_version_again(
    folder: Path, client: Any
) -> None:
    run(folder, client)
    report = run(folder, client, schema_type="JSONSchemaDraft4")
    assert report.planned["changed-released"] == 0
    assert schema_versions(client, "shop")[PLACED] == ["1.0.0", "1.1.0", "1.0.0", "1.1.0"]
    assert not run(folder, client, schema_type="JSONSchemaDraft4").plan.drifted


def test_a_version_written_before_contract_digests_is_judged_by_its_file_digest(
    folder: Path, client: Any, server: StandinServer
) -> None:
    """Registry content from an older eventkit records only the version file's digest: the same
    digest is the same version (no churn after an upgrade), another digest is refused."""
    run(folder, client)
    name = "shop.users@UserSignedUp-v1"
    doc = json.loads(client.describe_schema(RegistryName="shop", SchemaName=name)["Content"])
    del doc["x-eventkit"]["contract"]
    del doc["x-eventkit"]["files"]  # an eventkit before contract digests wrote neither
    client.update_schema(RegistryName="shop", SchemaName=name, Content=json.dumps(doc))
    writes = len(server.write_calls())
    report = run(folder, client)
    action = next(a for a in report.plan.actions if a.schema == name)
    assert action.pushes == ()
    assert [c for c in server.write_calls()[writes:] if c != "TagResource"] == []
    _edit(folder / "users/UserSignedUp/1.0.0.json", extra={"type": "string"})
    with pytest.raises(RegistrySyncError) as excinfo:
        run(folder, client)
    assert excinfo.value.code == "released-version-changed"


def test_cli_exit_code_and_message(folder: Path, client: Any, server: StandinServer) -> None:
    run(folder, client)
    _edit(folder / "orders/OrderPlaced/1.1.0.json", note2={"type": "string"})
    args = ["sync", "--schemas", str(folder), "--endpoint-url", server.url, "--region", "us-east-1"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == EXIT_BREAKING
    assert "changed-released" in result.stdout  # the plan line
    for part in ("orders/OrderPlaced", "1.1.0", PLACED, "registry version 2", "eventkit bump"):
        assert part in result.stderr
    assert "Traceback" not in result.stderr
    check = CliRunner().invoke(app, [*args, "--check"])
    assert check.exit_code == EXIT_BREAKING  # --check reports the refusal sync would make
