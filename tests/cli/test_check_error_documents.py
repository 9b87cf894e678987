"""`eventkit check --format json|sarif|junit|github` when the check cannot run (exit 2): stdout
still holds a document of that format saying why (a CI step that uploads the SARIF file or
parses the JSON gets the reason, not an empty file); the message for a person is on stderr,
as with `--format text`, whose stdout stays empty."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from eventkit.errors import EXIT_USAGE

EVENTKIT = Path(sys.executable).parent / "eventkit"  # the console script: the typer-free path
REPO = Path(__file__).resolve().parents[2]


def check(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(EVENTKIT), "check", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def missing(tmp_path: Path) -> list[str]:
    """Arguments naming a registry folder that is not there (registry-not-found)."""
    return ["--schemas", str(tmp_path / "nothere")]


def test_json_is_an_error_object(tmp_path: Path, missing: list[str]) -> None:
    ran = check(tmp_path, *missing, "--format", "json")
    assert ran.returncode == EXIT_USAGE
    document = json.loads(ran.stdout)
    assert document["ok"] is False
    assert document["error"]["code"] == "registry-not-found"
    assert "nothere" in document["error"]["message"]
    assert document["error"]["hint"]
    assert "error: registry folder" in ran.stderr


def test_sarif_is_a_run_whose_invocation_failed(tmp_path: Path, missing: list[str]) -> None:
    ran = check(tmp_path, *missing, "--format", "sarif")
    assert ran.returncode == EXIT_USAGE
    log = json.loads(ran.stdout)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    assert run["tool"]["driver"]["name"] == "eventkit"
    assert run["results"] == []
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False  # required by SARIF 2.1.0
    assert invocation["exitCode"] == EXIT_USAGE
    (notification,) = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error"
    assert notification["descriptor"] == {"id": "registry-not-found"}
    assert "nothere" in notification["message"]["text"]


def test_junit_is_one_errored_test(tmp_path: Path, missing: list[str]) -> None:
    ran = check(tmp_path, *missing, "--format", "junit")
    assert ran.returncode == EXIT_USAGE
    suites = ET.fromstring(ran.stdout)
    assert suites.get("errors") == "1"
    error = suites.find("testsuite/testcase/error")
    assert error is not None
    assert error.get("type") == "registry-not-found"
    assert "nothere" in (error.text or "")


def test_github_is_one_error_annotation_line(tmp_path: Path) -> None:
    odd = tmp_path / "line\nbreak%"  # a folder name GitHub would read as escapes or commands
    ran = check(tmp_path, "--schemas", str(odd), "--format", "github")
    assert ran.returncode == EXIT_USAGE
    (line,) = ran.stdout.splitlines()
    assert line.startswith("::error title=eventkit check::")
    assert "line%0Abreak%25" in line


def test_text_prints_nothing_on_stdout(tmp_path: Path, missing: list[str]) -> None:
    ran = check(tmp_path, *missing)
    assert ran.returncode == EXIT_USAGE
    assert ran.stdout == ""
    assert "error: registry folder" in ran.stderr


def test_against_a_ref_that_is_not_there_gives_the_document_too(tmp_path: Path) -> None:
    project = tmp_path / "project"
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    subprocess.run(["cp", "-r", str(REPO / "schemas"), str(project / "schemas")], check=True)
    ran = check(project, "--against", "no-such-ref", "--format", "json")
    assert ran.returncode == EXIT_USAGE
    document = json.loads(ran.stdout)
    assert document["ok"] is False
    assert "no-such-ref" in document["error"]["message"]


def test_compat_of_two_files_gives_the_document_too(tmp_path: Path) -> None:
    (tmp_path / "old.json").write_text('{"type": "object"}', encoding="utf-8")
    ran = subprocess.run(
        [str(EVENTKIT), "compat", "old.json", "gone.json", "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == EXIT_USAGE
    assert json.loads(ran.stdout)["error"]["code"] == "compatibility"
    assert "gone.json" in ran.stderr
