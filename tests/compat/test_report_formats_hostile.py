"""`eventkit check` reports stay well-formed whatever a finding's text holds: JUnit XML with
control characters (which XML 1.0 cannot carry, not even escaped) in a message or a
suppression reason, and SARIF URIs for paths with a space or `#`."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.errors import EXIT_BREAKING, EXIT_OK
from tests.registry._build import CONFIG, build, schema

runner = CliRunner()
ODD = "a\u0001b\u001fc"


def _registry(root: Path, config: str = CONFIG) -> Path:
    both = {"id": {"type": "string", "description": "The id."}}
    odd = {**both, ODD: {"type": "string", "description": "Odd."}}
    return build(
        root,
        {
            "s/E/1.0.0.json": schema(
                required=["id", ODD], properties=odd, examples=[{"id": "x", ODD: "y"}]
            ),
            "s/E/1.1.0.json": schema(properties=both),
        },
        config=config,
    )


def _check(root: Path, fmt: str) -> tuple[int, str]:
    result = runner.invoke(app, ["check", "--schemas", str(root), "--format", fmt])
    return result.exit_code, result.stdout


def test_junit_is_well_formed_when_a_message_holds_control_characters(tmp_path: Path) -> None:
    code, out = _check(_registry(tmp_path / "reg"), "junit")
    assert code == EXIT_BREAKING
    suite = ET.fromstring(out)  # raised ParseError: not well-formed (invalid token)
    failures = suite.findall(".//failure")
    assert failures
    for failure in failures:
        shown = (failure.get("message") or "") + (failure.text or "")
        assert "\\u0001" in shown
        assert "\\u001f" in shown
        assert "\u0001" not in shown


@pytest.mark.parametrize("reason", ["\u0000", "shipped\u0008 on purpose\ufffe"])
def test_junit_is_well_formed_when_a_suppression_reason_holds_them(
    tmp_path: Path, reason: str
) -> None:
    config = CONFIG + (
        "\n[[check.suppressions]]\n"
        f'event = "s/E"\nrule = "PROPERTY_REMOVED"\nreason = {json.dumps(reason)}\n'
    )
    code, out = _check(_registry(tmp_path / "reg", config), "junit")
    assert code == EXIT_OK
    skipped = ET.fromstring(out).findall(".//skipped")
    assert skipped
    for item in skipped:
        message = item.get("message") or ""
        assert message.startswith("suppressed: ")
        assert "\\u" in message


@pytest.mark.parametrize("folder", ["with space", "hash#tag", "per%cent"])
def test_sarif_uris_are_percent_encoded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: str
) -> None:
    work = tmp_path / folder
    root = _registry(work / "reg")
    for cwd in (work, tmp_path / folder / "reg" / "s", tmp_path.parent):
        monkeypatch.chdir(cwd)
        code, out = _check(root, "sarif")
        assert code == EXIT_BREAKING
        for result in json.loads(out)["runs"][0]["results"]:
            uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            assert " " not in uri
            assert "#" not in uri
            parts = urlsplit(uri)
            assert not parts.fragment
            assert not parts.query
            path = unquote(parts.path)
            resolved = Path(path) if parts.scheme == "file" else (cwd / path)
            assert resolved.resolve() == (root / "s/E/1.1.0.json").resolve()


def test_github_annotations_carry_no_escape_sequence(tmp_path: Path) -> None:
    # An OSC sequence (set the title; OSC 52 writes the clipboard) in a property name and in
    # a suppression's reason: the annotation shows it as text, as the text format does.
    osc = "a\x1b]0;owned\x07b"
    both = {"id": {"type": "string", "description": "The id."}}
    odd = {**both, osc: {"type": "string", "description": "Odd."}}
    config = CONFIG + (
        '\n[[check.suppressions]]\nevent = "s/E"\nrule = "PROPERTY_REMOVED"\nversion = "1.2.1"\n'
        f"reason = {json.dumps('shipped ' + osc)}\n"
    )
    root = build(
        tmp_path / "reg",
        {
            "s/E/1.0.0.json": schema(
                required=["id", osc], properties=odd, examples=[{"id": "x", osc: "y"}]
            ),
            "s/E/1.1.0.json": schema(properties=both),
            "s/E/1.2.0.json": schema(
                required=["id", osc], properties=odd, examples=[{"id": "x", osc: "y"}]
            ),
            "s/E/1.2.1.json": schema(properties=both),
        },
        config=config,
    )
    code, out = _check(root, "github")
    assert code == EXIT_BREAKING
    annotations = [line for line in out.splitlines() if line.startswith("::")]
    assert any(line.startswith("::error ") for line in annotations)
    assert any(line.startswith("::notice ") for line in annotations)
    for line in annotations:
        assert "\x1b" not in line
        assert "\x07" not in line
        assert "\\x1b]0;owned\\x07" in line
