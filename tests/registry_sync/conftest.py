"""Fixtures for sync/pull tests: a stand-in Schema Registry on a free port, a boto3 client
talking to it over real HTTP, and a small registry folder to sync."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from eventkit_registry_sync.client import make_client
from eventkit_registry_sync.standin import StandinServer

from tests.registry_sync.sync_helpers import EC2_NAME, EC2_OPENAPI, version_file, write


@pytest.fixture
def standin() -> Iterator[StandinServer]:
    with StandinServer(aws_schemas={EC2_NAME: EC2_OPENAPI.read_text()}) as server:
        yield server


@pytest.fixture(scope="session")
def boto_session() -> Any:
    """One boto3 session for the run: loading botocore's models once keeps tests fast.
    Credentials are resolved per client, after the autouse fixture set the fake ones."""
    import boto3

    return boto3.Session()


@pytest.fixture
def client(standin: StandinServer, boto_session: Any) -> Any:
    return make_client(
        region="us-east-1", endpoint_url=standin.url, max_attempts=4, session=boto_session
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two services, three event types, four majors, six versions."""
    root = tmp_path / "schemas"
    root.mkdir()
    (root / "eventkit.toml").write_text(
        '[registry]\nname = "shop"\nevent_bus = "shop-events"\nsource_prefix = "shop."\n'
    )
    oid = {"order_id": {"type": "string"}}
    write(
        root / "orders/OrderPlaced/1.0.0.json",
        version_file("OrderPlaced", oid, {"order_id": "o-1"}),
    )
    more = {**oid, "note": {"type": "string"}}
    write(
        root / "orders/OrderPlaced/1.1.0.json",
        version_file("OrderPlaced", more, {"order_id": "o-1"}),
    )
    v2 = {"id": {"type": "string"}}
    write(root / "orders/OrderPlaced/2.0.0.json", version_file("OrderPlaced", v2, {"id": "o-1"}))
    write(
        root / "orders/OrderCancelled/1.0.0.json",
        version_file("OrderCancelled", oid, {"order_id": "o-1"}),
    )
    uid = {"user_id": {"type": "string"}, "email": {"type": "string", "format": "email"}}
    write(
        root / "users/UserSignedUp/1.0.0.json",
        version_file("UserSignedUp", uid, {"user_id": "u-1", "email": "a@b.c"}),
    )
    return root
