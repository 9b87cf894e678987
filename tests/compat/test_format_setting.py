"""`format` as an assertion (default) or as an annotation: the API keyword and the registry's
`[compatibility] format` setting, through `eventkit check`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.compat import check_compatibility, check_registry
from eventkit.errors import CompatibilityError
from eventkit.registry import load_registry
from tests.compat.conftest import Writer, version_schema

DATE = {"type": "string", "format": "date"}
DATE_TIME = {"type": "string", "format": "date-time"}
EVENT = "orders/OrderPlaced"


def _registry(make_registry: Writer, toml: str) -> Path:
    return make_registry(
        {
            f"{EVENT}/1.0.0.json": version_schema({"day": DATE}, ["day"]),
            f"{EVENT}/1.1.0.json": version_schema({"day": DATE_TIME}, ["day"]),
        },
        toml=toml,
    )


def test_format_is_an_assertion_by_default() -> None:
    report = check_compatibility(DATE, DATE_TIME)
    assert report.compatible is False
    (finding,) = report.findings
    assert finding.rule_id == "FORMAT_NARROWED"
    assert finding.example == "2026-01-01"  # a date, and not a date-time


@pytest.mark.parametrize(
    ("old", "new"),
    [(DATE, DATE_TIME), (DATE_TIME, DATE), ({"type": "string"}, DATE), (DATE, {"type": "string"})],
)
def test_format_as_annotation_never_breaks(old: object, new: object) -> None:
    assert check_compatibility(old, new, mode="FULL", formats="annotation").compatible is True


def test_annotation_still_checks_everything_else() -> None:
    old = {"type": "string", "format": "date", "maxLength": 10}
    new = {"type": "string", "format": "email", "maxLength": 5}
    report = check_compatibility(old, new, formats="annotation")
    assert [f.rule_id for f in report.findings] == ["MAX_LENGTH_DECREASED"]
    # the example need not be a date: under annotation the writer's format asserts nothing
    assert report.findings[0].example == "aaaaaa"


def test_unknown_format_mode_is_a_clear_error() -> None:
    with pytest.raises(CompatibilityError) as caught:
        check_compatibility(DATE, DATE, formats="loose")
    assert caught.value.code == "compatibility"
    assert "loose" in caught.value.message


def test_registry_setting_reads_format_as_annotation(make_registry: Writer) -> None:
    strict = check_registry(load_registry(_registry(make_registry, "")))
    assert sorted(f.rule_id for f in strict.findings) == ["FORMAT_NARROWED", "FORMAT_WIDENED"]
    root = _registry(make_registry, '[compatibility]\nformat = "annotation"\n')
    assert load_registry(root).config.formats == "annotation"
    assert check_registry(load_registry(root)).ok


def test_eventkit_check_exit_codes_follow_the_setting(make_registry: Writer) -> None:
    runner = CliRunner()
    root = _registry(make_registry, "")
    done = runner.invoke(app, ["check", "--schemas", str(root)])
    assert done.exit_code == 100, done.output
    assert "FORMAT_NARROWED" in done.output
    assert "1.1.0" in done.output
    (root / "eventkit.toml").write_text(
        '[registry]\nname = "test"\n[compatibility]\nformat = "annotation"\n', encoding="utf-8"
    )
    done = runner.invoke(app, ["check", "--schemas", str(root)])
    assert done.exit_code == 0, done.output


def test_eventkit_check_rejects_an_unknown_format_setting(make_registry: Writer) -> None:
    root = _registry(make_registry, '[compatibility]\nformat = "sometimes"\n')
    done = CliRunner().invoke(app, ["check", "--schemas", str(root)])
    assert done.exit_code == 2, done.output
    assert "compatibility.format" in done.output
    assert "eventkit.toml" in done.output
