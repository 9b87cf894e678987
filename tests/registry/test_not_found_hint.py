"""A command run where there is no registry says what to do: from a sub-folder of the project,
where the registry is; in a project without one, how to set it up."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventkit.errors import EXIT_OK, EXIT_USAGE, RegistryNotFoundError
from eventkit.registry import load_registry
from tests._child_cli import cli


def test_from_a_sub_folder_the_hint_names_the_registry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "billing"
    deep = project / "src" / "billing_service"
    deep.mkdir(parents=True)
    code, _, err = cli("init", str(project), "--package", "p_events", "--no-ci", "--no-pre-commit")
    assert code == EXIT_OK, err
    code, _, err = cli("lint", cwd=deep)
    assert code == EXIT_USAGE
    assert "--schemas ../../schemas" in err
    monkeypatch.chdir(deep)
    with pytest.raises(RegistryNotFoundError) as caught:
        load_registry(Path("schemas"))
    assert caught.value.hint is not None
    assert "--schemas ../../schemas" in caught.value.hint
    assert str(project) in caught.value.hint  # where to run from


def test_without_any_registry_the_hint_names_eventkit_init(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RegistryNotFoundError) as caught:
        load_registry(Path("schemas"))
    assert caught.value.hint is not None
    assert "eventkit init" in caught.value.hint


def test_naming_the_project_instead_of_its_registry_is_told_the_registry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--schemas .` in the project's folder: the hint names ./schemas, not how to write a
    new eventkit.toml there."""
    code, _, err = cli("init", str(tmp_path), "--package", "p_events", "--no-ci", "--no-pre-commit")
    assert code == EXIT_OK, err
    code, _, err = cli("lint", "--schemas", ".", cwd=tmp_path)
    assert code == EXIT_USAGE
    assert "pass --schemas schemas" in err
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RegistryNotFoundError) as caught:
        load_registry(Path())
    assert caught.value.hint is not None
    assert "--schemas schemas" in caught.value.hint
    (tmp_path / "other").mkdir()
    with pytest.raises(RegistryNotFoundError) as caught:
        load_registry(Path("other"))
    assert caught.value.hint is not None
    assert "eventkit init" in caught.value.hint


@pytest.mark.parametrize("inside", ["schemas/accounts", "schemas/accounts/AccountCreated"])
def test_naming_a_folder_inside_the_registry_is_told_the_registry(
    tmp_path: Path, inside: str
) -> None:
    """`--schemas schemas/accounts` (a service folder, as a shell completes it): the hint
    names the registry holding it, not how to set up a new one there."""
    code, _, err = cli("init", str(tmp_path), "--package", "p_events", "--no-ci", "--no-pre-commit")
    assert code == EXIT_OK, err
    for command in ("lint", "check", "lock", "codegen"):
        code, _, err = cli(command, "--schemas", inside, cwd=tmp_path)
        assert code == EXIT_USAGE
        assert "the registry is the folder holding it, schemas: pass --schemas schemas" in err
        assert "eventkit init" not in err


def test_an_eventkit_toml_folder_is_named_as_a_folder(tmp_path: Path) -> None:
    """A folder named eventkit.toml (a `mkdir -p` typo) is not "missing": the message says
    what is there."""
    code, _, err = cli("init", str(tmp_path), "--package", "p_events", "--no-ci", "--no-pre-commit")
    assert code == EXIT_OK, err
    config = tmp_path / "schemas" / "eventkit.toml"
    config.unlink()
    config.mkdir()
    code, _, err = cli("lint", cwd=tmp_path)
    assert code == EXIT_USAGE
    assert "eventkit.toml is a folder, not a file" in err
    assert "missing" not in err
