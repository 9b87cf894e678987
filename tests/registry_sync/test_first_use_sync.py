"""What a new user hits first with `eventkit sync`: the region hint names what botocore reads,
`--check` is not called a dry run, the stand-in docs give a working set-up."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from eventkit_registry_sync import sync as sync_module
from eventkit_registry_sync.client import make_client
from eventkit_registry_sync.standin import StandinServer
from eventkit_registry_sync.sync import CheckGate
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_OK, EXIT_PROBLEMS, RegistrySyncError

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()


@pytest.fixture(autouse=True)
def _gate_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sync_module, "_run_check", lambda registry: CheckGate(True, True))


def test_the_region_hint_names_a_variable_botocore_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    with pytest.raises(RegistrySyncError) as raised:
        make_client()
    names = re.findall(r"\bAWS_[A-Z_]+", raised.value.hint or "")
    assert names
    for name in names:  # setting what the hint says is enough
        monkeypatch.setenv(name, "eu-west-1")
    assert make_client().meta.region_name == "eu-west-1"


def test_sync_check_is_not_called_a_dry_run(folder: Path, standin: StandinServer) -> None:
    args = ["sync", "--schemas", str(folder), "--endpoint-url", standin.url, "--check"]
    result = runner.invoke(app, args)
    assert result.exit_code == EXIT_PROBLEMS
    assert "dry run" not in result.stdout.lower()
    assert "nothing was written" in result.stdout
    assert standin.write_calls() == []
    result = runner.invoke(app, [*args[:-1], "--dry-run"])
    assert result.exit_code == EXIT_OK
    assert "Dry run" in result.stdout


def test_the_standin_docs_give_a_region_and_credentials_that_work(
    folder: Path, standin: StandinServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    section = (REPO / "docs" / "sync.md").read_text().split("## The Schema Registry stand-in")[1]
    exports = [line for line in section.splitlines() if line.startswith("$ export ")]
    assert exports, "docs/sync.md shows no environment for the stand-in"
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name)
    for line in exports:
        for assignment in shlex.split(line.removeprefix("$ export ")):
            name, _, value = assignment.partition("=")
            monkeypatch.setenv(name, value)
    args = ["sync", "--schemas", str(folder), "--endpoint-url", standin.url, "--dry-run"]
    result = runner.invoke(app, args)
    assert result.exit_code == EXIT_OK, result.stderr
