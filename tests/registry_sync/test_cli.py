"""`eventkit sync` / `eventkit pull` through typer's runner: output, exit codes, --check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from eventkit_registry_sync import sync as sync_module
from eventkit_registry_sync.standin import StandinServer
from eventkit_registry_sync.sync import CheckGate
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_PROBLEMS, EXIT_USAGE

runner = CliRunner()


@pytest.fixture(autouse=True)
def _gate_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sync_module, "_run_check", lambda registry: CheckGate(True, True))


def sync(folder: Path, standin: StandinServer, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(
        app,
        [
            "sync",
            "--schemas",
            str(folder),
            "--endpoint-url",
            standin.url,
            "--region",
            "us-east-1",
            *args,
        ],
    )
    return result.exit_code, result.stdout, result.stderr


def test_check_exit_codes(folder: Path, standin: StandinServer) -> None:
    code, out, err = sync(folder, standin, "--check")
    assert code == EXIT_PROBLEMS
    assert "Plan: 4 to create" in out
    assert "drift" in err
    assert standin.write_calls() == []
    code, out, _ = sync(folder, standin)
    assert code == 0
    assert "Applied" in out
    code, out, _ = sync(folder, standin, "--check")
    assert code == 0
    assert "matches the folder" in out


def test_dry_run_and_json(folder: Path, standin: StandinServer) -> None:
    code, out, _ = sync(folder, standin, "--dry-run", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["counts"]["create"] == 4
    assert doc["dry_run"]
    assert doc["create_registry"]
    assert {a["action"] for a in doc["actions"]} == {"create"}
    assert standin.write_calls() == []


def test_refusal_exit_code_and_skip_check(
    folder: Path, standin: StandinServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sync_module, "_run_check", lambda registry: CheckGate(True, False, 2))
    code, _, err = sync(folder, standin)
    assert code == 100
    assert "fails `eventkit check`" in err
    assert "--skip-check" in err
    code, out, _ = sync(folder, standin, "--skip-check", "incident 42")
    assert code == 0
    assert "reason recorded: incident 42" in out


def test_usage_errors_are_clear(folder: Path, standin: StandinServer) -> None:
    code, _, err = sync(folder, standin, "--registry", "aws.events")
    assert code == EXIT_USAGE
    assert "reserved for AWS" in err
    code, _, err = sync(folder / "missing", standin)
    assert code == EXIT_USAGE
    assert "Traceback" not in err


def test_pull_command(tmp_path: Path, standin: StandinServer) -> None:
    root = tmp_path / "schemas"
    root.mkdir()
    (root / "eventkit.toml").write_text(
        '[registry]\nname = "mine"\nevent_bus = "b"\nsource_prefix = "x."\n'
    )
    args = [
        "pull",
        "--registry",
        "aws.events",
        "--schemas",
        str(root),
        "--endpoint-url",
        standin.url,
        "--region",
        "us-east-1",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "wrote aws_ec2/EC2InstanceStateChangeNotification/1.0.0.json" in result.stdout
    result = runner.invoke(app, [*args, "--format", "json"])
    assert json.loads(result.stdout)["unchanged"] == [
        "aws_ec2/EC2InstanceStateChangeNotification/1.0.0.json"
    ]


def test_pull_into_a_folder_that_is_not_a_registry_exits_2(
    tmp_path: Path, standin: StandinServer
) -> None:
    args = ["pull", "--registry", "aws.events", "--schemas", str(tmp_path)]
    result = runner.invoke(app, [*args, "--endpoint-url", standin.url, "--region", "us-east-1"])
    assert result.exit_code == EXIT_USAGE
    assert "eventkit.toml is missing" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []
    assert standin.calls == []  # refused before any call


def test_the_cli_loads_boto3_only_inside_the_commands() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from typer.testing import CliRunner; from eventkit.cli import app; "
        "CliRunner().invoke(app, ['sync', '--help']); CliRunner().invoke(app, ['pull', '--help']); "
        "print(sorted(m for m in ('boto3', 'botocore', 'eventkit_registry_sync') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_sync_refused_before_its_plan_still_prints_a_json_document(
    tmp_path: Path, standin: StandinServer
) -> None:
    # a registry that does not load fails before any plan: a JSON reader still gets one object
    code, out, err = sync(tmp_path / "missing", standin, "--format", "json")
    assert code == 2
    document = json.loads(out)
    assert document["ok"] is False
    assert document["error"]["code"] == "registry-not-found"
    assert "Traceback" not in out + err


def test_a_failed_pull_prints_a_json_document(tmp_path: Path, standin: StandinServer) -> None:
    args = ["pull", "--registry", "nope", "--schemas", str(tmp_path / "missing"), "--format"]
    result = runner.invoke(
        app, [*args, "json", "--endpoint-url", standin.url, "--region", "us-east-1"]
    )
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    assert document["ok"] is False
    assert document["error"]["code"]
