"""Scale benchmark: how lint, check, codegen and sync grow with the size of the registry.

For each size (default 50, 200 and 1,000 event types x 5 versions; bench/registry_load.py's
generator) measures, every size and operation interleaved round by round (bench/_harness.py):

- lint, check: the whole `eventkit lint` / `eventkit check` process; check's peak RSS too;
- codegen: `eventkit codegen` into an empty folder (full), and into a generated folder after
  one schema changed (one_change);
- sync no-op: a re-sync to the Schema Registry stand-in (no artificial latency, gate off) right
  after a first sync.

Prints one `scale.size` line per size and operation (median/min/max seconds), then per
operation the growth exponent between consecutive sizes, log(t2/t1) / log(n2/n1) per round
(the two sizes ran in the same round, under the same load: absolute times drift between rounds
on a noisy machine), median with min and max (1.0 is linear; target at most 1.1), and check's
peak RSS at the largest size (target: under 300 MB at 1,000 x 5).

Run: .venv/bin/python bench/scale.py [--rounds N] [--quick | --sizes 50,200,1000]
"""

from __future__ import annotations

import contextlib
import itertools
import math
import os
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path

import _harness
from registry_load import write_synthetic_registry
from sync import FirstThenNoop

from codegen import OneChange, codegen_argv

VERSIONS = 5
RSS_LIMIT_MB = 300.0
OPERATIONS = ("lint", "check", "codegen_full", "codegen_one_change", "sync_noop")


def sides_for(size: int, base: Path) -> tuple[dict[str, _harness.Side], Callable[[], None]]:
    """The timed operations on a registry of `size` event types (named `SIZE:OPERATION`), and
    a check to run after the rounds (no no-op re-sync wrote)."""
    registry = write_synthetic_registry(base / "registry", events=size, versions=VERSIONS)
    eventkit = str(_harness.EVENTKIT)
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

    def no_noop_wrote() -> None:
        assert not any(sync.noop_writes), f"a no-op re-sync wrote: {sync.noop_writes}"

    sides: dict[str, _harness.Side] = {
        "lint": _harness.process([eventkit, "lint", "--schemas", str(registry)]),
        "check": _harness.process([eventkit, "check", "--schemas", str(registry)]),
        "codegen_full": codegen_full,
        "codegen_one_change": codegen_one_change,
        "sync_first": sync.first,
        "sync_noop": sync.noop,
    }
    return {f"{size}:{name}": side for name, side in sides.items()}, no_noop_wrote


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

    with contextlib.ExitStack() as folders:
        sides: dict[str, _harness.Side] = {}
        checks = []
        for size in sizes:
            tmp = folders.enter_context(
                tempfile.TemporaryDirectory(prefix=f"eventkit-scale-{size}-")
            )
            more, check = sides_for(size, Path(tmp))
            sides.update(more)
            checks.append(check)
        # every size in every round: the exponents compare times taken under the same load
        times = _harness.interleave(sides, rounds, warmup=0)  # OS cache warm, bytecode compiled
        for check in checks:
            check()
    check_side = sides[f"{sizes[-1]}:check"]
    assert isinstance(check_side, _harness.ProcessSide)
    for size in sizes:
        for operation in OPERATIONS:
            _harness.emit(
                f"scale.size.{operation}",
                _harness.Stats.of(times[f"{size}:{operation}"]),
                target=None,
                better="lower",
                key="seconds",
                events=size,
                versions=VERSIONS,
            )

    for small, large in itertools.pairwise(sizes):
        for operation in OPERATIONS:
            t_small, t_large = times[f"{small}:{operation}"], times[f"{large}:{operation}"]
            exponents = [
                math.log(b / a) / math.log(large / small)
                for a, b in zip(t_small, t_large, strict=True)
            ]
            _harness.emit(
                f"scale.growth.{operation}.{small}_to_{large}",
                _harness.Stats.of(exponents),
                target=1.1,
                better="lower",
                key="exponent",
                seconds={
                    str(small): round(statistics.median(t_small), 3),
                    str(large): round(statistics.median(t_large), 3),
                },
            )

    largest = sizes[-1]
    _harness.emit(
        "scale.check_peak_rss",
        _harness.Stats.of(check_side.peak_rss_mb[-rounds:]),
        target=RSS_LIMIT_MB if largest >= 1000 else None,
        better="lower",
        key="mb",
        events=largest,
        versions=VERSIONS,
    )


if __name__ == "__main__":
    main()
