"""Documents of an older JSON Schema dialect (draft-04 to draft-07) read as validators read
them, before the engine (which speaks 2020-12) sees them.

Two rules of those dialects change what a schema accepts: a `$ref` makes every keyword beside
it ignored, and a keyword a later draft introduced (`const` in draft-04, `if` in draft-06,
`dependentRequired` or `prefixItems` in draft-07, ...) is no keyword at all. Read as 2020-12,
`{"$ref": "#/definitions/any", "type": "string"}` accepts only strings, where a draft-07
validator accepts anything: a change could then be proved compatible that breaks readers.

A file without `$schema` (a `_shared/` file) takes the dialect of the document whose `$ref`
reaches it, as lint's validators read it (docs/registry.md): JSON Schema leaves a referenced
resource's default dialect to the implementation.
"""

from __future__ import annotations

from eventkit.compat._vocab import MAX_DEPTH, SCHEMA_LISTS, SCHEMA_MAPS, SCHEMA_ONE

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: no `typing` at run time (a cold import)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["as_dialect", "draft_of"]

_LATER_THAN_07 = frozenset(
    {
        "dependentRequired",
        "dependentSchemas",
        "prefixItems",
        "unevaluatedProperties",
        "unevaluatedItems",
        "minContains",
        "maxContains",
        "contentSchema",
    }
)
_LATER_THAN_06 = _LATER_THAN_07 | {"if", "then", "else"}
_LATER_THAN_04 = _LATER_THAN_06 | {"const", "contains", "propertyNames"}
# the dialect's number -> the engine's keywords it does not have
_NOT_IN = {"04": _LATER_THAN_04, "06": _LATER_THAN_06, "07": _LATER_THAN_07}
# kept beside a `$ref`: what other `$ref`s may point into (never an assertion)
_REF_TARGETS = ("$schema", "definitions", "$defs")


def draft_of(schema: Any, inherited: str | None = None) -> str | None:
    """ "04", "06" or "07" when `schema` declares that dialect at its root, None when it
    declares another; `inherited` (the referring document's) when it declares none."""
    if schema.__class__ is not dict or "$schema" not in schema:
        return inherited
    dialect = schema["$schema"]
    if dialect.__class__ is not str or "json-schema.org/draft-0" not in dialect:
        return None
    number = dialect.rstrip("#").rstrip("/").removesuffix("/schema")[-2:]
    return number if number in _NOT_IN else None


def as_dialect(schema: Any, draft: str | None) -> Any:
    """`schema` as a 2020-12 reading gives it the meaning older dialect `draft` (`draft_of`)
    does (a copy), or `schema` itself for None (the registry's own events)."""
    if draft is None:
        return schema
    return _rewrite(schema, _NOT_IN[draft], 0)


def _rewrite(node: Any, dropped: frozenset[str], depth: int) -> Any:
    if node.__class__ is not dict or depth > MAX_DEPTH:
        return node  # too deep: the vocabulary scan refuses it
    deeper = depth + 1
    if "$ref" in node:
        kept = {key: node[key] for key in ("$ref", *_REF_TARGETS) if key in node}
        node = kept
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in dropped:
            continue
        if key in SCHEMA_MAPS and value.__class__ is dict:
            value = {name: _rewrite(sub, dropped, deeper) for name, sub in value.items()}
        elif (key in SCHEMA_LISTS or key == "items") and value.__class__ is list:
            value = [_rewrite(sub, dropped, deeper) for sub in value]
        elif key in SCHEMA_ONE or key == "items":
            value = _rewrite(value, dropped, deeper)
        elif key == "dependencies" and value.__class__ is dict:
            value = {name: _rewrite(sub, dropped, deeper) for name, sub in value.items()}
        out[key] = value
    return out
