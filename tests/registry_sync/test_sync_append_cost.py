"""Adding a version to a schema whose tags prove what it holds reads no version's content
(issue: one DescribeSchema per existing version, 30 reads to add the 31st); the immutability
checks of decision 0011 still see every case where the tags do not prove it."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from eventkit_registry_sync import sync as sync_module
from eventkit_registry_sync.standin import StandinServer
from eventkit_registry_sync.sync import CheckGate, SyncReport, sync_registry

from eventkit.errors import ReleasedVersionChangedError
from eventkit.registry import load_registry
from tests.registry_sync.sync_helpers import version_file, write

NAME = "shop.orders@OrderPlaced-v1"


@pytest.fixture(autouse=True)
def _gate_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sync_module, "_run_check", lambda registry: CheckGate(True, True))


def _add(folder: Path, minor: int, note: str = "") -> None:
    props = {"order_id": {"type": "string"}, **{f"f{i}": {"type": "string"} for i in range(minor)}}
    if note:
        props["order_id"] = {"type": "string", "description": note}
    write(
        folder / f"orders/OrderPlaced/1.{minor}.0.json",
        version_file("OrderPlaced", props, {"order_id": "o-1"}),
    )


def _run(folder: Path, client: Any, **kw: Any) -> SyncReport:
    return sync_registry(load_registry(folder), client=client, **kw)


def _held(client: Any) -> list[str]:
    listed = client.list_schema_versions(RegistryName="shop", SchemaName=NAME)["SchemaVersions"]
    out = []
    for v in sorted(listed, key=lambda v: int(v["SchemaVersion"])):
        got = client.describe_schema(
            RegistryName="shop", SchemaName=NAME, SchemaVersion=v["SchemaVersion"]
        )
        out.append(json.loads(got["Content"])["x-eventkit"]["version"])
    return out


def test_adding_one_version_to_thirty_reads_no_content(
    folder: Path, client: Any, standin: StandinServer
) -> None:
    for minor in range(2, 30):  # the fixture has 1.0.0 and 1.1.0
        _add(folder, minor)
    _run(folder, client)
    _add(folder, 30)
    before = len(standin.calls)
    report = _run(folder, client)
    calls = Counter(standin.calls[before:])
    assert calls == {
        "DescribeRegistry": 1,
        "ListSchemas": 1,
        "ListSchemaVersions": 1,
        "UpdateSchema": 1,
        "TagResource": 1,
    }
    assert [a.kind for a in report.plan.actions if a.schema == NAME] == ["update"]
    assert _held(client)[-2:] == ["1.29.0", "1.30.0"]
    assert len(_held(client)) == 31
    before = len(standin.calls)  # and the tags it wrote make the next run a no-op
    assert not _run(folder, client).plan.drifted
    assert standin.calls[before:] == ["DescribeRegistry", "ListSchemas"]


def test_adding_several_versions_pushes_them_in_order(folder: Path, client: Any) -> None:
    _run(folder, client)
    _add(folder, 2)
    _add(folder, 3)
    report = _run(folder, client)
    action = next(a for a in report.plan.actions if a.schema == NAME)
    assert [v.semver for v in action.pushes] == ["1.2.0", "1.3.0"]
    assert _held(client) == ["1.0.0", "1.1.0", "1.2.0", "1.3.0"]


def test_a_changed_released_version_next_to_an_added_one_is_still_refused(
    folder: Path, client: Any, standin: StandinServer
) -> None:
    _run(folder, client)
    _add(folder, 1, note="edited after release")  # 1.1.0 changes meaning
    _add(folder, 2)
    writes = len(standin.write_calls())
    with pytest.raises(ReleasedVersionChangedError):
        _run(folder, client)
    assert len(standin.write_calls()) == writes


def test_a_version_kept_without_prune_and_readded_with_another_meaning_is_refused(
    folder: Path, client: Any, standin: StandinServer
) -> None:
    """The registry keeps 1.2.0 when the folder drops it (no --prune); the tags then record
    the folder's 1.0.0, 1.1.0 only, so a new 1.2.0 looks like an appended version: the kept
    one must be read and the change refused."""
    _add(folder, 2)
    _run(folder, client)
    (folder / "orders/OrderPlaced/1.2.0.json").unlink()
    _run(folder, client)
    _add(folder, 2, note="another 1.2.0")
    writes = len(standin.write_calls())
    with pytest.raises(ReleasedVersionChangedError):
        _run(folder, client)
    assert len(standin.write_calls()) == writes


def test_a_version_replaced_by_hand_is_read_before_one_is_added(
    folder: Path, client: Any, standin: StandinServer
) -> None:
    """Count and tags as before, LastModified moved: the contents are read again, and the
    folder's 1.1.0 is pushed back before the added 1.2.0."""
    _run(folder, client)
    client.delete_schema_version(RegistryName="shop", SchemaName=NAME, SchemaVersion="2")
    hand_made = {"openapi": "3.0.0", "info": {"title": "x", "version": "1"}, "paths": {}}
    client.update_schema(
        RegistryName="shop", SchemaName=NAME, Type="OpenApi3", Content=json.dumps(hand_made)
    )
    _add(folder, 2)
    before = len(standin.calls)
    report = _run(folder, client)
    assert "DescribeSchema" in standin.calls[before:]
    action = next(a for a in report.plan.actions if a.schema == NAME)
    assert [v.semver for v in action.pushes] == ["1.1.0", "1.2.0"]
