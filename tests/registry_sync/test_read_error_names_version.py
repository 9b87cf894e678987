"""A registry version that cannot be read (deleted meanwhile, refused) is named in the error,
not only its schema: pull and sync read every version of a schema one by one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from eventkit_registry_sync.pull import pull_registry
from eventkit_registry_sync.standin import StandinServer
from eventkit_registry_sync.sync import sync_registry

from eventkit.errors import RegistrySyncError
from eventkit.registry import load_registry

NAME = "shop.orders@OrderPlaced-v1"


def test_pull_names_the_registry_version_it_could_not_read(
    folder: Path, client: Any, standin: StandinServer, tmp_path: Path
) -> None:
    sync_registry(load_registry(folder), client=client, check_gate=False)
    into = tmp_path / "pulled"
    into.mkdir()
    (into / "eventkit.toml").write_text((folder / "eventkit.toml").read_text())
    standin.fail("DescribeSchema", after=1, status=403, code="ForbiddenException")
    with pytest.raises(RegistrySyncError) as excinfo:
        pull_registry(into, client=client, registry_name="shop", schemas=[NAME])
    assert f"schema {NAME!r}, registry version 2" in str(excinfo.value)
    assert excinfo.value.aws_code == "ForbiddenException"


def test_sync_names_the_registry_version_it_could_not_read(
    folder: Path, client: Any, standin: StandinServer
) -> None:
    sync_registry(load_registry(folder), client=client, check_gate=False)
    client.update_schema(  # a version added by hand: the tags are stale, content is read
        RegistryName="shop", SchemaName=NAME, Content='{"openapi": "3.0.0"}', Type="OpenApi3"
    )
    standin.fail("DescribeSchema", status=403, code="ForbiddenException")
    with pytest.raises(RegistrySyncError) as excinfo:
        sync_registry(load_registry(folder), client=client, check_gate=False)
    assert f"schema {NAME!r}, registry version 1" in str(excinfo.value)
