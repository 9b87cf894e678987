"""`eventkit sync --prune` deletes only what this registry folder created (issue 11, item 5).

Every schema eventkit writes is tagged with the folder's owner id (`[sync] owner`, else
`[registry] name` + `/` + `source_prefix`); folders sharing one AWS registry never prune each
other's schemas, and the plan says what it leaves alone and why. Stand-in over HTTP.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from eventkit_registry_sync.standin import StandinServer
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_USAGE, RegistrySyncError
from tests.hostile.sync.sync_env import make_folder, run

OWNER_TAG = "eventkit:owner"


def _names(client: Any, registry: str = "shared") -> set[str]:
    return {s["SchemaName"] for s in client.list_schemas(RegistryName=registry)["Schemas"]}


def _tags(client: Any, name: str, registry: str = "shared") -> dict[str, str]:
    got = client.describe_schema(RegistryName=registry, SchemaName=name)
    return dict(got["Tags"])


def _drop(folder: Path, event: str) -> None:
    shutil.rmtree(folder / event)
    service = (folder / event).parent
    if not any(service.iterdir()):
        service.rmdir()


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    return make_folder(
        tmp_path / "shop",
        name="shop",
        prefix="shop.",
        events={"orders/OrderPlaced": ["1.0.0"], "orders/OrderCancelled": ["1.0.0"]},
    )


@pytest.fixture
def billing(tmp_path: Path) -> Path:
    return make_folder(
        tmp_path / "billing",
        name="billing",
        prefix="billing.",
        events={"invoices/InvoiceSent": ["1.0.0", "1.1.0"], "invoices/InvoicePaid": ["1.0.0"]},
    )


def test_two_folders_sharing_a_registry_never_prune_each_other(
    shop: Path, billing: Path, client: Any
) -> None:
    run(shop, client, registry_name="shared", prune=True)
    run(billing, client, registry_name="shared", prune=True)
    everything = {
        "shop.orders@OrderPlaced-v1",
        "shop.orders@OrderCancelled-v1",
        "billing.invoices@InvoiceSent-v1",
        "billing.invoices@InvoicePaid-v1",
    }
    assert _names(client) == everything
    report = run(shop, client, registry_name="shared", prune=True)
    assert _names(client) == everything
    assert report.plan.counts["delete"] == 0
    # the plan lists what it leaves alone, and why
    assert [(s, r) for s, r in report.plan.left_alone] == [
        (name, "managed by eventkit for another registry folder: billing/billing.")
        for name in ("billing.invoices@InvoicePaid-v1", "billing.invoices@InvoiceSent-v1")
    ]
    assert _tags(client, "shop.orders@OrderPlaced-v1")[OWNER_TAG] == "shop/shop."
    assert _tags(client, "billing.invoices@InvoiceSent-v1")[OWNER_TAG] == "billing/billing."
    # a folder prunes what it dropped, and only that
    _drop(shop, "orders/OrderCancelled")
    report = run(shop, client, registry_name="shared", prune=True)
    assert [a.schema for a in report.plan.actions if a.kind == "delete"] == [
        "shop.orders@OrderCancelled-v1"
    ]
    assert _names(client) == everything - {"shop.orders@OrderCancelled-v1"}
    _drop(billing, "invoices/InvoicePaid")
    run(billing, client, registry_name="shared", prune=True)
    assert _names(client) == {"shop.orders@OrderPlaced-v1", "billing.invoices@InvoiceSent-v1"}


def test_folders_with_the_same_name_are_told_apart_by_sync_owner(
    tmp_path: Path, client: Any
) -> None:
    one = make_folder(
        tmp_path / "one",
        name="shared",
        prefix="",
        events={"orders/OrderPlaced": ["1.0.0"]},
        extra_toml='[sync]\nowner = "team-orders"\n',
    )
    two = make_folder(
        tmp_path / "two",
        name="shared",
        prefix="",
        events={"payments/PaymentTaken": ["1.0.0"]},
        extra_toml='[sync]\nowner = "team-payments"\n',
    )
    run(one, client, prune=True)
    run(two, client, prune=True)
    run(one, client, prune=True)
    assert _names(client) == {"orders@OrderPlaced-v1", "payments@PaymentTaken-v1"}
    assert _tags(client, "payments@PaymentTaken-v1")[OWNER_TAG] == "team-payments"


def test_the_owner_id_is_the_same_in_another_clone_of_the_folder(
    shop: Path, client: Any, server: StandinServer, tmp_path: Path
) -> None:
    run(shop, client, registry_name="shared")
    clone = shutil.copytree(shop, tmp_path / "ci-runner" / "checkout" / "schemas")
    writes = len(server.write_calls())
    report = run(clone, client, registry_name="shared", prune=True)
    assert not report.plan.drifted
    assert server.write_calls()[writes:] == []


def test_a_schema_another_folder_owns_is_never_taken_over(
    shop: Path, client: Any, server: StandinServer, tmp_path: Path
) -> None:
    run(shop, client, registry_name="shared")
    rival = make_folder(
        tmp_path / "rival",
        name="shared",
        prefix="shop.",
        events={"orders/OrderPlaced": ["1.0.0", "1.1.0"]},
    )
    writes = len(server.write_calls())
    with pytest.raises(RegistrySyncError) as excinfo:
        run(rival, client)
    assert excinfo.value.code == "registry-sync"
    assert "shop.orders@OrderPlaced-v1" in excinfo.value.message
    assert server.write_calls()[writes:] == []
    plan = run(rival, client, dry_run=True).plan
    (action,) = [a for a in plan.actions if a.schema == "shop.orders@OrderPlaced-v1"]
    assert action.kind == "conflict"
    assert "another registry folder: shop/shop." in action.reason


def test_legacy_schemas_without_an_owner_tag(
    shop: Path, client: Any, server: StandinServer
) -> None:
    """Written by an eventkit before owner tags: adopted when this folder still defines that
    event, never pruned otherwise (the plan says how to adopt it)."""
    run(shop, client, registry_name="shared")
    for name in ("shop.orders@OrderPlaced-v1", "shop.orders@OrderCancelled-v1"):
        arn = client.describe_schema(RegistryName="shared", SchemaName=name)["SchemaArn"]
        client.untag_resource(ResourceArn=arn, TagKeys=[OWNER_TAG])
    _drop(shop, "orders/OrderCancelled")
    report = run(shop, client, registry_name="shared", prune=True)
    assert "shop.orders@OrderCancelled-v1" in _names(client)  # not pruned
    ((schema, reason),) = report.plan.left_alone
    assert schema == "shop.orders@OrderCancelled-v1"
    assert "no eventkit:owner tag" in reason
    assert "eventkit:owner=shop/shop." in reason
    (adopted,) = [a for a in report.plan.actions if a.schema == "shop.orders@OrderPlaced-v1"]
    assert adopted.kind == "update"
    assert adopted.pushes == ()
    assert _tags(client, "shop.orders@OrderPlaced-v1")[OWNER_TAG] == "shop/shop."
    assert not run(shop, client, registry_name="shared").plan.drifted


def test_prune_plan_text_lists_what_it_leaves_alone(
    shop: Path, billing: Path, client: Any, server: StandinServer
) -> None:
    run(shop, client, registry_name="shared")
    run(billing, client, registry_name="shared")
    args = ["sync", "--schemas", str(shop), "--registry", "shared", "--prune", "--dry-run"]
    result = CliRunner().invoke(app, [*args, "--endpoint-url", server.url, "--region", "us-east-1"])
    assert result.exit_code == 0
    line = next(x for x in result.stdout.splitlines() if "billing.invoices@InvoiceSent-v1" in x)
    assert line.split()[0] == "leave"
    assert "another registry folder: billing/billing." in line


@pytest.mark.parametrize("value", ['"two words"', '""', "42", '"' + "x" * 129 + '"', '"a*b"'])
def test_a_bad_sync_owner_is_a_usage_error(shop: Path, server: StandinServer, value: str) -> None:
    toml = shop / "eventkit.toml"
    toml.write_text(toml.read_text() + f"[sync]\nowner = {value}\n")
    args = ["sync", "--schemas", str(shop), "--endpoint-url", server.url, "--region", "us-east-1"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == EXIT_USAGE
    assert "eventkit.toml" in result.stderr
    # the config check (wrong type) or the owner rule (bad value) names the key
    assert "[sync] owner" in result.stderr or "sync.owner" in result.stderr
    assert "Traceback" not in result.stderr
    assert server.calls == []
