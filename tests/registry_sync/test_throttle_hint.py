"""Throttled even after botocore's retries: the hint told `eventkit pull` users to "lower
--jobs", an option pull does not have (it reads one schema version at a time)."""

from __future__ import annotations

import json
from pathlib import Path

from eventkit_registry_sync.standin import StandinServer
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_USAGE

runner = CliRunner()


def _run(*args: str) -> dict[str, str]:
    result = runner.invoke(app, [*args, "--region", "us-east-1", "--format", "json"])
    assert result.exit_code == EXIT_USAGE, result.output
    error: dict[str, str] = json.loads(result.stdout)["error"]
    return error


def test_the_throttling_hint_names_jobs_for_sync_only(folder: Path, standin: StandinServer) -> None:
    standin.fail("ListSchemas", status=429, code="TooManyRequestsException", times=50)
    url = ["--endpoint-url", standin.url]
    pulled = _run("pull", "--registry", "aws.events", "--schemas", str(folder), *url)
    assert "TooManyRequestsException" in pulled["message"]
    assert "run again later" in pulled["hint"]
    assert "or lower --jobs" not in pulled["hint"]
    assert "sync: with a lower --jobs" in pulled["hint"]
