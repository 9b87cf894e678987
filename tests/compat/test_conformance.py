"""Agreement with Confluent's own verdicts (../shared/corpus/confluent/cases.json).

`compatible` is Confluent's BACKWARD verdict under its default (STRICT) policy;
`compatible_lenient` its LENIENT one. eventkit decides by set inclusion, so it disagrees where
Confluent's verdict is syntactic; each such case is listed below with the reason.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest

from eventkit.compat import check_compatibility
from tests.conftest import CORPUS

CASES_FILE = CORPUS / "confluent" / "cases.json"
pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CASES_FILE.exists(), reason="third-party corpus absent"),
]

# (source_file, index, policy) -> (eventkit's verdict, why, a counterexample or None)
DISAGREEMENTS: dict[tuple[str, int, str], tuple[bool, str, Any]] = {
    ("diff-schema-examples.json", 51, "STRICT"): (
        True,
        "dependencies foo: {type: string} -> {type: number}: both reject every object that has"
        " `foo` (the object itself would have to be a string/number), so the sets are equal",
        None,
    ),
    ("diff-schema-examples.json", 55, "STRICT"): (
        False,
        "required [foo] -> [bar]: an old object without `bar` is rejected by the new schema",
        {"foo": ""},
    ),
    ("diff-schema-examples-2020-12.json", 57, "STRICT"): (
        False,
        "required [foo] -> [bar]: an old object without `bar` is rejected by the new schema",
        {"foo": ""},
    ),
    ("diff-schema-examples.json", 87, "STRICT"): (
        True,
        "additionalItems is ignored unless items is an array (tuple), so true -> false changes nothing",
        None,
    ),
    ("diff-schema-examples.json", 88, "STRICT"): (
        True,
        "additionalItems is ignored unless items is an array (tuple), so string -> number changes nothing",
        None,
    ),
    ("diff-schema-examples.json", 80, "LENIENT"): (
        False,
        "an object that declares no properties is a free-form map: eventkit producers do emit its keys",
        {"a": 1},
    ),
    ("diff-schema-examples-2020-12.json", 90, "LENIENT"): (
        False,
        "an object that declares no properties is a free-form map: eventkit producers do emit its keys",
        {"a": 1},
    ),
    ("diff-schema-examples.json", 81, "LENIENT"): (
        False,
        "an object that declares no properties is a free-form map: its keys may hold any value",
        {"a": "x"},
    ),
    ("diff-schema-examples-2020-12.json", 91, "LENIENT"): (
        False,
        "an object that declares no properties is a free-form map: its keys may hold any value",
        {"a": "x"},
    ),
}


def _verdicts() -> list[tuple[tuple[str, int, str], bool, bool | None, dict[str, Any]]]:
    out = []
    for case in json.loads(CASES_FILE.read_text(encoding="utf-8")):
        for policy, field in (("STRICT", "compatible"), ("LENIENT", "compatible_lenient")):
            if field in case:
                got = check_compatibility(
                    case["original_schema"], case["update_schema"], policy=policy
                ).compatible
                out.append(((case["source_file"], case["index"], policy), case[field], got, case))
    return out


def test_agreement_rate_and_every_disagreement_is_explained() -> None:
    verdicts = _verdicts()
    strict = [v for v in verdicts if v[0][2] == "STRICT"]
    assert all(got is not None for _, _, got, _ in verdicts), "undecided corpus cases"
    disagreements = {key: got for key, expected, got, _ in verdicts if got != expected}
    assert disagreements == {key: value[0] for key, value in DISAGREEMENTS.items()}
    agree = sum(expected == got for _, expected, got, _ in strict)
    assert len(strict) == 204
    assert agree / len(strict) >= 0.975  # 199/204; the other 5 are listed above


@pytest.mark.parametrize("key", sorted(DISAGREEMENTS), ids=lambda k: f"{k[0]}#{k[1]}-{k[2]}")
def test_disagreement_counterexamples_hold(key: tuple[str, int, str]) -> None:
    case = next(
        c
        for c in json.loads(CASES_FILE.read_text(encoding="utf-8"))
        if (c["source_file"], c["index"]) == key[:2]
    )
    _, _, example = DISAGREEMENTS[key]
    if example is None:
        return
    old, new = case["original_schema"], case["update_schema"]
    assert jsonschema.validators.validator_for(old, default=jsonschema.Draft7Validator)(
        old
    ).is_valid(example)
    assert not jsonschema.validators.validator_for(new, default=jsonschema.Draft7Validator)(
        new
    ).is_valid(example)
