"""`eventkit codegen` killed outright (SIGKILL, an out-of-memory kill) cannot remove its staging
folder (a copy of the package beside it); the next run, holding the output's lock (so no run
can be using one), removes what such runs left, and only that."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from eventkit_codegen import MANIFEST, generate

from eventkit.errors import EXIT_OK
from tests.codegen._things import package_files, things_registry

MAIN = "from eventkit.cli import main; main()"  # the console script


def _staging(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if ".codegen-" in p.name)


def _formatting(parent: Path) -> bool:
    return any((parent / name / "tree").is_dir() for name in _staging(parent))


def _codegen(registry: Path, out: Path) -> list[str]:
    return [sys.executable, "-c", MAIN, "codegen", "--schemas", str(registry), "--out", str(out)]


def test_the_next_run_removes_the_staging_folder_of_a_killed_run(tmp_path: Path) -> None:
    registry = things_registry(tmp_path / "registry", ["svc"] * 40)
    out = tmp_path / "run" / "events"
    generate(registry, out)
    (out / MANIFEST).write_text("{}", encoding="utf-8")  # every unit is regenerated
    run = subprocess.Popen(_codegen(registry, out), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not _formatting(out.parent) and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    run.send_signal(signal.SIGKILL)
    run.communicate(timeout=60)
    assert run.returncode == -signal.SIGKILL
    left = _staging(out.parent)
    assert len(left) == 1  # what a killed run leaves
    # look-alikes that are not a run's staging folder stay: other content, a link, a file
    mine = out.parent / ".events.codegen-notours1"
    (mine / "notes").mkdir(parents=True)
    link = out.parent / ".events.codegen-alinkxyz"
    link.symlink_to(out.parent / left[0], target_is_directory=True)
    other = out.parent / ".other.codegen-abcdefgh"
    (other / "tree").mkdir(parents=True)
    done = subprocess.run(_codegen(registry, out), capture_output=True, check=False)
    assert done.returncode == EXIT_OK, done.stderr
    assert _staging(out.parent) == sorted([mine.name, link.name, other.name])
    assert (mine / "notes").is_dir()
    assert generate(registry, out, check=True).ok


def test_a_package_left_in_the_staging_folder_is_put_back_first(tmp_path: Path) -> None:
    # killed between the swap's two renames: the package was in the staging folder only
    registry = things_registry(tmp_path / "registry", ["svc"] * 2)
    out = tmp_path / "run" / "events"
    generate(registry, out)
    before = package_files(out)
    staging = out.parent / ".events.codegen-k1ll3d_x"
    (staging / "tree").mkdir(parents=True)
    out.rename(staging / "previous")
    # the next run fails (a schema broken meanwhile) after its lock: the package is back
    broken = registry / "svc" / "Thing0Happened" / "1.0.0.json"
    text = broken.read_text(encoding="utf-8")
    broken.write_text(text.replace('"type": "string"', '"type": "strung"', 1), encoding="utf-8")
    done = subprocess.run(_codegen(registry, out), capture_output=True, check=False)
    assert done.returncode != EXIT_OK
    assert _staging(out.parent) == []
    assert package_files(out) == before
