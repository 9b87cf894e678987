"""pytest fixtures for services that publish with eventkit.

Enable with ``pytest_plugins = ["eventkit.testing.pytest_plugin"]`` in a conftest.py.

- `eventbridge`: a fresh `InMemoryEventBridge` with the default bus.
- `event_bus`: an `EventBus("default")` on it, producer "test", retries without waiting.
- `moto_server`: one `MotoServer` for the whole session (started on first use, stopped
  by its process id at the end); call `.reset()` for a clean slate.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from eventkit.publishing import EventBus, RetryPolicy
from eventkit.testing._moto import MotoServer
from eventkit.transports.memory import InMemoryEventBridge, InMemoryTransport

__all__ = ["event_bus", "eventbridge", "moto_server"]


@pytest.fixture
def eventbridge() -> InMemoryEventBridge:
    """A fresh in-memory EventBridge (default bus only)."""
    return InMemoryEventBridge()


@pytest.fixture
def event_bus(eventbridge: InMemoryEventBridge) -> Iterator[EventBus]:
    """An EventBus on the in-memory EventBridge's default bus; retries do not sleep."""
    bus = EventBus(
        "default",
        transport=InMemoryTransport(eventbridge),
        producer="test",
        retry=RetryPolicy(jitter=False, sleep=lambda _seconds: None),
    )
    yield bus
    bus.close()


@pytest.fixture(scope="session")
def moto_server() -> Iterator[MotoServer]:
    """A moto_server on 127.0.0.1 and a free port, shared by the test session."""
    with MotoServer() as server:
        yield server
