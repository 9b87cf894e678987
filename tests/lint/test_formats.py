"""Lint's format answers agree with jsonschema's format checker, and a clean registry is
linted without importing jsonschema."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

from eventkit.lint._fastvalid import VALIDATED_2020_12
from eventkit.lint._formats import _certain, conforms

FORMATS = Draft202012Validator.FORMAT_CHECKER
NAMES = ["uri", "uri-reference", "uuid", "email", "date-time", "date", "ipv4", "regex"]

SAMPLES = [
    "",
    "#",
    "#/$defs/Line",
    "../../_shared/money.json",
    "../../_shared/common.json#/$defs/CustomerRef",
    "//host/x",
    "a:b",
    "a b",
    "%zz",
    "https://json-schema.org/draft/2020-12/schema",
    "http://json-schema.org/draft-04/schema#",
    "6f1c2f9e-3b7a-4c1e-9a53-0d2f8b7c6e21",
    "6F1C2F9E-3B7A-4C1E-9A53-0D2F8B7C6E21",
    "6f1c2f9e3b7a4c1e9a530d2f8b7c6e21",
    "a@b.example",
    "@",
    "2026-11-26T14:00:00Z",
    "2026-11-26T14:00:00.123+05:30",
    "2026-02-30T14:00:00Z",
    "0000-01-01T00:00:00Z",
    "2026-11-26t14:00:00z",
    "2026-11-26T24:00:00Z",
    "2026-11-26T23:59:60Z",
    "2026-11-26",
    "2026-13-01",
    "٢٠٢٦-11-26",
]


@pytest.mark.parametrize("fmt", NAMES)
@pytest.mark.parametrize("value", SAMPLES)
def test_a_certain_answer_is_jsonschemas(value: str, fmt: str) -> None:
    if _certain(value, fmt):
        assert FORMATS.conforms(value, fmt)
    assert conforms(value, fmt) == FORMATS.conforms(value, fmt)


@given(st.text(alphabet="0123456789-:TZ+.abcdefAF#/$_~@%", max_size=40), st.sampled_from(NAMES))
def test_never_certain_where_jsonschema_refuses(value: str, fmt: str) -> None:
    assert conforms(value, fmt) == FORMATS.conforms(value, fmt)


def test_the_validated_keywords_are_jsonschemas() -> None:
    assert frozenset(Draft202012Validator.VALIDATORS) == VALIDATED_2020_12


def test_a_clean_registry_is_linted_without_jsonschema(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).parents[2] / "bench"))
    try:
        from registry_load import write_synthetic_registry
    finally:
        sys.path.pop(0)
    root = write_synthetic_registry(tmp_path / "schemas", events=3, versions=2)
    code = (
        "import sys\n"
        "from eventkit.lint import lint_registry\n"
        f"assert lint_registry({str(root)!r}).ok\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('jsonschema', 'referencing')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
