"""The OpenAPI 3.0 side of the registry converter (see convert.py): OpenAPI 3.0 schema objects
have no `null` type, no type lists and fewer keywords than JSON Schema, so a converted schema
object is rewritten with `nullable` and refused for what has no equivalent."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from eventkit_registry_sync._convert_common import WRONG_SHAPE, Ctx, strings

__all__ = ["openapi_only"]

# OpenAPI 3.0 schema objects support only these keywords (plus x-*).
_OPENAPI_KEYWORDS = frozenset(
    {
        "title", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
        "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems",
        "maxProperties", "minProperties", "required", "enum", "type", "allOf", "oneOf",
        "anyOf", "not", "items", "properties", "additionalProperties", "description", "format",
        "default", "nullable", "discriminator", "readOnly", "writeOnly", "example",
        "externalDocs", "deprecated", "$ref",
    }
)  # fmt: skip


def _openapi_nullable(out: dict[str, Any]) -> None:
    """Rewrite JSON Schema's `null` type as OpenAPI 3.0 `nullable` (which adds null to the
    values of the `type` beside it), keeping which values are valid."""
    kind = out.get("type")
    if isinstance(kind, list):
        types = [t for t in dict.fromkeys(kind) if t != "null"]
        nullable = "null" in kind
        if len(types) == 1:
            out["type"] = types[0]
            if nullable:
                out["nullable"] = True
        elif types:  # null must pass the anyOf too, so every branch carries nullable
            del out["type"]
            branch = {"nullable": True} if nullable else {}
            out.setdefault("allOf", []).append({"anyOf": [{"type": t, **branch} for t in types]})
        elif nullable:  # ["null"]
            out["type"] = "null"
        else:  # []: no type at all, so no value
            del out["type"]
            _nothing(out)
    enum = out.get("enum")
    if out.get("type") == "null":  # only null: an enum of null (nothing, if the enum excludes it)
        del out["type"]
        if enum is None or None in enum:
            out["enum"], out["nullable"] = [None], True
        else:
            _nothing(out)
    elif isinstance(enum, list) and None in enum and out.get("nullable") is not True:
        if "type" in out:  # null fails the type: that enum value can never match
            out["enum"] = [v for v in enum if v is not None]
            if not out["enum"]:
                _nothing(out)
        else:  # const: null, or an enum with null, and no type
            out["nullable"] = True


def _nothing(out: dict[str, Any]) -> None:
    """Make `out` accept no value (an empty `enum` is not valid OpenAPI)."""
    out.pop("enum", None)
    out.setdefault("allOf", []).append({"not": {}})


def openapi_only(out: dict[str, Any], source: Mapping[str, Any], path: list[str], ctx: Ctx) -> None:
    kind, enum = out.get("type"), out.get("enum")
    if not (kind is None or isinstance(kind, str) or strings(kind)):
        raise ctx.fail([*path, "type"], "type", WRONG_SHAPE)
    if not (enum is None or isinstance(enum, list)):
        raise ctx.fail([*path, "enum"], "enum", WRONG_SHAPE)
    _openapi_nullable(out)
    for key in list(out):
        if key in _OPENAPI_KEYWORDS or key.startswith("x-"):
            continue
        raise ctx.fail([*path, key], key, "has no OpenAPI 3.0 equivalent; use JSONSchemaDraft4")
    if isinstance(out.get("items"), list):
        raise ctx.fail(
            [*path, "items"],
            "items",
            "(tuples) has no OpenAPI 3.0 equivalent; use JSONSchemaDraft4",
        )
