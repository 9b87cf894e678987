"""The router with Powertools for AWS Lambda (the optional extra ``eventkit[powertools]``).

eventkit routes and parses; Powertools keeps doing what it does. Nothing here replaces a
Powertools utility, it only plugs the router into them:

- `correlate_logger(router, logger)`: the Powertools `Logger` logs the correlation id (and the
  event id, source, detail-type and version) of the event being handled.
- `router.handle_record` is a record handler for Powertools' `BatchProcessor`;
  `batch_handler(router)` is the whole Lambda handler built from it with
  `process_partial_response`, for those who want Powertools' batch reporting.
- Idempotency: wrap the side effect with `idempotent_function`, keyed on
  `idempotency_key()`, the key the producer kept the same across its retries
  (docs/consuming.md has the example).

Example:
    ```python
    from aws_lambda_powertools import Logger
    from eventkit.routing import Router
    from eventkit.routing.powertools import batch_handler, correlate_logger

    logger = Logger(service="payments")
    router = Router()
    correlate_logger(router, logger)
    handler = batch_handler(router)
    ```
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.logging import Logger
from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    SqsFifoPartialProcessor,
    process_partial_response,
)

from eventkit.context import EventContext, current_event
from eventkit.errors import DispatchError
from eventkit.routing._batch import fifo_batch
from eventkit.routing._router import Router

__all__ = ["batch_handler", "correlate_logger", "idempotency_key"]


def correlate_logger(router: Router, logger: Logger) -> None:
    """Before each handler, give `logger` the event's correlation id and identifying keys."""

    def hook(ctx: EventContext) -> None:
        logger.set_correlation_id(ctx.correlation_id or ctx.event_id)
        logger.append_keys(
            event_id=ctx.event_id,
            event_source=ctx.source,
            event_detail_type=ctx.detail_type,
            event_version=ctx.version,
        )

    router.use(hook)


def batch_handler(
    router: Router, processor: BatchProcessor | None = None
) -> Callable[[dict[str, Any], Any], dict[str, Any]]:
    """A Lambda handler for SQS batches that runs `router` under Powertools' `BatchProcessor`.

    The router's own `router(event, context)` returns the same partial batch response; use
    this one when you want Powertools' processor (its hooks, metrics or FIFO variants).

    Without a `processor`, a batch from a FIFO queue (its records carry `MessageGroupId`) runs
    under `SqsFifoPartialProcessor(skip_group_on_error=True)`: a group stops at its first
    failure and its later messages are reported failed unhandled, while the other groups go
    on, as in the router's own batch processing. Other batches run under `BatchProcessor`.
    A FIFO batch with a record whose group is unknown (no `attributes.MessageGroupId`) runs
    under the router's own batch processing, which holds that record and the records after
    its failure back (Powertools' FIFO processor raises on such a record, or takes it as a
    group of its own and may handle its group out of order).
    """
    standard = processor or BatchProcessor(event_type=EventType.SQS)
    fifo = processor or SqsFifoPartialProcessor(skip_group_on_error=True)

    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        kind = fifo_batch(event.get("Records") if isinstance(event, dict) else None)
        if kind == "fifo-unknown-group" and processor is None:
            return router.process_batch(event, context).response()
        response = process_partial_response(
            event=event,
            record_handler=router.handle_record,
            processor=fifo if kind != "standard" else standard,
            context=context,
        )
        return dict(response)

    return handler


def idempotency_key() -> str:
    """The idempotency key of the event being handled (stable across producer retries).

    Raises:
        DispatchError: called outside a handler, or for a foreign event (which has none;
            use `current_event().event_id`, EventBridge's id, instead).
    """
    ctx = current_event()
    if ctx is None or ctx.idempotency_key is None:
        raise DispatchError(
            "no idempotency key: not inside a handler of a native eventkit event",
            hint="call it from a handler registered with @router.on(...)",
        )
    return ctx.idempotency_key
