"""`eventkit check --against registry:NAME`: the folder against what a Schema Registry holds
(the stand-in over HTTP), with the findings, formats and exit codes of `--against REF`."""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from eventkit_registry_sync import sync_registry
from eventkit_registry_sync.client import make_client
from eventkit_registry_sync.standin import StandinServer
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_BREAKING, EXIT_OK, EXIT_USAGE
from eventkit.registry import load_registry

SHOP = Path(__file__).resolve().parents[2] / "schemas"
runner = CliRunner()


@pytest.fixture
def temp_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where `tempfile` creates folders during the test (to prove they are removed)."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    folder = tmp_path / "schemas"
    shutil.copytree(SHOP, folder)
    return folder


@pytest.fixture
def client(standin: StandinServer, boto_session: Any) -> Any:
    return make_client(
        region="us-east-1", endpoint_url=standin.url, max_attempts=2, session=boto_session
    )


@pytest.fixture
def synced(shop: Path, client: Any) -> Path:
    sync_registry(load_registry(shop), client=client, check_gate=False)
    return shop


def check(
    folder: Path, standin: StandinServer | str, *args: str, registry: str = "shop"
) -> tuple[int, str, str]:
    url = standin if isinstance(standin, str) else standin.url
    result = runner.invoke(
        app,
        [
            "check",
            "--schemas",
            str(folder),
            "--against",
            f"registry:{registry}",
            "--endpoint-url",
            url,
            "--region",
            "us-east-1",
            *args,
        ],
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def edit(path: Path, change: Any) -> None:
    doc = json.loads(path.read_text())
    change(doc)
    path.write_text(json.dumps(doc, indent=2) + "\n")


def test_the_synced_shop_matches_the_registry(
    synced: Path, standin: StandinServer, temp_root: Path
) -> None:
    code, out, err = check(synced, standin)
    assert code == EXIT_OK, out + err
    assert "against registry:shop" in out
    code, out, _ = check(synced, standin, "--format", "json")
    assert code == EXIT_OK
    doc = json.loads(out)
    assert (doc["ok"], doc["against"], doc["findings"]) == (True, "registry:shop", [])
    assert list(temp_root.iterdir()) == []  # the materialised registry is gone
    assert standin.write_calls()  # (the sync wrote; the checks above only read)
    writes = len(standin.write_calls())
    check(synced, standin)
    assert len(standin.write_calls()) == writes


def test_an_edited_released_version_fails(synced: Path, standin: StandinServer) -> None:
    edit(
        synced / "orders/OrderPlaced/1.0.0.json",
        lambda d: d["properties"]["order_id"].update(maxLength=10),
    )
    code, out, _ = check(synced, standin, "--format", "json")
    assert code == EXIT_BREAKING
    found = {(f["rule"], f["event"], f["version"]) for f in json.loads(out)["findings"]}
    assert ("VERSION_EDITED", "orders/OrderPlaced", "1.0.0") in found
    code, out, _ = check(synced, standin, "--format", "github")
    assert code == EXIT_BREAKING
    assert "title=VERSION_EDITED" in out
    assert "orders/OrderPlaced/1.0.0.json" in out


def test_a_shared_file_that_changes_a_released_meaning_fails(
    synced: Path, standin: StandinServer
) -> None:
    """The registry's `_shared/` files are restored, so the resolved-meaning rule applies."""
    edit(
        synced / "_shared/money.json",
        lambda d: d["properties"]["currency"].update(pattern="^[A-Z]{2}$"),
    )
    code, out, _ = check(synced, standin, "--format", "json")
    assert code == EXIT_BREAKING
    findings = json.loads(out)["findings"]
    assert {f["rule"] for f in findings} == {"RELEASED_MEANING_CHANGED"}
    assert any("orders/OrderPlaced@1.1.0" in f.get("affected", []) for f in findings)


def test_a_version_deleted_from_the_folder_is_a_finding(
    synced: Path, standin: StandinServer
) -> None:
    (synced / "users/UserSignedUp/1.1.0.json").unlink()
    code, out, _ = check(synced, standin, "--format", "json")
    assert code == EXIT_BREAKING
    (finding,) = json.loads(out)["findings"]
    assert (finding["rule"], finding["event"], finding["version"]) == (
        "VERSION_DELETED",
        "users/UserSignedUp",
        "1.1.0",
    )
    assert finding["file"] == "users/UserSignedUp/1.1.0.json"


def test_a_version_only_in_the_folder_is_new_and_noted(
    synced: Path, standin: StandinServer
) -> None:
    shutil.copyfile(
        synced / "users/UserSignedUp/1.1.0.json", synced / "users/UserSignedUp/1.1.1.json"
    )
    code, out, err = check(synced, standin)
    assert code == EXIT_OK, out + err
    assert "users/UserSignedUp/1.1.1.json" in err
    assert "new to registry shop" in err
    code, out, _ = check(synced, standin, "--format", "github")
    assert code == EXIT_OK
    assert "::notice" in out
    assert "users/UserSignedUp/1.1.1.json" in out


def test_schemas_of_other_folders_and_tools_are_left_out(
    synced: Path, standin: StandinServer, client: Any, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    shutil.copytree(SHOP, other)
    toml = other / "eventkit.toml"
    toml.write_text(toml.read_text().replace('source_prefix = "shop."', 'source_prefix = "team."'))
    sync_registry(load_registry(other), client=client, check_gate=False)
    client.create_schema(
        RegistryName="shop",
        SchemaName="handmade@Thing",
        Type="JSONSchemaDraft4",
        Content=json.dumps({"type": "object"}),
    )
    (synced / "orders/OrderPlaced/2.0.0.json").unlink()  # ours: still found missing
    code, out, err = check(synced, standin, "--format", "json")
    assert code == EXIT_BREAKING
    findings = json.loads(out)["findings"]
    assert [(f["rule"], f["event"], f["version"]) for f in findings] == [
        ("VERSION_DELETED", "orders/OrderPlaced", "2.0.0")
    ]
    assert "handmade@Thing" in err
    assert "not written by eventkit" in err
    assert "team.orders@OrderPlaced-v1" in err
    assert "another registry folder (shop/team.)" in err


def test_a_registry_that_does_not_exist_is_a_usage_error(
    shop: Path, standin: StandinServer, temp_root: Path
) -> None:
    code, out, err = check(shop, standin, registry="no-such-registry")
    assert code == EXIT_USAGE
    assert "'no-such-registry' does not exist" in err
    assert "Traceback" not in out + err
    assert list(temp_root.iterdir()) == []


def test_an_unreachable_endpoint_is_a_usage_error(shop: Path) -> None:
    started = time.monotonic()
    code, out, err = check(shop, "http://127.0.0.1:9")
    assert code == EXIT_USAGE
    assert "does not answer" in err
    assert "Traceback" not in out + err
    assert time.monotonic() - started < 30


@pytest.mark.parametrize(
    "args",
    [
        ["--against", "registry:"],
        ["--against", "main", "--endpoint-url", "http://127.0.0.1:9"],
        ["--region", "us-east-1"],
        ["--profile", "dev"],
        ["--against", "registry:bad name!", "--endpoint-url", "http://127.0.0.1:9"],
    ],
)
def test_bad_combinations_are_usage_errors(shop: Path, args: list[str]) -> None:
    result = runner.invoke(app, ["check", "--schemas", str(shop), *args])
    assert result.exit_code == EXIT_USAGE, result.output
    assert "Traceback" not in result.output


def test_a_hostile_registry_path_is_refused_and_nothing_is_left(
    synced: Path, standin: StandinServer, client: Any, temp_root: Path, tmp_path: Path
) -> None:
    """A schema tagged as ours whose recorded event points out of the folder."""
    got = client.describe_schema(RegistryName="shop", SchemaName="shop.orders@OrderPlaced-v1")
    doc = json.loads(got["Content"])
    doc["x-eventkit"]["event"] = "../../escaped/OrderPlaced"
    doc["x-eventkit"].pop("files", None)
    tags = client.list_tags_for_resource(ResourceArn=got["SchemaArn"])["Tags"]
    client.create_schema(
        RegistryName="shop",
        SchemaName="shop.orders@Evil-v1",
        Type=got["Type"],
        Content=json.dumps(doc),
        Tags=tags,
    )
    code, out, err = check(synced, standin)
    assert code == EXIT_USAGE
    assert "shop.orders@Evil-v1" in err
    assert "Traceback" not in out + err
    assert list(temp_root.iterdir()) == []
    assert not (tmp_path / "escaped").exists()
