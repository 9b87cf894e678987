"""Constraints written as a field's `Field(...)` default build the same pydantic model as the
generator's `Annotated[T, Field(...)]` form (`eventkit_codegen._fields`)."""

from __future__ import annotations

import ast
import itertools
import sys
import types
from typing import Any

import pytest
from eventkit_codegen._datamodel import _call_generator
from eventkit_codegen._fields import constraints_as_defaults
from eventkit_codegen._render import HEADER_MARKER
from pydantic import BaseModel, ValidationError

PROPERTIES: dict[str, Any] = {
    "s": {"type": "string", "maxLength": 4, "minLength": 1},
    "p": {"type": "string", "pattern": "^a+$"},
    "n": {"type": ["string", "null"], "maxLength": 3},
    "i": {"type": "integer", "minimum": 1, "exclusiveMaximum": 9, "default": 5},
    "f": {"type": "number", "multipleOf": 0.5},
    "d": {"type": "string", "maxLength": 9, "default": "hé"},
    "l": {"type": "array", "items": {"type": "integer"}, "minItems": 1, "maxItems": 2},
    "t": {"type": "array", "items": {"type": "string", "maxLength": 2}},
    "m": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 1}},
    "e": {"enum": ["x", "y"], "default": "x"},
    "u": {"anyOf": [{"type": "string", "maxLength": 2}, {"type": "integer", "minimum": 0}]},
    "a-b": {"type": "string", "maxLength": 2},
    "o": {"type": "object", "properties": {"q": {"type": "string", "maxLength": 1}}},
}
VALUES: list[Any] = [
    None,
    "",
    "a",
    "aa",
    "hé",
    "abcde",
    0,
    1,
    5,
    9,
    1.5,
    2.25,
    [],
    [1],
    [1, 2, 3],
    ["ab"],
    ["abc"],
    {"k": 1},
    {"k": 0},
    {"q": "x"},
    {"q": "xy"},
]


def _module(code: str, name: str) -> types.ModuleType:
    module = types.ModuleType(name)
    sys.modules[name] = module
    exec(compile(code, name, "exec"), module.__dict__)
    return module


@pytest.fixture(scope="module", params=[(), ("s", "p", "i", "l", "a-b", "o")])
def pair(request: pytest.FixtureRequest) -> tuple[type[BaseModel], type[BaseModel], str]:
    required = list(request.param)
    document = {
        "$defs": {"t.m.X": {"type": "object", "properties": PROPERTIES, "required": required}}
    }
    raw = _call_generator(document, {"a-b": "a_b"})["t/m.py"].replace(HEADER_MARKER, "")
    rewritten = constraints_as_defaults(raw)
    key = "_".join(required) or "none"
    old = _module(raw, f"_fields_old_{key}")
    new = _module(rewritten, f"_fields_new_{key}")
    return old.X, new.X, rewritten


def _outcome(model: type[BaseModel], data: dict[str, Any]) -> Any:
    try:
        return model.model_validate(data).model_dump(mode="json")
    except ValidationError as exc:
        return [(e["type"], e["loc"]) for e in exc.errors()]


def test_same_schema_fields_and_validation(
    pair: tuple[type[BaseModel], type[BaseModel], str],
) -> None:
    old, new, _ = pair
    for mode in ("validation", "serialization"):
        assert new.model_json_schema(mode=mode) == old.model_json_schema(mode=mode)
    assert list(new.model_fields) == list(old.model_fields)
    for name, field in old.model_fields.items():
        other = new.model_fields[name]
        assert (other.default, other.is_required(), other.alias) == (
            field.default,
            field.is_required(),
            field.alias,
        )
        # the nested classes are each module's own: compared by name
        assert repr(other.annotation).replace(new.__module__, "M") == repr(
            field.annotation
        ).replace(old.__module__, "M")
        assert repr(other.metadata) == repr(field.metadata)
    names = [n for n in old.model_fields if n != "a_b"] + ["a-b"]
    for name, value in itertools.product(names, VALUES):
        assert _outcome(new, {name: value}) == _outcome(old, {name: value}), (name, value)
    full = {"s": "a", "p": "aa", "i": 2, "l": [1], "a-b": "x", "o": {}}
    assert _outcome(new, full) == _outcome(old, full)


def test_defaults_are_keywords_and_aliases_stay_annotated(
    pair: tuple[type[BaseModel], type[BaseModel], str],
) -> None:
    _, _, code = pair
    tree = ast.parse(code)
    fields = {
        s.target.id: s
        for c in tree.body
        if isinstance(c, ast.ClassDef) and c.name == "X"
        for s in c.body
        if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)
    }
    for name, statement in fields.items():
        value = statement.value
        if isinstance(value, ast.Call) and getattr(value.func, "id", None) == "Field":
            assert not value.args, name  # a positional default reads as required
            assert all(
                k.arg != "default"
                or not isinstance(k.value, ast.Constant)
                or k.value.value is not Ellipsis
                for k in value.keywords
            ), name
        if name == "a_b":
            assert "Annotated[" in ast.unparse(statement.annotation)
    assert "Field(default=None, max_length=3)" in code  # n: optional, constrained


# Source text the parser splits into lines differently from `str.splitlines` (a line
# separator inside a string), non-ASCII before a field on its line, a field over several
# lines, and Windows line ends: each field is rewritten from its own text, the rest kept.
_TRICKY = (
    "class M(BaseModel):\n"
    "    a: Annotated[str, Field(description='x\u2028y', max_length=2)] = 'é'\n"
    "    b: Annotated[\n"
    "        int | None,\n"
    "        Field(ge=1,\n"
    "              le=9),\n"
    "    ] = None\n"
    "    c: Annotated[str, Field(pattern='^ü+$')]\r\n"
    "    d: int = 3\r\n"
    "    e: Annotated[list[int], Field(min_length=1)] = [\n"
    "        1,\n"
    "    ]\n"
)


def test_each_field_is_rewritten_from_its_own_text() -> None:
    assert constraints_as_defaults(_TRICKY) == (
        "class M(BaseModel):\n"
        "    a: str = Field(default='é', description='x\u2028y', max_length=2)\n"
        "    b: int | None = Field(default=None, ge=1, le=9)\n"
        "    c: str = Field(pattern='^ü+$')\r\n"
        "    d: int = 3\r\n"
        "    e: list[int] = Field(default=[\n"
        "        1,\n"
        "    ], min_length=1)\n"
    )
