"""A failure-injection pattern (`fail_entries(match=...)`, `duplicate_deliveries(match=...)`)
is matched against the event as a rule sees it: a pattern on `account`, `region`, `version`
or `time` matched a rule but never the injection, whose event had none of them."""

from __future__ import annotations

import json
from typing import Any

import pytest

from eventkit.testing import InMemoryEventBridge

ENTRY = {
    "Source": "shop.orders",
    "DetailType": "OrderPlaced",
    "Detail": json.dumps({"order_id": "o-1"}),
    "Time": "2026-03-01T10:00:00Z",
}
PATTERNS: list[dict[str, Any]] = [
    {"account": ["123456789012"], "source": ["shop.orders"]},
    {"region": ["us-east-1"]},
    {"version": ["0"], "detail": {"order_id": ["o-1"]}},
    {"time": [{"prefix": "2026-03-01"}]},
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_an_injected_failure_matches_what_a_rule_matches(pattern: dict[str, Any]) -> None:
    bridge = InMemoryEventBridge()
    bridge.put_rule("same", pattern)
    bridge.put_events([ENTRY])
    assert len(bridge.rule("same").deliveries) == 1  # the rule matches this event
    bridge.fail_entries("AccessDeniedException", times=None, match=pattern)
    (result,) = bridge.put_events([ENTRY]).entries
    assert result.error_code == "AccessDeniedException"
    assert len(bridge.rule("same").deliveries) == 1


@pytest.mark.parametrize("pattern", PATTERNS)
def test_a_duplicate_delivery_matches_what_a_rule_matches(pattern: dict[str, Any]) -> None:
    bridge = InMemoryEventBridge()
    bridge.put_rule("same", pattern)
    bridge.duplicate_deliveries(match=pattern)
    bridge.put_events([ENTRY])
    assert len(bridge.rule("same").deliveries) == 2
