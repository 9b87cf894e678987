"""Fixtures shared by the publishing tests."""

from __future__ import annotations

import pytest

from eventkit.testing import InMemoryEventBridge


@pytest.fixture
def bridge() -> InMemoryEventBridge:
    """An in-memory EventBridge with the bus `shop-events` (modules may define their own)."""
    bridge = InMemoryEventBridge()
    bridge.create_event_bus("shop-events")
    return bridge
