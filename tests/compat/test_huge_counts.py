"""Counts a writer asks for that no example can meet in reasonable time or memory: a billion
items or characters. The engine once built such examples at full size (minutes, gigabytes);
now the guess is not built and the finding stays undecided, in well under a second."""

from __future__ import annotations

import time
from typing import Any

import pytest

from eventkit.compat import check_compatibility

_HUGE = [
    ({"type": "array", "contains": {}, "minContains": 10**9}, {"type": "array", "maxItems": 5}),
    (
        {"type": "array", "contains": {"type": "integer"}, "minContains": 10**7},
        {"type": "array", "contains": {"type": "string"}},
    ),
    ({"type": "string", "pattern": "^a+$", "minLength": 10**9}, {"type": "string", "maxLength": 5}),
    ({"type": "string", "pattern": "a", "minLength": 10**9}, {"type": "string", "maxLength": 5}),
]


@pytest.mark.parametrize(("old", "new"), _HUGE)
def test_a_huge_count_is_undecided_not_built(old: Any, new: Any) -> None:
    started = time.process_time()
    report = check_compatibility(old, new, mode="BACKWARD")
    assert time.process_time() - started < 5  # it took minutes, or ran out of memory
    assert report.compatible is None
    assert {f.severity for f in report.findings} == {"undecided"}


def test_counts_within_reach_still_get_their_example() -> None:
    report = check_compatibility(
        {"type": "array", "contains": {}, "minContains": 6}, {"type": "array", "maxItems": 5}
    )
    assert report.compatible is False
    assert [len(f.example) for f in report.findings] == [6]
