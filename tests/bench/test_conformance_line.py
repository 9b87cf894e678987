"""bench/compat.py's conformance lines: the agreement, the ceiling and what is unexplained."""

from __future__ import annotations

import importlib.util
import json
from typing import Any

import pytest

from tests.bench.conftest import BENCH
from tests.conftest import CORPUS

# Loaded from its file: the name `compat` is taken by tests/compat on the test path.
_spec = importlib.util.spec_from_file_location("bench_compat", BENCH / "compat.py")
assert _spec is not None
assert _spec.loader is not None
compat = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(compat)


def _lines(capsys: pytest.CaptureFixture[str], cases: list[dict[str, Any]]) -> dict[str, Any]:
    compat.conformance(cases)
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    return {line["bench"]: line for line in out}


def _case(index: int, old: Any, new: Any, confluent: bool) -> dict[str, Any]:
    return {
        "source_file": "made-up.json",
        "index": index,
        "original_schema": old,
        "update_schema": new,
        "compatible": confluent,
    }


def test_a_disagreement_nobody_explained_is_named_and_lowers_no_ceiling(
    capsys: pytest.CaptureFixture[str],
) -> None:
    cases = [
        _case(1, {"type": "string"}, {"type": "integer"}, True),  # eventkit: not compatible
        _case(2, {"type": "string"}, {"type": "string"}, True),
        _case(3, {"type": "string"}, {}, True),
        _case(4, {}, {"type": "string"}, False),
    ]
    lines = _lines(capsys, cases)
    assert lines["compat.conformance_lenient"] == {
        "bench": "compat.conformance_lenient",
        "skipped": "no `compatible_lenient`",
    }
    strict = lines["compat.conformance_strict"]
    assert strict["agree"] == 3
    assert strict["ratio"] == 0.75
    assert strict["disagreements"] == ["made-up.json#1"]
    assert strict["unexplained"] == ["made-up.json#1"]
    assert strict["ceiling_ratio"] == 1.0  # an unexplained miss is eventkit's, not a bound
    assert strict["ok"] is False


@pytest.mark.corpus
@pytest.mark.skipif(not (CORPUS / "confluent").exists(), reason="third-party corpus absent")
def test_on_confluents_corpus_every_disagreement_is_explained(
    capsys: pytest.CaptureFixture[str],
) -> None:
    cases = json.loads((CORPUS / "confluent" / "cases.json").read_text(encoding="utf-8"))
    lines = _lines(capsys, cases)
    strict, lenient = lines["compat.conformance_strict"], lines["compat.conformance_lenient"]
    assert strict["unexplained"] == []
    assert lenient["unexplained"] == []
    # the five shown wrong bound the figure: (204 - 5) / 204
    assert strict["ceiling_ratio"] == round(199 / 204, 4)
    assert strict["ratio"] <= strict["ceiling_ratio"]
    assert "ceiling_ratio" not in lenient  # a policy difference is no bound
