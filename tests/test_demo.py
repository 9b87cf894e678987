"""The quick-start demo, end to end through the CLI (it starts its own moto_server and Schema
Registry stand-in), and its refusal to go on when a stage fails."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_BREAKING, EXIT_PROBLEMS

REPO = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.mark.slow
def test_demo_runs_every_stage_and_the_table_adds_up() -> None:
    result = runner.invoke(app, ["demo", "--schemas", str(REPO / "schemas")])
    assert result.exit_code == 0, result.output
    out = result.output
    for stage in (
        "[1/6] lint",
        "[2/6] check",
        "[3/6] codegen",
        "[4/6] sync",
        "[5/6] publish",
        "[6/6] consume",
    ):
        assert stage in out
    assert "(0 write calls)" in out  # the second sync is a no-op
    total = next(line for line in out.splitlines() if line.startswith("total"))
    expected, delivered, handled, ignored, failed = (int(x) for x in total.split()[1:])
    assert expected == delivered == handled + ignored + failed
    assert failed == 1  # the poisoned message, alone
    assert delivered > 15
    # The demo publishes the event catalog and says where to open it.
    opened = next(line for line in out.splitlines() if line.startswith("catalog:"))
    index = Path(unquote(urlparse(opened.split("open ", 1)[1]).path))
    assert index.name == "index.html"
    assert (index.parent / "events" / "orders" / "OrderPlaced.html").is_file()


def test_demo_stops_at_lint_problems(tmp_path: Path) -> None:
    schemas = tmp_path / "schemas"
    shutil.copytree(REPO / "schemas", schemas)
    version = schemas / "orders" / "OrderPlaced" / "1.0.0.json"
    doc = json.loads(version.read_text())
    del doc["description"]
    version.write_text(json.dumps(doc, indent=2))
    result = runner.invoke(app, ["demo", "--schemas", str(schemas)])
    assert result.exit_code == EXIT_PROBLEMS
    assert "orders/OrderPlaced/1.0.0.json" in result.output
    assert "[2/6]" not in result.output
    assert "Traceback" not in result.output


def test_demo_stops_at_a_breaking_change(tmp_path: Path) -> None:
    schemas = tmp_path / "schemas"
    shutil.copytree(REPO / "schemas", schemas)
    (schemas / "eventkit.lock").unlink()  # else lint stops the edit of a locked version first
    version = schemas / "orders" / "OrderPlaced" / "1.1.0.json"
    doc = json.loads(version.read_text())
    doc["required"] = sorted({*doc.get("required", []), "coupon_code_x"})
    doc["properties"]["coupon_code_x"] = {"type": "string", "description": "A new required field."}
    for example in doc.get("examples", []):
        example["coupon_code_x"] = "X"
    version.write_text(json.dumps(doc, indent=2))
    result = runner.invoke(app, ["demo", "--schemas", str(schemas)])
    assert result.exit_code == EXIT_BREAKING, result.output
    assert "OrderPlaced" in result.output
    assert "[3/6]" not in result.output
