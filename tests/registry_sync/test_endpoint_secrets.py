"""A password in `--endpoint-url` (`https://user:secret@host/`, an endpoint behind an
authenticating proxy) is never printed: botocore repeats the URL in its connection errors,
and sync, pull and check --against registry: printed them as they were."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_USAGE
from eventkit.testing import free_port

runner = CliRunner()
SECRET = "hunter2-s3cr3t"


# Made in the test, not at collection: pytest-xdist's workers must collect the same ids.
ENDPOINTS = {
    "unreachable": lambda: f"http://deploy:{SECRET}@127.0.0.1:{free_port()}/",  # no listener
    "malformed": lambda: f"http://deploy:{SECRET}@[::1",  # not a URL botocore can use
}


@pytest.mark.parametrize("kind", sorted(ENDPOINTS))
@pytest.mark.parametrize("command", ["sync", "pull", "check"])
def test_an_endpoint_password_is_not_printed(
    folder: Path, tmp_path: Path, kind: str, command: str
) -> None:
    endpoint = ENDPOINTS[kind]()
    args = {
        "sync": ["sync", "--schemas", str(folder), "--dry-run"],
        "pull": ["pull", "--registry", "shop", "--schemas", str(folder)],
        "check": ["check", "--schemas", str(folder), "--against", "registry:shop"],
    }[command]
    result = runner.invoke(app, [*args, "--endpoint-url", endpoint, "--region", "us-east-1"])
    assert result.exit_code == EXIT_USAGE, result.output
    shown = result.stdout + result.stderr
    assert "endpoint" in shown
    assert SECRET not in shown
    assert "***@" in shown
