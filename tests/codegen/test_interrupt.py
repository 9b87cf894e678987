"""`eventkit codegen` ended by SIGTERM (a CI job cancelled, a file watcher restarting it) while
it generates: it exits 143 as its cleanup runs, so no staging folder (a copy of the package)
is left beside the output package, the package is as before, and the next run completes it."""

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


def _code(out: Path) -> dict[str, bytes]:
    return {rel: data for rel, data in package_files(out).items() if rel != MANIFEST}


def test_sigterm_while_generating_leaves_no_staging_folder(tmp_path: Path) -> None:
    registry = things_registry(tmp_path / "registry", ["svc"] * 60)
    out = tmp_path / "run" / "events"
    generate(registry, out)
    (out / MANIFEST).write_text("{}", encoding="utf-8")  # every unit is regenerated
    before = _code(out)
    run = subprocess.Popen(
        [sys.executable, "-c", MAIN, "codegen", "--schemas", str(registry), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    # once the fresh modules are being formatted in the staging folder (its `tree`)
    while not _formatting(out.parent) and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    run.send_signal(signal.SIGTERM)
    _, stderr = run.communicate(timeout=60)
    assert run.returncode == 128 + signal.SIGTERM, stderr
    assert _staging(out.parent) == []
    assert _code(out) == before  # as before, or (stopped after the swap) the same code
    done = subprocess.run(
        [sys.executable, "-c", MAIN, "codegen", "--schemas", str(registry), "--out", str(out)],
        capture_output=True,
        check=False,
    )
    assert done.returncode == EXIT_OK
    assert generate(registry, out, check=True).ok
