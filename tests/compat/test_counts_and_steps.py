"""Counts and steps a writer's schema implies without stating them:

- a `multipleOf` that is an integer leaves no fractional number (`{type: number, multipleOf: 1}`
  to `{type: integer}` is compatible);
- `contains` asks for at least `minContains` (1) items, so a reader's `minItems` up to that
  holds;
- a `uniqueItems` array of items that take a few values holds at most that many, and the
  arrays aimed at a reader's `maxItems` have distinct items (a repeated item is no value of
  the writer's).

Each was UNDECIDED before: nothing refuted it, and nothing proved it.
"""

from __future__ import annotations

from typing import Any

import pytest

from eventkit.compat import check_compatibility


def _verdict(old: Any, new: Any, mode: str = "BACKWARD") -> tuple[Any, list[tuple[str, Any]]]:
    report = check_compatibility(old, new, mode=mode)
    return report.compatible, [(f.rule_id, f.example) for f in report.findings]


@pytest.mark.parametrize("step", [1, 2, 10, 3.0])
def test_an_integral_step_writes_integers(step: float) -> None:
    assert _verdict({"type": "number", "multipleOf": step}, {"type": "integer"}) == (True, [])


def test_a_fractional_step_still_breaks() -> None:
    assert _verdict({"type": "number", "multipleOf": 0.5}, {"type": "integer"}) == (
        False,
        [("TYPE_NARROWED", 0.5)],
    )


def _array(**keywords: Any) -> dict[str, Any]:
    return {"type": "array", "items": {"type": "integer"}, **keywords}


def test_contains_keeps_a_reader_s_min_items() -> None:
    old, new = _array(minItems=1), _array(contains={"type": "integer"})
    assert _verdict(old, new, "FORWARD") == (True, [])
    assert _verdict(_array(minItems=2), _array(contains={}, minContains=2), "FORWARD") == (
        True,
        [],
    )
    # minContains 0 asks for nothing, and one item is not two
    assert _verdict(old, _array(contains={}, minContains=0), "FORWARD")[0] is False
    compatible, findings = _verdict(_array(minItems=2), new, "FORWARD")
    assert compatible is False
    assert findings == [("MIN_ITEMS_DECREASED", [0])]


def test_unique_items_of_few_values_are_capped() -> None:
    flags = {"type": "array", "items": {"type": "boolean"}, "uniqueItems": True}
    assert _verdict(flags, {"type": "array", "maxItems": 2}) == (True, [])
    assert _verdict(flags, {"type": "array", "maxItems": 1}) == (
        False,
        [("MAX_ITEMS_DECREASED", [True, False])],
    )
    tupled = {
        "type": "array",
        "prefixItems": [{"type": "string"}],
        "items": {"enum": [1, 2]},
        "uniqueItems": True,
    }
    assert _verdict(tupled, {"type": "array", "maxItems": 3}) == (True, [])


def test_a_long_unique_array_has_distinct_items() -> None:
    states = {"type": "array", "items": {"enum": ["a", "b"]}}
    compatible, findings = _verdict(
        {**states, "maxItems": 1}, {**states, "uniqueItems": True}, "FORWARD"
    )
    assert compatible is False
    assert findings == [("MAX_ITEMS_INCREASED", ["a", "b"])]


def test_a_writer_s_contains_makes_its_items_count_for_the_reader_s() -> None:
    writer = _array(contains={})  # every array has an item, and every item is an integer
    assert _verdict(writer, _array(contains={"type": ["integer", "boolean"]})) == (True, [])
    assert _verdict(writer, _array(contains={"type": "integer"}, minContains=2))[0] is False
