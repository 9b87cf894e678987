"""An empty object anywhere in a pattern is refused, as AWS refuses it at PutRule:
`{"source": ["aws.health"], "detail": {}}` -> InvalidEventPatternException "Event pattern
is not valid. Reason: Empty objects are not allowed" (recorded against AWS by a
cloud-custodian user, issue #6507). eventkit accepted it and matched every event there;
the in-memory EventBridge delivered through a rule AWS would not create."""

from __future__ import annotations

from typing import Any

import pytest

from eventkit.errors import PatternError
from eventkit.patterns import matches, validate_pattern
from eventkit.testing import InMemoryEventBridge


@pytest.mark.parametrize(
    ("pattern", "path"),
    [
        ({"source": ["aws.health"], "detail": {}}, "detail"),
        ({"detail": {"metadata": {}}}, "detail.metadata"),
        ({}, None),
        ('{"source": ["s"], "detail": { }}', "detail"),
    ],
)
def test_empty_objects_are_not_allowed(pattern: Any, path: str | None) -> None:
    with pytest.raises(PatternError) as info:
        validate_pattern(pattern)
    assert "Empty objects are not allowed" in str(info.value)
    assert info.value.path == path
    with pytest.raises(PatternError):
        matches(pattern, {"source": "s", "detail": {}})
    with pytest.raises(PatternError):
        InMemoryEventBridge().put_rule("r", pattern)
