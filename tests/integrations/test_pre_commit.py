"""eventkit's pre-commit hooks, run by the real `pre-commit try-repo` on a project set up by
`eventkit init`: pre-commit installs eventkit (cli and codegen extras) into a fresh virtualenv
of its own, from the package index, and runs each hook there."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests._child_cli import git as _git

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _eventkit(cwd: Path, *args: str) -> None:
    subprocess.run([str(BIN / "eventkit"), *args], cwd=cwd, check=True, capture_output=True)


def test_the_hooks_are_declared_for_the_whole_registry() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in hooks] == ["eventkit-lint", "eventkit-check", "eventkit-codegen-check"]
    for hook in hooks:
        assert hook["entry"].startswith("eventkit ")
        assert hook["pass_filenames"] is False  # each one checks the whole registry


@pytest.mark.slow
def test_try_repo_runs_every_hook_on_an_initialised_project(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "src").mkdir(parents=True)
    _git(project, "init", "-q", "-b", "main")
    _eventkit(project, "init", "--package", "acme_events", "--no-ci")
    _eventkit(project, "codegen")
    edited = project / "src" / "acme_events" / "accounts" / "account_created_v1.py"
    edited.write_text(edited.read_text() + "# edited by hand\n")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "adopt eventkit")

    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PRE_COMMIT_COLOR": "never",
    }
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "--all-files"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    out = done.stdout + done.stderr
    lines = {line.split(".", 1)[0]: line for line in out.splitlines() if "...." in line}
    assert lines["eventkit lint"].endswith("Passed"), out
    assert lines["eventkit check"].endswith("Passed"), out
    # the codegen hook ran the generator in pre-commit's environment (ruff included) and
    # found the hand-edited file
    assert lines["eventkit codegen --check"].endswith("Failed"), out
    assert "account_created_v1.py" in out
    assert "not installed" not in out
    assert done.returncode == 1
