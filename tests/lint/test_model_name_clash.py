"""Two services' events of one name: lint reports the class name codegen would give both
(`model-name-clash`), where it passed before and `eventkit codegen` then refused the registry;
events of one name in different majors get distinct classes and pass both."""

from __future__ import annotations

from pathlib import Path

import pytest
from eventkit_codegen import generate
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_PROBLEMS, CodegenError
from eventkit.lint import lint_registry
from tests.registry._build import build, schema


def test_one_name_and_major_in_two_services_is_a_lint_problem(tmp_path: Path) -> None:
    root = build(
        tmp_path / "reg",
        {
            "orders/Refunded/1.0.0.json": schema(title="Refunded"),
            "payments/Refunded/1.0.0.json": schema(title="Refunded"),
            "payments/Refunded/event.toml": 'detail_type = "Payment \\"Refunded\\""\n',
        },
    )
    report = lint_registry(root)
    assert [(p.code, p.path) for p in report.problems] == [
        ("model-name-clash", "payments/Refunded")
    ]
    assert 'detail_type = "Payment \\"Refunded\\""' in (report.problems[0].hint or "")
    result = CliRunner().invoke(app, ["lint", "--schemas", str(root)])
    assert result.exit_code == EXIT_PROBLEMS
    with pytest.raises(CodegenError):  # what lint now reports first
        generate(root, tmp_path / "events")


def test_one_name_in_different_majors_is_no_problem(tmp_path: Path) -> None:
    root = build(
        tmp_path / "reg",
        {
            "orders/Refunded/1.0.0.json": schema(title="Refunded"),
            "payments/Refunded/2.0.0.json": schema(title="Refunded"),
        },
    )
    assert lint_registry(root).problems == ()
    generate(root, tmp_path / "events")  # RefundedV1 and RefundedV2: no CodegenError
