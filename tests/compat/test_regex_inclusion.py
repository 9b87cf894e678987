"""Issue 15, category 5: two different patterns are compared as sets of strings (automata).

Verdicts go through `check_compatibility`; every breaking example is re-checked here with
`eventkit.schema_regex` (ECMA-262, the JSON Schema dialect), never with Python's `re`, whose
`\\d`, `.` and `$` differ. A property test holds every "included" to generated members.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventkit import schema_regex
from eventkit.compat import check_compatibility
from eventkit.compat._regex_sets import find_string


def _string(pattern: str, **more: Any) -> dict[str, Any]:
    return {"type": "string", "pattern": pattern, **more}


def _verdict(writer: str, reader: str) -> Any:
    """BACKWARD with OLD = writer: every string the writer's pattern accepts, the reader's?"""
    return check_compatibility(_string(writer), _string(reader), mode="BACKWARD")


# (old, new, every old string matches new, every new string matches old)
PAIRS = [
    ("^ab", "^abc", False, True),  # prefix narrowed
    ("^[a-z]+$", "^[a-z0-9]+$", True, False),  # class widened
    ("abc", "^abc", False, True),  # unanchored means "contains"
    ("abc$", "abc", True, False),
    (r"^\d+$", "^[0-9]+$", True, True),  # ECMA-262 \d is ASCII
    (r"^\w+$", "^[A-Za-z0-9_]+$", True, True),
    (r"^[^\n]+$", "^.+$", False, True),  # `.` also stops at \r, \u2028, \u2029
    (r"^\u00e9+$", "^\u00e9+$", True, True),  # Unicode escape = the character itself
    (r"^[\u0100-\u017F]+$", r"^[\u0100-\u0150]+$", False, True),
    (r"^\u{1F600}$", "^\U0001f600$", True, True),  # astral code point, one character
    (r"^\cC$", r"^\x03$", True, True),  # control escape
    (r"^\cC$", r"^\cD$", False, False),
    ("^(ab|cd)$", "^[a-d]{2}$", True, False),  # alternation
    ("^a{2,5}$", "^a+$", True, False),  # bounded repetition
    ("^a+$", "^(a|aa)+$", True, True),  # different text, same strings
    ("^x|y$", "x|y", True, False),  # anchors inside alternatives
    ("a$|^b", "^b|a$", True, True),
    ("[^a]", "[^b]", False, False),  # negated classes over all of Unicode
    ("^$", "^a*$", True, False),
    ("a$b", "^zzz$", True, False),  # `$` before more text: matches nothing
]


@pytest.mark.parametrize(("old", "new", "backward", "forward"), PAIRS)
def test_pattern_pairs_are_decided_both_ways(
    old: str, new: str, backward: bool, forward: bool
) -> None:
    for writer, reader, expected in ((old, new, backward), (new, old, forward)):
        report = _verdict(writer, reader)
        assert report.compatible is expected, (writer, reader, report.findings)
        if expected:
            assert not report.findings
            continue
        finding = report.findings[0]
        assert finding.rule_id == "PATTERN_NARROWED"
        assert finding.pointer == "/pattern"
        assert schema_regex.search(writer, finding.example)  # a real counterexample (ECMA)
        assert not schema_regex.search(reader, finding.example)


@pytest.mark.parametrize(
    ("writer", "reader", "example"),
    [
        ("^ab", "^abc", "ab"),  # the shortest old string the new pattern rejects
        ("^[a-z0-9]+$", "^[a-z]+$", "0"),
        (r"^[^\n]$", "^.$", "\r"),
        ("^a+$", "^a{2,5}$", "a"),
        (r"^[\u0100-\u017F]+$", r"^[\u0100-\u0150]+$", "\u0151"),
    ],
)
def test_the_counterexample_is_a_shortest_string(writer: str, reader: str, example: str) -> None:
    report = _verdict(writer, reader)
    assert report.compatible is False
    assert report.findings[0].example == example


def test_line_anchored_dot_star_is_not_universal() -> None:
    """`^.*$` was taken for "any string": `.` stops at line terminators (ECMA-262)."""
    report = check_compatibility({"type": "string"}, _string("^.*$"))
    assert report.compatible is False
    finding = report.findings[0]
    assert finding.rule_id == "PATTERN_NARROWED"
    assert not schema_regex.search("^.*$", finding.example)
    assert check_compatibility({"type": "string"}, _string(".*$")).compatible is True


def test_pattern_and_lengths_are_combined() -> None:
    bounded = _string("^[a-z]+$", maxLength=3)
    assert check_compatibility(bounded, _string("^[a-z]{1,3}$")).compatible is True
    report = check_compatibility(_string("^[a-z]+$", maxLength=4), _string("^[a-z]{1,3}$"))
    assert report.compatible is False
    assert report.findings[0].example == "aaaa"


def test_writer_patterns_are_intersected() -> None:
    writer = {"type": "string", "allOf": [{"pattern": "^[a-z]+$"}, {"pattern": "^.{2}$"}]}
    assert check_compatibility(writer, _string("^[a-z][a-z]$")).compatible is True
    assert check_compatibility(writer, _string("^[a-y]{2}$")).compatible is False


@pytest.mark.parametrize(
    ("writer", "reader"),
    [
        ("^(?=a)a+$", "^a+$"),  # look-ahead
        ("^(?!b)a+$", "^a+$"),  # negative look-ahead
        (r"^(a)\1$", "^aa$"),  # back-reference
        (r"^\bab$", "^ab$"),  # word boundary
        (r"^\p{Lu}$", "^[A-Z]$"),  # Unicode property escape
    ],
)
def test_constructs_without_an_automaton_stay_undecided(writer: str, reader: str) -> None:
    report = _verdict(writer, reader)
    assert report.compatible is None
    assert [f.rule_id for f in report.findings] == ["UNDECIDED_PATTERN"]
    assert find_string([writer], [reader]).holds is None


@pytest.mark.parametrize(
    ("writer", "reader"),
    [
        ("^(a|aa)*b{1000}$", "^a*b+$"),  # NFA state cap
        ("[ab]*a[ab]{20}$", "^x"),  # DFA of 2^20 states: state cap
        ("(a|aa)*b{600}", "c"),  # work cap while determinising
    ],
)
def test_hostile_patterns_are_undecided_fast(writer: str, reader: str) -> None:
    started = time.perf_counter()
    verdict = find_string([writer], [reader])
    assert verdict.holds is None
    assert verdict.reason
    report = check_compatibility(_string(writer), _string(reader))
    assert report.compatible is not True
    assert time.perf_counter() - started < 5


def test_pattern_properties_are_compared_as_name_sets() -> None:
    digits = {"^[0-9]+$": {"type": "integer"}}
    old = {"type": "object", "patternProperties": digits, "additionalProperties": False}
    new = {
        "type": "object",
        "patternProperties": {**digits, "^[a-z]+$": {"type": "string"}},
        "additionalProperties": False,
    }
    assert check_compatibility(old, new).compatible is True  # no digit name matches ^[a-z]+$
    narrow = {"^x_[0-9]+$": {"type": "integer"}}
    old = {"type": "object", "patternProperties": narrow, "additionalProperties": False}
    new = {
        "type": "object",
        "patternProperties": {"^x_": {"type": "integer"}},
        "additionalProperties": False,
    }
    assert check_compatibility(old, new).compatible is True  # every old name matches ^x_


def test_pattern_properties_overlap_gives_a_concrete_name() -> None:
    old = {"type": "object", "patternProperties": {"^x_": {"type": "integer"}}}
    new = {
        "type": "object",
        "patternProperties": {"^x_": {"type": "integer"}, "_id$": {"type": "string"}},
    }
    report = check_compatibility(old, new)
    assert report.compatible is False
    narrowed = next(f for f in report.findings if f.rule_id == "TYPE_NARROWED")
    assert narrowed.path == "/x_id"  # a shortest name matching both patterns


def test_enum_against_pattern_is_decided_by_matching() -> None:
    assert check_compatibility({"enum": ["ab", "ac"]}, _string("^a[bc]$")).compatible is True
    report = check_compatibility({"const": "ad"}, _string("^a[bc]$"))
    assert report.compatible is False
    assert report.findings[0].example == "ad"


# -- property: "included" is never contradicted by a member of the writer's language -------

_ATOMS = ["a", "b", "0", "[ab]", "[^a]", r"\d", r"\w", ".", r"\n", "[a-z0-9]", r"\u00e9"]


@st.composite
def _patterns(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.integers(0, 6 if depth < 2 else 3))
        if kind <= 2:
            part = draw(st.sampled_from(_ATOMS))
        elif kind == 3:
            part = draw(st.sampled_from(["^", "$"]))
        elif kind == 4:
            part = f"({draw(_patterns(depth + 1))}|{draw(_patterns(depth + 1))})"
        else:
            part = f"(?:{draw(_patterns(depth + 1))})"
        if kind != 3 and draw(st.booleans()):
            part += draw(st.sampled_from(["?", "*", "+", "{1,3}", "{2}"]))
        parts.append(part)
    return "".join(parts)


_TEXT = st.text(alphabet="ab0é\n\r\u2028x_", max_size=6)


@settings(
    max_examples=150,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
@given(_patterns(), _patterns(), st.data())
def test_included_never_has_a_counterexample(writer: str, reader: str, data: st.DataObject) -> None:
    verdict = find_string([writer], [reader])
    if verdict.holds is False:  # a witness is a real member of writer - reader
        assert verdict.witness is not None
        assert schema_regex.search(writer, verdict.witness)
        assert not schema_regex.search(reader, verdict.witness)
        return
    if verdict.holds is None:
        return
    compatible = _verdict(writer, reader).compatible
    assert compatible is True
    members = st.from_regex(schema_regex.python_syntax(writer))
    for _ in range(10):
        text = data.draw(st.one_of(members, _TEXT))
        if schema_regex.search(writer, text):
            assert schema_regex.search(reader, text), (writer, reader, text)
