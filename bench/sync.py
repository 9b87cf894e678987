"""Sync benchmark: `sync_registry` of a synthetic registry to the Schema Registry stand-in.

A synthetic folder of N event types (one major, two versions each, so each type is one
CreateSchema + one UpdateSchema + one TagResource on the first sync) is synced to a fresh
stand-in over HTTP. The stand-in answers on 127.0.0.1 in microseconds, so it is given an
artificial latency per request (--latency, default 20 ms, about an AWS API round trip from within
the Region). The compatibility gate is off (`check_gate=False`): the bench measures sync, and a
no-op re-sync would skip the gate anyway. Loading the folder is included in every timing.

- sync.noop_vs_first: a no-op re-sync of --events types (default 1,000) against the first
  (concurrent) sync that preceded it on the same stand-in. Target: at most 0.1. `floor_ratio`:
  loading the folder plus one request's latency (the least a no-op can do), against the first
  sync, measured in the same rounds.
- sync.concurrent_vs_sequential: the first sync of --concurrency-events types (default 200)
  with --jobs workers against 1 worker, each on a fresh stand-in. Target: at most 0.6.

Sides interleaved, median/min/max of the per-round ratios (bench/_harness.py).
Run: .venv/bin/python bench/sync.py [--rounds N] [--quick] [--events N] [--latency S] [--jobs N]
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import _harness
from eventkit_registry_sync.client import make_client
from eventkit_registry_sync.standin import StandinServer
from eventkit_registry_sync.sync import sync_registry

from eventkit.registry import load_registry


def make_folder(root: Path, events: int) -> Path:
    root.mkdir(parents=True, exist_ok=True)
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


class FirstThenNoop:
    """Two sides sharing one stand-in: `first` syncs to a fresh one, `noop` syncs again to it
    (and checks that nothing was written)."""

    def __init__(self, folder: Path, latency: float, jobs: int) -> None:
        self.folder, self.latency, self.jobs = folder, latency, jobs
        self.server: StandinServer | None = None
        self.client: Any = None
        self.noop_writes: list[int] = []

    def _sync(self) -> float:
        start = time.perf_counter()
        sync_registry(
            load_registry(self.folder), client=self.client, jobs=self.jobs, check_gate=False
        )
        return time.perf_counter() - start

    def first(self) -> float:
        self.server = StandinServer(latency=self.latency).__enter__()
        self.client = make_client(
            region="us-east-1", endpoint_url=self.server.url, max_pool=self.jobs + 2
        )
        return self._sync()

    def noop(self) -> float:
        assert self.server is not None
        writes = len(self.server.write_calls())
        try:
            return self._sync()
        finally:
            self.noop_writes.append(len(self.server.write_calls()) - writes)
            self.server.__exit__(None, None, None)
            self.server = None


def first_sync(folder: Path, latency: float, jobs: int) -> _harness.Side:
    """A side: the first sync of `folder` to a fresh stand-in with `jobs` workers."""

    def side() -> float:
        pair = FirstThenNoop(folder, latency, jobs)
        try:
            return pair.first()
        finally:
            assert pair.server is not None
            pair.server.__exit__(None, None, None)

    return side


def main() -> None:
    parser = _harness.parser(__doc__.splitlines()[0], rounds=5)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--concurrency-events", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.02, help="seconds per request")
    parser.add_argument("--jobs", type=int, default=8)
    args = parser.parse_args()
    rounds = _harness.start(args)
    if args.quick:
        args.events, args.concurrency_events = 200, 50
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "bench")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "bench")
    raw = {"latency_ms": args.latency * 1000, "artificial_latency": True, "jobs": args.jobs}
    with tempfile.TemporaryDirectory() as tmp:
        folder = make_folder(Path(tmp) / "big", args.events)
        pair = FirstThenNoop(folder, args.latency, args.jobs)
        times = _harness.interleave(
            {
                "first": pair.first,
                "noop": pair.noop,
                "load": _harness.wall(lambda: load_registry(folder)),
            },
            rounds,
        )
        assert not any(pair.noop_writes), f"a no-op re-sync wrote: {pair.noop_writes}"
        # The floor of any no-op: load the folder, and one round trip to learn nothing changed.
        times["floor"] = [load + args.latency for load in times["load"]]
        _harness.compare(
            "sync.noop_vs_first",
            times,
            "noop",
            "first",
            target=0.1,
            better="lower",
            floor_ratio=round(_harness.paired(times, "floor", "first").median, 3),
            unit="s",
            events=args.events,
            noop_writes=0,
            **raw,
        )
        small = make_folder(Path(tmp) / "small", args.concurrency_events)
        times = _harness.interleave(
            {
                "concurrent": first_sync(small, args.latency, args.jobs),
                "sequential": first_sync(small, args.latency, 1),
            },
            rounds,
        )
        _harness.compare(
            "sync.concurrent_vs_sequential",
            times,
            "concurrent",
            "sequential",
            target=0.6,
            better="lower",
            unit="s",
            events=args.concurrency_events,
            **raw,
        )


if __name__ == "__main__":
    main()
