"""A folder that lints clean can still name a registry schema longer than the Schema
Registry's 385 characters (a 256-character source and a 128-character detail-type): sync
refuses it while planning, naming the event and the limit, before any write, instead of creating
the other schemas and failing this one on every run (`partial-sync`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from eventkit_registry_sync import sync as sync_module
from eventkit_registry_sync.standin import StandinServer
from eventkit_registry_sync.sync import CheckGate, plan_sync, sync_registry
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_USAGE, PartialSyncError, RegistrySyncError
from eventkit.lint import lint_registry
from eventkit.registry import load_registry

runner = CliRunner()
NAME_LIMIT = 385  # the Schema Registry name limit sync adopts (see docs/sync.md)


@pytest.fixture(autouse=True)
def _gate_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sync_module, "_run_check", lambda registry: CheckGate(True, True))


@pytest.fixture
def long_names(folder: Path) -> Path:
    (folder / "orders/OrderPlaced/event.toml").write_text(
        f'source = "shop.{"a" * 251}"\ndetail_type = "{"D" * 128}"\n'
    )
    return folder


def test_the_folder_lints_clean_but_sync_refuses_before_writing(
    long_names: Path, client: Any, standin: StandinServer
) -> None:
    assert lint_registry(long_names).problems == ()
    for run in (plan_sync, sync_registry):
        with pytest.raises(RegistrySyncError) as caught:
            run(load_registry(long_names), client=client)
        assert not isinstance(caught.value, PartialSyncError)
        message = str(caught.value)
        assert "orders/OrderPlaced" in message
        assert f"at most {NAME_LIMIT}" in message
        assert "388 characters" in message
    assert standin.write_calls() == []


def test_cli_exit_2_under_check_too(long_names: Path, standin: StandinServer) -> None:
    common = ["--schemas", str(long_names), "--endpoint-url", standin.url, "--region", "us-east-1"]
    for args in ([], ["--check"]):
        result = runner.invoke(app, ["sync", *common, *args])
        assert result.exit_code == EXIT_USAGE, result.output
        assert "orders/OrderPlaced" in result.stderr
    assert standin.write_calls() == []


def test_a_name_of_exactly_the_limit_is_synced(
    folder: Path, client: Any, standin: StandinServer
) -> None:
    # "shop.<source>@<DetailType>-v1": 5 + 249 + 1 + 127 + 3 = 385
    (folder / "orders/OrderPlaced/event.toml").write_text(
        f'source = "shop.{"a" * 249}"\ndetail_type = "{"D" * 127}"\n'
    )
    sync_registry(load_registry(folder), client=client)
    names = [s["SchemaName"] for s in client.list_schemas(RegistryName="shop")["Schemas"]]
    assert max(len(n) for n in names) == NAME_LIMIT
