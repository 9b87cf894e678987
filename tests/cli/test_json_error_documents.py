"""Every report command's `--format json` that fails (exit 2) still prints one JSON document on
stdout, `{"ok": false, "error": {"code", "message", "hint"}}`, as `check`, `lint`, `compat`,
`sync` and `pull` do: a CI step that parses stdout gets the reason, not an empty string (a
JSON decode error). The message for a person stays on stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from eventkit.errors import EXIT_USAGE
from eventkit.testing import MotoServer

EVENTKIT = Path(sys.executable).parent / "eventkit"


def _eventkit(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(EVENTKIT), *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def _error_document(ran: subprocess.CompletedProcess[str]) -> dict[str, str | None]:
    assert ran.returncode == EXIT_USAGE, ran.stdout + ran.stderr
    assert "Traceback" not in ran.stderr
    assert ran.stderr.startswith("error: ")
    document = json.loads(ran.stdout)
    assert document["ok"] is False
    assert set(document["error"]) == {"code", "message", "hint"}
    error: dict[str, str | None] = document["error"]
    return error


def test_lint_says_it_on_stderr_too(tmp_path: Path) -> None:
    """lint's JSON error document has its `registry` key beside `ok` and `error`; the message
    for a person in the CI log was missing (stderr was empty), unlike every other command."""
    ran = _eventkit(tmp_path, "lint", "--schemas", "nothere", "--format", "json")
    assert ran.returncode == EXIT_USAGE
    assert json.loads(ran.stdout)["error"]["code"] == "registry-not-found"
    assert ran.stderr.startswith("error: registry folder ")
    assert "nothere" in ran.stderr


def test_check_consumers(tmp_path: Path) -> None:
    ran = _eventkit(tmp_path, "check", "--consumers", "--schemas", "nothere", "--format", "json")
    error = _error_document(ran)
    assert error["code"] == "registry-not-found"
    assert "nothere" in str(error["message"])


@pytest.mark.moto
@pytest.mark.parametrize("command", [["inspect"], ["redrive", "--to-bus", "default"]])
def test_dlq_on_a_queue_that_does_not_exist(
    moto_server: MotoServer, tmp_path: Path, command: list[str]
) -> None:
    missing = f"{moto_server.url}/123456789012/no-such-queue"
    ran = _eventkit(
        tmp_path,
        "dlq",
        *command,
        missing,
        "--endpoint-url",
        moto_server.url,
        "--wait-seconds",
        "0",
        "--format",
        "json",
    )
    error = _error_document(ran)
    assert error["code"] == "dead-letter"
    assert "no-such-queue" in str(error["message"])
