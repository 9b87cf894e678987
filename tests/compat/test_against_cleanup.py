"""`check --against REF` reads the registry at REF from a temporary folder; that folder is
removed when the check ends, whether it passed, found problems or failed."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.compat import check_registry
from eventkit.errors import CompatibilityError
from eventkit.registry import load_registry
from tests._child_cli import git as _git
from tests.compat.conftest import Writer, version_schema

S = {"type": "string"}
EVENT = "orders/OrderPlaced"
V1 = version_schema({"id": S, "coupon": S}, ["id", "coupon"])
V2 = version_schema({"id": S}, ["id"])  # coupon removed: breaking within major 1


@pytest.fixture
def temp_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh folder as the process's temporary directory, so leftovers can be counted."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


@pytest.fixture
def repo(tmp_path: Path, make_registry: Writer) -> Path:
    root = make_registry({f"{EVENT}/1.0.0.json": V1}, root=tmp_path / "repo" / "schemas")
    _git(root.parent, "init", "-q", "-b", "main")
    _git(root.parent, "add", ".")
    _git(root.parent, "commit", "-q", "-m", "release")
    return root


def _leftovers(temp_root: Path) -> list[str]:
    return sorted(p.name for p in temp_root.iterdir() if p.name.startswith("eventkit-against-"))


def test_the_folder_is_removed_after_a_clean_check(repo: Path, temp_root: Path) -> None:
    report = check_registry(load_registry(repo), against="main")
    assert report.ok
    assert report.against == "main"
    assert _leftovers(temp_root) == []


def test_the_folder_is_removed_after_a_check_with_findings(
    repo: Path, temp_root: Path, make_registry: Writer
) -> None:
    make_registry({f"{EVENT}/1.1.0.json": V2}, root=repo)
    result = CliRunner().invoke(app, ["check", "--schemas", str(repo), "--against", "main"])
    assert result.exit_code == 100
    assert "1.1.0" in result.output
    assert _leftovers(temp_root) == []


def test_the_folder_is_removed_when_the_check_fails_after_loading(
    repo: Path, temp_root: Path, make_registry: Writer
) -> None:
    # a suppression without a reason is refused after the comparisons ran on the copy
    bad = f'[[check.suppressions]]\nevent = "{EVENT}"\nrule = "PROPERTY_REMOVED"\n'
    make_registry({f"{EVENT}/1.1.0.json": V2}, toml=bad, root=repo)
    with pytest.raises(CompatibilityError, match="lacks reason"):
        check_registry(load_registry(repo), against="main")
    assert _leftovers(temp_root) == []


def test_the_folder_is_removed_when_the_ref_cannot_be_loaded(repo: Path, temp_root: Path) -> None:
    (repo / "eventkit.toml").write_text('[registry]\nname = "not a valid name!"\n')
    _git(repo.parent, "checkout", "-q", "-b", "broken")
    _git(repo.parent, "commit", "-q", "-am", "break the config")
    (repo / "eventkit.toml").write_text('[registry]\nname = "test"\n')
    with pytest.raises(CompatibilityError) as caught:
        check_registry(load_registry(repo), against="broken")
    assert "broken" in caught.value.message
    assert _leftovers(temp_root) == []
