"""`sync --prune` deletes the versions an earlier run without --prune kept: that run's tags
said the schema held exactly the folder's content, so the fast path planned `unchanged` and
the dropped version stayed for good (and `--check --prune` saw no drift)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eventkit_registry_sync.standin import StandinServer
from eventkit_registry_sync.sync import SyncReport, sync_registry

from eventkit.registry import load_registry

NAME = "shop.orders@OrderPlaced-v1"


def run(folder: Path, client: Any, **kwargs: Any) -> SyncReport:
    return sync_registry(load_registry(folder), client=client, check_gate=False, **kwargs)


def held(client: Any) -> list[str]:
    listed = client.list_schema_versions(RegistryName="shop", SchemaName=NAME)
    return [v["SchemaVersion"] for v in listed["SchemaVersions"]]


def test_prune_deletes_a_version_an_earlier_run_kept(
    folder: Path, client: Any, standin: StandinServer
) -> None:
    run(folder, client)
    (folder / "orders/OrderPlaced/1.1.0.json").unlink()
    run(folder, client)  # no --prune: 1.1.0's registry version is kept
    assert held(client) == ["1", "2", "3"]
    assert not run(folder, client).plan.drifted  # without --prune nothing is to do
    checked = run(folder, client, prune=True, dry_run=True)  # `sync --check --prune`
    assert checked.plan.drifted
    (action,) = [a for a in checked.plan.actions if a.schema == NAME]
    assert action.delete_versions == (2,)
    run(folder, client, prune=True)
    assert held(client) == ["1", "3"]
    assert not run(folder, client, prune=True).plan.drifted  # and then it settles
    before = len(standin.calls)
    assert not run(folder, client).plan.drifted
    assert "DescribeSchema" not in standin.calls[before:]  # the fast path is back
