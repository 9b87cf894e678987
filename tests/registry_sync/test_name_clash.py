"""Two event types whose registry schema names are the same are refused before anything is
sent, and the error says which part of their routing identity the name loses. Detail-types
that differ only in non-ASCII letters (`Détail`, `Dëtail` -> `DTail`) were told to "give one of
them a distinct detail_type", which they already had."""

from __future__ import annotations

import json
from pathlib import Path

from eventkit_registry_sync.standin import StandinServer
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_USAGE
from tests.registry_sync.sync_helpers import version_file, write

runner = CliRunner()


def _event(folder: Path, key: str, toml: str) -> None:
    write(folder / key / "1.0.0.json", version_file("X", {"a": {"type": "string"}}, {"a": "x"}))
    (folder / key / "event.toml").write_text(toml, encoding="utf-8")


def _sync_json(folder: Path, standin: StandinServer) -> tuple[int, dict[str, str]]:
    args = ["sync", "--schemas", str(folder), "--endpoint-url", standin.url]
    result = runner.invoke(app, [*args, "--region", "us-east-1", "--format", "json"])
    return result.exit_code, json.loads(result.stdout)["error"]


def test_detail_types_differing_in_non_ascii_letters(folder: Path, standin: StandinServer) -> None:
    _event(folder, "orders/DetailOne", 'detail_type = "Détail"\n')
    _event(folder, "orders/DetailTwo", 'detail_type = "Dëtail"\n')
    code, error = _sync_json(folder, standin)
    assert code == EXIT_USAGE
    assert error["code"] == "registry-sync"
    assert "'Détail' and 'Dëtail'" in error["message"]
    assert "'Détail' -> 'DTail'" in error["message"]
    assert "ASCII letters or digits" in error["hint"]
    assert "detail_type" in error["hint"]
    assert standin.write_calls() == []


def test_sources_differing_in_characters_the_name_replaces(
    folder: Path, standin: StandinServer
) -> None:
    _event(folder, "orders/Odd", 'source = "shop.a b"\ndetail_type = "Same"\n')
    _event(folder, "users/Odd", 'source = "shop.a+b"\ndetail_type = "Same"\n')
    code, error = _sync_json(folder, standin)
    assert code == EXIT_USAGE
    assert "'shop.a b' and 'shop.a+b'" in error["message"]
    assert "a source in event.toml" in error["hint"]
