"""Test helpers that ship with eventkit: test your services the way eventkit tests itself.

- `InMemoryEventBridge` + `eventkit.transports.InMemoryTransport`: PutEvents with AWS's
  limits and per-entry errors, rules with real event patterns, failure injection, and
  typed assertions (`bridge.assert_published(OrderPlacedV1(...))`); both live in the runtime
  module `eventkit.transports.memory`, re-exported here.
- `MotoServer`, `provision_bus`, `receive_events`: a real local EventBridge + SQS.
- pytest fixtures: add ``pytest_plugins = ["eventkit.testing.pytest_plugin"]`` to your
  conftest.py (fixtures `eventbridge`, `event_bus`, `moto_server`).

Importing this package does not import pytest or boto3.
"""

from __future__ import annotations

from eventkit.testing._moto import MotoServer, RuleQueue, free_port, provision_bus, receive_events
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

__all__ = [
    "Delivery",
    "InMemoryEventBridge",
    "MotoServer",
    "PutRecord",
    "Rule",
    "RuleQueue",
    "assert_not_published",
    "assert_published",
    "free_port",
    "provision_bus",
    "published",
    "published_with_metadata",
    "receive_events",
]
