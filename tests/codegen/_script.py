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


# A script prelude that records what the generator's child does, in `events`: ["start",
# wanted, started] when a run decides on a child, ["run", answered] for each job sent to it.
WATCH_CHILD = """
from eventkit_codegen import _child
events = []
real_start = _child.GeneratorChild.start.__func__
def start(cls, limit, *, wanted):
    child = real_start(cls, limit, wanted=wanted)
    events.append(["start", wanted, child is not None])
    return child
_child.GeneratorChild.start = classmethod(start)
real_run = _child.GeneratorChild.run
def run(self, job):
    result = real_run(self, job)
    events.append(["run", result is not None])
    return result
_child.GeneratorChild.run = run
"""
