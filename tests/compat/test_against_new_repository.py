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


def test_a_ref_beyond_a_shallow_clone_says_the_clone_is_shallow(tmp_path: Path) -> None:
    """CI checkouts fetch one commit by default: `--against HEAD~1` (or the base branch's
    commit) is then missing, and the hint said to `git fetch origin BRANCH`, which does not
    deepen HEAD's history. It now says the clone is shallow, and its advice works."""
    origin = tmp_path / "origin"
    git(tmp_path, "init", "-q", str(origin))
    code, _, err = cli("init", str(origin), "--package", "p_events", "--no-ci", "--no-pre-commit")
    assert code == EXIT_OK, err
    for message in ("one", "two"):
        (origin / "NOTES").write_text(message, encoding="utf-8")
        git(origin, "add", "-A")
        git(origin, "commit", "-q", "-m", message)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", str(clone))
    code, out, _ = cli("check", "--against", "HEAD~1", "--format", "json", cwd=clone)
    assert code == EXIT_USAGE
    hint = json.loads(out)["error"]["hint"]
    assert "shallow" in hint
    assert "`git fetch --unshallow`" in hint
    git(clone, "fetch", "-q", "--unshallow")
    code, _, err = cli("check", "--against", "HEAD~1", cwd=clone)
    assert code == EXIT_OK, err


def test_a_commit_counted_from_a_remote_branch_fetches_the_branch(tmp_path: Path) -> None:
    # `origin/main~1`: the hint said `git fetch origin 'main~1'`, which git refuses
    git(tmp_path, "init", "-q")
    code, _, err = cli("init", str(tmp_path), "--package", "p_events", "--no-ci", "--no-pre-commit")
    assert code == EXIT_OK, err
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "registry")
    git(tmp_path, "remote", "add", "origin", str(tmp_path / "elsewhere.git"))
    for ref in ("origin/main~1", "origin/main^2", "origin/main@{1}"):
        code, out, _ = cli("check", "--against", ref, "--format", "json", cwd=tmp_path)
        assert code == EXIT_USAGE
        assert "`git fetch origin main`" in json.loads(out)["error"]["hint"], ref
