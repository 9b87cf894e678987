"""pytest fixtures for services that publish with eventkit.

Registered through the ``pytest11`` entry point: installing eventkit makes them available in
every test session, with no conftest.py. (An explicit
``pytest_plugins = ["eventkit.testing.pytest_plugin"]`` still works: the entry point has the
module's name, so pytest loads it once.)

For the session, buses created without a transport use the in-memory EventBridge
(`eventkit.transports.selection`), so a service's module-level ``EventBus`` never reaches AWS
from a test. Every test gets a fresh bridge, active for that test.

- `eventbridge`: the test's `InMemoryEventBridge`: the ``default`` bus and the registry's.
- `event_bus`: an `EventBus` on it, on the registry's bus, producer "test", retries
  without waiting.
- `eventkit_bus_name`: that bus name: ini ``eventkit_event_bus``, else ``[registry]
  event_bus`` of ``<rootdir>/<eventkit_schemas>/eventkit.toml``, else ``default``.
- `moto_server`: one `MotoServer` for the whole session (started on first use, stopped
  by its process id at the end); call `.reset()` for a clean slate.

ini options (``[tool.pytest.ini_options]``): ``eventkit_schemas`` (the registry folder,
default ``schemas``; `eventkit.testing.build` reads its examples), ``eventkit_event_bus``, ``eventkit_transport`` (``memory``, the
default, or ``eventbridge``; the ``EVENTKIT_TRANSPORT`` environment variable wins).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from eventkit.publishing import EventBus, RetryPolicy
from eventkit.testing._moto import MotoServer
from eventkit.testing.builders import use_registry
from eventkit.transports.memory import InMemoryEventBridge, InMemoryTransport
from eventkit.transports.selection import (
    ENVIRONMENT_VARIABLE,
    TransportKind,
    activate,
    default_transport_kind,
    set_default_transport,
)

__all__ = ["event_bus", "eventbridge", "eventkit_bus_name", "moto_server"]

_PREVIOUS = pytest.StashKey[TransportKind]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "eventkit_schemas",
        "eventkit: the registry folder (its eventkit.toml names the fixtures' bus)",
        default="schemas",
    )
    parser.addini(
        "eventkit_event_bus",
        "eventkit: the bus of the event_bus fixture (default: [registry] event_bus)",
        default="",
    )
    parser.addini(
        "eventkit_transport",
        "eventkit: transport of buses created without one: memory (default) or eventbridge",
        default="memory",
    )


def pytest_configure(config: pytest.Config) -> None:
    kind = str(config.getini("eventkit_transport") or "memory")
    previous = set_default_transport(kind)  # refuses an unknown kind, naming it
    config.stash[_PREVIOUS] = previous
    if os.environ.get(ENVIRONMENT_VARIABLE):  # the environment wins: refuse a bad one now
        default_transport_kind()
    schemas = _schemas(config)
    if (schemas / "eventkit.toml").is_file():
        use_registry(schemas)  # build() reads the examples of this registry
    elif str(config.getini("eventkit_schemas") or "schemas") != "schemas":
        # A folder named on purpose that holds no registry (a typo, a path from another
        # folder) would leave the fixtures on `default` and build() without examples.
        raise pytest.UsageError(
            f"ini eventkit_schemas = {config.getini('eventkit_schemas')!r}: {schemas} holds no "
            f"eventkit.toml; name the registry folder, relative to the rootdir {config.rootpath}"
        )


def pytest_unconfigure(config: pytest.Config) -> None:
    previous = config.stash.get(_PREVIOUS, None)
    if previous is not None:
        set_default_transport(previous)
        use_registry(None)


def _schemas(config: pytest.Config) -> Path:
    return Path(config.rootpath) / str(config.getini("eventkit_schemas") or "schemas")


def _registry_bus(config: pytest.Config) -> str:
    configured = str(config.getini("eventkit_event_bus") or "")
    if configured:
        return configured
    schemas = _schemas(config)
    if not (schemas / "eventkit.toml").is_file():
        return "default"
    from eventkit.registry import read_registry_config

    return read_registry_config(schemas).event_bus  # a broken file is an error, not "default"


@pytest.fixture(scope="session")
def eventkit_bus_name(pytestconfig: pytest.Config) -> str:
    """The bus of `event_bus` (and created on every test's `eventbridge`)."""
    return _registry_bus(pytestconfig)


@pytest.fixture(autouse=True)
def _eventkit_active_bridge(eventkit_bus_name: str) -> Iterator[InMemoryEventBridge]:
    """A fresh in-memory EventBridge per test, where buses without a transport publish."""
    bridge = InMemoryEventBridge()
    bridge.create_event_bus(eventkit_bus_name)
    with activate(bridge):
        yield bridge


@pytest.fixture
def eventbridge(_eventkit_active_bridge: InMemoryEventBridge) -> InMemoryEventBridge:
    """The test's in-memory EventBridge: the `default` bus and the registry's."""
    return _eventkit_active_bridge


@pytest.fixture
def event_bus(eventbridge: InMemoryEventBridge, eventkit_bus_name: str) -> Iterator[EventBus]:
    """An EventBus on the in-memory EventBridge's registry bus; retries do not sleep."""
    bus = EventBus(
        eventkit_bus_name,
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
