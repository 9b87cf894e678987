"""`codegen` and `codegen --check` read only regular files of the output package, reached
without a link and of a sane size: a link (to /dev/zero, to a file or folder outside), a FIFO
or an oversized file is named as stale with the reason, never followed, opened or hung on, and
a run replaces it (the link itself, never what it points to)."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from eventkit.errors import EXIT_OK, EXIT_PROBLEMS
from tests.registry._build import CONFIG, build, schema

_MAIN = "from eventkit.cli import main; main()"
_TIMEOUT = 120  # a run takes seconds; the old code hung on a FIFO until killed


def _limit_memory() -> None:  # pragma: no cover - runs in the child before exec
    # The old code read /dev/zero until memory ran out: bound it so the test fails, not the box.
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))


def eventkit(*args: str, limit_memory: bool = False) -> tuple[int, str]:
    """`eventkit ARGS` in a subprocess, killed after `_TIMEOUT` seconds."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", _MAIN, *args],
            capture_output=True,
            text=True,
            check=False,
            timeout=_TIMEOUT,
            preexec_fn=_limit_memory if limit_memory else None,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"eventkit {' '.join(args)} did not finish within {_TIMEOUT} s")
    output = done.stdout + done.stderr
    assert "Traceback" not in output, output
    return done.returncode, output


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("generated")
    schemas = build(root / "schemas", {"svc/Thing/1.0.0.json": schema()}, config=CONFIG)
    code, output = eventkit("codegen", "--schemas", str(schemas), "--out", str(root / "pkg"))
    assert code == EXIT_OK, output
    return schemas, root / "pkg"


@pytest.fixture
def package(generated: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A fresh copy of the generated package (and its registry) for one test."""
    schemas, pkg = generated
    shutil.copytree(pkg, tmp_path / "pkg", symlinks=True)
    return schemas, tmp_path / "pkg"


def check(schemas: Path, out: Path, *, limit_memory: bool = False) -> tuple[int, str]:
    return eventkit(
        "codegen",
        "--schemas",
        str(schemas),
        "--out",
        str(out),
        "--check",
        limit_memory=limit_memory,
    )


def regenerate_and_recheck(schemas: Path, out: Path) -> str:
    code, output = eventkit("codegen", "--schemas", str(schemas), "--out", str(out))
    assert code == EXIT_OK, output
    code, again = check(schemas, out)
    assert code == EXIT_OK, again
    return output


def test_the_fresh_package_is_up_to_date(package: tuple[Path, Path]) -> None:
    assert check(*package)[0] == EXIT_OK


def test_a_fifo_is_named_and_never_blocks(package: tuple[Path, Path]) -> None:
    schemas, out = package
    fifo = out / "svc" / "zz.py"
    os.mkfifo(fifo)
    code, output = check(schemas, out)
    assert code == EXIT_PROBLEMS
    assert f"{fifo}: a FIFO (named pipe), not a file codegen writes; never opened" in output
    assert f"removed {fifo}: a FIFO" in regenerate_and_recheck(schemas, out)
    assert not fifo.exists()


def test_a_link_to_dev_zero_is_named_not_read(package: tuple[Path, Path]) -> None:
    schemas, out = package
    link = out / "svc" / "zz.py"
    link.symlink_to("/dev/zero")
    code, output = check(schemas, out, limit_memory=True)
    assert code == EXIT_PROBLEMS
    assert f"{link}: a symbolic link, not a file codegen writes; never followed" in output
    regenerate_and_recheck(schemas, out)
    assert not link.is_symlink()
    assert not link.exists()


def test_a_link_to_an_identical_file_outside_is_stale_and_replaced(
    package: tuple[Path, Path], tmp_path: Path
) -> None:
    schemas, out = package
    module = out / "svc" / "__init__.py"
    outside = tmp_path / "outside.py"
    shutil.copyfile(module, outside)
    module.unlink()
    module.symlink_to(outside)
    code, output = check(schemas, out)
    assert code == EXIT_PROBLEMS
    assert f"{module}: a symbolic link" in output
    assert f"wrote {module}: a symbolic link" in regenerate_and_recheck(schemas, out)
    assert not module.is_symlink()
    assert module.read_bytes() == outside.read_bytes()  # the target is untouched


def test_a_linked_folder_is_named_not_walked(package: tuple[Path, Path], tmp_path: Path) -> None:
    schemas, out = package
    outside = tmp_path / "outside"
    outside.mkdir()
    os.mkfifo(outside / "pipe.py")
    (outside / "keep.py").write_text("precious\n")
    link = out / "extra"
    link.symlink_to(outside, target_is_directory=True)
    code, output = check(schemas, out)
    assert code == EXIT_PROBLEMS
    assert f"{link}: a symbolic link" in output
    assert "pipe.py" not in output
    regenerate_and_recheck(schemas, out)
    assert not link.is_symlink()
    assert sorted(p.name for p in outside.iterdir()) == ["keep.py", "pipe.py"]


def test_an_oversized_file_is_named_not_read(package: tuple[Path, Path]) -> None:
    schemas, out = package
    big = out / "svc" / "big.py"
    with big.open("wb") as file:
        file.truncate(65 * 1024 * 1024)  # sparse: no disk used
    code, output = check(schemas, out)
    assert code == EXIT_PROBLEMS
    assert f"{big}: over 64 MiB, larger than any module codegen writes; not read" in output
    regenerate_and_recheck(schemas, out)
    assert not big.exists()
