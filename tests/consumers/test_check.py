"""`eventkit check` knows the declared consumers: every finding names them, in every output
format; deprecating or deleting a consumed event is a finding; `--consumers` prints the table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_BREAKING, EXIT_OK
from tests.registry._build import CONFIG, build, schema

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()
INT_ID = {"id": {"type": "integer", "description": "The id."}}


def registry(tmp_path: Path, files: dict[str, Any], config: str = CONFIG) -> Path:
    base: dict[str, Any] = {
        "s/E/1.0.0.json": schema(),
        "s/E/1.1.0.json": schema(properties=INT_ID, examples=[{"id": 1}]),  # breaking
        "s/E/2.0.0.json": schema(),
    }
    return build(tmp_path / "reg", {**base, **files}, config=config)


def check(root: Path, fmt: str = "text", *extra: str) -> tuple[int, str]:
    result = runner.invoke(app, ["check", "--schemas", str(root), "--format", fmt, *extra])
    return result.exit_code, result.stdout


def test_a_breaking_finding_names_the_consumers_of_its_major(tmp_path: Path) -> None:
    root = registry(
        tmp_path,
        {
            "c/service.toml": 'consumes = ["s/E@1"]\n',
            "d/service.toml": 'consumes = ["s/E@2", "s/E@1"]\n',
            "c/X/1.0.0.json": schema(),
            "d/Y/1.0.0.json": schema(),
        },
    )
    code, out = check(root, "json")
    assert code == EXIT_BREAKING
    findings = json.loads(out)["findings"]
    assert {f["rule"] for f in findings} == {"TYPE_NARROWED", "TYPE_WIDENED"}
    for finding in findings:
        assert finding["event"] == "s/E"
        assert finding["consumers"] == ["c", "d"]
        assert "Consumers of s/E major 1: c, d." in finding["message"]
    for fmt in ("text", "github", "junit", "sarif"):
        code, out = check(root, fmt)
        assert code == EXIT_BREAKING, fmt
        assert "Consumers of s/E major 1: c, d." in out, fmt


def test_a_breaking_change_nobody_consumes_is_still_reported(tmp_path: Path) -> None:
    root = registry(
        tmp_path, {"c/service.toml": 'consumes = ["s/E@2"]\n', "c/X/1.0.0.json": schema()}
    )
    code, out = check(root, "json")
    assert code == EXIT_BREAKING
    findings = json.loads(out)["findings"]
    assert len(findings) == 2
    for finding in findings:
        assert finding["consumers"] == []
        assert "No declared consumer of s/E major 1." in finding["message"]


def test_the_mode_still_decides(tmp_path: Path) -> None:
    root = registry(
        tmp_path,
        {
            "s/E/event.toml": 'compatibility = "NONE"\n',
            "c/service.toml": 'consumes = ["s/E@1"]\n',
            "c/X/1.0.0.json": schema(),
        },
    )
    assert check(root)[0] == EXIT_OK


def test_deprecating_a_consumed_event_is_a_finding(tmp_path: Path) -> None:
    deprecated = '[deprecated]\nsince = "2026-01-01"\nreplacement = "s/New"\n'
    files = {
        "s/E/event.toml": deprecated,
        "s/E/1.1.0.json": schema(),
        "c/service.toml": 'consumes = ["s/E@2"]\n',
        "c/X/1.0.0.json": schema(),
    }
    code, out = check(registry(tmp_path, files), "json")
    assert code == EXIT_BREAKING
    (finding,) = json.loads(out)["findings"]
    assert (finding["rule"], finding["event"], finding["consumers"]) == (
        "CONSUMED_EVENT_DEPRECATED",
        "s/E",
        ["c"],
    )
    assert finding["file"] == "s/E/event.toml"
    assert finding["line"] == 1
    assert "s/New" in finding["message"]
    code, out = check(registry(tmp_path / "sarif", files), "sarif")
    assert "CONSUMED_EVENT_DEPRECATED" in out


def test_a_deprecation_without_consumers_is_fine_and_suppressions_apply(tmp_path: Path) -> None:
    deprecated = '[deprecated]\nsince = "2026-01-01"\n'
    files = {"s/E/event.toml": deprecated, "s/E/1.1.0.json": schema()}
    assert check(registry(tmp_path / "a", files))[0] == EXIT_OK
    suppression = (
        '\n[[check.suppressions]]\nevent = "s/E"\nrule = "CONSUMED_EVENT_DEPRECATED"\n'
        'reason = "c moves next sprint"\n'
    )
    files |= {"c/service.toml": 'consumes = ["s/E@1"]\n', "c/X/1.0.0.json": schema()}
    code, out = check(registry(tmp_path / "b", files, CONFIG + suppression), "json")
    assert code == EXIT_OK, out
    data = json.loads(out)
    assert [s["rule"] for s in data["suppressed"]] == ["CONSUMED_EVENT_DEPRECATED"]
    assert data["unused_suppressions"] == []


@pytest.mark.parametrize(("entry", "what"), [("s/Gone@1", "no longer"), ("s/E@3", "no major 3")])
def test_deleting_a_consumed_event_or_major_is_a_finding(
    tmp_path: Path, entry: str, what: str
) -> None:
    files = {
        "s/E/1.1.0.json": schema(),
        "c/service.toml": f'owner = "t"\nconsumes = ["{entry}"]\n',
        "c/X/1.0.0.json": schema(),
    }
    code, out = check(registry(tmp_path, files), "json")
    assert code == EXIT_BREAKING
    (finding,) = json.loads(out)["findings"]
    assert finding["rule"] == "CONSUMED_EVENT_DELETED"
    assert (finding["file"], finding["line"]) == ("c/service.toml", 2)
    assert what in finding["message"]
    assert entry in finding["message"]


def test_the_shop_check_is_clean_with_its_consumers() -> None:
    assert check(REPO / "schemas")[0] == EXIT_OK


def test_check_consumers_prints_the_dependency_table() -> None:
    code, out = check(REPO / "schemas", "json", "--consumers")
    assert code == EXIT_OK
    rows = {(r["event"], r["major"]): r for r in json.loads(out)}
    assert rows[("orders/OrderPlaced", 1)]["consumers"] == ["payments"]
    assert rows[("orders/OrderPlaced", 2)]["consumers"] == []
    assert rows[("payments/PaymentCaptured", 2)]["consumers"] == ["notifications", "orders"]
    assert len(rows) == 21  # one row per event major
    code, out = check(
        REPO / "schemas",
        "json",
        "--consumers",
        "--routers",
        "shop_demo.consumers:build_consumers",
    )
    rows = {(r["event"], r["major"]): r for r in json.loads(out)}
    assert rows[("payments/PaymentCaptured", 1)]["handlers"] == [
        "notifications: payment_captured (upcast)"
    ]
    assert rows[("orders/OrderPlaced", 1)]["handlers"] == ["payments: capture_payment"]
    code, text = check(REPO / "schemas", "text", "--consumers")
    assert code == EXIT_OK
    assert text.splitlines()[0].split() == ["event", "major", "consumers", "handlers"]
    assert "(no declared consumer)" in text
