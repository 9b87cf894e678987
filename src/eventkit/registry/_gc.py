"""The process around a registry load or check: pausing the cyclic garbage collector, and
whether a second CPU is free for a forked worker.

The CPU rule is codegen's (`eventkit_codegen._cpus`, docs/decisions/0030), standard library
only, so `eventkit check` can ask it without importing codegen's package. The CPUs come from
the affinity mask (`os.sched_getaffinity`: a container's cpuset, not the machine's count). A
worker is worth forking only if some of them were idle during a window of this process's own
work (idle ticks of those CPUs in /proc/stat): not the load average, which a run of commands
(a bench, a CI script) raises on its own.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["CpuMark", "cpu_mark", "gc_paused", "idle_cpus", "usable_cpus"]


# fast path: +12% on bench/scale.py figure scale.size.lint at 1,000 events (measured 2026-12-06)
@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a registry is built or checked.

    Parsing keeps every file's JSON alive, so each collection would re-scan the growing heap
    (a third of a large lint run); the objects made here are acyclic trees, freed by
    reference counting. The collector's previous state is restored, whatever happens.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


CpuMark = tuple[int, int]  # idle and total clock ticks of the usable CPUs, from /proc/stat

# A window shorter than this (ticks summed over the CPUs; 100 a second each) says too little.
_MIN_TICKS = 20


def _read_stat() -> str:
    from pathlib import Path  # (not loaded by a cold compatibility check)

    return Path("/proc/stat").read_text(encoding="ascii")


def usable_cpus() -> int:
    """The CPUs this process may run on: its affinity mask, else the machine's count."""
    return len(_mask()) or max(1, os.cpu_count() or 1)


def _mask() -> set[int]:
    try:
        return set(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return set()  # no affinity call (macOS)


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
