"""Pattern conformance: every case of the AWS-recorded corpus (../shared/corpus/eventbridge-patterns).

File names say what real AWS answered: no suffix = match, `_NEG` = no match, `_EXC` =
InvalidEventPatternException. moto's matcher is not the judge; this corpus is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eventkit.errors import PatternError
from eventkit.patterns import matches, validate_pattern

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "eventbridge-patterns"
PAIR = ("complex_multi_key_event.json", "complex_multi_key_event_pattern.json")

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS.is_dir(), reason=f"pattern corpus not present at {CORPUS}"),
]


def _cases() -> list[Any]:
    if not CORPUS.is_dir():
        return []
    cases = [pytest.param(path.name, id=path.stem) for path in sorted(CORPUS.glob("*.json5"))]
    if (CORPUS / PAIR[0]).is_file() and (CORPUS / PAIR[1]).is_file():
        cases.append(pytest.param(PAIR[1], id="complex_multi_key"))
    return cases


def _load(name: str) -> tuple[Any, Any, str]:
    json5 = pytest.importorskip("json5")
    if name == PAIR[1]:
        event = json5.loads((CORPUS / PAIR[0]).read_text(encoding="utf-8"))
        pattern = json5.loads((CORPUS / PAIR[1]).read_text(encoding="utf-8"))
        return pattern, event, "match"
    case = json5.loads((CORPUS / name).read_text(encoding="utf-8"))
    stem = name.removesuffix(".json5")
    expected = (
        "invalid" if stem.endswith("_EXC") else "no-match" if stem.endswith("_NEG") else "match"
    )
    return case["EventPattern"], case["Event"], expected


@pytest.mark.parametrize("name", _cases())
def test_corpus_case(name: str) -> None:
    pattern, event, expected = _load(name)
    if expected == "invalid":
        with pytest.raises(PatternError):
            validate_pattern(pattern)
        return
    validate_pattern(pattern)
    assert matches(pattern, event) is (expected == "match")


def test_corpus_is_complete() -> None:
    """Guard against a silently empty parametrization (e.g. a renamed folder)."""
    assert len(_cases()) >= 100
