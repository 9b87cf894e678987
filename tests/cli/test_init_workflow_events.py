"""What the workflow `eventkit init` writes does on each GitHub event: whether the job runs, and
which ref `eventkit check --against` compares with. Its `if:` and `${{ }}` expressions are
evaluated as GitHub does (tests/_github_expressions.py) and its `run:` lines by bash, with
`eventkit` a shell function printing its arguments."""

from __future__ import annotations

import os
import subprocess
from typing import Any

import pytest
import yaml

from eventkit.project_init import planned_files
from tests._github_expressions import interpolate, runs

SHA = "4f1c9a0be7d2c33c0a3f8e1b2d5a6c7e8f901234"
REPOSITORY = {"default_branch": "trunk"}

EVENTS: dict[str, dict[str, Any]] = {
    "pull request to the default branch": {
        "event_name": "pull_request",
        "ref": "refs/pull/7/merge",
        "base_ref": "trunk",
        "event": {"repository": REPOSITORY},
    },
    "pull request to a release branch": {
        "event_name": "pull_request",
        "ref": "refs/pull/8/merge",
        "base_ref": "release/2",
        "event": {"repository": REPOSITORY},
    },
    "merge queue group": {
        "event_name": "merge_group",
        "ref": f"refs/heads/gh-readonly-queue/trunk/pr-7-{SHA}",
        "base_ref": "",
        "event": {
            "repository": REPOSITORY,
            "merge_group": {"base_sha": SHA, "base_ref": "refs/heads/trunk"},
        },
    },
    "push to the default branch": {
        "event_name": "push",
        "ref": "refs/heads/trunk",
        "base_ref": "",
        "event": {"repository": REPOSITORY},
    },
    "push to another branch": {
        "event_name": "push",
        "ref": "refs/heads/feature",
        "base_ref": "",
        "event": {"repository": REPOSITORY},
    },
}


def _workflow() -> dict[Any, Any]:
    files = planned_files(name="n", bus="b", source_prefix="n.", package="p")
    loaded: dict[Any, Any] = yaml.safe_load(files[".github/workflows/eventkit.yml"])
    return loaded


def _checks_run(github: dict[str, Any]) -> list[list[str]] | None:
    """The argument lists of every `eventkit check` the workflow runs on this event (None when
    the job is skipped)."""
    context = {"github": github}
    job = _workflow()["jobs"]["contracts"]
    if not runs(job.get("if"), context):
        return None
    commands = []
    for step in job["steps"]:
        if "eventkit check" not in step.get("run", "") or not runs(step.get("if"), context):
            continue
        env = {k: interpolate(str(v), context) for k, v in step.get("env", {}).items()}
        script = f"eventkit() {{ printf '%s\\n' \"$@\"; }}\n{step['run']}"
        printed = subprocess.run(
            ["bash", "-c", script],
            env={"PATH": os.environ["PATH"], **env},
            capture_output=True,
            text=True,
            check=True,
        )
        commands.append(printed.stdout.splitlines())
    return commands


def test_the_workflow_runs_on_merge_queue_groups() -> None:
    """A merge queue that requires the `contracts` check waits for ever unless the workflow
    runs on `merge_group`."""
    triggers = _workflow()[True]  # YAML 1.1 reads the key `on` as True
    assert set(triggers) == {"pull_request", "merge_group", "push"}


@pytest.mark.parametrize(
    ("event", "against"),
    [
        ("pull request to the default branch", "origin/trunk"),
        ("pull request to a release branch", "origin/release/2"),
        ("merge queue group", SHA),
        ("push to the default branch", None),
    ],
)
def test_check_compares_with_the_base_of_each_event(event: str, against: str | None) -> None:
    checks = _checks_run(EVENTS[event])
    assert checks is not None, "the job is skipped"
    (check,) = checks  # exactly one `eventkit check` runs
    assert check[:3] == ["check", "--schemas", "schemas"]
    if against is None:
        assert "--against" not in check
    else:
        assert check[check.index("--against") + 1] == against


def test_a_push_to_another_branch_skips_the_job() -> None:
    assert _checks_run(EVENTS["push to another branch"]) is None


def test_a_branch_name_reaches_the_shell_as_data() -> None:
    """A target branch named like shell code is passed to `check` as it is, never run."""
    hostile = dict(EVENTS["pull request to the default branch"], base_ref="x$(touch pwned);`id`")
    (check,) = _checks_run(hostile) or []
    assert check[check.index("--against") + 1] == "origin/x$(touch pwned);`id`"
