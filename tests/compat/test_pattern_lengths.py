"""A reader's minLength/maxLength against a writer's patterns (and formats): decided by the
regex automata. Before, `^[A-Z]{3}$` gaining `maxLength: 3` was UNDECIDED_CONSTRAINT: no
sampled string of length 4 matched the pattern, so nothing refuted it and nothing proved it.
"""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from eventkit import schema_regex
from eventkit.compat import check_compatibility


def _backward(old: Any, new: Any) -> tuple[Any, list[tuple[str, Any]]]:
    report = check_compatibility(old, new, mode="BACKWARD")
    return report.compatible, [(f.rule_id, f.example) for f in report.findings]


def test_a_length_the_pattern_already_keeps_is_compatible() -> None:
    code = {"type": "string", "pattern": "^[A-Z]{3}$"}
    assert _backward(code, {**code, "maxLength": 3}) == (True, [])
    assert _backward(code, {**code, "minLength": 3}) == (True, [])
    assert _backward({"type": "string", "pattern": "^[a-z]+$"}, {"minLength": 1}) == (True, [])


def test_a_length_the_pattern_passes_breaks_with_a_shortest_such_string() -> None:
    assert _backward({"type": "string", "pattern": "^[A-Z]{3,5}$"}, {"maxLength": 4}) == (
        False,
        [("MAX_LENGTH_DECREASED", "AAAAA")],
    )
    assert _backward({"type": "string", "pattern": "^[a-z]{0,2}$"}, {"minLength": 1}) == (
        False,
        [("MIN_LENGTH_INCREASED", "")],
    )


def test_formats_bound_lengths_too() -> None:
    assert _backward({"type": "string", "format": "uuid"}, {"maxLength": 36}) == (True, [])
    assert _backward({"type": "string", "format": "date"}, {"minLength": 10}) == (True, [])
    # a bounding format gives no example of its own: the sample date is the one shown
    assert _backward({"type": "string", "format": "date"}, {"maxLength": 9}) == (
        False,
        [("MAX_LENGTH_DECREASED", "2026-01-01")],
    )


def test_lengths_past_what_the_automata_track() -> None:
    """Lengths over 256 are tracked as "257 or more": proved when the pattern has no string
    that long, refuted by a sample when it has, undecided (never compatible) in between."""
    assert _backward({"type": "string", "pattern": "^a{3}$"}, {"maxLength": 299}) == (True, [])
    assert _backward({"type": "string", "pattern": "^a{3,256}$"}, {"maxLength": 299}) == (
        True,
        [],
    )
    verdict, findings = _backward({"type": "string", "pattern": "^a{300}"}, {"maxLength": 299})
    assert verdict is False
    assert [(rule, len(example)) for rule, example in findings] == [("MAX_LENGTH_DECREASED", 300)]
    # strings of 257 to 299 characters exist, none of 300 or more: no proof, no example
    verdict, findings = _backward({"type": "string", "pattern": "^a{3,299}$"}, {"maxLength": 299})
    assert verdict is None
    assert [rule for rule, _ in findings] == ["UNDECIDED_CONSTRAINT"]


_ITEMS = st.sampled_from(["a", "b", "[ab]", "a?", "b?", "(a|bb)", "a{0,2}"])
_WORDS = ["".join(w) for n in range(9) for w in itertools.product("ab", repeat=n)]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_ITEMS, max_size=3),
    st.one_of(st.none(), st.integers(0, 7)),
    st.one_of(st.none(), st.integers(0, 7)),
)
def test_verdicts_match_brute_force(
    items: list[str], shortest: int | None, longest: int | None
) -> None:
    pattern = "^" + "".join(items) + "$"  # at most 6 characters
    language = {w for w in _WORDS if schema_regex.search(pattern, w)}
    reader: dict[str, Any] = {"type": "string"}
    if shortest is not None:
        reader["minLength"] = shortest
    if longest is not None:
        reader["maxLength"] = longest

    def fits(word: str) -> bool:
        return (shortest is None or len(word) >= shortest) and (
            longest is None or len(word) <= longest
        )

    report = check_compatibility({"type": "string", "pattern": pattern}, reader, mode="BACKWARD")
    rejected = {w for w in language if not fits(w)}
    assert report.compatible is (not rejected), (pattern, reader, report.findings)
    for finding in report.findings:
        assert finding.example in rejected


def test_a_format_grown_to_the_limit_is_the_example() -> None:
    import jsonschema  # type: ignore[import-untyped]

    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    for name, limit in [("email", 254), ("uri", 2048)]:
        report = check_compatibility(
            {"type": "string", "format": name}, {"type": "string", "maxLength": limit}
        )
        assert report.compatible is False, name
        (finding,) = report.findings
        assert finding.rule_id == "MAX_LENGTH_DECREASED"
        assert len(finding.example) == limit + 1
        if name in checker.checkers:  # jsonschema checks email; uri needs an extra package
            assert checker.conforms(finding.example, name), finding.example
