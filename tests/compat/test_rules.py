"""The rule catalog: every rule has fixture cases, the docs are generated, and each case holds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest

from eventkit.compat import RETIRED, RULES, check_compatibility
from eventkit.compat.docs import render_rules

CASES = Path(__file__).parent / "cases"
REPO = Path(__file__).resolve().parents[2]
RELEASE_RULES = {r.id for r in RULES.values() if r.category == "RELEASE"}
# Consumer rules judge declarations, not two schemas: tests/consumers/test_check.py.
RELEASE_RULES |= {r.id for r in RULES.values() if r.category == "CONSUMERS"}


def _cases() -> list[Path]:
    return sorted(CASES.glob("*/*.json"))


def test_every_rule_has_its_own_cases() -> None:
    folders = {p.name for p in CASES.iterdir() if p.is_dir()}
    assert folders <= set(RULES), f"fixture folders for unknown rules: {folders - set(RULES)}"
    missing = (
        set(RULES) - folders - RELEASE_RULES
    )  # release rules: tests/compat/test_registry_check.py
    assert not missing, f"rules without fixture cases: {sorted(missing)}"


def test_rule_ids_are_stable_names_and_retired_ids_are_not_reused() -> None:
    for rule_id, rule in RULES.items():
        assert rule_id == rule.id
        assert rule_id.isupper()
        assert " " not in rule_id
        assert rule.purpose
        assert rule.breaks
        assert rule.category
    assert not set(RETIRED) & set(RULES)


def test_docs_rules_md_is_up_to_date() -> None:
    assert (REPO / "docs" / "rules.md").read_text(encoding="utf-8") == render_rules(), (
        "docs/rules.md is stale: run `python -m eventkit.compat.docs`"
    )


@pytest.mark.parametrize("case", _cases(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture_case(case: Path) -> None:
    data = json.loads(case.read_text(encoding="utf-8"))
    formats = data.get("formats", "assertion")
    report = check_compatibility(
        data["old"], data["new"], mode=data["mode"], policy=data["policy"], formats=formats
    )
    expect = data["expect"]
    assert report.compatible is expect["compatible"]
    got = [{"rule": f.rule_id, "pointer": f.pointer, "path": f.path} for f in report.findings]
    assert got == expect["findings"]
    if case.stem == "breaks":
        assert case.parent.name in {f.rule_id for f in report.findings}
    if "example" in expect:  # the counterexample the engine prints
        assert next(f.example for f in report.findings if f.has_example) == expect["example"]
    for finding in report.findings:
        assert finding.rule_id in RULES
        assert f"(rule {finding.rule_id})" in finding.message
        if finding.severity == "breaking":
            assert finding.has_example
            _assert_counterexample(data, finding.path, finding.example, finding.side)


def _assert_counterexample(data: dict[str, Any], path: str, example: Any, side: str) -> None:
    """A root-level example is checked independently with jsonschema."""
    if path:
        return
    writer, reader = (
        (data["old"], data["new"]) if side == "readers of old data" else (data["new"], data["old"])
    )
    check = jsonschema.Draft202012Validator
    assert check(writer, format_checker=check.FORMAT_CHECKER).is_valid(example)
    assert not check(reader, format_checker=check.FORMAT_CHECKER).is_valid(example)
