"""What the engine decides beyond single keywords (issue 15): boolean algebra over applicators,
unions that partition a domain, contains counts, overlapping object rules, recursion.

`tests/compat/categories/<category>/*.json` holds hand-decided pairs: `backward` is whether
every instance of OLD is valid under NEW, `forward` the reverse. Each verdict is checked here,
every breaking example is confirmed with jsonschema, and a property test draws random schema
pairs from the same constructs and holds every "compatible" to random instances.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventkit.compat import check_compatibility

CATEGORIES = Path(__file__).parent / "categories"


def _cases() -> list[Path]:
    return sorted(CATEGORIES.glob("*/*.json"))


def _validator(schema: Any) -> Any:
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _at(value: Any, path: str) -> Any:
    for token in path.split("/")[1:]:
        value = value[int(token)] if isinstance(value, list) else value[token]
    return value


@pytest.mark.parametrize("case", _cases(), ids=lambda p: f"{p.parent.name}/{p.stem}")
@pytest.mark.parametrize("direction", ["backward", "forward"])
def test_category_case_is_decided_as_by_hand(case: Path, direction: str) -> None:
    data = json.loads(case.read_text(encoding="utf-8"))
    writer, reader = (
        (data["old"], data["new"]) if direction == "backward" else (data["new"], data["old"])
    )
    formats = data.get("formats", "assertion")
    report = check_compatibility(writer, reader, mode="BACKWARD", formats=formats)
    expected = data[direction]
    assert report.compatible is expected, [(f.rule_id, f.pointer, f.path) for f in report.findings]
    if expected is False:
        breaking = [f for f in report.findings if f.severity == "breaking"]
        assert breaking
        root = [f for f in breaking if not f.path]
        for finding in root if formats == "assertion" else ():  # jsonschema agrees
            assert _validator(writer).is_valid(finding.example), finding
            assert not _validator(reader).is_valid(finding.example), finding


def test_every_category_has_both_verdicts() -> None:
    folders = sorted(p for p in CATEGORIES.iterdir() if p.is_dir())
    assert {p.name for p in folders} >= {
        "boolean_algebra",
        "partition",
        "arrays",
        "objects",
        "recursion",
        "format",
    }
    for folder in folders:
        verdicts = set()
        for path in folder.glob("*.json"):
            data = json.loads(path.read_text(encoding="utf-8"))
            verdicts |= {data["backward"], data["forward"]}
        assert verdicts >= {True, False}, folder.name


# -- property test: "compatible" never meets a counterexample ---------------------------------

_LEAVES = st.one_of(
    st.sampled_from(
        [
            True,
            False,
            {"type": "string"},
            {"type": "integer"},
            {"type": "number"},
            {"type": "null"},
            {"type": ["string", "null"]},
            {"type": "array"},
            {"type": "object"},
        ]
    ),
    st.builds(lambda k, n: {k: n}, st.sampled_from(["minimum", "maximum"]), st.integers(-2, 2)),
    st.builds(
        lambda k, n: {k: n},
        st.sampled_from(["exclusiveMinimum", "exclusiveMaximum"]),
        st.sampled_from([-1, 0, 0.5, 1]),
    ),
    st.builds(
        lambda k, n: {k: n},
        st.sampled_from(["minLength", "maxLength", "minItems", "maxItems", "minProperties"]),
        st.integers(0, 3),
    ),
    st.builds(lambda v: {"const": v}, st.sampled_from([0, 1, "a", None, 1.5])),
)


def _extend(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    some = st.lists(children, min_size=1, max_size=3)
    return st.one_of(
        st.builds(lambda xs: {"anyOf": xs}, some),
        st.builds(lambda xs: {"oneOf": xs}, some),
        st.builds(lambda xs: {"allOf": xs}, some),
        st.builds(lambda x: {"not": x}, children),
        st.builds(
            lambda x, low, high: {
                "type": "array",
                "contains": x,
                "minContains": low,
                **({} if high is None else {"maxContains": high}),
            },
            children,
            st.integers(0, 2),
            st.one_of(st.none(), st.integers(1, 3)),
        ),
        st.builds(
            lambda x, y: {"type": "array", "prefixItems": [x], "items": y}, children, children
        ),
        st.builds(
            lambda x, req, names, extra: {
                "type": "object",
                "properties": {"a": x, "bb": x},
                "required": req,
                **({"propertyNames": {"maxLength": names}} if names else {}),
                **({"additionalProperties": extra} if extra is not None else {}),
            },
            children,
            st.sampled_from([[], ["a"], ["bb"]]),
            st.sampled_from([0, 1, 2]),
            st.one_of(st.none(), st.just(False), children),
        ),
        st.builds(
            lambda x, y: {"type": "object", "patternProperties": {"^a": x, "b": y}},
            children,
            children,
        ),
    )


_SCHEMAS = st.recursive(_LEAVES, _extend, max_leaves=6)
_JSON = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-3, 3),
        st.sampled_from([0.5, -1.5, 2.0]),
        st.sampled_from(["", "a", "ab", "abc", "abcd"]),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(["a", "bb", "ab", "b", "ccc"]), inner, max_size=3),
    ),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(old=_SCHEMAS, new=_SCHEMAS, instances=st.lists(_JSON, min_size=1, max_size=30))
def test_compatible_never_meets_a_counterexample(old: Any, new: Any, instances: list[Any]) -> None:
    if check_compatibility(old, new).compatible is not True:
        return
    old_ok, new_ok = _validator(old), _validator(new)
    for instance in instances:
        if old_ok.is_valid(instance):
            assert new_ok.is_valid(instance), (old, new, instance)


_TREES = st.recursive(
    st.one_of(st.none(), st.integers(-2, 2), st.sampled_from([0.5, "", "a", "abcdefghij", "+"])),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from(["value", "next", "name", "children", "op", "args", "a", "b"]),
            inner,
            max_size=3,
        ),
    ),
    max_leaves=12,
)
_RECURSIVE = sorted((CATEGORIES / "recursion").glob("*.json"))


@pytest.mark.parametrize("case", _RECURSIVE, ids=lambda p: p.stem)
def test_recursive_compatible_verdicts_hold_on_nested_instances(case: Path) -> None:
    """hypothesis-jsonschema cannot generate from recursive schemas: nested values instead."""
    data = json.loads(case.read_text(encoding="utf-8"))
    pairs = [(data["old"], data["new"]), (data["new"], data["old"])]
    compatible = [(w, r) for w, r in pairs if check_compatibility(w, r).compatible is True]
    assert compatible

    @settings(max_examples=200, deadline=None, database=None, derandomize=True)
    @given(_TREES)
    def holds(instance: Any) -> None:
        for writer, reader in compatible:
            if _validator(writer).is_valid(instance):
                assert _validator(reader).is_valid(instance)

    holds()


_SELF_UNION = {"anyOf": [{"$ref": "#"}, {"type": "string"}]}  # refers to itself, consuming nothing
_CHAIN = {
    "$defs": {
        "a": {"anyOf": [{"$ref": "#/$defs/b"}, {"type": "string"}]},
        "b": {"anyOf": [{"$ref": "#/$defs/a"}, {"type": "null"}]},
    },
    "$ref": "#/$defs/a",
}


@pytest.mark.parametrize(
    ("writer", "reader"),
    [({"type": "string"}, _SELF_UNION), ({"type": ["string", "null"]}, _CHAIN)],
    ids=["self", "chain"],
)
def test_union_referring_to_itself_is_compared_not_refused(writer: Any, reader: Any) -> None:
    """Was CompatibilityError ("recurse without end"). The spec leaves a cycle that consumes
    nothing undefined; these verdicts hold whichever way it is read."""
    assert check_compatibility(writer, reader).compatible is True
    other_way = check_compatibility(reader, writer)  # depends on the reading: never "compatible"
    assert other_way.compatible is not True


def test_reader_cycle_consuming_nothing_is_undecided_not_assumed() -> None:
    report = check_compatibility(
        {"type": "string"}, {"type": "string", "allOf": [{"$ref": "#"}]}, mode="BACKWARD"
    )
    assert report.compatible is None
    assert [f.rule_id for f in report.findings] == ["UNDECIDED_RECURSION"]
