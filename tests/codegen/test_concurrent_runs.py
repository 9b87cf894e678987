"""Two `eventkit codegen` runs on one output package: the second waits for the first (which
holds a lock on the folder holding the package, docs/codegen.md), and gives up after
EVENTKIT_CODEGEN_LOCK_WAIT seconds with a `CodegenError`, the package untouched. Before, the
second run read the package while the first replaced it, and a swap between the other's two
renames failed with "Directory not empty" and a hint about permissions."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from eventkit_codegen import MANIFEST, generate

from eventkit.errors import CodegenError
from tests.codegen._things import package_files, things_registry

# Another run, as far as this one can tell: a process holding the lock of `out`'s folder.
HOLD = textwrap.dedent(
    """
    import fcntl, os, sys, time
    fd = os.open(sys.argv[1], os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
    """
)


def _hold(folder: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(folder), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline() == "held\n"
    return holder


def _release(holder: subprocess.Popen[str]) -> None:
    holder.kill()
    holder.communicate()  # reaped, its pipe closed


@pytest.fixture
def package(tmp_path: Path) -> tuple[Path, Path]:
    registry = things_registry(tmp_path / "registry", ["svc", "svc", "other"])
    out = tmp_path / "run" / "events"
    generate(registry, out)
    (out / MANIFEST).write_text("{}", encoding="utf-8")  # every unit is regenerated
    return registry, out


def test_a_second_run_waits_for_the_first(package: tuple[Path, Path]) -> None:
    registry, out = package
    holder = _hold(out.parent, 1.5)
    try:
        result = generate(registry, out)
        assert holder.poll() is not None  # it ran only once the other released the package
    finally:
        _release(holder)
    assert result.ok
    assert generate(registry, out, check=True).ok


def test_a_run_that_waits_too_long_gives_up_and_writes_nothing(
    package: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    registry, out = package
    before = package_files(out.parent)
    monkeypatch.setenv("EVENTKIT_CODEGEN_LOCK_WAIT", "0.3")
    holder = _hold(out.parent, 30)
    try:
        with pytest.raises(CodegenError) as caught:
            generate(registry, out)
    finally:
        _release(holder)
    assert caught.value.code == "codegen"
    assert caught.value.hint
    assert package_files(out.parent) == before  # no staging folder, the package as it was
