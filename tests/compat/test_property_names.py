"""A reader's propertyNames against the writer's: names are strings, so the writer's names
schema is read as strings only, and the regex automata aim the examples.

Before, `propertyNames: {maxLength: 3}` to `propertyNames: {type: string}` was
UNDECIDED_CONSTRAINT (the names view admitted numbers, which no name is), and
`^(a|b|c)$` to `enum: [a, b]` found no example (`re` reads `a|b|c` as one character class,
so the sampled name was always `a`).
"""

from __future__ import annotations

from typing import Any

import pytest

from eventkit.compat import check_compatibility


def _names(writer: Any, reader: Any) -> tuple[Any, list[tuple[str, Any]]]:
    report = check_compatibility(
        {"type": "object", "propertyNames": writer},
        {"type": "object", "propertyNames": reader},
        mode="BACKWARD",
    )
    return report.compatible, [(f.rule_id, f.example) for f in report.findings]


@pytest.mark.parametrize(
    ("writer", "reader"),
    [
        ({"maxLength": 3}, {"type": "string"}),
        ({"pattern": "^(a|b)$"}, {"enum": ["a", "b"]}),
        ({"type": "integer"}, {"enum": ["a"]}),  # no name at all
        ({"enum": ["a", 1]}, {"enum": ["a"]}),  # 1 is no name
        ({"pattern": "^[a-z]{1,8}$"}, {"maxLength": 8}),
    ],
)
def test_names_the_reader_takes_are_proved(writer: Any, reader: Any) -> None:
    assert _names(writer, reader) == (True, [])


@pytest.mark.parametrize(
    ("writer", "reader", "name"),
    [
        ({"pattern": "^(a|b|c)$"}, {"enum": ["a", "b"]}, "c"),
        ({"maxLength": 3}, {"maxLength": 2}, "aaa"),
        ({"pattern": "^[a-z]+$"}, {"pattern": "^[a-z]{1,8}$"}, "aaaaaaaaa"),
    ],
)
def test_a_name_the_reader_rejects_is_the_example(writer: Any, reader: Any, name: str) -> None:
    assert _names(writer, reader) == (False, [("PROPERTY_NAMES_NARROWED", {name: ""})])
