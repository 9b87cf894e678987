"""Benchmark: dispatch of an EventBridge event to its typed handler.

Prints one JSON line per ratio (lower is better), all measured in the same run:

- direct_vs_powertools: `router(event)` for a direct EventBridge event (~1 KB order with a
  nested customer, addresses and line items; the shop's generated OrderPlacedV2) against Powertools `parse(event, model, envelope=
  EventBridgeEnvelope)` with the same data model. Target: at most 0.8.
- direct_vs_model_validate: the same against bare pydantic `model_validate` of the data dict
  (no envelope, no routing, no handler). Target: at most 1.3.
- sqs10_vs_powertools: an SQS batch of 10 such events through `router(batch)` against
  Powertools `BatchProcessor` + `process_partial_response` parsing each body with
  `parse(..., envelope=EventBridgeEnvelope)`. Reported, no target.

Times are CPU time per call, best of several interleaved rounds; no variant keeps its
results (so the garbage collector's work is not part of what is measured).

Run: .venv/bin/python bench/consume.py [--quick]
"""

from __future__ import annotations

import json
import sys
import time
import timeit
from typing import Any

from _shop_orders import OrderPlacedV2, order_data
from pydantic import BaseModel

from eventkit.envelope import build_detail, new_metadata
from eventkit.routing import Router, UpcasterRegistry


def make_event() -> dict[str, Any]:
    order = OrderPlacedV2.model_validate(order_data())
    detail = build_detail(order, new_metadata(order, producer="orders-service"))
    return {
        "version": "0",
        "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
        "detail-type": "OrderPlaced",
        "source": "shop.orders",
        "account": "123456789012",
        "time": "2026-11-26T14:00:00Z",
        "region": "eu-west-1",
        "resources": [],
        "detail": detail,
    }


class Metadata(BaseModel):
    event_id: str
    version: str
    occurred_at: str
    producer: str
    correlation_id: str
    causation_id: str | None
    idempotency_key: str
    schema_digest: str | None = None


class OrderDetail(BaseModel):
    """What a Powertools user writes for the same envelope: metadata + the same data model."""

    metadata: Metadata
    data: OrderPlacedV2


def best_of(variants: dict[str, Any], number: int, repeat: int) -> dict[str, float]:
    """CPU seconds per call of each variant: the best of `repeat` rounds, variants
    interleaved within each round. CPU time (not wall time) so that other processes on a
    busy machine do not count; everything measured is single-threaded."""
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(repeat):
        for name, func in variants.items():
            elapsed = timeit.timeit(func, number=number, timer=time.process_time)
            times[name].append(elapsed / number)
    return {name: min(values) for name, values in times.items()}


def main() -> None:
    quick = "--quick" in sys.argv
    number, repeat = (1_000, 10) if quick else (5_000, 20)
    from aws_lambda_powertools.utilities.batch import (
        BatchProcessor,
        EventType,
        process_partial_response,
    )
    from aws_lambda_powertools.utilities.parser import parse
    from aws_lambda_powertools.utilities.parser.envelopes import EventBridgeEnvelope

    event = make_event()
    data = event["detail"]["data"]
    size = len(json.dumps(event["detail"]))
    # Each variant keeps only its last result: retaining every parsed object would make the
    # garbage collector's work part of what is measured, the same for all, and flatter ratios.
    seen: list[Any] = [None, None, None]

    router = Router(upcasters=UpcasterRegistry())

    @router.on(OrderPlacedV2)
    def on_order(order: OrderPlacedV2) -> None:
        seen[0] = order

    def powertools_direct() -> None:
        detail = parse(event=event, model=OrderDetail, envelope=EventBridgeEnvelope)
        seen[1] = detail.data

    def bare() -> None:
        seen[2] = OrderPlacedV2.model_validate(data)

    def ours() -> None:
        router(event, None)

    # Sanity: each variant yields the same typed order.
    ours(), powertools_direct(), bare()
    assert seen[0] == seen[1] == seen[2], "the variants disagree"

    batch = {
        "Records": [
            {
                "messageId": f"m-{i}",
                "receiptHandle": "rh",
                "body": json.dumps(event),
                "attributes": {},
                "messageAttributes": {},
                "eventSource": "aws:sqs",
            }
            for i in range(10)
        ]
    }
    processor = BatchProcessor(event_type=EventType.SQS)

    def record_handler(record: Any) -> None:
        seen[1] = parse(event=record.json_body, model=OrderDetail, envelope=EventBridgeEnvelope)

    def powertools_batch() -> None:
        process_partial_response(batch, record_handler, processor)

    def ours_batch() -> None:
        router(batch, None)

    assert router(batch, None) == {"batchItemFailures": []}
    direct = best_of({"pt": powertools_direct, "bare": bare, "ours": ours}, number, repeat)
    batched = best_of({"pt": powertools_batch, "ours": ours_batch}, number // 10, repeat)
    t_pt, t_bare, t_ours = direct["pt"], direct["bare"], direct["ours"]
    t_pt_batch, t_ours_batch = batched["pt"], batched["ours"]

    def line(name: str, ratio: float, target: float | None, **extra: Any) -> None:
        row: dict[str, Any] = {"bench": f"consume.{name}", "ratio": round(ratio, 3)}
        if target is not None:
            row["target"] = target
            row["better"] = "lower"
            row["ok"] = ratio <= target
        row.update(extra)
        print(json.dumps(row))

    us = 1e6
    line(
        "direct_vs_powertools",
        t_ours / t_pt,
        0.8,
        ours_us=round(t_ours * us, 2),
        baseline_us=round(t_pt * us, 2),
        detail_bytes=size,
    )
    line(
        "direct_vs_model_validate",
        t_ours / t_bare,
        1.3,
        ours_us=round(t_ours * us, 2),
        baseline_us=round(t_bare * us, 2),
    )
    line(
        "sqs10_vs_powertools",
        t_ours_batch / t_pt_batch,
        None,
        ours_us=round(t_ours_batch * us, 2),
        baseline_us=round(t_pt_batch * us, 2),
    )


if __name__ == "__main__":
    main()
