"""Benchmark: dispatch of an EventBridge event to its typed handler.

Prints one JSON line per ratio (lower is better), all measured in the same run:

- direct_vs_powertools: `router(event)` for a direct EventBridge event (~1 KB order with a
  nested customer, addresses and line items; the shop's generated OrderPlacedV2) against Powertools `parse(event, model, envelope=
  EventBridgeEnvelope)` with the same data model. Target: at most 0.7. `floor_ratio`: bare
  `model_validate` of the data against the same (no dispatcher does less), same rounds.
- direct_vs_model_validate: the same against bare pydantic `model_validate` of the data dict
  (no envelope, no routing, no handler). Target: at most 1.15.
- sqs10_vs_powertools: an SQS batch of 10 such events through `router(batch)` against
  Powertools `BatchProcessor` + `process_partial_response` parsing each body with
  `parse(..., envelope=EventBridgeEnvelope)`. Reported, no target.

Every side gets the same input form: the event as a parsed dict (what Lambda hands a handler),
or for the bare baseline its `data` dict. Times are CPU time per call (a few thousand calls per
round), the sides interleaved round by round, each figure the median/min/max of the per-round
ratios (bench/_harness.py); no variant keeps its results (so the garbage collector's work is
not part of what is measured).

Run: .venv/bin/python bench/consume.py [--rounds N] [--quick]
"""

from __future__ import annotations

import json
from typing import Any

import _harness
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


def main() -> None:
    args = _harness.parser(__doc__.splitlines()[0], rounds=15).parse_args()
    rounds = _harness.start(args)
    number = 1_000 if args.quick else 5_000
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
        seen[1] = detail.data  # type: ignore[union-attr]  # parse's return type is a union

    def bare() -> None:
        seen[2] = OrderPlacedV2.model_validate(data)

    def ours() -> None:
        router(event, None)

    # Sanity: each variant yields the same typed order.
    ours()
    powertools_direct()
    bare()
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
    direct = _harness.interleave(
        {
            "ours": _harness.cpu(ours, number),
            "powertools": _harness.cpu(powertools_direct, number),
            "bare": _harness.cpu(bare, number),
        },
        rounds,
    )
    batched = _harness.interleave(
        {
            "ours": _harness.cpu(ours_batch, number // 10),
            "powertools": _harness.cpu(powertools_batch, number // 10),
        },
        rounds,
    )
    # No dispatcher can beat validating the data: that is the floor of the Powertools figure.
    floor = round(_harness.paired(direct, "bare", "powertools").median, 3)
    for name, times, den, target, floor_ratio in (
        ("direct_vs_powertools", direct, "powertools", 0.7, floor),
        ("direct_vs_model_validate", direct, "bare", 1.15, None),
        ("sqs10_vs_powertools", batched, "powertools", None, None),
    ):
        _harness.compare(
            f"consume.{name}",
            times,
            "ours",
            den,
            target=target,
            better="lower",
            unit="us",
            floor_ratio=floor_ratio,
            detail_bytes=size,
        )


if __name__ == "__main__":
    main()
