"""What a no-op re-sync costs (issue 16): it compares canonical JSON only, so no version's
content is rendered; what is pushed is still the same text, and the content limit still
drops `x-eventkit.files` (or refuses) exactly where it did. Timestamps are read as botocore
reads them, without dateutil for ISO 8601 text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from botocore.utils import parse_timestamp
from eventkit_registry_sync import client as client_module
from eventkit_registry_sync import desired as desired_module
from eventkit_registry_sync import sync as sync_module
from eventkit_registry_sync.client import make_client
from eventkit_registry_sync.desired import CONTENT_LIMIT
from eventkit_registry_sync.standin import StandinServer
from eventkit_registry_sync.sync import CheckGate, SyncReport, sync_registry

from eventkit.registry import load_registry
from tests.registry_sync.sync_helpers import version_file, write


@pytest.fixture(autouse=True)
def _gate_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sync_module, "_run_check", lambda registry: CheckGate(True, True))


def run(folder: Path, client: Any) -> SyncReport:
    return sync_registry(load_registry(folder), client=client)


def _count_renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    rendered: list[str] = []
    real = desired_module.render

    def counting(doc: Any, *, name: str) -> str:
        rendered.append(name)
        return real(doc, name=name)

    monkeypatch.setattr(desired_module, "render", counting)
    return rendered


def _content(client: Any, name: str) -> str:
    return str(client.describe_schema(RegistryName="shop", SchemaName=name)["Content"])


def test_a_no_op_resync_renders_no_content(
    folder: Path, client: Any, standin: StandinServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(folder, client)
    writes = len(standin.write_calls())
    rendered = _count_renders(monkeypatch)
    report = run(folder, client)
    assert report.planned["unchanged"] == 4
    assert len(standin.write_calls()) == writes
    assert rendered == []


def test_a_change_renders_and_pushes_only_what_it_writes(
    folder: Path, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(folder, client)
    more = {"order_id": {"type": "string"}, "note": {"type": "string"}, "at": {"type": "string"}}
    write(
        folder / "orders/OrderPlaced/1.2.0.json",
        version_file("OrderPlaced", more, {"order_id": "o-1"}),
    )
    rendered = _count_renders(monkeypatch)
    report = run(folder, client)
    assert report.planned["update"] == 1
    assert len(rendered) == 1
    assert "OrderPlaced/1.2.0.json" in rendered[0]
    text = _content(client, "shop.orders@OrderPlaced-v1")
    doc = json.loads(text)
    assert doc["x-eventkit"]["version"] == "1.2.0"
    assert text == json.dumps(doc, indent=2, ensure_ascii=False)  # pretty, as always


def test_files_too_large_to_carry_are_dropped_and_a_resync_is_a_no_op(
    folder: Path, client: Any, standin: StandinServer
) -> None:
    # The shared file fits once (in the bundled schema) but not twice (x-eventkit.files too).
    big = {"type": "object", "description": "x" * int(CONTENT_LIMIT * 0.6)}
    write(folder / "_shared/big.json", big)
    props = {"user_id": {"type": "string"}, "blob": {"$ref": "../../_shared/big.json"}}
    write(
        folder / "users/UserSignedUp/1.1.0.json",
        version_file("UserSignedUp", props, {"user_id": "u-1"}),
    )
    run(folder, client)
    text = _content(client, "shop.users@UserSignedUp-v1")
    assert len(text) <= CONTENT_LIMIT
    doc = json.loads(text)
    assert doc["x-eventkit"]["version"] == "1.1.0"
    assert "files" not in doc["x-eventkit"]
    writes = len(standin.write_calls())
    assert run(folder, client).planned["unchanged"] == 4
    assert len(standin.write_calls()) == writes


@pytest.mark.parametrize(
    "value",
    [
        "2026-12-06T04:28:04.123000+00:00",
        "2026-12-06T04:28:04Z",
        "2026-12-06T06:28:04+02:00",
        "2026-12-06T04:28:04",  # no zone: botocore's own parser decides
        "Sun, 06 Dec 2026 04:28:04 GMT",
        1796531284,
        "1796531284.5",
    ],
)
def test_timestamps_read_as_botocore_reads_them(value: Any) -> None:
    ours, theirs = client_module._timestamp(value), parse_timestamp(value)
    assert ours == theirs
    assert (ours.tzinfo is None) == (theirs.tzinfo is None)


def test_a_client_of_its_own_session_reads_last_modified(standin: StandinServer) -> None:
    client = make_client(region="us-east-1", endpoint_url=standin.url)
    client.create_registry(RegistryName="shop")
    client.create_schema(RegistryName="shop", SchemaName="s", Type="JSONSchemaDraft4", Content="{}")
    listed = client.list_schemas(RegistryName="shop")["Schemas"][0]
    assert listed["LastModified"].tzinfo is not None
