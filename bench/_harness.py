"""What every benchmark shares, so that all figures are taken the same way (issue 16).

- `compile_bytecode()`: writes `.pyc` for the virtualenv and the repo before anything is timed,
  so no figure pays for compiling sources or is skewed by `PYTHONDONTWRITEBYTECODE`.
- `interleave(sides, rounds)`: runs the sides A B A B ... (after one warm-up each), so load from
  other processes on a shared machine hits every side alike; `paired(...)` turns two sides into
  the per-round ratios, of which a figure reports median, min and max.
- `wall(fn)`, `cpu(fn, number)`, `process(argv)`: a side is a callable returning the seconds
  it took; these build one from a function or a whole process (`run_process` also gives its
  peak RSS).
- `emit(...)`: the one JSON line per figure that `bench/readme_table.py` turns into the README.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
import timeit
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
BIN = Path(sys.executable).parent
EVENTKIT = BIN / "eventkit"
MIN_ROUNDS = 5

Side = Callable[[], float]  # runs once, returns the seconds it took


@dataclass(frozen=True)
class Stats:
    """Median, min and max of a series (seconds, or a ratio)."""

    median: float
    min: float
    max: float
    rounds: int

    @classmethod
    def of(cls, values: Sequence[float]) -> Stats:
        if not values:
            raise ValueError("no values")
        return cls(statistics.median(values), min(values), max(values), len(values))

    def scaled(self, factor: float, digits: int = 3) -> dict[str, float | int]:
        """As a JSON object, each value times `factor` (1000 for ms)."""
        return {
            "median": round(self.median * factor, digits),
            "min": round(self.min * factor, digits),
            "max": round(self.max * factor, digits),
            "rounds": self.rounds,
        }


def bytecode_targets() -> list[Path]:
    """What the benches import: the venv's site-packages, the repo's packages and bench/."""
    site = Path(sysconfig.get_paths()["purelib"])
    return [site, REPO / "src", REPO / "codegen", REPO / "registry_sync", BENCH]


def compile_bytecode(*paths: Path) -> None:
    """Compile every module below `paths` (default: `bytecode_targets()`) to `.pyc`, whatever
    PYTHONDONTWRITEBYTECODE says. Quiet and idempotent (up-to-date files are kept); failures
    of odd files in third-party packages (templates, Python 2 samples) are not ours to fix, so
    they are ignored."""
    targets = list(paths) or bytecode_targets()
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "-q", "-j", "0", *map(str, targets)],
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def interleave(
    sides: Mapping[str, Side], rounds: int, *, warmup: int = 1
) -> dict[str, list[float]]:
    """Run the sides in turn, A B ... A B ..., `rounds` times after `warmup` untimed turns;
    return each side's seconds per round."""
    if rounds < MIN_ROUNDS:
        raise ValueError(f"at least {MIN_ROUNDS} rounds, got {rounds}")
    for _ in range(warmup):
        for side in sides.values():
            side()
    times: dict[str, list[float]] = {name: [] for name in sides}
    for _ in range(rounds):
        for name, side in sides.items():
            times[name].append(side())
    return times


def paired(times: Mapping[str, Sequence[float]], num: str, den: str) -> Stats:
    """The per-round ratios num/den (the two ran back to back, under the same load)."""
    return Stats.of([a / b for a, b in zip(times[num], times[den], strict=True)])


def wall(fn: Callable[[], object]) -> Side:
    """A side timing one call of `fn` in wall-clock seconds."""

    def side() -> float:
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start

    return side


def cpu(fn: Callable[[], object], number: int) -> Side:
    """A side timing `number` calls of `fn` in this process's CPU seconds, per call: other
    processes on a busy machine do not count (for single-threaded work only)."""
    return lambda: timeit.timeit(fn, number=number, timer=time.process_time) / number


@dataclass(frozen=True)
class ProcessRun:
    seconds: float
    peak_rss_mb: float
    returncode: int
    stdout: str
    stderr: str


# Starts the measured process from a small launcher instead of from the bench itself: a child's
# ru_maxrss counts the memory image it had before exec (the parent's, copied by fork or shared
# by vfork), so a child of a 100 MB bench would report at least 100 MB. The launcher (python -S,
# a few MB) forks, execs the command, times it and reports (seconds, peak KiB, exit code).
_LAUNCHER = """
import json, os, sys, time
report = int(sys.argv[1])
os.set_inheritable(report, False)
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
elapsed = time.perf_counter() - start
os.write(report, json.dumps([elapsed, usage.ru_maxrss, os.waitstatus_to_exitcode(status)]).encode())
"""


def run_process(
    argv: Sequence[str], *, env: Mapping[str, str] | None = None, cwd: Path | None = None
) -> ProcessRun:
    """Run a whole process: wall time from fork to exit, and the process's own peak RSS."""
    read, write = os.pipe()
    try:
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            launcher = [sys.executable, "-S", "-c", _LAUNCHER, str(write), *argv]
            subprocess.run(
                launcher,
                stdout=out,
                stderr=err,
                env=dict(env) if env is not None else None,
                cwd=cwd,
                pass_fds=(write,),
                check=True,
            )
            os.close(write)
            write = -1
            with os.fdopen(read, "rb") as report:
                read = -1
                seconds, peak_kib, returncode = json.loads(report.read())
            out.seek(0)
            err.seek(0)
            return ProcessRun(
                seconds=seconds,
                peak_rss_mb=peak_kib / 1024,  # KiB on Linux
                returncode=returncode,
                stdout=out.read().decode(errors="replace"),
                stderr=err.read().decode(errors="replace"),
            )
    finally:
        for fd in (read, write):
            if fd >= 0:
                os.close(fd)


class ProcessSide:
    """A side timing a whole process (interpreter start-up included), keeping each run's peak
    RSS in `peak_rss_mb`; a failing run stops the bench with the process's output, so no
    figure is taken of an error path."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
        expect: Sequence[int] = (0,),
    ) -> None:
        self.argv, self.env, self.cwd, self.expect = list(argv), env, cwd, expect
        self.peak_rss_mb: list[float] = []

    def __call__(self) -> float:
        run = run_process(self.argv, env=self.env, cwd=self.cwd)
        if run.returncode not in self.expect:
            raise SystemExit(
                f"{' '.join(self.argv)} exited {run.returncode}:\n"
                f"{run.stdout[-2000:]}\n{run.stderr[-2000:]}"
            )
        self.peak_rss_mb.append(run.peak_rss_mb)
        return run.seconds


def process(
    argv: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    expect: Sequence[int] = (0,),
) -> ProcessSide:
    """A side timing the whole process `argv` (see ProcessSide)."""
    return ProcessSide(argv, env=env, cwd=cwd, expect=expect)


def emit(
    bench: str,
    ratio: Stats,
    *,
    target: float | None,
    better: str,
    sides: Mapping[str, Stats] | None = None,
    unit: str = "ms",
    key: str = "ratio",
    **raw: Any,
) -> dict[str, Any]:
    """Print one figure as a JSON line: the median ratio with its min/max and rounds, the
    target and which way is better, each side's raw times (median/min/max, in `unit`), and
    any further raw numbers. A figure that is not a ratio (an exponent, megabytes) is named
    by `key` instead. Returns the line."""
    factor = {"ms": 1000.0, "us": 1e6, "s": 1.0}[unit]
    line: dict[str, Any] = {
        "bench": bench,
        key: round(ratio.median, 3),
        f"{key}_min": round(ratio.min, 3),
        f"{key}_max": round(ratio.max, 3),
        "rounds": ratio.rounds,
        "target": target,
        "better": better,
    }
    if target is not None:
        line["ok"] = ratio.median <= target if better == "lower" else ratio.median >= target
    for name, stats in (sides or {}).items():
        line[f"{name}_{unit}"] = stats.scaled(factor)
    line.update(raw)
    print(json.dumps(line), flush=True)
    return line


def compare(
    bench: str,
    times: Mapping[str, Sequence[float]],
    num: str,
    den: str,
    *,
    target: float | None,
    better: str = "lower",
    unit: str = "ms",
    **raw: Any,
) -> dict[str, Any]:
    """Emit the figure num/den of interleaved `times`: the per-round ratios, with both sides'
    raw times. For a speed-up (better="higher") pass the baseline as `num`."""
    sides = {name: Stats.of(times[name]) for name in (num, den)}
    return emit(
        bench, paired(times, num, den), target=target, better=better, sides=sides, unit=unit, **raw
    )


def side_stats(times: Mapping[str, Sequence[float]]) -> dict[str, Stats]:
    return {name: Stats.of(values) for name, values in times.items()}


def parser(doc: str | None, *, rounds: int = 7) -> argparse.ArgumentParser:
    """The options every bench takes: --rounds (at least 5) and --quick (less work per round,
    never fewer than 5 rounds)."""
    parse = argparse.ArgumentParser(
        description=doc, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parse.add_argument("--rounds", type=int, default=rounds, help=f"rounds (>= {MIN_ROUNDS})")
    parse.add_argument("--quick", action="store_true", help="less work per round")
    parse.add_argument(
        "--no-compile", action="store_true", help="skip compiling bytecode (already done)"
    )
    return parse


def start(args: argparse.Namespace) -> int:
    """Common start of a bench: check the rounds, compile bytecode; return the rounds."""
    if args.rounds < MIN_ROUNDS:
        raise SystemExit(f"--rounds must be at least {MIN_ROUNDS}")
    if not args.no_compile:
        compile_bytecode()
    return int(args.rounds)


def machine() -> dict[str, Any]:
    """Where a run happened, for the README table."""
    cpu_name = platform.processor() or platform.machine()
    try:
        for row in Path("/proc/cpuinfo").read_text().splitlines():
            if row.startswith("model name"):
                cpu_name = row.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu_name,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
        "load_avg_1m": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
    }
