"""Meta-validation: is each schema a valid JSON Schema of its dialect?

jsonschema is the judge. Running its 2020-12 meta-schema costs milliseconds per file (it
resolves `$dynamicRef` at every node), which is too slow for a pre-commit hook on a large
registry, so a clean 2020-12 file is recognised first by `valid_members_2020_12`: a direct,
keyword-by-keyword transcription of the 2020-12 meta-schema (core, applicator, unevaluated,
validation, meta-data, format-annotation and content vocabularies) that accepts exactly what
jsonschema's `check_schema` accepts (tests/lint/test_meta.py checks this on generated schemas).
Only a file it rejects (or one it cannot judge) goes through jsonschema, which then reports
every error with its location.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from eventkit import schema_regex
from eventkit.errors import RegexSyntaxError
from eventkit.json_pointer import join_pointer
from eventkit.lint._formats import conforms
from eventkit.registry import DIALECT_2020_12, SUBSCHEMA_KINDS, schema_nodes

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError  # type: ignore[import-untyped]

__all__ = ["MetaError", "meta_error", "meta_errors", "valid_members_2020_12"]

_SIMPLE_TYPES = frozenset(("array", "boolean", "integer", "null", "number", "object", "string"))
_ANCHOR = re.compile(r"^[A-Za-z_][-A-Za-z0-9._]*$")
_ID = re.compile(r"^[^#]*#?$")
# Keywords whose subschemas the 2020-12 meta-schema does not describe (so it accepts anything
# below them): a file using one is left to jsonschema.
_UNDESCRIBED = frozenset(("additionalItems",))


def _conforms(value: str, fmt: str) -> bool:
    return conforms(value, fmt)  # jsonschema's checker, imported only when in doubt


def _number(value: Any) -> bool:
    return type(value) is int or type(value) is float


def _non_negative_integer(value: Any) -> bool:
    if type(value) is int:
        return value >= 0
    return type(value) is float and value.is_integer() and value >= 0


def _schema(value: Any) -> bool:
    # object subschemas are checked on their own (every one is visited)
    return type(value) is dict or type(value) is bool


def _schema_map(value: Any) -> bool:
    return type(value) is dict and all(_schema(v) for v in value.values())


def _schema_array(value: Any) -> bool:
    return type(value) is list and len(value) > 0 and all(_schema(v) for v in value)


def _string_array(value: Any) -> bool:
    return (
        type(value) is list and all(type(v) is str for v in value) and len(set(value)) == len(value)
    )


def _string(value: Any) -> bool:
    return type(value) is str


def _uri_reference(value: Any) -> bool:
    return type(value) is str and _conforms(value, "uri-reference")


def _anchor(value: Any) -> bool:
    return type(value) is str and _ANCHOR.match(value) is not None


def _type(value: Any) -> bool:
    if type(value) is str:
        return value in _SIMPLE_TYPES
    return (
        type(value) is list
        and len(value) > 0
        and all(type(v) is str and v in _SIMPLE_TYPES for v in value)
        and len(set(value)) == len(value)
    )


def _is_ecma_regex(value: Any) -> bool:
    """The `regex` format as JSON Schema defines it: ECMA-262, as eventkit reads it."""
    if type(value) is str:
        schema_regex.compile(value)  # raises RegexSyntaxError
    return True


def _regex(value: Any) -> bool:
    try:
        return type(value) is str and _is_ecma_regex(value)
    except RegexSyntaxError:
        return False


def _with_ecma_regex(stock: Any) -> Any:
    """A copy of `stock` (a jsonschema FormatChecker) whose `regex` format is ECMA-262."""
    from jsonschema import FormatChecker  # type: ignore[import-untyped]

    checker = FormatChecker(stock.checkers)
    checker.checks("regex", raises=RegexSyntaxError)(_is_ecma_regex)
    return checker


_CHECKS: dict[str, Callable[[Any], bool]] = {
    # core
    "$id": lambda v: type(v) is str and _ID.match(v) is not None and _conforms(v, "uri-reference"),
    "$schema": lambda v: type(v) is str and _conforms(v, "uri"),
    "$ref": _uri_reference,
    "$anchor": _anchor,
    "$dynamicRef": _uri_reference,
    "$dynamicAnchor": _anchor,
    "$vocabulary": lambda v: (
        type(v) is dict
        and all(type(b) is bool for b in v.values())
        and all(_conforms(k, "uri") for k in v)
    ),
    "$comment": _string,
    "$defs": _schema_map,
    # applicator
    "prefixItems": _schema_array,
    "items": _schema,
    "contains": _schema,
    "additionalProperties": _schema,
    "properties": _schema_map,
    "patternProperties": lambda v: _schema_map(v) and all(_regex(k) for k in v),
    "dependentSchemas": _schema_map,
    "propertyNames": _schema,
    "if": _schema,
    "then": _schema,
    "else": _schema,
    "allOf": _schema_array,
    "anyOf": _schema_array,
    "oneOf": _schema_array,
    "not": _schema,
    # unevaluated
    "unevaluatedItems": _schema,
    "unevaluatedProperties": _schema,
    # validation
    "type": _type,
    "enum": lambda v: type(v) is list,
    "multipleOf": lambda v: _number(v) and v > 0,
    "maximum": _number,
    "exclusiveMaximum": _number,
    "minimum": _number,
    "exclusiveMinimum": _number,
    "maxLength": _non_negative_integer,
    "minLength": _non_negative_integer,
    "pattern": _regex,
    "maxItems": _non_negative_integer,
    "minItems": _non_negative_integer,
    "uniqueItems": lambda v: type(v) is bool,
    "maxContains": _non_negative_integer,
    "minContains": _non_negative_integer,
    "maxProperties": _non_negative_integer,
    "minProperties": _non_negative_integer,
    "required": _string_array,
    "dependentRequired": lambda v: type(v) is dict and all(_string_array(a) for a in v.values()),
    # meta-data
    "title": _string,
    "description": _string,
    "deprecated": lambda v: type(v) is bool,
    "readOnly": lambda v: type(v) is bool,
    "writeOnly": lambda v: type(v) is bool,
    "examples": lambda v: type(v) is list,
    # format-annotation, content
    "format": _string,
    "contentEncoding": _string,
    "contentMediaType": _string,
    "contentSchema": _schema,
    # kept by the 2020-12 meta-schema for older drafts
    "definitions": _schema_map,
    "dependencies": lambda v: (
        type(v) is dict and all(_schema(d) or _string_array(d) for d in v.values())
    ),
    "$recursiveAnchor": _anchor,
    "$recursiveRef": _uri_reference,
}


_MAPS = frozenset(key for key, kind in SUBSCHEMA_KINDS.items() if kind == "map")


def _data_members(value: Any) -> int:
    """Object members inside the data `value` (a dict or a list), at any depth."""
    count = 0
    for item in value.values() if type(value) is dict else value:
        if type(item) is dict or type(item) is list:
            count += _data_members(item)
    return count + (len(value) if type(value) is dict else 0)


def valid_members_2020_12(nodes: Iterable[dict[str, Any]]) -> int | None:
    """Whether a 2020-12 file is certainly valid under its meta-schema, and its member count
    for the duplicate-key test, in one walk of its object subschemas `nodes` (`schema_nodes`).

    The number of object members in the whole document `nodes` come from, if every node is
    certainly valid; else None: a node breaks a rule of `_CHECKS`, or uses a keyword this
    check does not model (`_UNDESCRIBED`). Then ask jsonschema, and count on their own. In a valid
    file a map of subschemas holds only subschemas (counted as nodes) and booleans, a list
    of subschemas only subschemas and booleans, so only data (examples, enum, unknown
    keywords) is walked besides the nodes. Raises `RecursionError` for data nested beyond
    the interpreter's stack.
    """
    checks = _CHECKS
    walked = SUBSCHEMA_KINDS
    count = 0
    for node in nodes:
        count += len(node)
        for key, value in node.items():
            check = checks.get(key)
            if check is not None and not check(value):
                return None
            if key in _UNDESCRIBED:
                return None
            if type(value) is dict:
                if key in _MAPS:
                    count += len(value)
                elif key not in walked:
                    count += _data_members(value)
            elif type(value) is list and key not in walked:
                count += _data_members(value)
    return count


def _certainly_valid_2020_12(schema: dict[str, Any]) -> bool:
    try:
        return valid_members_2020_12(schema_nodes(schema)) is not None
    except RecursionError:  # data (an example, an enum) nested too deep to count: ask jsonschema
        return False


@cache
def _meta_validator(dialect: str) -> Any:
    from jsonschema import validators

    cls: Any = validators.validator_for({"$schema": dialect}, default=None)
    if cls is None:
        raise LookupError(dialect)
    # as check_schema does, but with the `regex` format read as ECMA-262
    return cls(cls.META_SCHEMA, format_checker=_with_ecma_regex(cls.FORMAT_CHECKER))


def meta_errors(schema: Any, dialect: str) -> list[ValidationError]:
    """Every error of `schema` against the meta-schema of `dialect`, by jsonschema.

    Raises `LookupError` for a dialect jsonschema does not know.
    """
    errors = _meta_validator(dialect).iter_errors(schema)
    return sorted(errors, key=lambda e: [str(p) for p in e.absolute_path])


@dataclass(frozen=True)
class MetaError:
    """Where a schema breaks its dialect's meta-schema (`path`: keys and indexes), and how."""

    path: tuple[str | int, ...]
    message: str

    @property
    def pointer(self) -> str:
        """`path` as a JSON pointer ("" for the schema itself)."""
        return join_pointer("", *self.path)


def meta_error(schema: Any, dialect: str = DIALECT_2020_12) -> MetaError | None:
    """The most relevant way `schema` is not a valid JSON Schema of `dialect`, or None.

    Any dialect jsonschema knows (draft-03 to 2020-12); the `regex` format is ECMA-262, as
    everywhere in eventkit. Raises `LookupError` for an unknown dialect, and `RecursionError`
    for a schema nested beyond the interpreter's stack.
    """
    if not isinstance(dialect, str):
        raise LookupError(dialect)
    fast = dialect == DIALECT_2020_12 and isinstance(schema, dict)
    # fast path: +800% on bench/registry_load.py figure registry_load.lint_vs_floor_process (measured 2026-12-06)
    if fast and _certainly_valid_2020_12(schema):
        return None
    from jsonschema.exceptions import best_match

    best = best_match(_meta_validator(dialect).iter_errors(schema))
    return None if best is None else MetaError(tuple(best.absolute_path), best.message)
