"""An `--endpoint-url` botocore cannot send to is refused before any call, saying what a usable
one looks like: a port out of range (`:99999`) was a traceback from request signing, and one
without a scheme (`localhost:4599`, the usual slip) only "Invalid endpoint"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_USAGE

runner = CliRunner()


@pytest.mark.parametrize(
    "endpoint",
    ["http://127.0.0.1:99999", "localhost:4599", "ftp://127.0.0.1:4599", "http://"],
)
@pytest.mark.parametrize("command", ["sync", "pull"])
def test_an_unusable_endpoint_is_refused_with_what_to_pass(
    folder: Path, endpoint: str, command: str
) -> None:
    args = {
        "sync": ["sync", "--schemas", str(folder), "--dry-run"],
        "pull": ["pull", "--registry", "shop", "--schemas", str(folder)],
    }[command]
    result = runner.invoke(
        app, [*args, "--endpoint-url", endpoint, "--region", "us-east-1", "--format", "json"]
    )
    assert result.exit_code == EXIT_USAGE, result.output
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "registry-sync"
    assert "http://" in error["hint"]
