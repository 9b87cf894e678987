"""`eventkit check --format github|sarif` names files from the top of the git repository, as
GitHub annotations and code scanning read them, also when the gate runs in a sub-folder (a
monorepo's service folder as the step's `working-directory`); text stays relative to the
current folder, for the terminal."""

from __future__ import annotations

import json
from pathlib import Path

from eventkit.errors import EXIT_BREAKING, EXIT_OK
from tests._child_cli import cli, git

CHANGED = "accounts/AccountCreated/1.1.0.json"


def _breaking_minor(project: Path) -> None:
    """A registry in `project` whose 1.1.0 makes an optional property required."""
    code, _, err = cli("init", str(project), "--package", "p_events", "--no-ci", "--no-pre-commit")
    assert code == EXIT_OK, err
    code, _, err = cli("bump", "accounts/AccountCreated", "--minor", cwd=project)
    assert code == EXIT_OK, err
    path = project / "schemas" / CHANGED
    schema = json.loads(path.read_text(encoding="utf-8"))
    optional = sorted(set(schema["properties"]) - set(schema["required"]))[0]
    schema["required"].append(optional)
    path.write_text(json.dumps(schema, indent=2), encoding="utf-8")


def test_github_and_sarif_paths_are_from_the_top_of_the_repository(tmp_path: Path) -> None:
    repo = tmp_path / "mono"
    project = repo / "services" / "billing"
    project.mkdir(parents=True)
    git(repo, "init", "-q")
    _breaking_minor(project)
    expected = f"services/billing/schemas/{CHANGED}"

    code, out, _ = cli("check", "--format", "github", cwd=project)
    assert code == EXIT_BREAKING
    files = {
        line.split("file=", 1)[1].split(",", 1)[0] for line in out.splitlines() if "file=" in line
    }
    assert files == {expected}

    code, out, _ = cli("check", "--format", "sarif", cwd=project)
    assert code == EXIT_BREAKING
    results = json.loads(out)["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == {expected}

    code, out, _ = cli("check", cwd=project)  # text: relative to the current folder
    assert code == EXIT_BREAKING
    assert out.startswith(f"schemas/{CHANGED}:")
