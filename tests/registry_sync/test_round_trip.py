"""`sync` -> `pull` -> `sync` is a no-op, for the example shop in both registry formats; pull
reads every version, restores `_shared/` files as references (never overwriting another), and
keeps what it does not understand. All against the stand-in over HTTP."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from eventkit_registry_sync import sync as sync_module
from eventkit_registry_sync.pull import pull_registry
from eventkit_registry_sync.standin import AWS_REGISTRY, StandinServer
from eventkit_registry_sync.sync import CheckGate, sync_registry

from eventkit.errors import PullConflictError, PullNameError
from eventkit.registry import canonical_digest, load_registry
from tests.registry_sync.sync_helpers import version_file, write

SHOP = Path(__file__).resolve().parents[2] / "schemas"
SHOP_TOML = (SHOP / "eventkit.toml").read_text()
FORMATS = ["OpenApi3", "JSONSchemaDraft4"]


@pytest.fixture(autouse=True)
def _gate_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sync_module, "_run_check", lambda registry: CheckGate(True, True))


def fresh(root: Path, toml: str = SHOP_TOML) -> Path:
    root.mkdir(parents=True)
    (root / "eventkit.toml").write_text(toml)
    return root


def json_files(root: Path) -> dict[str, Any]:
    return {
        str(p.relative_to(root)): json.loads(p.read_text())
        for p in sorted(root.rglob("*.json"))
        if p.is_file()
    }


@pytest.mark.parametrize("kind", FORMATS)
def test_sync_pull_sync_of_the_shop_is_a_no_op(
    tmp_path: Path, client: Any, standin: StandinServer, kind: str
) -> None:
    sync_registry(load_registry(SHOP), client=client, schema_type=kind)
    pulled = fresh(tmp_path / "pulled")
    report = pull_registry(pulled, client=client, registry_name="shop")
    assert report.skipped == []
    assert report.problems == []
    # Every version file and every _shared/ file the versions use, as they are in schemas/.
    assert json_files(pulled) == json_files(SHOP)
    standin.calls.clear()
    again = sync_registry(load_registry(pulled), client=client, schema_type=kind)
    assert standin.write_calls() == []
    assert not again.plan.drifted
    assert again.planned["unchanged"] == len(again.plan.actions) > 0
    assert Counter(standin.calls) == Counter({"DescribeRegistry": 1, "ListSchemas": 1})


def test_pulled_shop_with_another_owner_id_is_unchanged_not_a_conflict(
    tmp_path: Path, client: Any, standin: StandinServer
) -> None:
    """Another folder holding the same content: nothing to write and nothing taken over."""
    sync_registry(load_registry(SHOP), client=client)
    pulled = fresh(tmp_path / "pulled", SHOP_TOML + '\n[sync]\nowner = "another-team"\n')
    pull_registry(pulled, client=client, registry_name="shop")
    standin.calls.clear()
    report = sync_registry(load_registry(pulled), client=client, prune=True)
    assert standin.write_calls() == []
    assert report.planned["conflict"] == 0
    assert report.planned["unchanged"] == len(report.plan.actions)
    assert all("another" not in a.reason and "shop/shop." in a.reason for a in report.plan.actions)
    # A real change in that folder is still refused: it is not that folder's schema.
    path = pulled / "orders/OrderPlaced/1.1.0.json"
    doc = json.loads(path.read_text())
    doc["description"] += " Edited."
    path.write_text(json.dumps(doc))
    plan = sync_module.plan_sync(load_registry(pulled), client=client)
    placed = next(a for a in plan.actions if a.schema == "shop.orders@OrderPlaced-v1")
    assert placed.kind == "conflict"


def test_pull_reads_every_version_of_a_foreign_schema(tmp_path: Path) -> None:
    """Registry versions 1, 2, 3 of a schema eventkit did not write: each new structure is the
    next minor; one already in the folder (any version) is not written again."""

    def aws_doc(props: dict[str, Any]) -> str:
        detail = {"type": "object", "properties": props, "x-amazon-extra": {"kept": True}}
        envelope = {
            "type": "object",
            "x-amazon-events-source": "aws.thing",
            "x-amazon-events-detail-type": "Thing Happened",
            "properties": {"detail": {"$ref": "#/components/schemas/ThingHappened"}},
        }
        return json.dumps(
            {
                "openapi": "3.0.0",
                "info": {"title": "T", "version": "1.0.0"},
                "paths": {},
                "components": {"schemas": {"AWSEvent": envelope, "ThingHappened": detail}},
            }
        )

    v1 = aws_doc({"a": {"type": "string"}})
    v2 = aws_doc({"a": {"type": "string"}, "b": {"type": "integer"}})
    with StandinServer() as server:
        for content in (v1, v2, v1):
            server.seed(AWS_REGISTRY, "aws.thing@ThingHappened", content)
        from eventkit_registry_sync.client import make_client

        client = make_client(endpoint_url=server.url, region="us-east-1")
        root = fresh(tmp_path / "f")
        report = pull_registry(root, client=client, registry_name=AWS_REGISTRY)
        folder = "aws_thing/ThingHappened"
        assert sorted(report.written) == [f"{folder}/1.0.0.json", f"{folder}/1.1.0.json"]
        assert report.unchanged == [f"{folder}/1.0.0.json"]  # registry version 3 is version 1
        assert server.calls.count("DescribeSchema") == 3
        first = json.loads((root / folder / "1.0.0.json").read_text())
        second = json.loads((root / folder / "1.1.0.json").read_text())
        assert sorted(first["properties"]) == ["a"]
        assert sorted(second["properties"]) == ["a", "b"]
        assert first["x-amazon-extra"] == {"kept": True}  # AWS-only keywords are kept
        again = pull_registry(root, client=client, registry_name=AWS_REGISTRY)
        assert again.written == []


def test_an_existing_different_shared_file_is_never_overwritten(
    tmp_path: Path, client: Any
) -> None:
    sync_registry(load_registry(SHOP), client=client)
    root = fresh(tmp_path / "pulled")
    mine = {"title": "Money", "type": "string"}
    write(root / "_shared/money.json", mine)
    before = json_files(root)
    with pytest.raises(PullConflictError) as excinfo:
        pull_registry(root, client=client, registry_name="shop")
    assert excinfo.value.code == "pull-conflict"
    assert excinfo.value.path == "_shared/money.json"
    assert "_shared/money.json" in str(excinfo.value)
    assert json_files(root) == before  # nothing written, the file untouched
    assert sorted(p.name for p in root.iterdir()) == ["_shared", "eventkit.toml"]


def _edited_content(client: Any, name: str, edit: Any) -> None:
    got = client.describe_schema(RegistryName="shop", SchemaName=name)
    doc = json.loads(got["Content"])
    edit(doc["x-eventkit"])
    client.update_schema(RegistryName="shop", SchemaName=name, Content=json.dumps(doc))


def test_a_shared_path_leading_out_of_the_folder_is_refused(tmp_path: Path, client: Any) -> None:
    sync_registry(load_registry(SHOP), client=client)

    def evil(marker: dict[str, Any]) -> None:
        marker["files"]["shared"]["_shared/../../evil.json"] = {"type": "string"}

    _edited_content(client, "shop.orders@OrderPlaced-v1", evil)
    root = fresh(tmp_path / "pulled")
    with pytest.raises(PullNameError) as excinfo:
        pull_registry(root, client=client, registry_name="shop")
    assert excinfo.value.schema_name == "shop.orders@OrderPlaced-v1"
    assert "evil.json" in excinfo.value.name
    assert sorted(p.name for p in root.iterdir()) == ["eventkit.toml"]
    assert not (tmp_path / "evil.json").exists()


def test_recorded_files_that_do_not_match_their_digest_are_not_trusted(
    tmp_path: Path, client: Any
) -> None:
    sync_registry(load_registry(SHOP), client=client)

    def tamper(marker: dict[str, Any]) -> None:
        marker["files"]["file"]["properties"]["injected"] = {"type": "string"}

    _edited_content(client, "shop.users@UserEmailVerified-v1", tamper)
    root = fresh(tmp_path / "pulled")
    pull_registry(root, client=client, registry_name="shop")
    pulled = json.loads((root / "users/UserEmailVerified/1.0.0.json").read_text())
    assert "injected" not in pulled["properties"]  # converted back from the document instead


def test_a_document_too_large_with_its_files_is_pushed_without_them(
    folder: Path, tmp_path: Path, client: Any
) -> None:
    """Files double the size; when only that breaks the 100,000-character limit the document
    is pushed without them, and pull converts it back."""
    big = {f"field_{i:04d}": {"type": "string", "description": "x" * 40} for i in range(900)}
    write(folder / "orders/Bulky/1.0.0.json", version_file("Bulky", big, {}))
    sync_registry(load_registry(folder), client=client, schema_type="JSONSchemaDraft4")
    got = client.describe_schema(RegistryName="shop", SchemaName="shop.orders@Bulky-v1")
    marker = json.loads(got["Content"])["x-eventkit"]
    assert "files" not in marker
    small = client.describe_schema(RegistryName="shop", SchemaName="shop.orders@OrderPlaced-v1")
    assert "files" in json.loads(small["Content"])["x-eventkit"]
    root = fresh(tmp_path / "pulled")
    pull_registry(root, client=client, registry_name="shop", lint=False)
    pulled = json.loads((root / "orders/Bulky/1.0.0.json").read_text())
    assert sorted(pulled["properties"]) == sorted(big)
    original = json.loads((folder / "orders/Bulky/1.0.0.json").read_text())
    assert canonical_digest(pulled["properties"]) == canonical_digest(original["properties"])


def test_round_trip_survives_deleting_the_source_folder(tmp_path: Path, client: Any) -> None:
    """The registry alone is enough to rebuild the folder (a lost repository)."""
    copy = tmp_path / "copy"
    shutil.copytree(SHOP, copy)
    sync_registry(load_registry(copy), client=client)
    shutil.rmtree(copy)
    rebuilt = fresh(tmp_path / "rebuilt")
    pull_registry(rebuilt, client=client, registry_name="shop")
    assert json_files(rebuilt) == json_files(SHOP)
