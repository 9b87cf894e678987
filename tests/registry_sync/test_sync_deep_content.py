"""Registry content nested deeper than Python can parse (written by another tool into a schema
eventkit manages) is a registry error naming the schema and version (exit 2), never a
RecursionError traceback, which `--check` would report as drift (exit 1)."""

from __future__ import annotations

from pathlib import Path

import pytest
from eventkit_registry_sync import sync as sync_module
from eventkit_registry_sync.standin import StandinServer
from eventkit_registry_sync.sync import CheckGate
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_USAGE

runner = CliRunner()
# Deeper than json can parse on any supported Python (its limit moved: about 1,000 levels on
# 3.11, 5,000 on 3.12, 10,000 on 3.13)
DEEP = '{"openapi":"3.0.0","x":' + "[" * 100_000 + "]" * 100_000 + "}"  # 200,024 characters


@pytest.fixture(autouse=True)
def _gate_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sync_module, "_run_check", lambda registry: CheckGate(True, True))


@pytest.mark.parametrize("args", [[], ["--check"], ["--dry-run"]])
def test_deeply_nested_registry_content_is_a_clear_error(
    folder: Path, standin: StandinServer, args: list[str]
) -> None:
    common = ["--schemas", str(folder), "--endpoint-url", standin.url, "--region", "us-east-1"]
    assert runner.invoke(app, ["sync", *common]).exit_code == 0
    # as AWS would store it (the stand-in's own UpdateSchema cannot parse it either)
    standin.seed("shop", "shop.orders@OrderCancelled-v1", DEEP)
    writes = len(standin.write_calls())
    result = runner.invoke(app, ["sync", *common, *args])
    assert result.exit_code == EXIT_USAGE, result.output
    assert not isinstance(result.exception, RecursionError)
    assert "Traceback" not in result.stderr
    assert "shop.orders@OrderCancelled-v1: registry version 2" in result.stderr
    assert "nested too deeply" in result.stderr
    assert len(standin.write_calls()) == writes
