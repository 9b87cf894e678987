"""What a new user hits first: the gate on the pull request that adds the registry, advice
across majors, a hint printed once, `--help`, the codegen extra, docs naming real paths."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from eventkit_codegen._inputs import TOOLS
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_BREAKING, EXIT_OK, EXIT_USAGE, RegistryConfigError
from eventkit.registry import read_registry_config

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()


def run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


# -- `check --against REF` when REF has no registry yet ---------------------------------------


@pytest.fixture
def repo_without_registry(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "README.md").write_text("a project\n")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "start")
    assert run("init", tmp_path, "--package", "p", "--no-ci", "--no-pre-commit")[0] == EXIT_OK
    return tmp_path


def test_the_pull_request_that_adds_the_registry_passes_with_a_note(
    repo_without_registry: Path,
) -> None:
    schemas = repo_without_registry / "schemas"
    code, out, err = run("check", "--schemas", schemas, "--against", "main", "--format", "github")
    assert code == EXIT_OK, out + err
    assert out.startswith("::notice ")
    assert "main" in err
    code, out, _ = run("check", "--schemas", schemas, "--against", "main", "--format", "json")
    assert code == EXIT_OK
    assert json.loads(out)["ok"] is True


def test_a_folder_at_ref_without_eventkit_toml_is_no_registry(repo_without_registry: Path) -> None:
    schemas = repo_without_registry / "schemas"
    (schemas / "README.md").write_text("schemas to come\n")
    git(repo_without_registry, "add", "schemas/README.md")
    git(repo_without_registry, "commit", "-qm", "placeholder")
    code, _, err = run("check", "--schemas", schemas, "--against", "HEAD")
    assert code == EXIT_OK
    assert "HEAD" in err


def test_the_new_registry_is_still_checked(repo_without_registry: Path) -> None:
    """No registry at REF skips only the comparison with REF, not the chains."""
    schemas = repo_without_registry / "schemas"
    folder = schemas / "accounts" / "AccountCreated"
    first = json.loads((folder / "1.0.0.json").read_text())
    second = json.loads(json.dumps(first))
    second["properties"]["plan"]["enum"] = ["free"]  # dropping enum values breaks FULL
    second["examples"][0]["plan"] = "free"
    (folder / "1.1.0.json").write_text(json.dumps(second, indent=2))
    code, out, _ = run("check", "--schemas", schemas, "--against", "main")
    assert code == EXIT_BREAKING
    assert "1.1.0" in out


def test_a_ref_that_does_not_exist_is_still_an_error(repo_without_registry: Path) -> None:
    code, _, err = run("check", "--schemas", repo_without_registry / "schemas", "--against", "nope")
    assert code == EXIT_USAGE
    assert "nope" in err


# -- `eventkit compat` across majors ----------------------------------------------------------


def test_compat_does_not_advise_a_new_major_for_a_file_that_is_one(tmp_path: Path) -> None:
    old = {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}
    new = {"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]}
    (tmp_path / "2.0.0.json").write_text(json.dumps(old))
    (tmp_path / "3.0.0.json").write_text(json.dumps(new))
    (tmp_path / "2.1.0.json").write_text(json.dumps(new))
    code, out, _ = run("compat", tmp_path / "2.0.0.json", tmp_path / "3.0.0.json")
    assert code == EXIT_BREAKING  # still incompatible: that is the answer to the question
    assert "4.0.0" not in out
    assert "Ship it as" not in out
    code, out, _ = run("compat", tmp_path / "2.0.0.json", tmp_path / "2.1.0.json")
    assert code == EXIT_BREAKING
    assert "3.0.0" in out  # within a major, the advice stays


# -- a hint printed once ----------------------------------------------------------------------


def test_a_config_problems_hint_is_printed_once(tmp_path: Path) -> None:
    (tmp_path / "eventkit.toml").write_text('[registry]\nname = "x"\n[codgen]\nout = "y"\n')
    with pytest.raises(RegistryConfigError) as raised:
        read_registry_config(tmp_path)
    hint = raised.value.hint
    assert hint is not None
    assert "[codegen]" in hint
    assert str(raised.value).count(hint) == 1
    code, _, err = run("new", "orders/OrderShipped", "--schemas", tmp_path)
    assert code == EXIT_USAGE
    assert err.count("did you mean [codegen]?") == 1
    assert "line 3" in err


def test_several_config_problems_each_keep_their_hint(tmp_path: Path) -> None:
    (tmp_path / "eventkit.toml").write_text('[registry]\nbogus = 1\n[codgen]\nout = "y"\n')
    with pytest.raises(RegistryConfigError) as raised:
        read_registry_config(tmp_path)
    text = str(raised.value)
    assert text.count("did you mean [codegen]?") == 1
    assert text.count('add name = "my-registry"') == 1


# -- --help -----------------------------------------------------------------------------------


def test_version_flag_shows_no_value_in_help() -> None:
    code, out, _ = run("--help")
    assert code == EXIT_OK
    line = next(line for line in out.splitlines() if "--version" in line)
    assert "<bool>" not in line
    assert run("--version")[1].strip().startswith("eventkit ")


# -- the codegen extra ------------------------------------------------------------------------


def _extra(name: str) -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    found: set[str] = set()
    for requirement in project["optional-dependencies"][name]:
        dist = re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0]
        if dist == "eventkit":  # eventkit[cli]: the extras it names
            for extra in re.findall(r"\[(.*)\]", requirement)[0].split(","):
                found |= _extra(extra.strip())
        else:
            found.add(dist)
    return found


def test_the_codegen_extra_declares_every_tool_codegen_runs() -> None:
    assert set(TOOLS) <= _extra("codegen")


# -- docs name paths a user has ---------------------------------------------------------------


def test_testing_docs_name_no_path_of_eventkits_own_checkout() -> None:
    text = (REPO / "docs" / "testing.md").read_text()
    assert re.findall(r"`(?:tests/|\.\./shared)[^`]*`", text) == []


def test_an_empty_registry_is_named(tmp_path: Path) -> None:
    """A registry folder with no event type (init's example deleted before the first real
    one) said only '.: the registry holds no event types': which folder, when the command
    took the registry from its default or a config, was not said."""
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "eventkit"),
            "init",
            "--package",
            "p_events",
            "--no-ci",
            "--no-pre-commit",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.returncode == 0
    shutil.rmtree(tmp_path / "schemas" / "accounts")
    (tmp_path / "schemas" / "eventkit.lock").write_text("")
    for command in ("check", "codegen", "lint"):
        ran = subprocess.run(
            [str(Path(sys.executable).parent / "eventkit"), command],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )
        assert ran.returncode in (1, 2)
        assert f"the registry folder {tmp_path / 'schemas'} holds no event types" in (
            ran.stdout + ran.stderr
        ), command
