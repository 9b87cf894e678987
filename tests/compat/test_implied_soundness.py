"""Property test: the verdicts decided from what a writer implies stay sound.

Random pairs built from the constructs those decisions read (patterns against enums and
described alternatives, exact and bounding formats, lengths, integer ranges, integral steps,
contains, uniqueItems of few values, propertyNames), combined by allOf/anyOf/oneOf. Whenever
the engine says "compatible", every instance of a fixed pool that OLD accepts (jsonschema,
formats asserted) must be accepted by NEW.
"""

from __future__ import annotations

from typing import Any

import jsonschema  # type: ignore[import-untyped]
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventkit.compat import check_compatibility

_WORDS = ["", "a", "b", "ab", "c", "aa", "abc"]
_UUID = "123e4567-e89b-12d3-a456-426614174000"

_STRINGS = st.one_of(
    st.builds(
        lambda p: {"type": "string", "pattern": p},
        st.sampled_from(["^(a|b)$", "^[ab]$", "^a+$", "^[a-c]{1,2}$", "a", "^$", "^[0-9a-f-]+$"]),
    ),
    st.builds(
        lambda vs: {"type": "string", "enum": vs},
        st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4, unique=True),
    ),
    st.builds(
        lambda vs, kind: {"type": "string", kind: [{"const": v, "description": v} for v in vs]},
        st.lists(st.sampled_from(_WORDS), min_size=1, max_size=3, unique=True),
        st.sampled_from(["oneOf", "anyOf"]),
    ),
    st.builds(lambda f: {"type": "string", "format": f}, st.sampled_from(["uuid", "ipv4", "date"])),
    st.builds(
        lambda lo, hi: {"type": "string", "minLength": lo, "maxLength": hi},
        st.integers(0, 2),
        st.integers(0, 3),
    ),
)
_NUMBERS = st.one_of(
    st.builds(
        lambda lo, width: {"type": "integer", "minimum": lo, "maximum": lo + width},
        st.integers(-2, 2),
        st.integers(0, 4),
    ),
    st.builds(lambda m: {"type": "number", "multipleOf": m}, st.sampled_from([1, 2, 0.5])),
    st.builds(
        lambda vs: {"enum": vs}, st.lists(st.integers(-2, 5), min_size=1, max_size=4, unique=True)
    ),
    st.just({"type": "integer"}),
)
_ARRAYS = st.builds(
    lambda items, unique, low, high, contains: {
        "type": "array",
        "items": items,
        **({"uniqueItems": True} if unique else {}),
        **({"minItems": low} if low is not None else {}),
        **({"maxItems": high} if high is not None else {}),
        **({"contains": contains} if contains is not None else {}),
    },
    st.sampled_from([{"type": "boolean"}, {"enum": ["a", "b"]}, {"type": "integer"}, {}]),
    st.booleans(),
    st.one_of(st.none(), st.integers(0, 2)),
    st.one_of(st.none(), st.integers(0, 3)),
    st.one_of(st.none(), st.sampled_from([{}, {"type": "integer"}, {"const": "a"}])),
)
_OBJECTS = st.builds(
    lambda names: {"type": "object", "propertyNames": names},
    st.sampled_from(
        [
            {"pattern": "^(a|b)$"},
            {"pattern": "^[a-c]+$"},
            {"enum": ["a", "b"]},
            {"maxLength": 1},
            {"maxLength": 2},
            {"type": "string", "maxLength": 2},
        ]
    ),
)
_LEAVES = st.one_of(_STRINGS, _NUMBERS, _ARRAYS, _OBJECTS)
_SCHEMAS = st.one_of(
    _LEAVES,
    st.builds(
        lambda kind, xs: {kind: xs},
        st.sampled_from(["allOf", "anyOf", "oneOf"]),
        st.lists(_LEAVES, min_size=1, max_size=2),
    ),
)

_SCALARS: list[Any] = [
    *_WORDS,
    _UUID,
    _UUID.upper(),
    "192.0.2.1",
    "2026-01-01",
    None,
    True,
    False,
    *range(-3, 7),
    1.0,
    2.5,
    0.5,
]
_INSTANCES: list[Any] = [
    *_SCALARS,
    [],
    [True],
    [True, False],
    [True, True],
    ["a", "b"],
    ["a", "a"],
    ["a", "b", "a"],
    [1],
    [1, 2, 3],
    ["x"],
    {},
    {"a": 1},
    {"b": 1},
    {"a": 1, "b": 2},
    {"c": 1},
    {"aa": 1},
    {"abc": 1},
]


def _validator(schema: Any) -> Any:
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@settings(max_examples=1000, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(old=_SCHEMAS, new=_SCHEMAS)
def test_compatible_never_meets_a_counterexample(old: Any, new: Any) -> None:
    report = check_compatibility(old, new, mode="BACKWARD")
    old_ok, new_ok = _validator(old), _validator(new)
    counterexamples = [i for i in _INSTANCES if old_ok.is_valid(i) and not new_ok.is_valid(i)]
    if report.compatible is True:
        assert not counterexamples, (old, new, counterexamples)
    for finding in report.findings:  # and every example shown is one
        if finding.severity == "breaking" and not finding.path:
            assert old_ok.is_valid(finding.example), (old, new, finding)
            assert not new_ok.is_valid(finding.example), (old, new, finding)
