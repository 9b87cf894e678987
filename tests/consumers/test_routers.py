"""`eventkit lint --routers`: declarations cross-checked against the routers that run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from shop_demo.consumers import build_consumers
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.consumers import handled_by, load_routers, router_problems
from eventkit.errors import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from eventkit.registry import load_registry
from tests._child_cli import cli
from tests.consumers.test_declarations import declare

REPO = Path(__file__).resolve().parents[2]
MOD = "tests.consumers.shop_routers"
runner = CliRunner()


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    root = tmp_path / "schemas"
    shutil.copytree(REPO / "schemas", root)
    return root


def lint(root: Path, *routers: str) -> tuple[int, list[dict[str, object]], str]:
    args = ["lint", "--schemas", str(root), "--format", "json"]
    for spec in routers:
        args += ["--routers", spec]
    result = runner.invoke(app, args)
    if result.exit_code == EXIT_USAGE:
        return result.exit_code, [], result.output
    problems = json.loads(result.stdout)["problems"]
    return result.exit_code, problems, result.output


def test_the_shop_routers_handle_exactly_what_is_declared() -> None:
    registry = load_registry(REPO / "schemas")
    shop = build_consumers()
    assert router_problems(registry, {n: [r] for n, r in shop.routers().items()}) == []
    handled = {h.label: h for h in handled_by(shop.notifications, registry)}
    assert handled["payments/PaymentCaptured@1"].upcast  # major 1 reaches the v2 handler
    assert not handled["payments/PaymentCaptured@2"].upcast


def test_handled_but_undeclared_and_declared_but_unhandled(shop: Path) -> None:
    declare(shop, "payments", "orders/OrderPlaced@1", "orders/OrderCancelled@1")
    code, problems, _ = lint(shop, f"{MOD}:payments")
    assert code == EXIT_PROBLEMS
    found = sorted((str(p["code"]), str(p["path"]), str(p["suggestion"])) for p in problems)
    assert found == [
        ("consumer-undeclared", "payments/service.toml", "orders/OrderPlaced@2"),
        ("consumer-undeclared", "payments/service.toml", "payments/PaymentFailed@1"),
        ("consumer-unhandled", "payments/service.toml", "None"),
        ("consumer-unhandled", "payments/service.toml", "None"),
    ]
    unhandled = sorted(str(p["message"]) for p in problems if p["code"] == "consumer-unhandled")
    assert "orders/OrderCancelled@1" in unhandled[0]
    assert "orders/OrderPlaced@1" in unhandled[1]
    undeclared = [p for p in problems if p["code"] == "consumer-undeclared"]
    assert any("charge" in str(p["message"]) for p in undeclared)  # names the handler


def test_a_truthful_declaration_passes(shop: Path) -> None:
    declare(shop, "payments", "orders/OrderPlaced@2", "payments/PaymentFailed@1")
    assert lint(shop, f"{MOD}:payments")[:2] == (EXIT_OK, [])


def test_only_services_given_a_router_are_compared(shop: Path) -> None:
    # notifications declares five entries, but no notifications router is given.
    declare(shop, "payments", "orders/OrderPlaced@2", "payments/PaymentFailed@1")
    assert lint(shop, f"{MOD}:payments")[0] == EXIT_OK


def test_service_prefix_and_mappings(shop: Path) -> None:
    declare(shop, "users", "users/UserSignedUp@1")
    assert lint(shop, f"users={MOD}:misc")[:2] == (EXIT_OK, [])
    registry = load_registry(shop)
    by_service = load_routers([f"{MOD}:both"], registry)
    assert sorted(by_service) == ["campaigns", "payments"]
    both = load_routers([f"{MOD}:payments", f"payments={MOD}:old_orders"], registry)
    assert len(both["payments"]) == 2  # a service may run several routers


def test_a_router_event_unknown_to_the_registry(shop: Path) -> None:
    shutil.rmtree(shop / "users" / "UserSignedUp")
    problems = lint(shop, f"users={MOD}:misc")[1]
    (problem,) = [p for p in problems if str(p["code"]).startswith("consumer")]
    assert (problem["code"], problem["path"]) == ("consumer-unknown-event", "users")
    assert "shop.users" in str(problem["message"])


@pytest.mark.parametrize(
    "spec",
    [
        f"{MOD}:misc",  # router named after no service
        f"{MOD}:nothing",
        f"{MOD}:not_a_router",
        f"{MOD}:broken",
        "no_such_module_xyz:router",
        "justamodule",
        f"orders={MOD}:both",
    ],
)
def test_a_bad_routers_entry_is_a_usage_error_naming_it(shop: Path, spec: str) -> None:
    code, _, output = lint(shop, spec)
    assert code == EXIT_USAGE
    assert "Traceback" not in output
    assert spec in output


def test_routers_of_a_src_layout_import_without_pythonpath(tmp_path: Path) -> None:
    """`--routers` finds modules in the project's src/ folder, as `eventkit patterns` does: a
    src-layout service names its router the same way in every command."""
    project = tmp_path / "billing"
    package = project / "src" / "ek_src_layout_service"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "handlers.py").write_text(
        "from eventkit import Router\n\nrouter = Router(name='accounts')\n"
    )
    code, _, err = cli("init", str(project), "--package", "p_events", "--no-ci", "--no-pre-commit")
    assert code == EXIT_OK, err
    spec = "ek_src_layout_service.handlers:router"
    assert cli("lint", "--routers", spec, cwd=project)[0] == EXIT_OK
    code, out, err = cli("check", "--consumers", "--routers", spec, cwd=project)
    assert code == EXIT_OK, err
    assert "accounts: -" in out or "accounts/AccountCreated" in out
