"""`eventkit asyncapi --out F` killed outright (SIGKILL) while writing left its temporary
file `.eventkit-asyncapi-<hex>` beside F for good. The next run into that folder now removes
such files, and only stale ones: a writer still running holds a lock on its own, and nothing
outside F's folder, nor a link, nor a file named otherwise, is touched."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from tests._child_cli import cli

REPO = Path(__file__).resolve().parents[2]
PREFIX = ".eventkit-asyncapi-"

# `eventkit asyncapi ARGS` that, about to rename its temporary file over the document
# (`os.replace` raises the audit event "os.rename"), says so in `ready` and waits for `go`.
_CHILD = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path

    ready, go = Path(sys.argv[1]), Path(sys.argv[2])

    def hook(event, args):
        if event == "os.rename" and os.path.basename(os.fsdecode(args[0])).startswith(PREFIX):
            ready.touch()
            deadline = time.monotonic() + 60
            while not go.exists() and time.monotonic() < deadline:
                time.sleep(0.02)

    sys.addaudithook(hook)
    from eventkit.cli import main

    sys.argv = ["eventkit", *sys.argv[3:]]
    main()
    """
).replace("PREFIX", repr(PREFIX))


def _paused(tmp_path: Path, out: Path) -> tuple[subprocess.Popen[str], Path]:
    """A run stopped with its temporary file written in full, not yet renamed."""
    ready, go = tmp_path / "ready", tmp_path / "go"
    args = ["asyncapi", "--schemas", str(REPO / "schemas"), "--out", str(out)]
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(ready), str(go), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not ready.exists():
        assert child.poll() is None, child.communicate()
        assert time.monotonic() < deadline, "the run never reached its rename"
        time.sleep(0.02)
    return child, go


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(PREFIX))


def test_a_run_killed_while_writing_leaves_a_file_the_next_run_removes(tmp_path: Path) -> None:
    folder = tmp_path / "api"
    folder.mkdir()
    out = folder / "asyncapi.yaml"
    child, _ = _paused(tmp_path, out)
    os.kill(child.pid, signal.SIGKILL)
    child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL
    left = _temporaries(folder)
    assert len(left) == 1
    assert (folder / left[0]).stat().st_size > 0
    assert not out.exists()

    code, _, err = cli("asyncapi", "--schemas", str(REPO / "schemas"), "--out", str(out))

    assert code == 0, err
    assert sorted(p.name for p in folder.iterdir()) == ["asyncapi.yaml"]
    assert out.read_text(encoding="utf-8").startswith("asyncapi: 3.0.0")


def test_a_running_writers_file_is_left_to_it(tmp_path: Path) -> None:
    folder = tmp_path / "api"
    folder.mkdir()
    first, go = _paused(tmp_path, folder / "asyncapi.yaml")
    try:
        held = _temporaries(folder)
        assert len(held) == 1
        code, _, err = cli(
            "asyncapi", "--schemas", str(REPO / "schemas"), "--out", str(folder / "other.json")
        )
        assert code == 0, err
        assert _temporaries(folder) == held  # still there: its writer is running
    finally:
        go.touch()
        _, first_err = first.communicate(timeout=60)
    assert first.returncode == 0, first_err
    assert sorted(p.name for p in folder.iterdir()) == ["asyncapi.yaml", "other.json"]


def test_only_files_named_and_made_as_its_own_in_the_named_folder_are_removed(
    tmp_path: Path,
) -> None:
    folder, inner, outside = tmp_path / "api", tmp_path / "api" / "inner", tmp_path / "outside"
    inner.mkdir(parents=True)
    outside.mkdir()
    stale = f"{PREFIX}0123abcd"
    kept = {
        inner / stale: "in a subfolder",
        tmp_path / stale: "in the parent folder",
        outside / "target": "a link's target",
        folder / f"{PREFIX}notes": "named otherwise",
        folder / f"{PREFIX}0123ABCD": "named otherwise",
        folder / f"{PREFIX}00000000": "",  # empty: a writer may be about to lock it
    }
    for path, text in kept.items():
        path.write_text(text, encoding="utf-8")
    (folder / f"{PREFIX}89abcdef").symlink_to(outside / "target")
    (folder / stale).write_text("asyncapi: 3.0.0\ninfo:\n", encoding="utf-8")

    code, _, err = cli(
        "asyncapi", "--schemas", str(REPO / "schemas"), "--out", str(folder / "asyncapi.yaml")
    )

    assert code == 0, err
    assert not os.path.lexists(folder / stale)
    assert {p: p.read_text(encoding="utf-8") for p in kept} == kept
    assert (folder / f"{PREFIX}89abcdef").is_symlink()
