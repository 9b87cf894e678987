"""`eventkit compat` judges each schema file with the linter's meta-validation
(`eventkit.lint.meta_error`): one judge of "is this a JSON Schema", ECMA-262 regexes included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventkit.cli import app
from eventkit.lint import MetaError, meta_error


def _compat(tmp_path: Path, old: object, new: object) -> tuple[int, str]:
    (tmp_path / "old.json").write_text(json.dumps(old))
    (tmp_path / "new.json").write_text(json.dumps(new))
    result = CliRunner().invoke(
        app, ["compat", str(tmp_path / "old.json"), str(tmp_path / "new.json")]
    )
    return result.exit_code, result.output


def test_a_pattern_python_reads_but_ecma_does_not_is_refused_naming_file_and_pointer(
    tmp_path: Path,
) -> None:
    schema = {"type": "object", "properties": {"id": {"type": "string", "pattern": "(?P<x>a)"}}}
    code, output = _compat(tmp_path, schema, schema)
    assert code == 2
    assert "old.json" in output
    assert "/properties/id/pattern" in output
    assert "Traceback" not in output


def test_other_dialects_are_still_judged_by_their_own_meta_schema(tmp_path: Path) -> None:
    draft7 = {"$schema": "http://json-schema.org/draft-07/schema#", "type": "string"}
    assert _compat(tmp_path, draft7, draft7)[0] == 0
    bad = {**draft7, "minLength": -1}
    code, output = _compat(tmp_path, draft7, bad)
    assert code == 2
    assert "new.json" in output
    assert "/minLength" in output


def test_meta_error_is_the_linters_verdict() -> None:
    assert meta_error({"type": "string", "pattern": "^[a-z]+$"}) is None
    error = meta_error({"properties": {"n": {"type": "strng"}}})
    assert isinstance(error, MetaError)
    assert error.pointer == "/properties/n/type"
    with pytest.raises(LookupError):
        meta_error({}, "http://example.com/not-a-dialect")
