"""Run a short Python script in a fresh interpreter and read the JSON of its last output line:
what the codegen tests use to see a run with (or without) its forked child or workers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from typing import Any


def script_result(code: str, *args: str, env: Mapping[str, str] | None = None) -> Any:
    """The JSON value `code` prints last when run with `args`; fails the test on a non-zero
    exit, with the script's stderr. `env` defaults to this process's environment without
    EVENTKIT_CODEGEN_WORKERS (the run then picks its own workers)."""
    if env is None:
        env = {k: v for k, v in os.environ.items() if k != "EVENTKIT_CODEGEN_WORKERS"}
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=dict(env),
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])
