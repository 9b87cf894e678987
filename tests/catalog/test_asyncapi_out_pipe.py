"""`eventkit asyncapi --out FIFO` with nothing reading the named pipe hung for good, blocked
opening it. Now it exits 2 at once naming the pipe; with a reader, the reader gets the
document as before."""

from __future__ import annotations

import os
import subprocess
import threading
from pathlib import Path

import pytest

from eventkit.errors import EXIT_OK, EXIT_USAGE
from tests._child_cli import cli

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")


def _asyncapi(out: Path) -> tuple[int, str, str]:
    return cli("asyncapi", "--schemas", str(REPO / "schemas"), "--out", str(out), timeout=30)


def test_a_pipe_nobody_reads_is_refused_without_hanging(tmp_path: Path) -> None:
    pipe = tmp_path / "asyncapi.pipe"
    os.mkfifo(pipe)

    try:
        code, _, stderr = _asyncapi(pipe)
    except subprocess.TimeoutExpired:
        pytest.fail("eventkit asyncapi hung on a named pipe nobody reads")

    assert code == EXIT_USAGE
    assert str(pipe) in stderr
    assert "nothing is reading" in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["asyncapi.pipe"]


def test_a_pipe_with_a_reader_gets_the_document(tmp_path: Path) -> None:
    pipe = tmp_path / "asyncapi.pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []

    def read() -> None:
        with pipe.open("rb") as handle:  # blocks until the writer opens it
            received.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    # the reader may not have opened the pipe yet when eventkit does: retry a refusal
    for _ in range(50):
        code, _, stderr = _asyncapi(pipe)
        if code == EXIT_OK or "nothing is reading" not in stderr:
            break
    reader.join(timeout=30)

    assert code == EXIT_OK, stderr
    assert len(received) == 1
    assert received[0].startswith(b"asyncapi: 3.0.0\n")
