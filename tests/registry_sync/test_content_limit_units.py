"""The registry's limits (Content 100,000 characters, Description 256) are counted as UTF-16
code units, as a Java service counts a string (assumed, unverified; decision 0026 counts
pattern sizes so): an emoji counts two. Sync counted code points, so a document full of emoji
that "fit" was pushed at up to twice the limit, and a cut description was over 256."""

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
from eventkit.errors import EXIT_USAGE
from tests.registry_sync.sync_helpers import version_file, write

runner = CliRunner()
NAME = "shop.orders@Emoji-v1"
LIMIT = 100_000


@pytest.fixture(autouse=True)
def _gate_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sync_module, "_run_check", lambda registry: CheckGate(True, True))


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _event(folder: Path, emoji: int) -> None:
    props = {"a": {"type": "string", "description": "\U0001f600" * emoji}}
    write(folder / "orders/Emoji/1.0.0.json", version_file("Emoji", props, {"a": "x"}))


def _sync(folder: Path, standin: StandinServer) -> Any:
    args = ["sync", "--schemas", str(folder), "--endpoint-url", standin.url]
    return runner.invoke(app, [*args, "--region", "us-east-1", "--format", "json"])


def test_content_that_fits_only_in_code_points_is_pushed_without_its_files(
    folder: Path, client: Any, standin: StandinServer
) -> None:
    _event(folder, 30_000)  # with its files: ~64,000 code points, ~124,000 UTF-16 units
    result = _sync(folder, standin)
    assert result.exit_code == 0, result.output
    content = client.describe_schema(RegistryName="shop", SchemaName=NAME)["Content"]
    assert _units(content) <= LIMIT
    marker = json.loads(content)["x-eventkit"]
    assert (marker["version"], "files" in marker) == ("1.0.0", False)


def test_content_over_the_limit_in_utf16_units_is_refused_before_any_write(
    folder: Path, standin: StandinServer
) -> None:
    _event(folder, 50_001)  # ~54,000 code points compact without files, ~104,000 units
    result = _sync(folder, standin)
    assert result.exit_code == EXIT_USAGE
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "schema-too-large"
    assert standin.write_calls() == []


def test_a_description_is_cut_to_256_utf16_units(
    folder: Path, client: Any, standin: StandinServer
) -> None:
    _event(folder, 1)
    party = "\U0001f389" * 200
    (folder / "orders/Emoji/event.toml").write_text(f'description = "{party}"\n', encoding="utf-8")
    result = _sync(folder, standin)
    assert result.exit_code == 0, result.output
    description = client.describe_schema(RegistryName="shop", SchemaName=NAME)["Description"]
    assert _units(description) <= 256
    assert description.startswith("\U0001f389" * 127)
    assert description.endswith("…")
