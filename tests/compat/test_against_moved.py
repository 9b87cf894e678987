"""`eventkit check --against REF` when the registry folder is not where REF held it.

A pull request that moves or renames the registry folder must not make REF look like "nothing
released": that would pass every breaking change in the same pull request. The check stops
(exit 2, naming both places), and `--against REF:OLD_PATH` compares with the old place. A
registry that is genuinely new (REF has none, or only others that are still in place) still
passes with a note.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from eventkit.errors import EXIT_BREAKING, EXIT_OK, EXIT_USAGE
from tests._child_cli import cli, git
from tests.registry._build import build, schema

EVENT = "orders/OrderPlaced"


def _version(**properties: Any) -> dict[str, Any]:
    props = {"id": {"type": "string", "description": "The id."}, **properties}
    example = {"id": "t-1", **dict.fromkeys(properties, "x")}
    return schema(properties=props, required=["id", *properties], examples=[example])


def _repo(tmp_path: Path, folder: str = "schemas") -> Path:
    """A repository whose `main` holds a released registry at `folder`; HEAD is branch `pr`."""
    top = tmp_path / "repo"
    note = {"type": "string", "description": "A note."}
    build(top / folder, {f"{EVENT}/1.0.0.json": _version(note=note)})
    git(top, "init", "-q", "-b", "main")
    git(top, "add", ".")
    git(top, "commit", "-q", "-m", "release")
    git(top, "checkout", "-q", "-b", "pr")
    return top


def _break(root: Path) -> None:
    """A breaking version within major 1: 1.1.0 drops the required `note`."""
    (root / f"{EVENT}/1.1.0.json").write_text(json.dumps(_version()), encoding="utf-8")


def _move(top: Path, old: str, new: str) -> Path:
    (top / new).parent.mkdir(parents=True, exist_ok=True)
    git(top, "mv", old, new)
    git(top, "commit", "-q", "-m", "move")
    return top / new


def _check(root: Path, against: str = "main") -> tuple[int, str, str]:
    return cli("check", "--schemas", str(root), "--against", against, "--format", "json")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("schemas", "contracts"),  # renamed in place
        ("schemas", "services/shop/schemas"),  # moved elsewhere in the repository
    ],
)
def test_a_moved_registry_stops_the_check_naming_both_places(
    tmp_path: Path, old: str, new: str
) -> None:
    top = _repo(tmp_path, old)
    root = _move(top, old, new)
    _break(root)
    code, out, err = _check(root)
    assert code == EXIT_USAGE  # not 0: nothing was checked against what was released
    assert json.loads(out)["ok"] is False  # the error as a JSON document (docs/cli.md)
    assert f"'{new}'" in err
    assert f"'{old}'" in err
    assert f"--against main:{old}" in err  # how to point the check at the old place
    assert "moved or renamed" in err


def test_the_old_place_given_as_ref_colon_path_finds_the_breaking_change(
    tmp_path: Path,
) -> None:
    top = _repo(tmp_path)
    root = _move(top, "schemas", "contracts")
    _break(root)
    code, out, _ = _check(root, "main:schemas")
    assert code == EXIT_BREAKING
    report = json.loads(out)
    assert report["against"] == "main:schemas"
    assert [(f["rule"], f["version"]) for f in report["findings"]] == [
        ("PROPERTY_REMOVED", "1.1.0")
    ]


def test_a_move_without_a_commit_is_caught_too(tmp_path: Path) -> None:
    top = _repo(tmp_path)
    shutil.move(top / "schemas", top / "contracts")  # not even staged: the working tree alone
    _break(top / "contracts")
    code, _, err = _check(top / "contracts")
    assert code == EXIT_USAGE
    assert "'schemas'" in err


def test_a_path_given_where_ref_holds_no_registry_is_an_error(tmp_path: Path) -> None:
    top = _repo(tmp_path)
    root = _move(top, "schemas", "contracts")
    code, out, err = _check(root, "main:elsewhere")
    assert code == EXIT_USAGE  # asked for a place explicitly: never "nothing released"
    assert json.loads(out)["ok"] is False  # the error as a JSON document (docs/cli.md)
    assert "'elsewhere'" in err
    code, _, err = _check(root, "main:../outside")
    assert code == EXIT_USAGE
    assert "REF:PATH" in err


def test_the_first_release_of_a_registry_still_passes_with_a_note(tmp_path: Path) -> None:
    top = tmp_path / "repo"
    top.mkdir()
    (top / "README.md").write_text("shop\n", encoding="utf-8")
    git(top, "init", "-q", "-b", "main")
    git(top, "add", ".")
    git(top, "commit", "-q", "-m", "start")
    git(top, "checkout", "-q", "-b", "pr")
    root = build(top / "schemas", {f"{EVENT}/1.0.0.json": _version()})
    git(top, "add", ".")
    git(top, "commit", "-q", "-m", "add the registry")
    code, out, err = _check(root)
    assert code == EXIT_OK, err
    assert json.loads(out)["ok"] is True
    assert "nothing was released yet" in err


def test_a_second_registry_beside_one_still_in_place_is_a_first_release(tmp_path: Path) -> None:
    top = _repo(tmp_path)  # main holds schemas/, which stays where it is
    root = build(top / "billing" / "schemas", {f"{EVENT}/1.0.0.json": _version()})
    code, _, err = _check(root)
    assert code == EXIT_OK, err
    assert "nothing was released yet" in err
