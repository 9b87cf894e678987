"""Documents of an older JSON Schema dialect (draft-04 to draft-07) read as validators read
them, before the engine (which speaks 2020-12) sees them.

Two rules of those dialects change what a schema accepts: a `$ref` makes every keyword beside
it ignored, and a keyword a later draft introduced (`const` in draft-04, `if` in draft-06,
`dependentRequired` or `prefixItems` in draft-07, ...) is no keyword at all. Read as 2020-12,
`{"$ref": "#/definitions/any", "type": "string"}` accepts only strings, where a draft-07
validator accepts anything: a change could then be proved compatible that breaks readers.

The other way round, 2019-09 dropped draft-07's `dependencies` (split into `dependentRequired`
and `dependentSchemas`) and has no `prefixItems` yet, and 2020-12 dropped `additionalItems`:
jsonschema's validators for those dialects ignore them, so the engine does too in a document
that declares them (decision 0034).

A file without `$schema` (a `_shared/` file) takes the dialect of the document whose `$ref`
reaches it, as lint's validators read it (docs/registry.md): JSON Schema leaves a referenced
resource's default dialect to the implementation. A root document without `$schema` (a file
given to `eventkit compat`, a schema given to `check_compatibility`) has no dialect to go by:
every keyword is read in the dialect that has it (decision 0034).
"""

from __future__ import annotations

from eventkit.compat._vocab import MAX_DEPTH, SCHEMA_LISTS, SCHEMA_MAPS, SCHEMA_ONE

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: no `typing` at run time (a cold import)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["DIALECT_2019_09", "DIALECT_2020_12", "as_dialect", "draft_of", "without_earlier"]

DIALECT_2019_09, DIALECT_2020_12 = "2019-09", "2020-12"

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
# 2019-09 -> the keywords of the engine it does not have (a rare dialect: always rewritten)
_NOT_IN_2019_09 = frozenset({"dependencies", "prefixItems"})
# 2020-12 -> the draft-07 keywords it does not have (what `_vocab.scan` reports as earlier)
_EARLIER_NOT_IN_2020_12 = frozenset({"dependencies", "additionalItems"})
# kept beside a `$ref`: what other `$ref`s may point into (never an assertion)
_REF_TARGETS = ("$schema", "definitions", "$defs")


def draft_of(schema: Any, inherited: str | None = None) -> str | None:
    """ "04", "06", "07" or "2019-09" when `schema` declares that dialect at its root,
    "2020-12" when it declares another (what jsonschema falls back to); `inherited` (the
    referring document's) when it declares none, None for a root that declares none."""
    if schema.__class__ is not dict or "$schema" not in schema:
        return inherited
    dialect = schema["$schema"]
    if dialect.__class__ is not str:
        return DIALECT_2020_12
    if "json-schema.org/draft/2019-09/" in dialect:
        return DIALECT_2019_09
    if "json-schema.org/draft-0" not in dialect:
        return DIALECT_2020_12
    number = dialect.rstrip("#").rstrip("/").removesuffix("/schema")[-2:]
    return number if number in _NOT_IN else DIALECT_2020_12


def as_dialect(schema: Any, draft: str | None) -> Any:
    """`schema` as a 2020-12 reading gives it the meaning older dialect `draft` (`draft_of`)
    does (a copy), or `schema` itself for any other (the registry's own events)."""
    if draft == DIALECT_2019_09:
        return _rewrite(schema, _NOT_IN_2019_09, 0, False)
    dropped = _NOT_IN.get(draft) if draft is not None else None
    if dropped is None:
        return schema
    return _rewrite(schema, dropped, 0, True)


def without_earlier(schema: Any, draft: str | None) -> Any:
    """`schema` (of dialect `draft`, holding a keyword `_vocab.scan` reports as earlier)
    without the draft-07 keywords 2020-12 does not have (a copy) when `draft` is 2020-12, else
    `schema` itself: an older draft has them, `as_dialect` rewrote 2019-09 already, and None
    (a root without `$schema`) reads every keyword."""
    if draft != DIALECT_2020_12:
        return schema
    return _rewrite(schema, _EARLIER_NOT_IN_2020_12, 0, False)


def _rewrite(node: Any, dropped: frozenset[str], depth: int, ref_alone: bool) -> Any:
    """A copy of `node` without the keywords `dropped`, and (`ref_alone`, before 2019-09)
    with nothing but `$ref` where it has one."""
    if node.__class__ is not dict or depth > MAX_DEPTH:
        return node  # too deep: the vocabulary scan refuses it
    deeper = depth + 1
    if ref_alone and "$ref" in node:
        kept = {key: node[key] for key in ("$ref", *_REF_TARGETS) if key in node}
        node = kept
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in dropped:
            continue
        if key in SCHEMA_MAPS and value.__class__ is dict:
            value = {name: _rewrite(sub, dropped, deeper, ref_alone) for name, sub in value.items()}
        elif (key in SCHEMA_LISTS or key == "items") and value.__class__ is list:
            value = [_rewrite(sub, dropped, deeper, ref_alone) for sub in value]
        elif key in SCHEMA_ONE or key == "items":
            value = _rewrite(value, dropped, deeper, ref_alone)
        elif key == "dependencies" and value.__class__ is dict:
            value = {name: _rewrite(sub, dropped, deeper, ref_alone) for name, sub in value.items()}
        out[key] = value
    return out
