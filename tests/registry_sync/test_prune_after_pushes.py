"""`sync --prune` deletes whole schemas only after every push of the run succeeded: an event
renamed while its new schema's create fails must not leave the registry holding neither."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from eventkit_registry_sync import sync as sync_module
from eventkit_registry_sync.standin import StandinServer
from eventkit_registry_sync.sync import CheckGate, sync_registry

from eventkit.errors import PartialSyncError
from eventkit.registry import load_registry
from tests.registry_sync.sync_helpers import version_file, write


@pytest.fixture(autouse=True)
def _gate_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sync_module, "_run_check", lambda registry: CheckGate(True, True))


def _names(client: Any) -> list[str]:
    return sorted(s["SchemaName"] for s in client.list_schemas(RegistryName="shop")["Schemas"])


def _rename_cancelled(folder: Path) -> None:
    shutil.rmtree(folder / "orders/OrderCancelled")
    write(
        folder / "orders/OrderVoided/1.0.0.json",
        version_file("OrderVoided", {"order_id": {"type": "string"}}, {"order_id": "o-1"}),
    )


def test_a_failed_push_keeps_the_schema_prune_would_delete(
    folder: Path, client: Any, standin: StandinServer
) -> None:
    sync_registry(load_registry(folder), client=client)
    _rename_cancelled(folder)
    standin.fail("CreateSchema", times=1, status=400, code="BadRequestException")
    with pytest.raises(PartialSyncError) as caught:
        sync_registry(load_registry(folder), client=client, prune=True)
    assert "DeleteSchema" not in standin.write_calls()
    assert "shop.orders@OrderCancelled-v1" in _names(client)
    failed = "\n".join(caught.value.failed)
    assert "shop.orders@OrderCancelled-v1: not deleted" in failed
    assert "shop.orders@OrderVoided-v1" in failed
    # once the push goes through, the next run creates and then deletes
    standin.faults.clear()
    report = sync_registry(load_registry(folder), client=client, prune=True)
    assert report.planned["create"] == 1
    assert report.planned["delete"] == 1
    names = _names(client)
    assert "shop.orders@OrderVoided-v1" in names
    assert "shop.orders@OrderCancelled-v1" not in names
