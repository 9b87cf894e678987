"""`check --against` in a repository git refuses to read (owned by another user: git's
safe.directory check, the usual state of a checkout inside a CI container) says so, with the
command that trusts it, instead of "not inside a git repository"."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_USAGE
from tests.registry._build import build, schema


def test_a_repository_git_refuses_is_named_with_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = build(tmp_path / "schemas", {"s/E/1.0.0.json": schema()})
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    # git's own switch for the check (any owner counts as another user when it is set to a
    # uid that is not ours), so the test needs no second account
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_TEST_ASSUME_DIFFERENT_OWNER", "1")
    result = CliRunner().invoke(
        app, ["check", "--schemas", str(root), "--against", "HEAD", "--format", "json"]
    )
    assert result.exit_code == EXIT_USAGE
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "compatibility"
    assert error["hint"]  # was None: "not inside a git repository", nothing to do
