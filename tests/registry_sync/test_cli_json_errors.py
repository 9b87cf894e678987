"""`eventkit sync --format json` prints its JSON also when the run ends in an error after
planning: the plan, what was applied and the error (`code`, `message`, `hint`), with the
error's exit code. Text output shows the plan above the error; JSON printed nothing at all,
so a CI job reading it failed to parse, and a partial sync's applied steps were lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from eventkit_registry_sync import sync as sync_module
from eventkit_registry_sync.standin import StandinServer
from eventkit_registry_sync.sync import CheckGate
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_BREAKING, EXIT_USAGE
from tests.registry_sync.sync_helpers import version_file, write

runner = CliRunner()


@pytest.fixture(autouse=True)
def _gate_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sync_module, "_run_check", lambda registry: CheckGate(True, True))


def sync_json(folder: Path, standin: StandinServer, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(
        app,
        [
            "sync",
            "--schemas",
            str(folder),
            "--format",
            "json",
            "--endpoint-url",
            standin.url,
            "--region",
            "us-east-1",
            *args,
        ],
    )
    return result.exit_code, result.stdout, result.stderr


def test_a_changed_released_version_is_reported_in_json(
    folder: Path, standin: StandinServer
) -> None:
    assert sync_json(folder, standin)[0] == 0
    changed = version_file("OrderPlaced", {"order_id": {"type": "integer"}}, {"order_id": 1})
    write(folder / "orders/OrderPlaced/1.0.0.json", changed)
    for flags in ((), ("--check",)):
        code, out, err = sync_json(folder, standin, *flags)
        assert code == EXIT_BREAKING
        doc = json.loads(out)
        assert doc["error"]["code"] == "released-version-changed"
        assert doc["counts"]["changed-released"] == 1
        assert doc["applied"] == []
        assert "released version" in err


def test_a_partial_sync_reports_what_was_applied_in_json(
    folder: Path, standin: StandinServer
) -> None:
    standin.fail("CreateSchema", after=1, times=99, status=400, code="BadRequestException")
    code, out, _ = sync_json(folder, standin, "--jobs", "1")
    assert code == EXIT_USAGE
    doc = json.loads(out)
    assert doc["error"]["code"] == "partial-sync"
    assert any("created with" in step for step in doc["applied"])
    assert doc["counts"]["create"] == 4
