"""A writer's bounded integer range against a reader's `enum`/`const`: decided value by value.

Before, `minimum: 1, maximum: 3` to `enum: [1, 2, 3]` was UNDECIDED_CONSTRAINT (the sampled
integers were all listed, and nothing proved the rest). A range of at most 1,024 integers is
now walked: every value the writer accepts listed is a proof, the first unlisted one the
counterexample; a longer range is left to the samples (undecided when they are all listed).
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from eventkit.compat import check_compatibility


def _backward(old: Any, new: Any) -> tuple[Any, list[tuple[str, Any]]]:
    report = check_compatibility(old, new, mode="BACKWARD")
    return report.compatible, [(f.rule_id, f.example) for f in report.findings]


def test_a_range_whose_every_value_is_listed_is_compatible() -> None:
    priority = {"type": "integer", "minimum": 1, "maximum": 3}
    assert _backward(priority, {"type": "integer", "enum": [1, 2, 3]}) == (True, [])
    assert _backward(priority, {"enum": [3, 2.0, 1, "x"]}) == (True, [])  # 2.0 is 2 in JSON
    open_ends = {"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 3}
    assert _backward(open_ends, {"enum": [1, 2]}) == (True, [])
    steps = {"type": "integer", "minimum": 0, "maximum": 10, "multipleOf": 5}
    assert _backward(steps, {"enum": [0, 5, 10]}) == (True, [])


def test_the_first_unlisted_value_is_the_example() -> None:
    assert _backward({"type": "integer", "minimum": 1, "maximum": 4}, {"enum": [1, 2, 3]}) == (
        False,
        [("ENUM_ADDED", 4)],
    )
    nullable = {"type": ["integer", "null"], "minimum": 1, "maximum": 2}
    assert _backward(nullable, {"enum": [1, 2, None]}) == (True, [])
    assert _backward(nullable, {"enum": [1, 2]}) == (False, [("ENUM_ADDED", None)])


def test_true_is_not_one() -> None:
    assert _backward({"type": "integer", "minimum": 1, "maximum": 1}, {"enum": [True]})[0] is False


def test_a_long_range_is_never_proved() -> None:
    wide = {"type": "integer", "minimum": 0, "maximum": 5_000}
    assert _backward(wide, {"enum": list(range(5_001))})[0] is not True


@settings(max_examples=300, deadline=None)
@given(
    st.integers(-5, 5),
    st.integers(0, 8),
    st.sampled_from([None, 2, 3]),
    st.sets(st.integers(-6, 14)),
)
def test_verdicts_match_brute_force(
    low: int, width: int, step: int | None, listed: set[int]
) -> None:
    writer: dict[str, Any] = {"type": "integer", "minimum": low, "maximum": low + width}
    if step is not None:
        writer["multipleOf"] = step
    values = {v for v in range(low, low + width + 1) if step is None or v % step == 0}
    report = check_compatibility(writer, {"enum": sorted(listed) or [99]}, mode="BACKWARD")
    missing = values - (listed or {99})
    assert report.compatible is (not missing), (writer, listed, report.findings)
    if missing:
        assert [f.example for f in report.findings] == [min(missing)]
