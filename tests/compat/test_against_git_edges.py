"""`eventkit check --against REF` reads REF as git holds it, or stops with exit 2: it never
passes because part of REF could not be read.

`git archive` obeys REF's .gitattributes (`export-ignore` leaves files out, `export-subst`
rewrites them): the registry is still compared with what REF holds. A ref that is not a
commit, one a shallow clone lacks, or a registry at REF that does not load are errors.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from eventkit.errors import EXIT_BREAKING, EXIT_OK, EXIT_USAGE
from tests._child_cli import cli, git
from tests.registry._build import build, schema

EVENT = "orders/OrderPlaced"
V1 = f"{EVENT}/1.0.0.json"


def _version(description: str = "A thing happened.") -> dict[str, Any]:
    return schema(description=description)


def _repo(tmp_path: Path, attributes: str = "", description: str = "A thing happened.") -> Path:
    top = tmp_path / "repo"
    root = build(
        top / "schemas",
        {V1: _version(description), f"{EVENT}/1.1.0.json": _version()},
    )
    if attributes:
        (top / ".gitattributes").write_text(attributes, encoding="utf-8")
    git(top, "init", "-q", "-b", "main")
    git(top, "add", ".")
    git(top, "commit", "-q", "-m", "release")
    return root


def _check(root: Path, against: str = "main") -> tuple[int, str, str]:
    return cli("check", "--schemas", str(root), "--against", against, "--format", "json")


def _edit_released(root: Path) -> None:
    edited = schema(required=[])  # `id` no longer required: an edit of a released version
    (root / V1).write_text(json.dumps(edited), encoding="utf-8")


def test_an_export_ignored_released_version_is_still_compared(tmp_path: Path) -> None:
    root = _repo(tmp_path, f"schemas/{V1} export-ignore\n")
    code, out, err = _check(root)
    assert code == EXIT_OK, err  # unchanged: nothing to report
    _edit_released(root)
    code, out, err = _check(root)
    assert code == EXIT_BREAKING, err
    rules = {(f["rule"], f["version"]) for f in json.loads(out)["findings"]}
    assert ("VERSION_EDITED", "1.0.0") in rules


def test_an_export_ignored_registry_folder_is_still_compared(tmp_path: Path) -> None:
    root = _repo(tmp_path, "schemas/** export-ignore\n")
    _edit_released(root)
    code, out, err = _check(root)
    assert code == EXIT_BREAKING, err
    assert "VERSION_EDITED" in {f["rule"] for f in json.loads(out)["findings"]}


def test_an_export_subst_file_is_compared_as_committed(tmp_path: Path) -> None:
    # archive would expand the placeholder; the committed file holds it as written
    root = _repo(tmp_path, f"schemas/{V1} export-subst\n", description="Built $Format:%H$.")
    code, out, err = _check(root)
    assert code == EXIT_OK, err
    assert json.loads(out)["findings"] == []


def test_a_ref_that_is_not_a_commit_is_an_error(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    tree = subprocess.run(
        ["git", "rev-parse", "main^{tree}"],
        cwd=root.parent,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    code, out, err = _check(root, tree)
    assert code == EXIT_USAGE
    assert json.loads(out)["ok"] is False  # the error as a JSON document (docs/cli.md)
    assert "not a commit" in err


def test_a_shallow_clone_without_the_ref_is_an_error_saying_to_fetch_it(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    git(root.parent, "checkout", "-q", "-b", "pr")
    (root / f"{EVENT}/1.2.0.json").write_text(json.dumps(_version()), encoding="utf-8")
    git(root.parent, "add", ".")
    git(root.parent, "commit", "-q", "-m", "pr")
    clone = tmp_path / "clone"
    git(
        tmp_path,
        "clone",
        "-q",
        "--depth",
        "1",
        "--branch",
        "pr",
        f"file://{root.parent}",
        str(clone),
    )
    code, out, err = _check(clone / "schemas", "origin/main")
    assert code == EXIT_USAGE
    assert json.loads(out)["ok"] is False  # the error as a JSON document (docs/cli.md)
    assert "fetch" in err


def test_a_registry_that_does_not_load_at_ref_is_an_error(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    (root / "eventkit.toml").write_text("[registry\n", encoding="utf-8")
    git(root.parent, "commit", "-q", "-am", "broken")
    (root / "eventkit.toml").write_text('[registry]\nname = "test"\n', encoding="utf-8")
    code, out, err = _check(root, "main")
    assert code == EXIT_USAGE
    assert json.loads(out)["ok"] is False  # the error as a JSON document (docs/cli.md)
    assert "cannot be loaded" in err
