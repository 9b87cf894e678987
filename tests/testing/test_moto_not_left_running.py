"""A `MotoServer` its owner never stopped (a test that failed before `stop()`, a script
that forgot the `with`) is stopped when the interpreter exits: it used to outlive the
process as an orphan moto_server holding its port."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.moto

_FORGETFUL = """
from eventkit.testing import MotoServer
server = MotoServer().start()
print(server.pid, flush=True)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_server_never_stopped_ends_with_the_interpreter() -> None:
    child = subprocess.run(
        [sys.executable, "-c", _FORGETFUL], capture_output=True, text=True, timeout=60, check=True
    )
    pid = int(child.stdout.split()[0])
    try:
        deadline = time.monotonic() + 10
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(pid), f"moto_server {pid} outlived the interpreter that started it"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
