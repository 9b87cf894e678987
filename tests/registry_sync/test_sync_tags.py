"""Sync when `ListSchemas` does not carry tags: AWS does not document that it fills `Tags`
in the listing, so sync reads `ListTagsForResource` for the schemas that could be eventkit's,
and only for those. Run against the stand-in answering each way (full tags, `{}`, absent)."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from eventkit_registry_sync import sync as sync_module
from eventkit_registry_sync.client import make_client
from eventkit_registry_sync.standin import StandinServer
from eventkit_registry_sync.sync import CheckGate, sync_registry

from eventkit.errors import RegistrySyncError
from eventkit.registry import load_registry

SCHEMAS_IN_FOLDER = 4  # the `folder` fixture: OrderPlaced v1 + v2, OrderCancelled, UserSignedUp
OPENAPI = '{"openapi": "3.0.0", "info": {"title": "x", "version": "1"}, "paths": {}}'


@pytest.fixture(autouse=True)
def _gate_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sync_module, "_run_check", lambda registry: CheckGate(True, True))


@pytest.fixture(params=["full", "empty", "absent"])
def server(request: pytest.FixtureRequest) -> Iterator[StandinServer]:
    with StandinServer(list_tags=request.param) as standin:
        yield standin


@pytest.fixture
def tagless_client(server: StandinServer, boto_session: Any) -> Any:
    return make_client(region="us-east-1", endpoint_url=server.url, session=boto_session)


def test_the_listing_answers_as_switched(server: StandinServer, tagless_client: Any) -> None:
    tagless_client.create_registry(RegistryName="r")
    tagless_client.create_schema(
        RegistryName="r", SchemaName="s", Type="OpenApi3", Content=OPENAPI, Tags={"k": "v"}
    )
    item = tagless_client.list_schemas(RegistryName="r")["Schemas"][0]
    expected = {"full": {"k": "v"}, "empty": {}, "absent": None}[server.state.list_tags]
    assert item.get("Tags") == expected
    arn = item["SchemaArn"]
    assert tagless_client.list_tags_for_resource(ResourceArn=arn)["Tags"] == {"k": "v"}


def test_a_second_sync_is_a_no_op_whatever_the_listing_carries(
    folder: Path, server: StandinServer, tagless_client: Any
) -> None:
    sync_registry(load_registry(folder), client=tagless_client)
    server.calls.clear()
    report = sync_registry(load_registry(folder), client=tagless_client)
    assert report.planned["unchanged"] == SCHEMAS_IN_FOLDER
    assert not report.plan.drifted
    assert server.write_calls() == []
    reads = Counter(server.calls)
    # Tags read once per eventkit schema only when the listing lacks them; content never.
    tag_reads = 0 if server.state.list_tags == "full" else SCHEMAS_IN_FOLDER
    assert (
        reads
        == Counter({"DescribeRegistry": 1, "ListSchemas": 1, "ListTagsForResource": tag_reads})
        - Counter()
    )  # drop zero counts


def test_ownership_holds_without_listed_tags(
    folder: Path, server: StandinServer, tagless_client: Any
) -> None:
    """A schema of this folder's name that eventkit did not write is still a conflict, and
    schemas whose names eventkit never uses cost no extra call."""
    tagless_client.create_registry(RegistryName="shop")
    for name in ("shop.orders@OrderCancelled-v1", "not-eventkits", "aws.ec2@SomethingElse"):
        tagless_client.create_schema(
            RegistryName="shop", SchemaName=name, Type="OpenApi3", Content=OPENAPI
        )
    server.calls.clear()
    with pytest.raises(RegistrySyncError) as excinfo:
        sync_registry(load_registry(folder), client=tagless_client)
    assert "shop.orders@OrderCancelled-v1" in str(excinfo.value)
    assert server.write_calls() == []
    # Tagless in every mode, so looked up; the names eventkit never writes are not.
    assert server.calls.count("ListTagsForResource") == 1


def test_prune_finds_its_own_schemas_without_listed_tags(
    folder: Path, server: StandinServer, tagless_client: Any
) -> None:
    sync_registry(load_registry(folder), client=tagless_client)
    shutil.rmtree(folder / "users")
    report = sync_registry(load_registry(folder), client=tagless_client, prune=True)
    assert report.planned["delete"] == 1
    names = [s["SchemaName"] for s in tagless_client.list_schemas(RegistryName="shop")["Schemas"]]
    assert "shop.users@UserSignedUp-v1" not in names
