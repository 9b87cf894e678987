"""`consumes` in service.toml: validated by `eventkit lint`, indexed by event and major."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.consumers import ConsumerIndex, parse_declaration
from eventkit.errors import EXIT_OK, EXIT_PROBLEMS
from eventkit.lint import lint_registry
from eventkit.registry import Problem, load_registry

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    root = tmp_path / "schemas"
    shutil.copytree(REPO / "schemas", root)
    return root


def declare(root: Path, service: str, *entries: str) -> None:
    path = root / service / "service.toml"
    text = path.read_text(encoding="utf-8").split("\n# What this service", 1)[0]
    quoted = ", ".join(f'"{e}"' for e in entries)
    path.write_text(f"{text.rstrip()}\nconsumes = [{quoted}]\n", encoding="utf-8")


def consumer_problems(root: Path) -> list[Problem]:
    return [p for p in lint_registry(root).problems if p.code.startswith("consume")]


def test_the_shop_declares_its_consumers_and_lints_clean() -> None:
    registry = load_registry(REPO / "schemas")
    index = ConsumerIndex.of(registry)
    assert index.consumers("orders/OrderPlaced", 1) == ("payments",)
    assert index.consumers("payments/PaymentCaptured", 2) == ("notifications", "orders")
    assert index.consumers("aws_s3/ObjectCreated", 1) == ("uploads",)
    assert index.dangling == ()
    assert not consumer_problems(REPO / "schemas")


def test_consumes_is_parsed_as_event_and_major() -> None:
    assert parse_declaration("orders/OrderPlaced@2") == ("orders/OrderPlaced", 2)
    for bad in ("orders/OrderPlaced", "orders/OrderPlaced@2.0.0", "OrderPlaced@2", "a/b@01", ""):
        assert parse_declaration(bad) is None, bad


@pytest.mark.parametrize(
    ("entry", "code", "suggestion"),
    [
        ("orders/OrderPlacd@1", "consumes-unknown-event", "orders/OrderPlaced@1"),
        ("payments/OrderPlaced@1", "consumes-unknown-event", "orders/OrderPlaced@1"),
        ("orders/OrderPlaced@3", "consumes-unknown-major", "orders/OrderPlaced@2"),
        ("orders/OrderPlaced@2.0.0", "consumes-invalid", "orders/OrderPlaced@2"),
        ("OrderPlaced@1", "consumes-invalid", "orders/OrderPlaced@1"),
        ("whatever", "consumes-invalid", None),
    ],
)
def test_a_wrong_declaration_is_a_lint_error_with_did_you_mean(
    shop: Path, entry: str, code: str, suggestion: str | None
) -> None:
    declare(shop, "users", entry)
    (problem,) = consumer_problems(shop)
    assert (problem.code, problem.path, problem.pointer) == (
        code,
        "users/service.toml",
        "/consumes/0",
    )
    assert problem.suggestion == suggestion
    assert problem.line == 3  # the line of the entry in the file
    assert entry in problem.message
    assert problem.hint
    result = runner.invoke(app, ["lint", "--schemas", str(shop)])
    assert result.exit_code == EXIT_PROBLEMS
    assert f"users/service.toml:3: {code}" in result.stdout


def test_a_repeated_declaration_is_reported_once(shop: Path) -> None:
    declare(shop, "users", "orders/OrderPlaced@1", "orders/OrderPlaced@1")
    (problem,) = consumer_problems(shop)
    assert (problem.code, problem.pointer) == ("consumes-duplicate", "/consumes/1")
    assert ConsumerIndex.of(load_registry(shop)).consumers("orders/OrderPlaced", 1) == (
        "payments",
        "users",
    )


def test_consumes_must_be_an_array_of_strings_and_is_service_only(shop: Path) -> None:
    (shop / "users" / "service.toml").write_text('consumes = "orders/OrderPlaced@1"\n')
    (shop / "orders" / "OrderPlaced" / "event.toml").write_text('consumes = ["x/Y@1"]\n')
    found = {(p.path, p.code, p.pointer) for p in lint_registry(shop).problems}
    assert ("users/service.toml", "config-invalid", "/consumes") in found
    assert ("orders/OrderPlaced/event.toml", "config-invalid", "/consumes") in found
    result = runner.invoke(app, ["lint", "--schemas", str(shop)])
    assert result.exit_code == EXIT_PROBLEMS
    assert "Traceback" not in result.output


def test_an_event_deleted_while_declared_is_dangling(shop: Path) -> None:
    shutil.rmtree(shop / "users" / "UserEmailVerified")
    index = ConsumerIndex.of(load_registry(shop))
    assert [(d.consumer, d.label) for d in index.dangling] == [
        ("campaigns", "users/UserEmailVerified@1")
    ]
    (problem,) = consumer_problems(shop)
    assert (problem.code, problem.path) == ("consumes-unknown-event", "campaigns/service.toml")


def test_lint_of_the_shop_with_its_real_routers_is_clean() -> None:
    result = runner.invoke(
        app,
        [
            "lint",
            "--schemas",
            str(REPO / "schemas"),
            "--routers",
            "shop_demo.consumers:build_consumers",
        ],
    )
    assert result.exit_code == EXIT_OK, result.output
