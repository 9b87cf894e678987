"""`View.copy` is spelled out slot by slot (a loop over __slots__ was slower): it must still
carry every slot. Views share their containers (copy-on-write), so refining a copy (`narrowed`,
`expand`) must leave the view it came from exactly as it was."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from eventkit.compat._doc import Doc
from eventkit.compat._view import View, expand, narrowed, view_of

# A writer and a further schema using every keyword a view collects, each of them twice
# (once per side), so every container slot is filled and then refined.
_WRITER: dict[str, Any] = {
    "type": ["object", "array", "string", "number"],
    "enum": [{"a": "x"}, [1], "ab", 3, 4.5],
    "properties": {"a": {"type": "string"}},
    "patternProperties": {"^p": {"type": "integer"}},
    "additionalProperties": {"type": "boolean"},
    "required": ["a"],
    "minProperties": 1,
    "dependentRequired": {"a": ["b"]},
    "dependencies": {"c": ["d"], "e": {"required": ["f"]}},
    "dependentSchemas": {"g": {"required": ["h"]}},
    "propertyNames": {"maxLength": 9},
    "prefixItems": [{"type": "integer"}],
    "items": {"type": "string"},
    "minItems": 1,
    "contains": {"type": "integer"},
    "maxContains": 3,
    "minLength": 1,
    "pattern": "^a",
    "format": "date",
    "minimum": 0,
    "multipleOf": 0.5,
    "anyOf": [{"type": "object"}, {"type": "array"}, {"type": "string"}, {"type": "number"}],
}
_MORE: dict[str, Any] = {
    "enum": [{"a": "x"}, [1], "ab", 3],
    "properties": {"b": {"type": "string"}},
    "patternProperties": {"^q": {"type": "integer"}},
    "required": ["b"],
    "dependentRequired": {"a": ["z"]},
    "dependencies": {"c": ["y"], "e2": {"required": ["f"]}},
    "dependentSchemas": {"g2": {"required": ["h"]}},
    "propertyNames": {"minLength": 1},
    "items": [{"type": "integer"}],
    "additionalItems": {"type": "integer"},
    "contains": {"type": "string"},
    "maxContains": 2,
    "pattern": "b$",
    "format": "email",
    "maximum": 100,
    "multipleOf": 2,
    "oneOf": [{"minLength": 2}, {"maxLength": 1}],
}


def _slots(view: View) -> dict[str, Any]:
    """Every slot, containers copied deeply enough to notice an in-place change."""
    out: dict[str, Any] = {}
    for slot in View.__slots__:
        value = getattr(view, slot)
        if isinstance(value, Mapping):
            value = {k: frozenset(v) for k, v in value.items()}
        elif isinstance(value, (list, set, tuple, frozenset)):
            value = type(value)(value)
        out[slot] = value
    return out


def test_copy_carries_every_slot() -> None:
    doc = Doc(_WRITER)
    view = view_of((doc.root,))
    twin = view.copy()
    for slot in View.__slots__:
        assert getattr(view, slot) is getattr(twin, slot), slot


def test_containers_are_immutable() -> None:
    doc = Doc(_WRITER)
    view = narrowed(view_of((doc.root,)), Doc(_MORE).root)
    for slot in View.__slots__:
        value = getattr(view, slot)
        assert not isinstance(value, (list, set)), slot
        if isinstance(value, Mapping):
            assert all(isinstance(v, frozenset) for v in value.values()), slot


@pytest.mark.parametrize("refine", ["narrowed", "expand", "narrowed_then_expand"])
def test_refining_a_copy_leaves_the_original_as_it_was(refine: str) -> None:
    doc = Doc(_WRITER)
    more = Doc(_MORE).root
    view = view_of((doc.root,))
    before = _slots(view)
    if refine == "narrowed":
        narrowed(view, more)
    elif refine == "expand":
        expand(view)
    else:
        for alt in expand(narrowed(view, more)):
            assert alt.groups == ()
    assert _slots(view) == before


def test_narrowing_collects_both_sides() -> None:
    """The refined view holds the writer's constraints and the further schema's."""
    view = narrowed(view_of((Doc(_WRITER).root,)), Doc(_MORE).root)
    assert view.patterns == ("^a", "b$")
    assert view.formats == ("date", "email")
    assert view.mults == (0.5, 2)
    assert view.required == {"a", "b"}
    assert dict(view.dep_req) == {"a": {"b", "z"}, "c": {"d", "y"}}
    assert [name for name, _ in view.dep_schemas] == ["e", "g", "e2", "g2"]
    assert len(view.prop_names) == 2
    assert len(view.arr) == 2
    assert len(view.contains) == 2
    assert len(view.max_contains) == 2
    assert [kind for kind, _, _ in view.groups] == ["anyOf", "oneOf"]
    assert view.enum is not None
    assert len(view.enum) <= 4
