"""`eventkit check --against REF`: a released version means its *resolved* schema.

Editing a `_shared/` file can change what released versions accept while their own files
stay untouched; RELEASED_MEANING_CHANGED reports it once per shared file and pointer, naming
every affected version, with a counterexample. Refactors (reformatting, reordering keys, a
description, an unused new definition) are not findings.
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.compat import check_registry
from eventkit.errors import EXIT_BREAKING, EXIT_OK
from eventkit.registry import load_registry
from tests._child_cli import git as _git
from tests.registry._build import build, schema

RULE = "RELEASED_MEANING_CHANGED"
MONEY: dict[str, Any] = {
    "type": "object",
    "required": ["amount", "currency"],
    "properties": {
        "amount": {"type": "integer", "minimum": 0, "maximum": 1000000},
        "currency": {"$ref": "currency.json"},
    },
}
CURRENCY: dict[str, Any] = {"type": "string", "enum": ["EUR", "USD"]}
IDS: dict[str, Any] = {"$defs": {"OrderId": {"type": "string", "minLength": 1}}}
MONEY_REF = {"$ref": "../../_shared/money.json"}
PAID = ["orders/OrderPlaced@1.0.0", "orders/OrderPlaced@1.1.0", "payments/PaymentCaptured@1.0.0"]
runner = CliRunner()


def _version(**properties: Any) -> dict[str, Any]:
    props = {"id": {"type": "string", "description": "The id."}, **properties}
    return schema(properties=props, examples=[{"id": "t-1"}])


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A released registry, committed: three versions reach money.json, one does not."""
    root = build(
        tmp_path / "repo" / "schemas",
        {
            "_shared/money.json": MONEY,
            "_shared/currency.json": CURRENCY,
            "_shared/ids.json": IDS,
            "orders/OrderPlaced/1.0.0.json": _version(total=MONEY_REF),
            "orders/OrderPlaced/1.1.0.json": _version(total=MONEY_REF, note={"type": "string"}),
            "payments/PaymentCaptured/1.0.0.json": _version(amount=MONEY_REF),
            "users/UserSignedUp/1.0.0.json": _version(
                ref={"$ref": "../../_shared/ids.json#/$defs/OrderId"}
            ),
        },
    )
    _git(root.parent, "init", "-q", "-b", "main")
    _git(root.parent, "add", ".")
    _git(root.parent, "commit", "-q", "-m", "release")
    return root


def _edit(root: Path, relpath: str, change: Any, *, indent: int = 2) -> None:
    path = root / relpath
    document = json.loads(path.read_text(encoding="utf-8"))
    document = change(document) or document
    path.write_text(json.dumps(document, indent=indent) + "\n", encoding="utf-8")


def _check(root: Path, fmt: str = "json") -> tuple[int, str]:
    result = runner.invoke(
        app, ["check", "--schemas", str(root), "--against", "main", "--format", fmt]
    )
    return result.exit_code, result.stdout


def _narrow_money(document: dict[str, Any]) -> None:
    document["properties"]["amount"]["maximum"] = 1000


def test_a_narrowed_shared_definition_names_the_file_pointer_and_every_version(
    repo: Path,
) -> None:
    _edit(repo, "_shared/money.json", _narrow_money)
    code, out = _check(repo)
    assert code == EXIT_BREAKING
    (finding,) = json.loads(out)["findings"]
    assert finding["rule"] == RULE
    assert finding["severity"] == "release"
    assert finding["file"] == "_shared/money.json"
    assert finding["pointer"] == "/properties/amount/maximum"
    assert finding["affected"] == PAID  # users/UserSignedUp does not reach money.json
    lines = (repo / "_shared/money.json").read_text().splitlines()
    assert '"maximum"' in lines[finding["line"] - 1]  # the line of the changed keyword
    for key in ("_shared/money.json", "/properties/amount/maximum", *PAID):
        assert key in finding["message"]
    # the counterexample: accepted by the released definition, rejected by the edited one
    old_amount = MONEY["properties"]["amount"]
    new_amount = {**old_amount, "maximum": 1000}
    assert jsonschema.Draft202012Validator(old_amount).is_valid(finding["example"])
    assert not jsonschema.Draft202012Validator(new_amount).is_valid(finding["example"])
    assert finding["path"].endswith("/amount")


def test_a_widened_shared_definition_is_reported_too(repo: Path) -> None:
    _edit(repo, "_shared/money.json", lambda d: d["properties"]["amount"].update(type="number"))
    code, out = _check(repo)
    assert code == EXIT_BREAKING
    (finding,) = json.loads(out)["findings"]
    assert (finding["rule"], finding["affected"]) == (RULE, PAID)
    assert "now accepted" in finding["what"]
    assert isinstance(finding["example"], float)  # a number no released version accepted


def test_a_change_two_refs_away_blames_the_file_that_changed(repo: Path) -> None:
    _edit(repo, "_shared/currency.json", lambda d: d.update(enum=["EUR"]))
    code, out = _check(repo)
    assert code == EXIT_BREAKING
    (finding,) = json.loads(out)["findings"]
    assert (finding["file"], finding["affected"]) == ("_shared/currency.json", PAID)
    assert finding["pointer"] == "/enum"
    assert finding["example"] == "USD"


def test_refactoring_a_shared_file_is_not_a_finding_but_changing_it_is(repo: Path) -> None:
    original = (repo / "_shared/money.json").read_text(encoding="utf-8")
    _edit(repo, "_shared/money.json", _narrow_money)
    assert _check(repo)[0] == EXIT_BREAKING
    (repo / "_shared/money.json").write_text(original, encoding="utf-8")

    def refactor(document: dict[str, Any]) -> dict[str, Any]:
        reordered = dict(reversed(list(document.items())))  # keys in another order
        reordered["description"] = "An amount of money."  # annotations mean nothing to readers
        reordered["$defs"] = {"Unused": {"type": "string"}}  # nothing released reaches it
        return reordered

    _edit(repo, "_shared/money.json", refactor, indent=4)  # and reformatted
    _edit(repo, "_shared/ids.json", lambda d: dict(reversed(list(d.items()))), indent=1)
    code, out = _check(repo)
    assert code == EXIT_OK, out
    assert json.loads(out)["findings"] == []


def test_an_edited_version_is_reported_as_edited_not_twice(repo: Path) -> None:
    _edit(repo, "_shared/money.json", _narrow_money)
    _edit(repo, "orders/OrderPlaced/1.1.0.json", lambda d: d.update(description="Edited."))
    code, out = _check(repo)
    assert code == EXIT_BREAKING
    findings = {f["rule"]: f for f in json.loads(out)["findings"]}
    assert set(findings) == {RULE, "VERSION_EDITED"}
    assert findings["VERSION_EDITED"]["version"] == "1.1.0"
    assert findings[RULE]["affected"] == [PAID[0], PAID[2]]


def test_a_suppression_hides_a_grouped_finding_only_if_it_covers_every_version(
    repo: Path,
) -> None:
    _edit(repo, "_shared/money.json", _narrow_money)
    config = repo / "eventkit.toml"
    config.write_text(
        config.read_text()
        + f'[[check.suppressions]]\nevent = "orders/OrderPlaced"\nrule = "{RULE}"\n'
        'reason = "orders never send more than 1000"\n'
    )
    report = check_registry(load_registry(repo), against="main")
    assert [f.rule_id for f in report.findings] == [RULE]  # payments is not covered
    assert report.exit_code == EXIT_BREAKING


def test_every_output_format_carries_the_finding(repo: Path) -> None:
    _edit(repo, "_shared/money.json", _narrow_money)
    code, text = _check(repo, "text")
    assert code == EXIT_BREAKING
    assert "_shared/money.json:11: error:" in text  # the line of "maximum"
    assert all(key in text for key in PAID)
    _, github = _check(repo, "github")
    assert f"title={RULE}::" in github
    assert "money.json,line=11" in github
    _, junit = _check(repo, "junit")
    failure = ET.fromstring(junit).find(".//failure")
    assert failure is not None
    assert failure.get("type") == RULE
    _, sarif = _check(repo, "sarif")
    (result,) = json.loads(sarif)["runs"][0]["results"]
    assert result["ruleId"] == RULE
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.endswith("_shared/money.json")


def test_a_recursive_shared_definition_is_compared_without_hanging(tmp_path: Path) -> None:
    tree: dict[str, Any] = {
        "type": "object",
        "properties": {
            "name": {"type": "string", "maxLength": 10},
            "children": {"type": "array", "items": {"$ref": "#"}},
        },
    }
    old = build(
        tmp_path / "old",
        {
            "_shared/tree.json": tree,
            "docs/TreeSaved/1.0.0.json": _version(tree={"$ref": "../../_shared/tree.json"}),
        },
    )
    tree["properties"]["name"]["maxLength"] = 5
    new = build(tmp_path / "new", {"_shared/tree.json": tree})
    # A copy, not a symlink: the loader refuses links that leave the registry root.
    shutil.copytree(old / "docs", new / "docs")
    report = check_registry(load_registry(new), against=load_registry(old))
    (finding,) = report.findings
    assert (finding.rule_id, finding.affected) == (RULE, ("docs/TreeSaved@1.0.0",))
    assert finding.finding.document == "_shared/tree.json"
