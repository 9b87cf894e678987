"""The quick example check's memo of pattern searches is shared by every document of a lint run
(`ExampleChecker`): it must give each document the verdict it would get alone, and never
remember a search that raised."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

from eventkit.errors import RegexSyntaxError
from eventkit.lint import lint_registry
from eventkit.lint._fastvalid import Memo, certainly_valid

PATTERNS = ["^[A-Z]{3}$", "^e1_[a-z]{2}$", "a", "^$", "(?=a)a", "^[0-9A-Za-z-]{3,5}$"]
STRINGS = ["", "a", "EUR", "eur", "e1_ab", "e1_abc", "SKU-1", "x" * 6]


def _no_ref(scope: Any, ref: str) -> tuple[Any, Any]:
    raise AssertionError("no $ref here")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PATTERNS), st.sampled_from(STRINGS)), max_size=12))
def test_a_shared_memo_gives_each_document_its_own_verdict(checks: list[tuple[str, str]]) -> None:
    memo: Memo = {}
    alive = []  # the memo keeps verdicts by subschema id: its schemas stay alive, as a registry's
    for pattern, text in checks:
        schema = {"type": "string", "pattern": pattern}
        alive.append(schema)
        alone = certainly_valid(schema, text, _no_ref)
        assert certainly_valid(schema, text, _no_ref, memo) == alone
        if alone:
            assert Draft202012Validator(schema).is_valid(text)


def test_a_pattern_that_raises_raises_every_time() -> None:
    memo: Memo = {}
    for _ in range(2):
        with pytest.raises(RegexSyntaxError):
            certainly_valid({"pattern": "(["}, "x", _no_ref, memo)
    assert not memo


def _version(pattern: str, value: str) -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "T",
        "description": "D.",
        "type": "object",
        "properties": {"ref": {"type": "string", "pattern": pattern}},
        "examples": [{"ref": value}],
    }


def test_versions_sharing_patterns_and_values_each_get_their_verdict(tmp_path: Path) -> None:
    (tmp_path / "eventkit.toml").write_text(
        '[registry]\nname = "r"\nevent_bus = "b"\nsource_prefix = "r."\n', encoding="utf-8"
    )
    folder = tmp_path / "orders" / "OrderPlaced"
    folder.mkdir(parents=True)
    versions = {
        "1.0.0": ("^o_[a-z]{3}$", "o_abc"),  # matches
        "1.1.0": ("^o_[a-z]{3}$", "o_abcd"),  # same pattern, another value: does not match
        "1.2.0": ("^o_[a-z]{4}$", "o_abc"),  # another pattern, the first value: does not match
        "1.3.0": ("^o_[a-z]{3}$", "o_abc"),  # the first pair again: matches
    }
    for version, (pattern, value) in versions.items():
        text = json.dumps(_version(pattern, value), indent=2)
        (folder / f"{version}.json").write_text(text, encoding="utf-8")
    report = lint_registry(tmp_path)
    invalid = sorted(p.path for p in report.problems if p.code == "example-invalid")
    assert invalid == ["orders/OrderPlaced/1.1.0.json", "orders/OrderPlaced/1.2.0.json"]
