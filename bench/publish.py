"""Publishing benchmarks: eventkit's EventBus against raw boto3 put_events, same run.

1. Client-side overhead: `publish_batch` of N typed events through EventBridgeTransport,
   with the network replaced by a canned PutEvents response at botocore's `before-send`
   event, against raw `put_events` of the same entries pre-serialized (10 per call) with
   the same hook. Target: ratio (eventkit time / raw time) <= 1.25.
2. Against a local moto_server: events/s of `publish_batch` vs raw 10-entry calls
   (target >= 0.9x), and with concurrency on (target >= 1.3x the raw sequential figure).

Usage: .venv/bin/python bench/publish.py [--events 1000] [--repeat 7] [--workers 4] [--no-moto]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

from _shop_orders import OrderPlacedV2, orders

from eventkit.publishing import EventBus
from eventkit.transports import EventBridgeTransport

# -- canned network ----------------------------------------------------------------------


class _Raw:
    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: Any) -> Any:
        yield self._body


def install_canned_putevents(client: Any) -> None:
    """Answer every PutEvents at `before-send` with success for each entry (no network)."""
    from botocore.awsrequest import AWSResponse

    def before_send(request: Any, **_: Any) -> AWSResponse:
        count = json.loads(request.body)["Entries"].__len__()
        body = json.dumps(
            {"FailedEntryCount": 0, "Entries": [{"EventId": f"e-{i}"} for i in range(count)]}
        ).encode()
        headers = {"Content-Type": "application/x-amz-json-1.1", "Content-Length": str(len(body))}
        return AWSResponse(request.url, 200, headers, _Raw(body))

    client.meta.events.register("before-send.events.PutEvents", before_send)


def raw_entries(bus: EventBus, events: list[OrderPlacedV2]) -> list[dict[str, Any]]:
    """The same entries eventkit sends, built once up front (the raw baseline's input)."""
    return [dict(bus.prepare(e).entry) for e in events]


def raw_put(client: Any, entries: list[dict[str, Any]]) -> None:
    for i in range(0, len(entries), 10):
        response = client.put_events(Entries=entries[i : i + 10])
        assert response["FailedEntryCount"] == 0


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def interleaved(
    a: Callable[[], object], b: Callable[[], object], repeat: int
) -> tuple[float, float, float]:
    """Run `a` and `b` alternately `repeat` times (after one warm-up each).

    Returns the best seconds of each and the median of the per-round ratios a/b: on a
    shared, noisy machine the two runs of one round see the same load, so the median
    paired ratio is the steadiest figure (the best times are printed for reference).
    """
    a()
    b()
    ta, tb = [], []
    for _ in range(repeat):
        ta.append(timed(a))
        tb.append(timed(b))
    return min(ta), min(tb), statistics.median(x / y for x, y in zip(ta, tb, strict=True))


def _session() -> Any:
    import boto3

    return boto3.session.Session(
        aws_access_key_id="bench", aws_secret_access_key="bench", region_name="us-east-1"
    )


def client_overhead(n: int, repeat: int) -> float:
    session = _session()
    client = session.client("events")  # raw boto3: a default client
    install_canned_putevents(client)
    transport = EventBridgeTransport(session=session)  # eventkit: its default client
    install_canned_putevents(transport.client)
    bus = EventBus("bench-bus", transport=transport, producer="bench")
    shared = EventBus("bench-bus", transport=EventBridgeTransport(client=client), producer="bench")
    events = orders(n)
    entries = raw_entries(bus, events)
    t_kit, t_raw, ratio = interleaved(
        lambda: bus.publish_batch(events), lambda: raw_put(client, entries), repeat
    )
    _, _, ratio_shared = interleaved(
        lambda: shared.publish_batch(events), lambda: raw_put(client, entries), repeat
    )
    print(
        f"client-side overhead ({n} events, canned response at before-send, {repeat} rounds):\n"
        f"  eventkit publish_batch {t_kit * 1000:8.1f} ms best  ({n / t_kit:,.0f} events/s)\n"
        f"  raw boto3 put_events   {t_raw * 1000:8.1f} ms best  ({n / t_raw:,.0f} events/s)\n"
        f"  ratio eventkit/raw     {ratio:8.3f} (median of rounds; target <= 1.25: "
        f"{'OK' if ratio <= 1.25 else 'MISSED'})\n"
        f"  (info) raw client injected, botocore parameter validation on: ratio {ratio_shared:.3f}"
    )
    emit(
        "publish.client_overhead_vs_raw_boto3",
        ratio,
        1.25,
        "lower",
        events=n,
        eventkit_ms=round(t_kit * 1000, 2),
        raw_ms=round(t_raw * 1000, 2),
        ratio_with_injected_raw_client=round(ratio_shared, 3),
    )
    return ratio


def against_moto(n: int, repeat: int, workers: int) -> tuple[float, float]:
    from eventkit.testing import MotoServer

    with MotoServer() as moto:
        client = moto.client("events")
        client.create_event_bus(Name="bench-bus")
        transport = EventBridgeTransport(session=_session(), endpoint_url=moto.url)
        bus = EventBus("bench-bus", transport=transport, producer="bench")
        events = orders(n)
        entries = raw_entries(bus, events)
        t_kit, t_raw, ratio = interleaved(
            lambda: bus.publish_batch(events), lambda: raw_put(client, entries), repeat
        )
        t_conc, _, ratio_conc = interleaved(
            lambda: bus.publish_batch(events, max_workers=workers),
            lambda: raw_put(client, entries),
            repeat,
        )
        bus.close()
    seq, conc = 1 / ratio, 1 / ratio_conc
    print(
        f"against moto_server ({n} events, {repeat} rounds; speed relative to raw = median of rounds):\n"
        f"  raw boto3 10-entry calls      {n / t_raw:8,.0f} events/s (best)\n"
        f"  eventkit publish_batch        {n / t_kit:8,.0f} events/s (best)  {seq:.2f}x raw "
        f"(target >= 0.9: {'OK' if seq >= 0.9 else 'MISSED'})\n"
        f"  eventkit, {workers} workers           {n / t_conc:8,.0f} events/s (best)  {conc:.2f}x raw "
        f"(target >= 1.3: {'OK' if conc >= 1.3 else 'MISSED'})"
    )
    raw_eps, kit_eps, conc_eps = round(n / t_raw), round(n / t_kit), round(n / t_conc)
    emit(
        "publish.moto_sequential_vs_raw",
        seq,
        0.9,
        "higher",
        raw_events_per_s=raw_eps,
        eventkit_events_per_s=kit_eps,
    )
    emit(
        "publish.moto_concurrent_vs_raw_sequential",
        conc,
        1.3,
        "higher",
        workers=workers,
        raw_events_per_s=raw_eps,
        eventkit_events_per_s=conc_eps,
    )
    return seq, conc


def emit(bench: str, ratio: float, target: float, better: str, **raw: object) -> None:
    """The bench convention: one JSON line per ratio, raw figures included."""
    line = {"bench": bench, "ratio": round(ratio, 3), "target": target, "better": better, **raw}
    print(json.dumps(line))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=21)
    # moto_server and this client share the machine's CPUs: more threads than CPUs only adds
    # GIL and scheduling contention (on 2 CPUs: 2 workers ~1.4x, 4 workers ~1.2x).
    parser.add_argument("--workers", type=int, default=max(2, min(4, os.cpu_count() or 2)))
    parser.add_argument("--no-moto", action="store_true", help="skip the moto_server part")
    args = parser.parse_args()
    client_overhead(args.events, args.repeat)
    if not args.no_moto:
        against_moto(args.events, max(5, args.repeat // 3), args.workers)


if __name__ == "__main__":
    main()
