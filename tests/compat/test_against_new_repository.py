"""`eventkit check --against HEAD` in a repository without a commit yet (the adopting flow's
first run): the error says so, instead of telling to fetch a ref that cannot exist."""

from __future__ import annotations

import json
from pathlib import Path

from eventkit.errors import EXIT_OK, EXIT_USAGE
from tests._child_cli import cli, git


def test_against_head_before_the_first_commit_says_to_commit_first(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    code, _, err = cli("init", str(tmp_path), "--package", "p_events", "--no-ci", "--no-pre-commit")
    assert code == EXIT_OK, err
    code, _, err = cli("check", "--against", "HEAD", cwd=tmp_path)
    assert code == EXIT_USAGE
    assert "no commit yet" in err
    assert "fetch" not in err
    assert "without --against" in err
    # Once there is a commit, a ref that does not exist is still one to fetch.
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "registry")
    code, _, err = cli("check", "--against", "origin/main", cwd=tmp_path)
    assert code == EXIT_USAGE
    assert "fetch it first" in err


def test_a_missing_remote_branch_is_fetched_by_its_own_name(tmp_path: Path) -> None:
    """A repository whose default branch is `master`: the hint said `git fetch origin main`
    whatever ref --against named; it now fetches the branch named."""
    git(tmp_path, "init", "-q")
    code, _, err = cli("init", str(tmp_path), "--package", "p_events", "--no-ci", "--no-pre-commit")
    assert code == EXIT_OK, err
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "registry")
    git(tmp_path, "remote", "add", "origin", str(tmp_path / "elsewhere.git"))
    for ref, command in [
        ("origin/master", "git fetch origin master"),
        ("origin/release/2.x", "git fetch origin release/2.x"),
        ("other/trunk", "git fetch origin BRANCH"),  # not a remote here: no guess
    ]:
        code, out, _ = cli("check", "--against", ref, "--format", "json", cwd=tmp_path)
        assert code == EXIT_USAGE
        error = json.loads(out)["error"]
        assert error["code"] == "compatibility"
        assert f"`{command}`" in error["hint"], ref
        assert "origin main" not in error["hint"]
