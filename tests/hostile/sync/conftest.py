"""Fixtures every hostile `eventkit sync` test shares: the compatibility gate passes (it has its
own tests), a Schema Registry stand-in served over HTTP, and a boto3 client for it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from eventkit_registry_sync.standin import StandinServer

from tests.hostile.sync.sync_env import gate_passes, new_client


@pytest.fixture(autouse=True)
def _gate(monkeypatch: pytest.MonkeyPatch) -> None:
    gate_passes(monkeypatch)


@pytest.fixture
def server() -> Iterator[StandinServer]:
    with StandinServer() as standin:
        yield standin


@pytest.fixture
def client(server: StandinServer) -> Any:
    return new_client(server)
