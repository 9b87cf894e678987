"""Array consistency ("values from the same element of an array of objects") is decided
without trying every combination: fields in independent arrays used to multiply each other's
choices before a failing field was reached, so a 273-character pattern over an event of
five 30-element arrays ran for hours (in `matches`, and in the in-memory EventBridge's
delivery). The verdicts are unchanged; the AWS corpus (test_conformance) judges them too."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from typing import Any

import pytest

from eventkit.patterns import matches

ARRAYS = "abcde"


def wide_event(n: int = 30) -> dict[str, Any]:
    return {"detail": {k: [{"x": i, "y": i} for i in range(n)] for k in ARRAYS}}


def adversarial_pattern(n: int = 30) -> dict[str, Any]:
    # a.x and a.y must come from one element of `a`: even x, odd y (y == x) never agree,
    # and b..e (each its own array) are listed between them
    detail: dict[str, Any] = {"a": {"x": list(range(0, n, 2))}}
    for k in ARRAYS[1:]:
        detail[k] = {"x": [{"exists": True}]}
    detail["a.y"] = list(range(1, n, 2))
    return {"detail": detail}


def test_independent_arrays_do_not_multiply_the_work() -> None:
    code = textwrap.dedent(
        """
        from eventkit.patterns import matches
        from tests.patterns.test_array_consistency_cost import adversarial_pattern, wide_event
        print(matches(adversarial_pattern(), wide_event()))
        """
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=True
        )
    except subprocess.TimeoutExpired:
        pytest.fail("matching took more than 30 s")
    assert done.stdout.strip() == "False"


def test_the_verdicts_of_array_consistency() -> None:
    event = wide_event(4)
    same = {"detail": {"a": {"x": [2], "y": [2]}}}
    apart = {"detail": {"a": {"x": [1], "y": [2]}}}
    across = {"detail": {"a": {"x": [1]}, "b": {"y": [2]}}}
    assert matches(same, event)
    assert not matches(apart, event)
    assert matches(across, event)  # different arrays: different elements are fine
    nested = {
        "detail": {
            "o": [{"p": [{"k": 1, "v": "a"}, {"k": 2, "v": "b"}]}, {"p": [{"k": 1, "v": "b"}]}]
        }
    }
    assert matches({"detail": {"o": {"p": {"k": [1], "v": ["b"]}}}}, nested)
    assert not matches({"detail": {"o": {"p": {"k": [2], "v": ["a"]}}}}, nested)
    assert matches({"detail": {"o": {"p": {"k": [2], "v": ["b"]}}}}, nested)
