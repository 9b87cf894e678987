"""Test helpers that ship with eventkit: test your services the way eventkit tests itself.

- `InMemoryEventBridge` + `eventkit.transports.InMemoryTransport`: PutEvents with AWS's
  limits and per-entry errors, rules with real event patterns, failure injection, and
  typed assertions (`bridge.assert_published(OrderPlacedV1(...))`); both live in the runtime
  module `eventkit.transports.memory`, re-exported here.
- `MotoServer`, `provision_bus`, `receive_events`: a real local EventBridge + SQS.
- `build(Model, **overrides)`: a valid instance of any generated model (the registry's
  example, else values drawn from its constraints), and the Lambda inputs that carry it:
  `eventbridge_event`, `sqs_batch` / `sqs_record`, `sns_sqs_record`, `lambda_context`,
  `put_events_entry`.
- `activate(bridge)` / `active_bridge()`: the in-memory EventBridge that buses created
  without a transport send to under ``EVENTKIT_TRANSPORT=memory`` (and in pytest).
- pytest fixtures (`eventbridge`, `event_bus`, `eventkit_bus_name`, `moto_server`): loaded
  by pytest from eventkit's ``pytest11`` entry point, no conftest.py needed.

Importing this package does not import pytest or boto3.
"""

from __future__ import annotations

from eventkit.testing._moto import MotoServer, RuleQueue, free_port, provision_bus, receive_events
from eventkit.testing.builders import build, example_data, use_registry
from eventkit.testing.lambda_events import (
    LambdaContext,
    eventbridge_event,
    lambda_context,
    put_events_entry,
    sns_sqs_record,
    sqs_batch,
    sqs_record,
)
from eventkit.transports.memory import (
    Delivery,
    InMemoryEventBridge,
    PutRecord,
    Rule,
    assert_not_published,
    assert_published,
    published,
    published_with_metadata,
)
from eventkit.transports.selection import activate, active_bridge

__all__ = [
    "Delivery",
    "InMemoryEventBridge",
    "LambdaContext",
    "MotoServer",
    "PutRecord",
    "Rule",
    "RuleQueue",
    "activate",
    "active_bridge",
    "assert_not_published",
    "assert_published",
    "build",
    "eventbridge_event",
    "example_data",
    "free_port",
    "lambda_context",
    "provision_bus",
    "published",
    "published_with_metadata",
    "put_events_entry",
    "receive_events",
    "sns_sqs_record",
    "sqs_batch",
    "sqs_record",
    "use_registry",
]
