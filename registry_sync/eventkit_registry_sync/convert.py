"""Convert an eventkit version file (JSON Schema 2020-12, bundled) to the two formats the
EventBridge Schema Registry accepts: `JSONSchemaDraft4` and `OpenApi3` (OpenAPI 3.0 schema
objects), in the shape AWS uses for its own schemas (an `AWSEvent` envelope carrying
`x-amazon-events-source` / `x-amazon-events-detail-type`, `detail` by `$ref`).

Constructs are rewritten to an equivalent form where one exists (`const` -> one-value `enum`,
numeric `exclusiveMinimum` -> `minimum` + `true`, `if/then/else` -> `anyOf`, `contains` ->
`not/items/not`, `prefixItems` -> array `items` (Draft 4), `dependentRequired` ->
`dependencies`, type lists -> `nullable`/`anyOf` (OpenAPI)). What has no equivalent
(`unevaluatedProperties`, `propertyNames`, `$dynamicRef`, ...) raises `SchemaConversionError`
naming the file and JSON pointer: nothing is pushed half-converted.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from eventkit_registry_sync._convert_common import (
    DRAFT4,
    OPENAPI3,
    TYPES,
    WRONG_SHAPE,
    Ctx,
    canonical,
    identifier,
    is_number,
    pointer_tokens,
    strings,
)
from eventkit_registry_sync._convert_openapi import openapi_only

__all__ = [
    "DRAFT4",
    "OPENAPI3",
    "TYPES",
    "canonical",
    "convert_data_schema",
    "identifier",
    "pointer_tokens",
]

_DROP = frozenset(
    {"$schema", "$id", "$comment", "$vocabulary", "contentMediaType", "contentEncoding"}
)
_NO_EQUIVALENT = frozenset(
    {
        "unevaluatedProperties",
        "unevaluatedItems",
        "propertyNames",
        "$dynamicRef",
        "$dynamicAnchor",
        "$recursiveRef",
        "$recursiveAnchor",
        "$anchor",
        "minContains",
        "maxContains",
        "contentSchema",
    }
)
_SCHEMA_MAPS = ("properties", "patternProperties", "dependentSchemas")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_ONE = ("not", "additionalProperties", "items", "additionalItems", "if", "then", "else")


def _collect_defs(
    schema: Any, path: list[str], out: dict[tuple[str, ...], tuple[str, Any]]
) -> None:
    """Every `$defs`/`definitions` entry under `schema`, found by keyword position: a property
    *named* `$defs` or `definitions` is a property, not a definitions container."""
    if not isinstance(schema, dict):
        return
    for key, value in schema.items():
        at = [*path, key]
        if key in ("$defs", "definitions") and isinstance(value, dict):
            for name, sub in value.items():
                words = [t for t in path if t not in ("$defs", "definitions", "properties")]
                out[(*at, name)] = ("_".join([*words, name]), sub)
                _collect_defs(sub, [*at, name], out)
        elif key in (*_SCHEMA_MAPS, "dependencies") and isinstance(value, dict):
            for name, sub in value.items():
                _collect_defs(sub, [*at, name], out)
        elif key in (*_SCHEMA_LISTS, "items") and isinstance(value, list):
            for i, sub in enumerate(value):
                _collect_defs(sub, [*at, str(i)], out)
        elif key in (*_SCHEMA_ONE, "contains"):
            _collect_defs(value, at, out)


def convert_data_schema(
    schema: Mapping[str, Any],
    target: str,
    *,
    where: str,
    data_name: str,
    reserved: set[str],
) -> dict[str, Any]:
    """Convert a bundled 2020-12 (or draft-04) schema; returns `{definition name: schema}`.

    The root lands under `data_name`; every `$defs`/`definitions` entry, at any depth, is
    hoisted beside it under a unique identifier, and every `$ref` is rewritten to match.
    """
    container = ("definitions",) if target == DRAFT4 else ("components", "schemas")
    found: dict[tuple[str, ...], tuple[str, Any]] = {}
    _collect_defs(schema, [], found)
    taken = set(reserved) | {data_name}
    defs: dict[tuple[str, ...], str] = {}
    for tokens, (label, _) in found.items():
        name = base = identifier(label.lstrip("_"))
        n = 2
        while name in taken:
            name, n = f"{base}{n}", n + 1
        taken.add(name)
        defs[tokens] = name
    ctx = Ctx(target, where, container, data_name, defs)
    out = {data_name: _convert(schema, [], ctx)}
    for tokens, (_, sub) in found.items():
        out[defs[tokens]] = _convert(sub, list(tokens), ctx)
    return out


def _convert(schema: Any, path: list[str], ctx: Ctx) -> Any:
    if schema is True:
        return {}
    if schema is False:
        return {"not": {}}
    if not isinstance(schema, Mapping):
        raise ctx.fail(path, "schema", "is not a JSON Schema (object or boolean)")
    out: dict[str, Any] = {}
    extra_all: list[Any] = []
    if "if" in schema:  # (if and then) or (not if and else)
        cond = _convert(schema["if"], [*path, "if"], ctx)
        then = _convert(schema.get("then", True), [*path, "then"], ctx)
        other = _convert(schema.get("else", True), [*path, "else"], ctx)
        extra_all.append({"anyOf": [{"allOf": [cond, then]}, {"allOf": [{"not": cond}, other]}]})
    for key, value in schema.items():
        at = [*path, key]
        if key in _DROP or key in ("$defs", "definitions"):
            continue
        if key in _NO_EQUIVALENT:
            raise ctx.fail(at, key, "has no Draft 4 equivalent")
        _convert_key(out, extra_all, key, value, at, ctx)
    if "$ref" in out and len(out) > 1:  # Draft 4 / OpenAPI 3.0 ignore siblings of $ref
        extra_all.insert(0, {"$ref": out.pop("$ref")})
    if extra_all:
        out["allOf"] = [*out.get("allOf", []), *extra_all]
    if ctx.target == OPENAPI3:
        openapi_only(out, schema, path, ctx)
    return out


def _convert_key(
    out: dict[str, Any], extra_all: list[Any], key: str, value: Any, at: list[str], ctx: Ctx
) -> None:
    handler = _KEYWORDS.get(key)
    if handler is not None:
        handler(out, extra_all, value, at, ctx)
    else:
        out[key] = _sub(key, value, at, ctx)


def _sub(key: str, value: Any, at: list[str], ctx: Ctx) -> Any:
    if key in _SCHEMA_MAPS:
        if not isinstance(value, Mapping):
            raise ctx.fail(at, key, WRONG_SHAPE)
        return {k: _convert(v, [*at, k], ctx) for k, v in value.items()}
    if key in _SCHEMA_LISTS:
        if not isinstance(value, list):
            raise ctx.fail(at, key, WRONG_SHAPE)
        return [_convert(v, [*at, str(i)], ctx) for i, v in enumerate(value)]
    if key in _SCHEMA_ONE:
        if key in ("additionalProperties", "additionalItems") and isinstance(value, bool):
            return value
        if key == "items" and isinstance(value, list):  # draft-04 tuple form, as-is
            return [_convert(v, [*at, str(i)], ctx) for i, v in enumerate(value)]
        return _convert(value, at, ctx)
    if key == "dependencies":
        if not isinstance(value, Mapping) or not all(
            strings(v) for v in value.values() if isinstance(v, list)
        ):
            raise ctx.fail(at, key, WRONG_SHAPE)
        return {
            k: v if isinstance(v, list) else _convert(v, [*at, k], ctx) for k, v in value.items()
        }
    return value


_Handler = Callable[[dict[str, Any], list[Any], Any, list[str], Ctx], None]


def _kw_ref(out: dict[str, Any], _a: list[Any], value: Any, at: list[str], ctx: Ctx) -> None:
    out["$ref"] = ctx.ref(str(value), at)


def _kw_const(out: dict[str, Any], _a: list[Any], value: Any, _at: list[str], _c: Ctx) -> None:
    out["enum"] = [value]


def _bound(kind: str) -> _Handler:
    plain = "minimum" if kind == "exclusiveMinimum" else "maximum"

    def handler(out: dict[str, Any], _a: list[Any], value: Any, at: list[str], ctx: Ctx) -> None:
        if isinstance(value, bool):  # already draft-04 style
            out[kind] = value
            return
        if not is_number(value):
            raise ctx.fail(at, kind, WRONG_SHAPE)
        current = out.get(plain)  # a number: `_kw_minmax` checked it
        stricter = current is None or (current <= value if plain == "minimum" else current >= value)
        if stricter:
            out[plain], out[kind] = value, True

    return handler


def _kw_minmax(key: str) -> _Handler:
    exclusive = "exclusiveMinimum" if key == "minimum" else "exclusiveMaximum"

    def handler(out: dict[str, Any], _a: list[Any], value: Any, at: list[str], ctx: Ctx) -> None:
        if not is_number(value):
            raise ctx.fail(at, key, WRONG_SHAPE)
        if out.get(key) is not None and out.get(exclusive) is True:
            # An exclusive bound already set the plain keyword; keep the stricter one.
            better = value > out[key] if key == "minimum" else value < out[key]
            if not better:
                return
            out.pop(exclusive)
        out[key] = value

    return handler


def _kw_prefix(out: dict[str, Any], _a: list[Any], value: Any, at: list[str], ctx: Ctx) -> None:
    if ctx.target == OPENAPI3:
        raise ctx.fail(
            at, "prefixItems", "(tuples) has no OpenAPI 3.0 equivalent; use JSONSchemaDraft4"
        )
    if not isinstance(value, list):
        raise ctx.fail(at, "prefixItems", WRONG_SHAPE)
    rest = out.pop("items", None)
    out["items"] = [_convert(v, [*at, str(i)], ctx) for i, v in enumerate(value)]
    if rest is not None:
        out["additionalItems"] = rest


def _kw_items(out: dict[str, Any], _a: list[Any], value: Any, at: list[str], ctx: Ctx) -> None:
    converted = value if isinstance(value, bool) else _sub("items", value, at, ctx)
    if isinstance(out.get("items"), list):  # after prefixItems: the rest of the tuple
        out["additionalItems"] = converted
    elif isinstance(converted, bool):
        out["items"] = {} if converted else {"not": {}}
    else:
        out["items"] = converted


def _kw_dep_required(
    out: dict[str, Any], extra: list[Any], value: Any, at: list[str], ctx: Ctx
) -> None:
    if not isinstance(value, Mapping) or not all(strings(v) for v in value.values()):
        raise ctx.fail(at, "dependentRequired", WRONG_SHAPE)
    if ctx.target == DRAFT4:
        _depend(out, value)
        return
    for name, needed in value.items():
        extra.append({"anyOf": [{"not": {"required": [name]}}, {"required": list(needed)}]})


def _kw_dep_schemas(
    out: dict[str, Any], extra: list[Any], value: Any, at: list[str], ctx: Ctx
) -> None:
    converted = _sub("dependentSchemas", value, at, ctx)
    if ctx.target == DRAFT4:
        _depend(out, converted)
        return
    for name, sub in converted.items():
        extra.append({"anyOf": [{"not": {"required": [name]}}, sub]})


def _kw_dependencies(
    out: dict[str, Any], _a: list[Any], value: Any, at: list[str], ctx: Ctx
) -> None:
    _depend(out, _sub("dependencies", value, at, ctx))  # OpenAPI: refused by `_openapi_only`


def _depend(out: dict[str, Any], dependencies: Mapping[str, Any]) -> None:
    """Add draft-04 `dependencies` entries to `out`'s: `dependentRequired`, `dependentSchemas`
    (and a draft-04 `dependencies`) may name the same property, and every one still applies."""
    merged = out.setdefault("dependencies", {})
    for name, dependency in dependencies.items():
        had = merged.get(name)
        if had is None:
            merged[name] = dependency
        elif isinstance(had, list) and isinstance(dependency, list):
            merged[name] = list(dict.fromkeys([*had, *dependency]))
        else:
            merged[name] = {"allOf": [_dependency_schema(had), _dependency_schema(dependency)]}


def _dependency_schema(dependency: Any) -> Any:
    """A property dependency as a schema (draft-04 `required` needs at least one name)."""
    if not isinstance(dependency, list):
        return dependency
    return {"required": dependency} if dependency else {}


def _kw_skip(out: dict[str, Any], _a: list[Any], _v: Any, _at: list[str], _c: Ctx) -> None:
    return  # if/then/else: handled by _convert, which sees all three


def _kw_contains(
    out: dict[str, Any], extra: list[Any], value: Any, at: list[str], ctx: Ctx
) -> None:
    extra.append({"not": {"type": "array", "items": {"not": _convert(value, at, ctx)}}})


def _kw_examples(out: dict[str, Any], _a: list[Any], value: Any, _at: list[str], ctx: Ctx) -> None:
    if ctx.target == OPENAPI3:
        if isinstance(value, list) and value:
            out["example"] = value[0]
    else:
        out["examples"] = value


_KEYWORDS: dict[str, _Handler] = {
    "$ref": _kw_ref,
    "const": _kw_const,
    "exclusiveMinimum": _bound("exclusiveMinimum"),
    "exclusiveMaximum": _bound("exclusiveMaximum"),
    "minimum": _kw_minmax("minimum"),
    "maximum": _kw_minmax("maximum"),
    "prefixItems": _kw_prefix,
    "items": _kw_items,
    "dependentRequired": _kw_dep_required,
    "dependentSchemas": _kw_dep_schemas,
    "dependencies": _kw_dependencies,
    "if": _kw_skip,
    "then": _kw_skip,
    "else": _kw_skip,
    "contains": _kw_contains,
    "examples": _kw_examples,
}
