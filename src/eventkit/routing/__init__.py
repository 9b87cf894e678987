"""Consuming events: typed handlers, Lambda input (direct EventBridge or SQS batches),
upcasting between major versions, and the rule patterns for the infrastructure.

Example:
    ```python
    from eventkit.routing import Router, upcaster

    router = Router()

    @router.on(OrderPlacedV2)
    def charge(order: OrderPlacedV2) -> None: ...

    @upcaster(OrderPlacedV1, OrderPlacedV2)
    def order_v1_to_v2(old: OrderPlacedV1) -> OrderPlacedV2: ...

    handler = router                 # the Lambda handler
    patterns = router.event_patterns()  # for CDK / SAM / Serverless
    ```

Powertools glue (an optional extra) lives in `eventkit.routing.powertools`.
"""

from eventkit.routing._batch import BatchResult, Outcome
from eventkit.routing._drain import DrainResult, Undeleted, drain
from eventkit.routing._router import Router, UnhandledPolicy
from eventkit.routing._upcast import Upcaster, UpcasterRegistry, upcaster, upcasters

# Kept: docs/consuming.md documents this older name of `drain` for users who call it.
consume_from_queue = drain

__all__ = [
    "BatchResult",
    "DrainResult",
    "Outcome",
    "Router",
    "Undeleted",
    "UnhandledPolicy",
    "Upcaster",
    "UpcasterRegistry",
    "consume_from_queue",
    "drain",
    "upcaster",
    "upcasters",
]
