"""`_members` skips a member both sides declare with schemas of the same meaning (a shortcut
for `check`'s many unchanged properties). Every report must be what the full member check
gives: the shortcut is switched off by making `same_schema_meaning` never prove anything."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventkit.compat import _objects, check_compatibility
from eventkit.errors import CompatibilityError

_DEFS = {"A": {"type": "string"}, "B": {"type": "integer", "minimum": 0}}
_OTHER_DEFS = {"A": {"type": "string", "maxLength": 3}, "B": {"type": "integer", "minimum": 0}}

_member_schemas = st.sampled_from(
    [
        True,
        False,
        {"type": "string"},
        {"type": "string", "pattern": "^a"},
        {"type": "integer", "minimum": 0},
        {"type": ["integer", "null"]},
        {"enum": ["x", "y"]},
        {"$ref": "#/$defs/A"},
        {"$ref": "#/$defs/B"},
        {"type": "object", "properties": {"n": {"type": "string"}}, "required": ["n"]},
    ]
)
_names = st.sampled_from(["a", "b", "c", "p1", "zz"])


@st.composite
def _object_schemas(draw: st.DrawFn) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": draw(st.dictionaries(_names, _member_schemas, max_size=4)),
    }
    if draw(st.booleans()):
        schema["required"] = draw(st.lists(_names, max_size=3, unique=True))
    extra = draw(st.sampled_from([None, False, True, {"type": "string"}]))
    if extra is not None:
        schema["additionalProperties"] = extra
    if draw(st.integers(0, 4)) == 0:
        schema["patternProperties"] = {"^p": draw(_member_schemas)}
    if draw(st.integers(0, 4)) == 0:
        schema["propertyNames"] = {"maxLength": 1}
    if draw(st.integers(0, 4)) == 0:  # a second member clause
        schema = {"allOf": [schema, {"properties": {"a": draw(_member_schemas)}}]}
    if draw(st.integers(0, 5)) == 0:
        schema["unevaluatedProperties"] = False
    schema["$defs"] = draw(st.sampled_from([_DEFS, _OTHER_DEFS]))
    return schema


def _reports(old: Any, new: Any) -> list[Any]:
    out: list[Any] = []
    for policy in ("STRICT", "LENIENT"):
        try:
            out.append(check_compatibility(old, new, mode="FULL", policy=policy).to_dict())
        except CompatibilityError as error:  # the same error either way
            out.append(str(error))
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(old=_object_schemas(), new=_object_schemas())
def test_shortcut_reports_what_the_member_check_reports(old: Any, new: Any) -> None:
    with_shortcut = _reports(old, new)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_objects, "same_schema_meaning", lambda *args: False)
        without = _reports(old, new)
    assert with_shortcut == without


def test_shortcut_is_taken_for_unchanged_members(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shortcut does decide members (so the comparison above compares two paths)."""
    calls: list[Any] = []
    original = _objects.ObjectChecks._member

    def counting(self: Any, *args: Any, **kwargs: Any) -> bool:
        calls.append(args[3])
        return original(self, *args, **kwargs)

    monkeypatch.setattr(_objects.ObjectChecks, "_member", counting)
    old = {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}}
    new = {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "number"}}}
    assert check_compatibility(old, new).compatible is True
    assert calls == ["b"]  # `a` is the same on both sides
