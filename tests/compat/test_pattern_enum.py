"""A writer's `pattern` against a reader's `enum`/`const`: decided by the regex automata.

Before, such a pair was compatible only if a counterexample search happened to fail on a
listed value, so `^(NEW|PAID)$` -> `enum: [NEW, PAID]` was UNDECIDED_CONSTRAINT
(docs/decisions/0020-regex-inclusion-by-automata.md, "Limits"). Now the listed strings are
one anchored alternation and the engine asks for a string the writer's patterns accept that
it does not: none is a proof, a witness is the counterexample.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from eventkit import schema_regex
from eventkit.compat import check_compatibility
from eventkit.compat._regex_sets import literal_pattern


def _backward(old: Any, new: Any) -> tuple[bool | None, list[str]]:
    report = check_compatibility(old, new, mode="BACKWARD")
    return report.compatible, [f.rule_id for f in report.findings]


def test_a_pattern_whose_strings_are_all_listed_is_compatible() -> None:
    old = {"type": "string", "pattern": "^(NEW|PAID)$"}
    assert _backward(old, {"type": "string", "enum": ["NEW", "PAID"]}) == (True, [])
    assert _backward(old, {"type": "string", "enum": ["NEW", "PAID", "SHIPPED"]}) == (True, [])
    assert _backward({"type": "string", "pattern": "^PAID$"}, {"const": "PAID"}) == (True, [])
    # two patterns together: only their common strings have to be listed
    both = {"type": "string", "allOf": [{"pattern": "^[A-Z]{3}$"}, {"pattern": "^(EUR|USD|x)"}]}
    assert _backward(both, {"type": "string", "enum": ["EUR", "USD"]}) == (True, [])


def test_a_listed_string_missing_breaks_with_that_string() -> None:
    old = {"type": "string", "pattern": "^(NEW|PAID|LOST)$"}
    report = check_compatibility(old, {"type": "string", "enum": ["NEW", "PAID"]}, mode="BACKWARD")
    assert report.compatible is False
    assert [(f.rule_id, f.example) for f in report.findings] == [("ENUM_ADDED", "LOST")]


def test_an_infinite_pattern_breaks_with_a_shortest_unlisted_string() -> None:
    report = check_compatibility(
        {"type": "string", "pattern": "^[A-Z]{2}$"},
        {"type": "string", "enum": ["AA", "AB"]},
        mode="BACKWARD",
    )
    assert report.compatible is False
    (finding,) = report.findings
    assert finding.rule_id == "ENUM_ADDED"
    assert isinstance(finding.example, str)
    assert len(finding.example) == 2
    assert finding.example not in {"AA", "AB"}
    # an unanchored pattern is infinite: never all listed
    report = check_compatibility(
        {"type": "string", "pattern": "NEW"}, {"enum": ["NEW"]}, mode="BACKWARD"
    )
    assert report.compatible is False


def test_a_writer_of_other_types_too_still_breaks_on_them() -> None:
    # no `type`: the writer also writes null, numbers... that the enum does not list
    report = check_compatibility({"pattern": "^(a|b)$"}, {"enum": ["a", "b"]}, mode="BACKWARD")
    assert report.compatible is False
    assert report.findings[0].example is None  # null: the first value the writer has
    # a nullable writer: its null has to be listed too
    nullable = {"type": ["string", "null"], "pattern": "^(a|b)$"}
    assert _backward(nullable, {"enum": ["a", "b", None]}) == (True, [])
    report = check_compatibility(nullable, {"enum": ["a", "b"]}, mode="BACKWARD")
    assert report.compatible is False
    assert report.findings[0].example is None


def test_a_format_on_the_writer_narrows_nothing_the_proof_needs() -> None:
    old = {"type": "string", "pattern": "^(a|b)$", "format": "email"}
    assert _backward(old, {"type": "string", "enum": ["a", "b"]}) == (True, [])


def test_a_pattern_the_automata_cannot_hold_stays_undecided() -> None:
    old = {"type": "string", "pattern": "^(?=N)(NEW|PAID)$"}  # look-ahead: no automaton
    assert _backward(old, {"type": "string", "enum": ["NEW", "PAID"]}) == (
        None,
        ["UNDECIDED_CONSTRAINT"],
    )
    # an enum too large for one automaton is undecided, never compatible by default
    many = [f"v{i:05d}" for i in range(100_000)]  # no alternation is written for it
    verdict, rules = _backward({"type": "string", "pattern": "^v0[0-9]{4}$"}, {"enum": many})
    assert verdict is None
    assert rules == ["UNDECIDED_CONSTRAINT"]


# -- the escaping: a listed value is matched as exactly that text -----------------------------

_VALUES = st.text(
    alphabet=st.one_of(
        st.sampled_from("ab^$.*+?()[]{}|\\/-_ \n\t\"'é😀\ud800"),
        st.characters(),
    ),
    max_size=5,
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_VALUES, min_size=1, max_size=4), _VALUES)
@example(["a.b"], "axb")
@example([""], "\n")
@example(["$"], "")
@example(["\ud800"], "\ud800")
def test_the_literal_pattern_matches_exactly_the_listed_strings(
    values: list[str], other: str
) -> None:
    pattern = literal_pattern(values)
    for value in values:
        assert schema_regex.search(pattern, value), (pattern, value)
    assert schema_regex.search(pattern, other) == (other in values), (pattern, other)


# -- against brute force: every verdict on small anchored patterns is the true one ------------

_ITEMS = st.sampled_from(["a", "b", "[ab]", "a?", "b?", "(a|bb)"])
_WORDS = ["".join(w) for n in range(5) for w in itertools.product("ab", repeat=n)]


@settings(max_examples=300, deadline=None)
@given(st.lists(_ITEMS, max_size=3), st.lists(st.sampled_from(_WORDS[:15]), unique=True))
def test_verdicts_match_brute_force(items: list[str], listed: list[str]) -> None:
    pattern = "^" + "".join(items) + "$"  # at most 6 characters of a and b
    language = {
        w
        for w in _WORDS
        + ["".join(w) for w in itertools.product("ab", repeat=5)]
        + ["".join(w) for w in itertools.product("ab", repeat=6)]
        if schema_regex.search(pattern, w)
    }
    reader: dict[str, object] = {"type": "string", "enum": listed}
    report = check_compatibility({"type": "string", "pattern": pattern}, reader, mode="BACKWARD")
    assert report.compatible is (language <= set(listed)), (pattern, listed, report.findings)
    if not report.compatible:
        (finding,) = report.findings
        assert finding.example in language - set(listed)


@pytest.mark.parametrize("mode", ["FORWARD", "FULL"])
def test_the_other_direction_is_unchanged(mode: str) -> None:
    # enum writer, pattern reader: each listed value matched (as before)
    old = {"type": "string", "pattern": "^(NEW|PAID)$"}
    new = {"type": "string", "enum": ["NEW", "PAID"]}
    assert check_compatibility(old, new, mode=mode).compatible is True
    assert (
        check_compatibility(old, {"type": "string", "enum": ["NEW", "X"]}, mode=mode).compatible
        is False
    )


# -- values listed as alternatives: `oneOf: [{const: ..., description: ...}, ...]` -------------


def _described(*values: str, kind: str = "oneOf") -> dict[str, Any]:
    return {"type": "string", kind: [{"const": v, "description": f"the {v} state"} for v in values]}


def test_a_writer_listing_values_as_alternatives_is_checked_value_by_value() -> None:
    assert _backward(_described("a", "b"), {"type": "string", "pattern": "^[ab]$"}) == (True, [])
    assert _backward(_described("a", "b"), {"type": "string", "maxLength": 1}) == (True, [])
    uuid_value = "123e4567-e89b-12d3-a456-426614174000"
    assert _backward(_described(uuid_value), {"type": "string", "format": "uuid"}) == (True, [])
    # a value the reader rejects is reported by the keyword that rejects it, as before
    report = check_compatibility(
        _described("a", "b", "cc"), {"type": "string", "pattern": "^[ab]$"}, mode="BACKWARD"
    )
    assert [(f.rule_id, f.example) for f in report.findings] == [("PATTERN_NARROWED", "cc")]


def test_an_alternative_of_values_the_reader_takes_leaves_no_undecided_finding() -> None:
    # the writer's null matches two alternatives (so oneOf rejects it): it writes objects;
    # its null alternative over-approximates, and the reader takes null too
    writer = {"oneOf": [{"type": "null"}, {"type": "object"}, {"oneOf": [{"type": "null"}]}]}
    assert _backward(writer, {"oneOf": [{"type": "null"}, {"type": "object"}]}) == (True, [])


@pytest.mark.parametrize("kind", ["oneOf", "anyOf"])
def test_a_reader_listing_values_as_alternatives_is_decided(kind: str) -> None:
    writer = {"type": "string", "pattern": "^(NEW|PAID)$"}
    assert _backward(writer, _described("NEW", "PAID", kind=kind)) == (True, [])
    assert _backward(writer, _described("NEW", "PAID", "LOST", kind=kind)) == (True, [])
    report = check_compatibility(writer, _described("NEW", "LOST", kind=kind), mode="BACKWARD")
    assert [(f.rule_id, f.example) for f in report.findings] == [("UNION_NARROWED", "PAID")]
    # one alternative is the reader's only one of that type: read as its `const`
    report = check_compatibility(writer, _described("NEW", kind=kind), mode="BACKWARD")
    assert [(f.rule_id, f.example) for f in report.findings] == [("ENUM_ADDED", "PAID")]


def test_a_value_two_oneof_alternatives_list_is_never_proved() -> None:
    # oneOf rejects "b": it matches both alternatives
    reader = {"oneOf": [{"enum": ["a", "b"]}, {"const": "b"}]}
    verdict = check_compatibility(
        {"type": "string", "pattern": "^[ab]$"}, reader, mode="BACKWARD"
    ).compatible
    assert verdict is not True


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_ITEMS, max_size=3),
    st.lists(st.sampled_from(_WORDS[:15]), unique=True, min_size=1),
    st.sampled_from(["oneOf", "anyOf"]),
)
def test_union_verdicts_match_brute_force(items: list[str], listed: list[str], kind: str) -> None:
    pattern = "^" + "".join(items) + "$"
    words = ["".join(w) for n in range(7) for w in itertools.product("ab", repeat=n)]
    language = {w for w in words if schema_regex.search(pattern, w)}
    reader = _described(*listed, kind=kind)
    report = check_compatibility({"type": "string", "pattern": pattern}, reader, mode="BACKWARD")
    assert report.compatible is (language <= set(listed)), (pattern, listed, report.findings)
    if not report.compatible:
        assert all(f.example in language - set(listed) for f in report.findings)
