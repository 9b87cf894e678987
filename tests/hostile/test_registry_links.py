"""`eventkit.lock`, `new` and `bump` read and write only what the loader would: regular files
and folders inside the registry (docs/registry.md, "What the loader reads").

A lock that links out of the registry (to a credentials file) is refused without a line of the
target printed; a FIFO lock or version file never blocks; `new` and `bump` never copy from nor
write through a link leading out, and a dangling link where a folder is needed is a clear
error, not a traceback. Every case runs the CLI in a child process with a timeout and a memory
cap, so a regression fails (a hang, an unbounded read) instead of stalling the suite.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from eventkit.errors import EXIT_PROBLEMS, EXIT_USAGE
from tests._child_cli import cli as child_cli
from tests.registry._build import build, schema

LIMIT = 30  # seconds: a hang fails the test; a normal run takes one or two
MEMORY = 2 << 30  # bytes of address space: an unbounded read fails instead of swapping
SECRET = "aws_secret_access_key = fakeSECRETfakeSECRET"
E = "s/E"
V = f"{E}/1.0.0.json"


def run(*args: str) -> tuple[int, str, str]:
    """The CLI in a child process: exit code, stdout, stderr; never a traceback."""
    return child_cli(*args, timeout=LIMIT, memory=MEMORY)


def cli(*args: str) -> tuple[int, str]:
    """`run`, with stdout and stderr together."""
    code, out, err = run(*args)
    return code, out + err


def registry(tmp_path: Path) -> Path:
    return build(tmp_path / "schemas", {V: schema()})


def credentials(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "credentials"
    path.parent.mkdir(exist_ok=True)
    path.write_text(f"[default]\naws_access_key_id = AKIAFAKEFAKEFAKE1234\n{SECRET}\n")
    return path


def files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def lock_problems(root: Path) -> tuple[int, list[dict[str, Any]]]:
    code, out, _ = run("lint", "--schemas", str(root), "--format", "json")
    report = json.loads(out)
    return code, [p for p in report["problems"] if p["path"] == "eventkit.lock"]


# -- 1. eventkit.lock is read as the loader reads files ------------------------------------------


def test_lint_refuses_a_lock_linked_out_of_the_registry_without_printing_it(
    tmp_path: Path,
) -> None:
    root = registry(tmp_path)
    (root / "eventkit.lock").symlink_to(credentials(tmp_path))
    code, problems = lock_problems(root)
    assert code == EXIT_PROBLEMS
    assert [p["code"] for p in problems] == ["unsafe-path"]  # one problem, no lock-malformed
    code, output = cli("lint", "--schemas", str(root))
    assert "unsafe-path" in output
    assert "AKIA" not in output
    assert "SECRET" not in output


@pytest.mark.parametrize("special", ["fifo", "dev-zero"])
def test_lint_refuses_a_special_lock_without_blocking_or_reading_it(
    tmp_path: Path, special: str
) -> None:
    root = registry(tmp_path)
    lock = root / "eventkit.lock"
    if special == "fifo":
        os.mkfifo(lock)
    else:
        lock.symlink_to("/dev/zero")
    code, problems = lock_problems(root)
    assert code == EXIT_PROBLEMS
    expected = "special-file" if special == "fifo" else "unsafe-path"
    assert [p["code"] for p in problems] == [expected]


@pytest.mark.parametrize("command", [["new", "s/Other"], ["bump", E, "--minor"]])
@pytest.mark.parametrize("special", ["link-out", "fifo"])
def test_new_and_bump_refuse_a_lock_linked_out_or_special(
    tmp_path: Path, command: list[str], special: str
) -> None:
    root = registry(tmp_path)
    lock = root / "eventkit.lock"
    if special == "fifo":
        os.mkfifo(lock)
    else:
        lock.symlink_to(credentials(tmp_path))
    before = files(root)
    code, output = cli(*command, "--schemas", str(root))
    assert code == EXIT_USAGE
    assert "eventkit.lock" in output
    assert "AKIA" not in output
    assert "SECRET" not in output
    assert "[default]" not in output
    assert files(root) == before  # nothing written


# -- 2. new and bump never follow a link out of the registry -------------------------------------


def test_bump_refuses_a_version_file_linked_out_of_the_registry(tmp_path: Path) -> None:
    root = registry(tmp_path)
    (root / "s/E/2.0.0.json").symlink_to(credentials(tmp_path))
    code, output = cli("bump", E, "--minor", "--schemas", str(root))
    assert code == EXIT_USAGE
    assert "2.0.0.json" in output
    assert "outside the registry" in output
    assert not (root / "s/E/2.1.0.json").exists()  # nothing copied from outside
    assert "SECRET" not in output


def test_bump_refuses_a_fifo_version_file_without_blocking(tmp_path: Path) -> None:
    root = registry(tmp_path)
    os.mkfifo(root / "s/E/2.0.0.json")
    code, output = cli("bump", E, "--minor", "--schemas", str(root))
    assert code == EXIT_USAGE
    assert "2.0.0.json" in output
    assert "FIFO" in output
    assert not (root / "s/E/2.1.0.json").exists()


def test_new_refuses_an_event_folder_linked_out_of_the_registry(tmp_path: Path) -> None:
    root = registry(tmp_path)
    outside = tmp_path / "outside" / "New"
    outside.mkdir(parents=True)
    (root / "s/New").symlink_to(outside)
    code, output = cli("new", "s/New", "--schemas", str(root))
    assert code == EXIT_USAGE
    assert "s/New" in output
    assert "outside the registry" in output
    assert files(outside) == []
    assert not (root / "eventkit.lock").exists()


def test_bump_refuses_an_event_folder_linked_out_of_the_registry(tmp_path: Path) -> None:
    root = registry(tmp_path)
    outside = tmp_path / "outside" / "E"
    outside.mkdir(parents=True)
    (root / V).rename(outside / "1.0.0.json")
    (root / E).rmdir()
    (root / E).symlink_to(outside)
    code, output = cli("bump", E, "--minor", "--schemas", str(root))
    assert code == EXIT_USAGE
    assert "s/E" in output
    assert "outside the registry" in output
    assert files(outside) == ["1.0.0.json"]


# -- 3. a dangling link where new needs a folder -------------------------------------------------


@pytest.mark.parametrize("where", ["s/New", "t"])
@pytest.mark.parametrize("target", ["outside", "inside"])
def test_new_refuses_a_dangling_link_for_the_event_or_service_folder(
    tmp_path: Path, where: str, target: str
) -> None:
    root = registry(tmp_path)
    link = root / where
    if target == "outside":
        link.symlink_to(tmp_path / "nowhere" / "gone")
    else:
        link.symlink_to("gone")  # would resolve inside the registry, but there is nothing
    code, output = cli("new", "t/New" if where == "t" else "s/New", "--schemas", str(root))
    assert code == EXIT_USAGE
    assert f"schemas/{where}" in output
    assert not (tmp_path / "nowhere").exists()
    assert not (root / "gone").exists()
