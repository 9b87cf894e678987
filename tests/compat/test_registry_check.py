"""check_registry and `eventkit check`: chains within a major, transitivity, suppressions,
--against (edited / deleted released versions, only new findings), outputs and exit codes."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.compat import check_registry
from eventkit.errors import CompatibilityError
from eventkit.registry import load_registry
from tests._child_cli import git as _git
from tests.compat.conftest import Writer, version_schema

REPO = Path(__file__).resolve().parents[2]
S = {"type": "string"}
V1 = version_schema({"id": S, "coupon": S}, ["id", "coupon"])
V11 = version_schema({"id": S, "coupon": S, "note": S}, ["id", "coupon"])
V12 = version_schema({"id": S, "note": S}, ["id"])  # coupon removed: old readers require it
V2 = version_schema({"id": S}, ["id"])
EVENT = "orders/OrderPlaced"


def _files(**versions: dict[str, Any]) -> dict[str, Any]:
    return {f"{EVENT}/{v.replace('_', '.')}.json": s for v, s in versions.items()}


def test_example_shop_registry_is_clean() -> None:
    report = check_registry(load_registry(REPO / "schemas"))
    assert report.ok, [f.message for f in report.findings]
    assert report.exit_code == 0


def test_finding_reads_like_a_review(make_registry: Writer) -> None:
    root = make_registry(_files(**{"1_0_0": V1, "1_1_0": V11, "1_2_0": V12, "2_0_0": V2}))
    report = check_registry(load_registry(root))
    assert not report.ok
    assert report.exit_code == 100
    (item,) = report.findings  # 2.0.0 is a new major: never compared with 1.x
    assert (item.event, item.version, item.rule_id, item.against) == (
        EVENT,
        "1.2.0",
        "PROPERTY_REMOVED",
        ("1.0.0", "1.1.0"),
    )
    assert item.message.startswith(
        "orders/OrderPlaced 1.2.0: property `coupon` was removed; consumers on 1.0.0-1.1.0 that read it will fail (rule PROPERTY_REMOVED)."
    )
    assert item.message.endswith("Ship it as 2.0.0 or keep the property.")
    text = (root / EVENT / "1.2.0.json").read_text().splitlines()
    assert item.line is not None
    assert '"required"' in text[item.line - 1]


def test_transitive_compares_with_every_earlier_version(make_registry: Writer) -> None:
    narrow = version_schema({"id": S, "n": {"type": "integer"}}, ["id"])
    wide = version_schema({"id": S, "n": {"type": "number"}}, ["id"])
    files = _files(**{"1_0_0": narrow, "1_1_0": wide, "1_2_0": narrow})
    root = make_registry(files, toml='[compatibility]\nmode = "BACKWARD_TRANSITIVE"\n')
    (item,) = check_registry(load_registry(root)).findings
    assert (item.version, item.rule_id, item.against) == ("1.2.0", "TYPE_NARROWED", ("1.1.0",))
    root = make_registry(
        files, toml='[compatibility]\nmode = "FORWARD"\n', root=root.parent / "fwd"
    )
    (item,) = check_registry(load_registry(root)).findings
    assert (item.version, item.rule_id) == ("1.1.0", "TYPE_WIDENED")


def test_a_finding_is_reported_once_where_it_was_introduced(make_registry: Writer) -> None:
    root = make_registry(_files(**{"1_0_0": V1, "1_1_0": V12, "1_2_0": V12}))
    report = check_registry(load_registry(root))
    assert [(f.version, f.rule_id) for f in report.findings] == [("1.1.0", "PROPERTY_REMOVED")]


def test_suppressions_need_a_reason_and_are_listed(make_registry: Writer) -> None:
    toml = f'[[check.suppressions]]\nevent = "{EVENT}"\nrule = "PROPERTY_REMOVED"\nversion = "1.2.0"\nreason = "coupon was never sent"\n'
    root = make_registry(_files(**{"1_0_0": V1, "1_2_0": V12}), toml=toml)
    report = check_registry(load_registry(root))
    assert report.ok
    assert report.exit_code == 0
    assert [s.suppressed_by.reason for s in report.suppressed if s.suppressed_by] == [
        "coupon was never sent"
    ]
    bad = toml.replace('reason = "coupon was never sent"\n', "")
    root = make_registry(_files(**{"1_0_0": V1, "1_2_0": V12}), toml=bad, root=root.parent / "bad")
    with pytest.raises(CompatibilityError, match="lacks reason"):
        check_registry(load_registry(root))


@pytest.fixture
def repo(tmp_path: Path, make_registry: Writer) -> Path:
    root = make_registry(_files(**{"1_0_0": V1, "1_1_0": V11}), root=tmp_path / "repo" / "schemas")
    _git(root.parent, "init", "-q", "-b", "main")
    _git(root.parent, "add", ".")
    _git(root.parent, "commit", "-q", "-m", "release")
    return root


def test_against_flags_edited_and_deleted_releases(repo: Path) -> None:
    path = repo / EVENT / "1.1.0.json"
    edited = json.loads(path.read_text())
    edited["properties"]["note"]["maxLength"] = 5
    path.write_text(json.dumps(edited, indent=2))
    (repo / EVENT / "1.0.0.json").unlink()
    report = check_registry(load_registry(repo), against="main")
    assert sorted((f.rule_id, f.version) for f in report.findings) == [
        ("VERSION_DELETED", "1.0.0"),
        ("VERSION_EDITED", "1.1.0"),
    ]
    edit = next(f for f in report.findings if f.rule_id == "VERSION_EDITED")
    assert edit.pointer == "/properties/note/maxLength"


@pytest.mark.parametrize(("name", "token"), [("a/b", "a~1b"), ("x~y", "x~0y")])
def test_an_edit_adding_a_property_is_pointed_at_by_a_json_pointer(
    repo: Path, name: str, token: str
) -> None:
    """The pointer of an added member escapes `/` and `~` like any other."""
    path = repo / EVENT / "1.1.0.json"
    edited = json.loads(path.read_text())
    edited["properties"][name] = {"type": "string"}
    path.write_text(json.dumps(edited, indent=2))
    report = check_registry(load_registry(repo), against="main")
    edit = next(f for f in report.findings if f.rule_id == "VERSION_EDITED")
    assert edit.pointer == f"/properties/{token}"


def test_against_reports_only_what_the_change_introduced(repo: Path, make_registry: Writer) -> None:
    make_registry(_files(**{"1_2_0": V12}), root=repo)
    _git(repo.parent, "add", ".")
    _git(repo.parent, "commit", "-q", "-m", "1.2.0 (breaking, already on main)")
    _git(repo.parent, "branch", "-q", "base")
    assert len(check_registry(load_registry(repo)).findings) == 1
    assert check_registry(load_registry(repo), against="base").ok
    make_registry(
        _files(**{"1_3_0": version_schema({"id": {"type": "integer"}}, ["id"])}), root=repo
    )
    report = check_registry(load_registry(repo), against="base")
    assert {f.version for f in report.findings} == {"1.3.0"}


# A ref without the registry (e.g. "empty" here) is the pull request that adds it: exit 0 with
# a note (tests/cli/test_first_use.py).
@pytest.mark.parametrize(("ref", "words"), [("nope", "does not exist")])
def test_against_bad_refs_are_usage_errors(repo: Path, ref: str, words: str) -> None:
    _git(repo.parent, "checkout", "-q", "--orphan", "empty")
    _git(repo.parent, "rm", "-rq", "--cached", ".")
    _git(repo.parent, "commit", "-q", "--allow-empty", "-m", "empty")
    result = CliRunner().invoke(app, ["check", "--schemas", str(repo), "--against", ref])
    assert result.exit_code == 2
    assert words in result.output
    assert "Traceback" not in result.output


def test_cli_formats(make_registry: Writer) -> None:
    root = make_registry(_files(**{"1_0_0": V1, "1_2_0": V12}))
    runner = CliRunner()
    args = ["check", "--schemas", str(root), "--format"]
    text = runner.invoke(app, [*args, "text"])
    assert text.exit_code == 100
    assert "PROPERTY_REMOVED" in text.output
    github = runner.invoke(app, [*args, "github"]).output.splitlines()[0]
    assert github.startswith("::error file=")
    assert ",line=" in github
    assert "title=PROPERTY_REMOVED::" in github
    assert github.split("file=", 1)[1].split(",", 1)[0].endswith("orders/OrderPlaced/1.2.0.json")
    data = json.loads(runner.invoke(app, [*args, "json"]).output)
    assert data["ok"] is False
    assert data["findings"][0]["rule"] == "PROPERTY_REMOVED"
    suite = ET.fromstring(runner.invoke(app, [*args, "junit"]).output)
    assert suite.find(".//failure") is not None
    sarif = json.loads(runner.invoke(app, [*args, "sarif"]).output)
    assert sarif["runs"][0]["results"][0]["ruleId"] == "PROPERTY_REMOVED"
    assert runner.invoke(app, [*args, "xml"]).exit_code == 2


def test_cli_compat_two_files(tmp_path: Path) -> None:
    old, new, broken = tmp_path / "old.json", tmp_path / "new.json", tmp_path / "broken.json"
    old.write_text(json.dumps({"type": "object", "properties": {"n": {"type": "integer"}}}))
    new.write_text(json.dumps({"type": "object", "properties": {"n": {"type": "number"}}}))
    broken.write_text('{"type": "object",\n  "properties": }')
    runner = CliRunner()
    assert runner.invoke(app, ["compat", str(old), str(new), "--mode", "BACKWARD"]).exit_code == 0
    result = runner.invoke(app, ["compat", str(old), str(new)])
    assert result.exit_code == 100
    assert "TYPE_WIDENED" in result.output
    for args, words in [
        ([str(old), str(broken)], "broken.json:2:17: not valid JSON"),
        ([str(old), str(tmp_path / "missing.json")], "no such file"),
        ([str(old), str(new), "--mode", "SIDEWAYS"], "unknown compatibility mode"),
    ]:
        result = runner.invoke(app, ["compat", *args])
        assert result.exit_code == 2, result.output
        assert words in result.output
        assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("schema", "words"),
    [
        ({"type": "string", "maxLenght": 3}, "unknown keyword `maxLenght`"),
        ({"$ref": "https://example.com/s.json"}, "remote"),
        ({"type": "strng"}, "not a valid JSON Schema"),
    ],
)
def test_cli_compat_refuses_what_it_cannot_judge(tmp_path: Path, schema: Any, words: str) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps({"type": "string"}))
    new.write_text(json.dumps(schema))
    result = CliRunner().invoke(app, ["compat", str(old), str(new)])
    assert result.exit_code == 2, result.output
    assert words in result.output
    assert "Traceback" not in result.output


def test_check_names_the_file_it_cannot_judge(make_registry: Writer) -> None:
    odd = version_schema({"id": {"type": "string", "maxLenght": 3}}, ["id"])
    root = make_registry(_files(**{"1_0_0": V1, "1_1_0": odd}))
    result = CliRunner().invoke(app, ["check", "--schemas", str(root)])
    assert result.exit_code == 2, result.output
    assert "orders/OrderPlaced/1.1.0.json" in result.output
    assert "maxLenght" in result.output
