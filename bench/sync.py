"""Sync benchmark: `sync_registry` of a synthetic registry to the Schema Registry stand-in.

A synthetic folder of N event types (default 200; one major, two versions each, so each type is
one CreateSchema + one UpdateSchema + one TagResource on the first sync) is synced to a fresh
stand-in, in the same run:

1. concurrently (--jobs workers) vs sequentially (1 worker): wall time of the first sync.
   Target: concurrent <= 0.6x sequential.
2. a no-op re-sync against the first (concurrent) sync. Target: <= 0.3x.

The stand-in answers on 127.0.0.1 in microseconds, so concurrency could not show; it is given an
artificial latency per request (--latency, default 20 ms, about an AWS API round trip from
within the Region). Conversion of the folder (no I/O) is included in every timing.

Usage: .venv/bin/python bench/sync.py [--events 200] [--latency 0.02] [--jobs 8] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from eventkit_registry_sync import sync as sync_module
from eventkit_registry_sync.client import make_client
from eventkit_registry_sync.standin import StandinServer
from eventkit_registry_sync.sync import CheckGate, sync_registry

from eventkit.registry import load_registry


def make_folder(root: Path, events: int) -> Path:
    (root / "eventkit.toml").write_text(
        '[registry]\nname = "bench"\nevent_bus = "bench"\nsource_prefix = "bench."\n'
    )
    for n in range(events):
        folder = root / f"service{n % 10}" / f"Event{n:04}"
        folder.mkdir(parents=True)
        props: dict[str, Any] = {
            "id": {"type": "string"},
            "amount": {"type": "integer", "minimum": 0},
        }
        for version in ("1.0.0", "1.1.0"):
            if version == "1.1.0":
                props = {**props, "note": {"type": ["string", "null"], "maxLength": 200}}
            doc = {
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "title": f"Event{n:04}",
                "description": "Synthetic event for the sync benchmark.",
                "type": "object",
                "required": ["id", "amount"],
                "properties": props,
                "examples": [{"id": "x", "amount": 1}],
            }
            (folder / f"{version}.json").write_text(json.dumps(doc, indent=2))
    return root


def timed_sync(folder: Path, latency: float, jobs: int, resync: bool) -> tuple[float, float, int]:
    """(first sync seconds, re-sync seconds, re-sync write calls) on a fresh stand-in."""
    with StandinServer(latency=latency) as server:
        client = make_client(region="us-east-1", endpoint_url=server.url, max_pool=jobs + 2)
        start = time.perf_counter()
        sync_registry(load_registry(folder), client=client, jobs=jobs)
        first = time.perf_counter() - start
        if not resync:
            return first, 0.0, 0
        writes = len(server.write_calls())
        start = time.perf_counter()
        report = sync_registry(load_registry(folder), client=client, jobs=jobs)
        again = time.perf_counter() - start
        assert not report.plan.drifted
        return first, again, len(server.write_calls()) - writes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.02, help="seconds per request")
    parser.add_argument("--jobs", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "bench")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "bench")
    # The bench measures sync, not the compat engine; the gate is exercised by the tests.
    sync_module._run_check = lambda registry: CheckGate(True, True)  # type: ignore[attr-defined]
    with tempfile.TemporaryDirectory() as tmp:
        folder = make_folder(Path(tmp), args.events)
        seq, conc, noop, writes = [], [], [], 0
        for _ in range(args.repeat):
            seq.append(timed_sync(folder, args.latency, 1, resync=False)[0])
            first, again, writes = timed_sync(folder, args.latency, args.jobs, resync=True)
            conc.append(first)
            noop.append(again)
    s, c, n = (statistics.median(x) for x in (seq, conc, noop))
    print(
        f"sync of {args.events} event types (2 versions each) to the stand-in, "
        f"artificial latency {args.latency * 1000:.0f} ms per request, median of {args.repeat}"
    )
    print(f"  sequential (1 worker)        {s:8.2f} s")
    print(
        f"  concurrent ({args.jobs} workers)       {c:8.2f} s   ratio {c / s:.2f}x (target <= 0.6x)"
    )
    print(
        f"  no-op re-sync                {n:8.2f} s   ratio {n / c:.2f}x of first sync "
        f"(target <= 0.3x); {writes} write calls"
    )
    raw = {"events": args.events, "latency_ms": args.latency * 1000, "artificial_latency": True}
    for bench, ratio, target, figures in (
        ("sync.concurrent_vs_sequential", c / s, 0.6, {"concurrent_s": c, "sequential_s": s}),
        ("sync.noop_vs_first", n / c, 0.3, {"noop_s": n, "first_s": c, "noop_writes": writes}),
    ):
        line = {"bench": bench, "ratio": round(ratio, 3), "target": target, "better": "lower"}
        print(json.dumps({**line, **raw, **{k: round(v, 3) for k, v in figures.items()}}))


if __name__ == "__main__":
    main()
