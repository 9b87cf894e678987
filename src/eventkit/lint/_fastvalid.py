"""A quick "certainly valid" test for examples, so jsonschema only runs when there is news.

`certainly_valid(schema, instance)` returns True only when jsonschema (draft 2020-12, with
the format checker) would accept `instance`; False means "invalid, or not decided here", and
the caller then asks jsonschema, which reports the errors. It implements the everyday
keywords with jsonschema's exact semantics and gives up on anything else (`oneOf`, `not`,
`if`, `multipleOf`, `patternProperties`, `unevaluated*`, non-string `enum`/`const`, ...).
tests/lint/test_fastvalid.py checks on generated schemas and instances that it never accepts
what jsonschema rejects.
"""

from __future__ import annotations

from collections.abc import Callable, Sized
from typing import Any, cast

from eventkit import schema_regex
from eventkit.lint._formats import conforms

__all__ = ["VALIDATED_2020_12", "Memo", "certainly_valid"]

# (scope, ref) -> (scope of the target, target): a scope is whatever the caller resolves a
# `$ref` against (eventkit: the file holding it); `certainly_valid` carries it down `$ref`s
Resolve = Callable[[Any, str], tuple[Any, Any]]
# (id of subschema, type, value) -> verdict on a scalar; (pattern, string) -> search result
Memo = dict[tuple[Any, ...], bool]

# Keywords that never fail validation (annotations, or handled by their neighbour).
_IGNORED = frozenset(
    (
        "$schema",
        "$defs",
        "definitions",
        "$anchor",
        "$comment",
        "title",
        "description",
        "examples",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
        "contentEncoding",
        "contentMediaType",
        "contentSchema",
    )
)
# The keywords jsonschema's Draft202012Validator validates (its VALIDATORS), written out so
# that this module does not import jsonschema (tests/lint/test_fastvalid.py compares them).
VALIDATED_2020_12 = frozenset(
    (
        "$dynamicRef",
        "$ref",
        "additionalProperties",
        "allOf",
        "anyOf",
        "const",
        "contains",
        "dependentRequired",
        "dependentSchemas",
        "enum",
        "exclusiveMaximum",
        "exclusiveMinimum",
        "format",
        "if",
        "items",
        "maxItems",
        "maxLength",
        "maxProperties",
        "maximum",
        "minItems",
        "minLength",
        "minProperties",
        "minimum",
        "multipleOf",
        "not",
        "oneOf",
        "pattern",
        "patternProperties",
        "prefixItems",
        "properties",
        "propertyNames",
        "required",
        "type",
        "unevaluatedItems",
        "unevaluatedProperties",
        "uniqueItems",
    )
)


def _is_number(x: Any) -> bool:
    return type(x) is int or type(x) is float  # bool is not a number; JSON has no others


_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda x: type(x) is str,
    "object": lambda x: type(x) is dict,
    "array": lambda x: type(x) is list,
    "null": lambda x: x is None,
    "boolean": lambda x: type(x) is bool,
    "integer": lambda x: type(x) is int or (type(x) is float and x.is_integer()),
    "number": _is_number,
}


def certainly_valid(
    schema: Any, instance: Any, resolve: Resolve, memo: Memo | None = None, scope: Any = None
) -> bool:
    """True only if jsonschema would find `instance` valid against `schema`.

    `scope` is where `schema`'s own `$ref`s are resolved (passed to `resolve`). `memo`
    (optional) keeps the verdicts on scalar values per subschema, for a caller that checks
    many instances against the same schemas, which must stay alive and unchanged while it is
    used: (id of subschema, type, value) -> verdict.
    """
    return _valid(schema, instance, _Run(resolve, {} if memo is None else memo, scope))


class _Run:
    __slots__ = ("memo", "resolve", "scope")

    def __init__(self, resolve: Resolve, memo: Memo, scope: Any) -> None:
        self.resolve = resolve
        self.memo = memo
        self.scope = scope


_SCALARS = (str, int, float, bool, type(None))


def _valid(schema: Any, instance: Any, run: _Run) -> bool:
    if schema is True:
        return True
    if type(schema) is not dict:
        return False
    # A registry's examples repeat the same values (currencies, ids, timestamps) against the
    # same shared subschemas: a scalar is judged once per subschema (patterns, formats).
    # fast path: -7% (CPU) on bench/registry_load.py figure registry_load.lint_vs_floor_process (measured 2026-12-06)
    key = None
    if type(instance) in _SCALARS:
        key = (id(schema), type(instance), instance)
        known = run.memo.get(key)
        if known is not None:
            return known
    for keyword, value in schema.items():  # judged here: one call less per subschema
        check = _CHECKS.get(keyword)
        if check is None:
            if keyword in _UNDECIDED:
                verdict = False  # a keyword not decided here: ask jsonschema
                break
            continue  # annotations, and unknown keywords (x-...): jsonschema ignores them too
        if not check(value, instance, schema, run):
            verdict = False
            break
    else:
        verdict = True
    if key is not None:
        run.memo[key] = verdict
    return verdict


def _type(value: Any, instance: Any, schema: dict[str, Any], run: _Run) -> bool:
    if type(value) is str:
        return _TYPES.get(value, _never)(instance)
    return any(_TYPES.get(name, _never)(instance) for name in value)


def _never(_: Any) -> bool:
    return False


def _properties(value: Any, instance: Any, schema: dict[str, Any], run: _Run) -> bool:
    if type(instance) is not dict:
        return True
    for name, sub in value.items():
        if name in instance and not _valid(sub, instance[name], run):
            return False
    return True


def _additional(value: Any, instance: Any, schema: dict[str, Any], run: _Run) -> bool:
    if type(instance) is not dict:
        return True
    if "patternProperties" in schema:
        return False
    declared = schema.get("properties", {})
    return all(_valid(value, item, run) for name, item in instance.items() if name not in declared)


def _required(value: Any, instance: Any, schema: dict[str, Any], run: _Run) -> bool:
    return type(instance) is not dict or all(map(instance.__contains__, value))


def _items(value: Any, instance: Any, schema: dict[str, Any], run: _Run) -> bool:
    if type(instance) is not list:
        return True
    if "prefixItems" in schema:
        return False
    return all(_valid(value, item, run) for item in instance)


def _unique(value: Any, instance: Any, schema: dict[str, Any], run: _Run) -> bool:
    if not value or type(instance) is not list:
        return True
    if not all(type(item) is str for item in instance):
        return False
    return len(set(instance)) == len(instance)


def _strings_only(value: Any, instance: Any) -> bool:
    return type(instance) is str and all(type(v) is str for v in value)


def _enum(value: Any, instance: Any, schema: dict[str, Any], run: _Run) -> bool:
    return type(value) is list and _strings_only(value, instance) and instance in value


def _const(value: Any, instance: Any, schema: dict[str, Any], run: _Run) -> bool:
    return type(value) is str and instance == value


def _pattern(value: Any, instance: Any, schema: dict[str, Any], run: _Run) -> bool:
    # bounded time; a pattern that cannot be evaluated raises, and the caller asks jsonschema
    if type(instance) is not str:
        return True
    # The versions of an event type repeat their patterns and example values: each string is
    # searched once per pattern text (a search raising is not remembered: it raises again).
    # fast path: +7% (CPU) on bench/registry_load.py figure registry_load.lint_vs_floor_process (measured 2026-12-06)
    key = (value, instance)
    known = run.memo.get(key)
    if known is None:
        known = run.memo[key] = schema_regex.compile(value).search(instance)
    return known


def _format(value: Any, instance: Any, schema: dict[str, Any], run: _Run) -> bool:
    return conforms(instance, value)


def _length(limit: Callable[[int, Any], bool]) -> Callable[..., bool]:
    def check(value: Any, instance: Any, schema: dict[str, Any], run: _Run) -> bool:
        return type(instance) is not str or limit(len(instance), value)

    return check


def _count(kind: type, limit: Callable[[int, Any], bool]) -> Callable[..., bool]:
    def check(value: Any, instance: Any, schema: dict[str, Any], run: _Run) -> bool:
        if type(instance) is not kind:
            return True
        return limit(len(cast(Sized, instance)), value)

    return check


def _bound(limit: Callable[[Any, Any], bool]) -> Callable[..., bool]:
    def check(value: Any, instance: Any, schema: dict[str, Any], run: _Run) -> bool:
        return not _is_number(instance) or limit(instance, value)

    return check


def _ref(value: Any, instance: Any, schema: dict[str, Any], run: _Run) -> bool:
    scope = run.scope
    run.scope, target = run.resolve(scope, value)
    try:
        return _valid(target, instance, run)
    finally:
        run.scope = scope


def _all_of(value: Any, instance: Any, schema: dict[str, Any], run: _Run) -> bool:
    return all(_valid(sub, instance, run) for sub in value)


def _any_of(value: Any, instance: Any, schema: dict[str, Any], run: _Run) -> bool:
    return any(_valid(sub, instance, run) for sub in value)


_CHECKS: dict[str, Callable[[Any, Any, dict[str, Any], _Run], bool]] = {
    "type": _type,
    "properties": _properties,
    "additionalProperties": _additional,
    "required": _required,
    "items": _items,
    "uniqueItems": _unique,
    "enum": _enum,
    "const": _const,
    "pattern": _pattern,
    "format": _format,
    "minLength": _length(lambda n, v: n >= v),
    "maxLength": _length(lambda n, v: n <= v),
    "minItems": _count(list, lambda n, v: n >= v),
    "maxItems": _count(list, lambda n, v: n <= v),
    "minProperties": _count(dict, lambda n, v: n >= v),
    "maxProperties": _count(dict, lambda n, v: n <= v),
    "minimum": _bound(lambda x, v: x >= v),
    "maximum": _bound(lambda x, v: x <= v),
    "exclusiveMinimum": _bound(lambda x, v: x > v),
    "exclusiveMaximum": _bound(lambda x, v: x < v),
    "$ref": _ref,
    "allOf": _all_of,
    "anyOf": _any_of,
}
# Validated by jsonschema but not decided here (the rest, `_IGNORED` and keywords jsonschema
# does not know, never fail): one dict lookup per keyword in `_valid`.
_UNDECIDED = VALIDATED_2020_12 - _CHECKS.keys() - _IGNORED
