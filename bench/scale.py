"""Scale benchmark: how lint, check, codegen and sync grow with the size of the registry.

For each size (default 50, 200 and 1,000 event types x 5 versions; bench/registry_load.py's
generator) measures, the operations interleaved round by round (bench/_harness.py):

- lint, check: the whole `eventkit lint` / `eventkit check` process; check's peak RSS too;
- codegen: `eventkit codegen` into an empty folder (full), and into a generated folder after
  one schema changed (one_change);
- sync no-op: a re-sync to the Schema Registry stand-in (no artificial latency, gate off) right
  after a first sync.

Prints one `scale.size` line per size and operation (median/min/max seconds), then per
operation the growth exponent between consecutive sizes, log(t2/t1) / log(n2/n1), from the
medians (1.0 is linear; target at most 1.1), and check's peak RSS at the largest size (target:
under 300 MB at 1,000 x 5).

Run: .venv/bin/python bench/scale.py [--rounds N] [--quick | --sizes 50,200,1000]
"""

from __future__ import annotations

import itertools
import math
import os
import tempfile
from pathlib import Path

import _harness
from registry_load import write_synthetic_registry
from sync import FirstThenNoop

from codegen import OneChange, codegen_argv

VERSIONS = 5
RSS_LIMIT_MB = 300.0
OPERATIONS = ("lint", "check", "codegen_full", "codegen_one_change", "sync_noop")


def measure(size: int, base: Path, rounds: int) -> dict[str, list[float]]:
    """Seconds per round of every operation on a registry of `size` event types."""
    registry = write_synthetic_registry(base / "registry", events=size, versions=VERSIONS)
    eventkit = str(_harness.EVENTKIT)
    check = _harness.process([eventkit, "check", "--schemas", str(registry)])
    kept = codegen_argv(registry, base / "kept")
    _harness.process(kept)()  # the folder the one-change runs update
    change = OneChange(registry)
    full_runs = iter(range(1_000_000))
    sync = FirstThenNoop(registry, latency=0.0, jobs=8)

    def codegen_full() -> float:
        return _harness.process(codegen_argv(registry, base / f"full{next(full_runs)}"))()

    def codegen_one_change() -> float:
        change()
        return _harness.process(kept)()

    times = _harness.interleave(
        {
            "lint": _harness.process([eventkit, "lint", "--schemas", str(registry)]),
            "check": check,
            "codegen_full": codegen_full,
            "codegen_one_change": codegen_one_change,
            "sync_first": sync.first,
            "sync_noop": sync.noop,
        },
        rounds,
        warmup=0,  # the OS cache is warm from writing the registry; bytecode is compiled
    )
    assert not any(sync.noop_writes), f"a no-op re-sync wrote: {sync.noop_writes}"
    times["check_rss_mb"] = check.peak_rss_mb[-rounds:]
    return times


def main() -> None:
    parser = _harness.parser(__doc__.splitlines()[0], rounds=5)
    parser.add_argument(
        "--sizes", default="50,200,1000", help="event types per registry, comma-separated"
    )
    args = parser.parse_args()
    rounds = _harness.start(args)
    sizes = [50, 200] if args.quick else sorted(int(s) for s in args.sizes.split(","))
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "bench")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "bench")

    results: dict[int, dict[str, _harness.Stats]] = {}
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix=f"eventkit-scale-{size}-") as tmp:
            times = measure(size, Path(tmp), rounds)
        results[size] = _harness.side_stats(times)
        for operation in OPERATIONS:
            _harness.emit(
                f"scale.size.{operation}",
                results[size][operation],
                target=None,
                better="lower",
                key="seconds",
                events=size,
                versions=VERSIONS,
            )

    for small, large in itertools.pairwise(sizes):
        for operation in OPERATIONS:
            t_small, t_large = results[small][operation], results[large][operation]
            exponent = math.log(t_large.median / t_small.median) / math.log(large / small)
            _harness.emit(
                f"scale.growth.{operation}.{small}_to_{large}",
                _harness.Stats(exponent, exponent, exponent, rounds),
                target=1.1,
                better="lower",
                key="exponent",
                seconds={
                    str(small): round(t_small.median, 3),
                    str(large): round(t_large.median, 3),
                },
            )

    largest = sizes[-1]
    _harness.emit(
        "scale.check_peak_rss",
        results[largest]["check_rss_mb"],
        target=RSS_LIMIT_MB if largest >= 1000 else None,
        better="lower",
        key="mb",
        events=largest,
        versions=VERSIONS,
    )


if __name__ == "__main__":
    main()
