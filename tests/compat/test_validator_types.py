"""The validator's written-out type test (compat/_validate.is_valid) reads types as before:
OpenAPI `nullable`, integral floats as integers, booleans apart from integers."""

from __future__ import annotations

from eventkit.compat import check_compatibility


def _rules(old: object, new: object) -> list[tuple[str, object]]:
    report = check_compatibility(old, new, mode="FULL")
    return [(f.rule_id, f.example) for f in report.findings]


def test_nullable_counts_as_null() -> None:
    old = {"type": "string", "nullable": True, "enum": ["a", None]}
    assert _rules(old, {"type": "string", "enum": ["a"]}) == [("NULLABLE_REMOVED", None)]


def test_integral_floats_are_integers_and_booleans_are_not() -> None:
    assert check_compatibility({"enum": [1.0, 2]}, {"type": "integer"}).compatible is True
    assert _rules({"enum": [True]}, {"type": "integer"}) == [
        ("TYPE_NARROWED", True),
        ("ENUM_REMOVED", 0),
    ]
    assert check_compatibility({"enum": [[1], {"a": 1}]}, {"type": ["array", "object"]}).compatible
