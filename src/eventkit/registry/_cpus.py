"""Whether a second CPU is free for a forked worker: `eventkit check`'s comparisons and
codegen's generator chunks ask the same rule (docs/decisions/0030).

The CPUs come from the affinity mask (`os.sched_getaffinity`: a container's cpuset, not the
machine's count). A worker is worth forking only if some of them were idle during a window of
this process's own work (idle ticks of those CPUs in /proc/stat): not the load average, which
a run of commands (a bench, a CI script) raises on its own. Standard library only, so a
command can take its first mark before importing anything else.
"""

from __future__ import annotations

import contextlib
import os

__all__ = ["CpuMark", "cpu_mark", "idle_cpus", "runnable_tasks", "usable_cpus"]

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


def _read_stat() -> str:
    from pathlib import Path  # (not loaded by a cold compatibility check)

    return Path("/proc/stat").read_text(encoding="ascii")


def cpu_mark() -> CpuMark | None:
    """Idle and total ticks of the usable CPUs so far (Linux), None where unknown."""
    cpus = _mask()
    try:
        lines = _read_stat().splitlines()
    except (OSError, ValueError):
        return None
    idle = total = 0
    for line in lines:
        name, _, rest = line.partition(" ")
        if not name.startswith("cpu") or not name[3:].isdigit() or int(name[3:]) not in cpus:
            continue
        try:
            ticks = [int(value) for value in rest.split()[:8]]  # user ... steal
        except ValueError:
            return None
        idle += sum(ticks[3:5])  # idle, iowait
        total += sum(ticks)
    return (idle, total) if total else None


def idle_cpus(since: CpuMark | None) -> float | None:
    """How many of the usable CPUs were idle since `since` (e.g. 0.9 of 2: one CPU was free
    while this process kept the other busy), None where unknown or too short to tell."""
    now = cpu_mark()
    if since is None or now is None or now[1] - since[1] < _MIN_TICKS:
        return None
    return usable_cpus() * (now[0] - since[0]) / (now[1] - since[1])


def runnable_tasks() -> int | None:
    """Tasks running or waiting for a CPU at this instant, this process included (Linux:
    `procs_running` of /proc/stat, machine-wide: not only the usable CPUs'), None where
    unknown. For a worker forked too early for `idle_cpus` to tell: fewer than the usable
    CPUs means one is free now."""
    try:
        lines = _read_stat().splitlines()
    except (OSError, ValueError):
        return None
    for line in lines:
        name, _, value = line.partition(" ")
        if name == "procs_running":
            with contextlib.suppress(ValueError):
                return int(value)
    return None
