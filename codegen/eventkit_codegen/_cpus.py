"""How many CPUs codegen's worker processes may use, and how many of them are idle."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

__all__ = ["CpuMark", "idle_cpus", "mark", "usable_cpus"]

CpuMark = tuple[int, int]  # idle and total clock ticks of the usable CPUs, from /proc/stat

# A window shorter than this (ticks summed over the CPUs; 100 a second each) says too little.
_MIN_TICKS = 20


def usable_cpus() -> int:
    """The CPUs this process may run on: its affinity mask (e.g. a container's cpuset), not
    the machine's count."""
    return len(_mask()) or max(1, getattr(os, "process_cpu_count", os.cpu_count)() or 1)


def _mask() -> set[int]:
    with contextlib.suppress(AttributeError, OSError):
        return set(os.sched_getaffinity(0))
    return set()  # no affinity call (macOS)


def mark() -> CpuMark | None:
    """Idle and total ticks of the usable CPUs so far (Linux), None where unknown."""
    cpus = _mask()
    try:
        lines = Path("/proc/stat").read_text(encoding="ascii").splitlines()
    except OSError:
        return None
    idle = total = 0
    for line in lines:
        name, _, rest = line.partition(" ")
        if not name.startswith("cpu") or not name[3:].isdigit() or int(name[3:]) not in cpus:
            continue
        ticks = [int(value) for value in rest.split()[:8]]  # user ... steal
        idle += sum(ticks[3:5])  # idle, iowait
        total += sum(ticks)
    return (idle, total) if total else None


def idle_cpus(since: CpuMark | None) -> float | None:
    """How many of the usable CPUs were idle since `since` (e.g. 0.9 of 2: one CPU was free
    while this process kept the other busy), None where unknown or too short to tell."""
    now = mark()
    if since is None or now is None or now[1] - since[1] < _MIN_TICKS:
        return None
    return usable_cpus() * (now[0] - since[0]) / (now[1] - since[1])
