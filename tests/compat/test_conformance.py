"""Agreement with Confluent's own verdicts (../shared/corpus/confluent/cases.json).

`compatible` is Confluent's BACKWARD verdict under its default (STRICT) policy;
`compatible_lenient` its LENIENT one. eventkit decides by set inclusion, so it disagrees where
Confluent's verdict is syntactic. Every such case is listed, with its reason, in
confluent_disagreements.json (bench/compat.py reads the same list for the agreement ceiling);
the tests here check each claim made there.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest

from eventkit.compat import check_compatibility
from tests.conftest import CORPUS

CASES_FILE = CORPUS / "confluent" / "cases.json"
DISAGREEMENTS_FILE = Path(__file__).with_name("confluent_disagreements.json")
pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CASES_FILE.exists(), reason="third-party corpus absent"),
]

Key = tuple[str, int, str]  # (source_file, index, policy)
DISAGREEMENTS: dict[Key, dict[str, Any]] = {
    (entry["source_file"], entry["index"], entry["policy"]): entry
    for entry in json.loads(DISAGREEMENTS_FILE.read_text(encoding="utf-8"))["cases"]
}


def _cases() -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = json.loads(CASES_FILE.read_text(encoding="utf-8"))
    return loaded


def _verdicts() -> list[tuple[Key, bool, bool | None]]:
    out = []
    for case in _cases():
        for policy, field in (("STRICT", "compatible"), ("LENIENT", "compatible_lenient")):
            if field in case:
                got = check_compatibility(
                    case["original_schema"], case["update_schema"], policy=policy
                ).compatible
                out.append(((case["source_file"], case["index"], policy), case[field], got))
    return out


def _validator(schema: Any) -> Any:
    return jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)(schema)


def test_agreement_rate_and_every_disagreement_is_explained() -> None:
    verdicts = _verdicts()
    strict = [v for v in verdicts if v[0][2] == "STRICT"]
    assert all(got is not None for _, _, got in verdicts), "undecided corpus cases"
    disagreements = {key: got for key, expected, got in verdicts if got != expected}
    assert disagreements == {key: entry["eventkit"] for key, entry in DISAGREEMENTS.items()}
    agree = sum(expected == got for _, expected, got in strict)
    assert len(strict) == 204
    assert agree / len(strict) >= 0.975  # 199/204; the other 5 are listed


@pytest.mark.parametrize("key", sorted(DISAGREEMENTS), ids=lambda k: f"{k[0]}#{k[1]}-{k[2]}")
def test_each_disagreement_is_shown(key: Key) -> None:
    """A counterexample is valid before and rejected after (the change breaks old data);
    probes are judged alike by both schemas (nothing changed); one of the two is given."""
    case = next(c for c in _cases() if (c["source_file"], c["index"]) == key[:2])
    entry = DISAGREEMENTS[key]
    old, new = _validator(case["original_schema"]), _validator(case["update_schema"])
    assert entry["kind"] in {"unsound", "policy"}
    assert ("counterexample" in entry) != ("probes" in entry), "give one kind of evidence"
    if "counterexample" in entry:
        assert entry["eventkit"] is False
        assert old.is_valid(entry["counterexample"])
        assert not new.is_valid(entry["counterexample"])
    else:
        assert entry["eventkit"] is True
        assert len(entry["probes"]) >= 5
        for probe in entry["probes"]:
            assert old.is_valid(probe) == new.is_valid(probe), probe
        # equal sets: eventkit finds the change compatible read either way
        assert check_compatibility(
            case["update_schema"], case["original_schema"], policy=key[2]
        ).compatible


def test_unsound_verdicts_are_strict_ones() -> None:
    """The ceiling bench/compat.py reports counts only Confluent verdicts shown wrong under
    the policy they were given for; a policy difference is not Confluent's error."""
    for (_, _, policy), entry in DISAGREEMENTS.items():
        assert (entry["kind"] == "unsound") == (policy == "STRICT")
