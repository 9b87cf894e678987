"""Publishing benchmarks: eventkit's EventBus against a fair raw-boto3 baseline, same run.

The baseline is what a careful user writes without eventkit: the same typed pydantic events
(the shop's 1.2 KB `OrderPlacedV2`), each serialised with `model_dump_json()` as the entry's
Detail, sent 10 entries per `put_events` call by a client with the same botocore settings
(parameter validation, retries) as eventkit's. So every figure is what eventkit adds: its
envelope and metadata, ids, size accounting, chunking and per-entry results.

1. publish.client_overhead_vs_raw_boto3: `publish_batch` of N events against the baseline,
   the network replaced by a canned PutEvents answer at botocore's `before-send` (CPU only).
   Ratio eventkit time / raw time. Target: at most 1.15. `floor_ratio`: the raw baseline
   sending what eventkit sends, with nothing of eventkit's own work: each Detail is the data
   serialised as eventkit must (by alias, unset fields left out, a type error raised) inside
   one fixed metadata object of the same length (no id, no size check, no results kept).
2. Against a local moto_server, speed relative to the raw baseline sent sequentially (raw time /
   eventkit time, higher is better): publish.moto_concurrent_vs_raw_sequential (eventkit with
   --workers threads; target at least 1.4) and publish.moto_sequential_vs_raw (target 0.9).
   The concurrent figure gives `floor_ratio`: the raw baseline itself sent by --workers threads
   against it sent sequentially, the most any client gets from this server (it runs on the same
   cores and handles one request at a time under its GIL).

Sides interleaved, median/min/max of the per-round ratios (bench/_harness.py).
Run: .venv/bin/python bench/publish.py [--rounds N] [--quick] [--events N] [--workers N] [--no-moto]
"""

from __future__ import annotations

import json
import os
from typing import Any

import _harness
from _shop_orders import OrderPlacedV2, orders

from eventkit.publishing import EventBus
from eventkit.transports import EventBridgeTransport

BUS = "bench-bus"

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
        count = len(json.loads(request.body)["Entries"])
        body = json.dumps(
            {"FailedEntryCount": 0, "Entries": [{"EventId": f"e-{i}"} for i in range(count)]}
        ).encode()
        headers = {"Content-Type": "application/x-amz-json-1.1", "Content-Length": str(len(body))}
        return AWSResponse(request.url, 200, headers, _Raw(body))  # type: ignore[arg-type]  # any mapping

    client.meta.events.register("before-send.events.PutEvents", before_send)


# -- the fair baseline -------------------------------------------------------------------


def _session() -> Any:
    import boto3

    return boto3.session.Session(
        aws_access_key_id="bench", aws_secret_access_key="bench", region_name="us-east-1"
    )


def validates_parameters(client: Any) -> bool:
    """Whether botocore validates each call's parameters on `client`. The client's
    `meta.config.parameter_validation` does not say (botocore rebuilds that Config without
    it); the serializer does: validation wraps it in a ParamValidationDecorator."""
    from botocore.validate import ParamValidationDecorator

    return isinstance(client._serializer, ParamValidationDecorator)


def raw_client(transport: EventBridgeTransport, endpoint_url: str | None = None) -> Any:
    """A plain boto3 client with the botocore settings eventkit's client uses."""
    from botocore.config import Config

    validation = validates_parameters(transport.client)
    retries = transport.client.meta.config.retries  # type: ignore[attr-defined]  # set by botocore
    config = Config(parameter_validation=validation, retries=retries)
    client = _session().client("events", endpoint_url=endpoint_url, config=config)
    assert validates_parameters(client) == validation
    return client


def raw_put(client: Any, events: list[OrderPlacedV2]) -> None:
    """What a user writes with boto3 alone: model_dump_json as Detail, 10 entries a call."""
    contract = OrderPlacedV2.__contract__
    for i in range(0, len(events), 10):
        entries = [
            {
                "Source": contract.source,
                "DetailType": contract.detail_type,
                "Detail": event.model_dump_json(),
                "EventBusName": BUS,
            }
            for event in events[i : i + 10]
        ]
        response = client.put_events(Entries=entries)
        assert response["FailedEntryCount"] == 0


def floor_put(client: Any, events: list[OrderPlacedV2], metadata: str) -> None:
    """`raw_put` sending eventkit's Detail: its data serialisation, a ready metadata text."""
    contract = OrderPlacedV2.__contract__
    for i in range(0, len(events), 10):
        entries = [
            {
                "Source": contract.source,
                "DetailType": contract.detail_type,
                "Detail": '{"metadata":'
                + metadata
                + ',"data":'
                + event.model_dump_json(by_alias=True, exclude_unset=True, warnings="error")
                + "}",
                "EventBusName": BUS,
            }
            for event in events[i : i + 10]
        ]
        response = client.put_events(Entries=entries)
        assert response["FailedEntryCount"] == 0


def raw_put_concurrent(client: Any, events: list[OrderPlacedV2], pool: Any) -> None:
    """The baseline with the same concurrency as eventkit's: its requests shared by `pool`."""
    parts = [events[i : i + 10] for i in range(0, len(events), 10)]
    for _ in pool.map(lambda part: raw_put(client, part), parts):
        pass


# -- the figures -------------------------------------------------------------------------


def client_overhead(n: int, rounds: int) -> None:
    transport = EventBridgeTransport(session=_session())  # eventkit: its default client
    install_canned_putevents(transport.client)
    client = raw_client(transport)
    install_canned_putevents(client)
    bus = EventBus(BUS, transport=transport, producer="bench")
    events = orders(n)
    metadata = json.loads(bus.publish_batch(events[:1]).delivered[0].prepared.entry["Detail"])
    metadata_text = json.dumps(metadata["metadata"], separators=(",", ":"), ensure_ascii=False)
    times = _harness.interleave(
        {
            "eventkit": _harness.wall(lambda: bus.publish_batch(events)),
            "raw": _harness.wall(lambda: raw_put(client, events)),
            "floor": _harness.wall(lambda: floor_put(client, events, metadata_text)),
        },
        rounds,
    )
    _harness.compare(
        "publish.client_overhead_vs_raw_boto3",
        times,
        "eventkit",
        "raw",
        target=1.15,
        better="lower",
        events=n,
        parameter_validation=validates_parameters(client),
        floor_ratio=round(_harness.paired(times, "floor", "raw").median, 3),
    )


def against_moto(n: int, rounds: int, workers: int) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from eventkit.testing import MotoServer

    with MotoServer() as moto, ThreadPoolExecutor(workers) as pool:
        moto.client("events").create_event_bus(Name=BUS)
        transport = EventBridgeTransport(session=_session(), endpoint_url=moto.url)
        client = raw_client(transport, endpoint_url=moto.url)
        bus = EventBus(BUS, transport=transport, producer="bench")
        events = orders(n)
        times = _harness.interleave(
            {
                "raw": _harness.wall(lambda: raw_put(client, events)),
                "eventkit": _harness.wall(lambda: bus.publish_batch(events)),
                "concurrent": _harness.wall(lambda: bus.publish_batch(events, max_workers=workers)),
                "raw_concurrent": _harness.wall(lambda: raw_put_concurrent(client, events, pool)),
            },
            rounds,
        )
        bus.close()
    _harness.compare(
        "publish.moto_concurrent_vs_raw_sequential",
        times,
        "raw",
        "concurrent",
        target=1.4,
        better="higher",
        events=n,
        workers=workers,
        floor_ratio=round(_harness.paired(times, "raw", "raw_concurrent").median, 3),
    )
    _harness.compare(
        "publish.moto_sequential_vs_raw",
        times,
        "raw",
        "eventkit",
        target=0.9,
        better="higher",
        events=n,
    )


def main() -> None:
    parser = _harness.parser(__doc__, rounds=15)
    parser.add_argument("--events", type=int, default=1000)
    # moto_server and this client share the machine's CPUs: more threads than CPUs only adds
    # GIL and scheduling contention.
    parser.add_argument("--workers", type=int, default=max(2, min(4, os.cpu_count() or 2)))
    parser.add_argument("--no-moto", action="store_true", help="skip the moto_server part")
    args = parser.parse_args()
    rounds = _harness.start(args)
    events = min(args.events, 200) if args.quick else args.events
    client_overhead(events, rounds)
    if not args.no_moto:
        against_moto(events, max(_harness.MIN_ROUNDS, rounds // 2), args.workers)


if __name__ == "__main__":
    main()
