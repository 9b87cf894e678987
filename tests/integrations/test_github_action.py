"""The composite GitHub Action (action.yml) and the gate script it runs (scripts/gate), run in
a git repository as a pull request would: the first one adds the registry, a later one breaks
a released version."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests._child_cli import git as _git
from tests._github_expressions import interpolate

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
GATE = REPO / "scripts" / "gate"


def _gate(cwd: Path, against: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "SCHEMAS": "schemas",
        "AGAINST": against,
        "CODEGEN": "true",
    }
    return subprocess.run(
        ["bash", str(GATE)], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def test_the_action_runs_the_gate_with_its_inputs() -> None:
    action = yaml.safe_load((REPO / "action.yml").read_text())
    assert set(action["inputs"]) == {"schemas", "against", "version", "codegen"}
    assert action["runs"]["using"] == "composite"
    install, gate = action["runs"]["steps"]
    assert '"$GITHUB_ACTION_PATH[cli,codegen]"' in install["run"]
    assert '"eventkit[cli,codegen]==$EVENTKIT_VERSION"' in install["run"]
    assert gate["run"] == 'bash "$GITHUB_ACTION_PATH/scripts/gate"'
    assert gate["env"]["SCHEMAS"] == "${{ inputs.schemas }}"
    assert "github.base_ref" in gate["env"]["AGAINST"]


SHA = "4f1c9a0be7d2c33c0a3f8e1b2d5a6c7e8f901234"


@pytest.mark.parametrize(
    ("github", "given", "against"),
    [
        ({"event_name": "pull_request", "base_ref": "release/2"}, "", "origin/release/2"),
        (
            {
                "event_name": "merge_group",
                "base_ref": "",
                "event": {"merge_group": {"base_sha": SHA}},
            },
            "",
            SHA,
        ),
        ({"event_name": "push", "base_ref": ""}, "", ""),
        ({"event_name": "merge_group", "event": {"merge_group": {"base_sha": SHA}}}, "v1", "v1"),
    ],
    ids=["pull-request", "merge-group", "push", "given"],
)
def test_the_gate_compares_with_the_base_of_each_event(
    github: dict[str, object], given: str, against: str
) -> None:
    """A merge queue group is checked against the commit it is built on (GitHub gives it no
    `base_ref`, so without this the gate compared with nothing and passed any breaking change)."""
    action = yaml.safe_load((REPO / "action.yml").read_text())
    _, gate = action["runs"]["steps"]
    context = {"github": github, "inputs": {"against": given}}
    assert interpolate(gate["env"]["AGAINST"], context) == against


@pytest.fixture
def project(tmp_path: Path) -> Path:
    _git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "README").write_text("the service\n")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "start")
    return tmp_path


def _eventkit(cwd: Path, *args: str) -> None:
    subprocess.run([str(BIN / "eventkit"), *args], cwd=cwd, check=True, capture_output=True)


def test_the_first_pull_request_passes_and_a_breaking_one_is_annotated(project: Path) -> None:
    _git(project, "checkout", "-qb", "adopt")
    _eventkit(project, "init", "--package", "acme_events", "--no-ci", "--no-pre-commit")
    _eventkit(project, "codegen")
    done = _gate(project, "main")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "::notice" in done.stdout

    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "adopt eventkit")
    version = project / "schemas" / "accounts" / "AccountCreated" / "1.0.0.json"
    schema = json.loads(version.read_text())
    schema["required"].append("plan")  # edits a released version
    version.write_text(json.dumps(schema, indent=2))
    done = _gate(project, "adopt")
    assert done.returncode == 1
    assert "::error file=" in done.stdout
    assert "VERSION_EDITED" in done.stdout
    assert "accounts/AccountCreated/1.0.0.json" in done.stdout
