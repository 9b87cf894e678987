"""The vocabulary eventkit's engine understands, and a whole-document scan: shape, unknown
keywords and nesting depth are checked before any comparison (iteratively, so deep
documents cannot overflow the stack)."""

from __future__ import annotations

import math
import sys

from eventkit.compat._values import TYPE_BITS, compile_pattern
from eventkit.error_base import CompatibilityError
from eventkit.json_pointer import join_pointer as join

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: no `typing` at run time (a cold import)
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "ANNOTATIONS",
    "DEFS_REFS",
    "FILE_REFS",
    "KNOWN",
    "MAX_DEPTH",
    "OTHER_REFS",
    "SCHEMA_LISTS",
    "SCHEMA_MAPS",
    "SCHEMA_ONE",
    "join",
    "ref_kind",
    "scan",
]

MAX_DEPTH = 200  # schema nesting the engine accepts (a 500-level schema gets a clear error)

SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
SCHEMA_ONE = (
    "not",
    "additionalProperties",
    "unevaluatedProperties",
    "additionalItems",
    "unevaluatedItems",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "contentSchema",
)
_NUMBERS = ("minimum", "maximum", "multipleOf")
_COUNTS = (
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
    "minContains",
    "maxContains",
)
_COUNT_SET = frozenset(_COUNTS)
# Keywords that never constrain an instance.
ANNOTATIONS = frozenset(
    {
        "$schema",
        "$id",
        "$anchor",
        "$comment",
        "$vocabulary",
        "$dynamicAnchor",
        "title",
        "description",
        "default",
        "examples",
        "example",
        "deprecated",
        "readOnly",
        "writeOnly",
        "contentMediaType",
        "contentEncoding",
        "discriminator",
        "externalDocs",
        "xml",
    }
)
_OTHER_KNOWN = ANNOTATIONS | frozenset(
    {
        "nullable",
        "format",
        "pattern",
        "type",
        "enum",
        "const",
        "required",
        "uniqueItems",
        "dependentRequired",
        "dependencies",
        "items",
        "$ref",
        "exclusiveMinimum",
        "exclusiveMaximum",
    }
)
KNOWN = frozenset(SCHEMA_MAPS + SCHEMA_LISTS + SCHEMA_ONE + _NUMBERS + _COUNTS) | _OTHER_KNOWN


def _bad(label: str, ptr: str, message: str) -> CompatibilityError:
    return CompatibilityError(
        f"{label}: {message} at {ptr or '/'}; this is not a valid JSON Schema"
    )


# (node, parent entry, its token under the parent, a second token or _NO_TOKEN, depth): one
# tuple per subschema, the pointer (and whether it is in the root's $defs) read off the chain
if TYPE_CHECKING:  # an alias for annotations only (`Any` is not imported at run time)
    _Entry = tuple[Any, Any, Any, Any, int]
_NO_TOKEN: Any = object()

# What `scan` reports about a document's $refs, one bit each: into $defs/definitions, to
# other files, any other local pointer or anchor (see `_doc.same_meaning`).
DEFS_REFS, FILE_REFS, OTHER_REFS = 1, 2, 4
_DEFS_PREFIXES = ("#/$defs/", "#/definitions/")
_ROOT_DEFS = ("$defs", "definitions")


def _pointer(entry: _Entry | None, *more: str | int) -> str:
    tokens: list[str | int] = list(more)
    while entry is not None:
        if entry[3] is not _NO_TOKEN:
            tokens[:0] = (entry[2], entry[3])
        elif entry[2] is not _NO_TOKEN:
            tokens.insert(0, entry[2])
        entry = entry[1]
    return join("", *tokens)


def ref_kind(ref: str) -> int:
    """The kind of one (string) `$ref`: DEFS_REFS, OTHER_REFS or FILE_REFS."""
    if ref.startswith(_DEFS_PREFIXES):
        return DEFS_REFS
    return OTHER_REFS if ref.startswith("#") else FILE_REFS


def scan(schema: Any, label: str) -> tuple[int, int, bool, bool]:  # noqa: C901
    """Check shape and vocabulary of a whole document, and its nesting depth (iteratively;
    pointers are built only for the error message). Returns the kinds of $refs the document
    holds, in the whole document and in its root $defs/definitions, whether an `enum`,
    `const` or exclusive bound holds a boolean (or a list or object that may), and whether it
    holds a keyword 2020-12 does not have (`dependencies`, `additionalItems`, see
    `_dialects`): the same walk, so the engine never walks a document twice to classify them.

    The common well-formed keyword values are accepted inline (by exact class, as parsed
    JSON has them); anything else goes to `_check_keyword`, which decides and words errors.
    Subschemas are pushed one by one (no comprehension: a nested scope would make this
    function's loop variables closure cells), in keyword order, and read last first; the root
    is read without a push, and a boolean under a single-schema keyword is not pushed (it has
    nothing to visit and never raises). Whether a `$ref` is inside the root's $defs is read off
    its entry's chain, and only when its kind is new to `defs_refs`."""
    kinds = _SCAN_KINDS
    no_token = _NO_TOKEN
    all_refs = defs_refs = 0
    booleans = False  # a boolean (or a nested value) in an enum, const or exclusive bound
    earlier = False  # `dependencies` or `additionalItems`: keywords of draft-07 and before
    stack: list[_Entry] = []
    entry: _Entry = (schema, None, no_token, no_token, 0)
    while True:
        node = entry[0]
        if node.__class__ is not dict:
            if node is True or node is False:  # isinstance(node, bool): bool has no subclasses
                if not stack:
                    break
                entry = stack.pop()
                continue
            if not isinstance(node, dict):
                raise _bad(
                    label,
                    _pointer(entry),
                    f"expected a schema (object or boolean), found {type(node).__name__}",
                )
        depth = entry[4]
        if depth > MAX_DEPTH:
            raise CompatibilityError(
                f"{label}: schema nesting is deeper than {MAX_DEPTH} levels at {_pointer(entry)[:120]}...",
                hint="flatten the schema with $defs and $ref",
            )
        deeper = depth + 1
        for key, value in node.items():
            kind = kinds.get(key)
            # the kinds tested most often first (in the corpus: type, then annotations,
            # properties, allOf/anyOf/oneOf, ...); each branch reads the value's class itself
            if kind is _TYPE:
                if value.__class__ is str and value in TYPE_BITS:
                    continue
            elif kind is _QUIET_KIND:
                continue
            elif kind is _MAP:
                if value.__class__ is not dict and not isinstance(value, dict):
                    raise _bad(label, _pointer(entry, key), "expected an object of schemas")
                for name, sub in value.items():
                    stack.append((sub, entry, key, name, deeper))
                continue
            elif kind is _LIST:
                if not isinstance(value, list) or (key != "prefixItems" and not value):
                    raise _bad(label, _pointer(entry, key), "expected a non-empty array of schemas")
                i = 0  # a counter: an enumerate object costs more on these short lists
                for sub in value:
                    stack.append((sub, entry, key, i, deeper))
                    i += 1  # noqa: SIM113
                continue
            elif kind is _ONE:
                if value is not True and value is not False:  # a boolean needs no visit
                    stack.append((value, entry, key, no_token, deeper))
                continue
            elif kind is _ITEMS:
                if isinstance(value, list):
                    i = 0
                    for sub in value:
                        stack.append((sub, entry, key, i, deeper))
                        i += 1  # noqa: SIM113
                elif value is not True and value is not False:
                    stack.append((value, entry, key, no_token, deeper))
                continue
            elif kind is _COUNT:
                if value.__class__ is int and value >= 0:
                    continue
            elif kind is _NUMBER:
                # what `_is_num` accepts: a finite float, an int a float holds
                cls = value.__class__
                if (cls is float and math.isfinite(value)) or (cls is int and _fits(value)):
                    continue
            elif kind is _ENUM:
                if value.__class__ is list:
                    if not booleans and not _PLAIN_VALUES.issuperset(map(type, value)):
                        booleans = True
                    continue
            elif kind is _REQUIRED:
                if value.__class__ is list:
                    for name in value:
                        if name.__class__ is not str:
                            break
                    else:
                        continue
            elif kind is _PATTERN:
                if value.__class__ is str:
                    compile_pattern(value)  # what `_check_keyword` does (its error has no pointer)
                    continue
            elif kind is _DEPENDENCIES:
                if not isinstance(value, dict):
                    raise _bad(label, _pointer(entry, key), "expected an object")
                earlier = True
                for name, sub in value.items():
                    if not isinstance(sub, list):
                        stack.append((sub, entry, key, name, deeper))
                continue
            elif kind is _REF:
                if value.__class__ is str:
                    found = ref_kind(value)
                    all_refs |= found
                    if found & ~defs_refs:  # a new kind: is the node in the root's $defs?
                        top = entry  # the root's child on the way up (not the root itself)
                        while top[1] is not None and top[1][1] is not None:
                            top = top[1]
                        if top[1] is not None and top[2] in _ROOT_DEFS:
                            defs_refs |= found
                    continue
            elif kind is _STRING and value.__class__ is str:
                continue
            elif kind is _VALUE:
                if value.__class__ not in _PLAIN_VALUES:
                    booleans = True  # then checked by `_check_keyword` as before
            elif kind is _ID:
                if depth == 0:
                    continue  # the document's own id: its `#` refs resolve against the root
                raise CompatibilityError(
                    f"{label}: `$id` at {_pointer(entry, key)} starts an embedded schema "
                    "resource, which eventkit's engine does not read (its `$ref`s would "
                    "resolve against the wrong document)",
                    hint="remove the nested `$id` and refer to the definition as #/$defs/NAME",
                )
            elif kind is _EARLIER_ONE:  # last: rare, so no cost to the kinds above
                earlier = True
                if value is not True and value is not False:
                    stack.append((value, entry, key, no_token, deeper))
                continue
            _check_keyword(label, entry, key, value)
        if not stack:
            break
        entry = stack.pop()
    return all_refs, defs_refs, booleans, earlier


_QUIET = frozenset(
    {
        "title",
        "description",
        "examples",
        "default",
        "$comment",
        "$schema",
        "example",
        "deprecated",
        "readOnly",
        "writeOnly",
    }
)


# How `scan` treats a keyword, looked up once per key (the keyword groups above are disjoint).
# The value kinds (type ... enum) name the common well-formed values `scan` accepts inline;
# any other value of theirs goes to `_check_keyword`.
_MAP, _LIST, _ONE, _EARLIER_ONE, _ITEMS, _DEPENDENCIES, _QUIET_KIND = (
    "map",
    "list",
    "one",
    "earlier-one",
    "items",
    "dependencies",
    "quiet",
)
_TYPE, _REF, _COUNT, _REQUIRED, _STRING, _PATTERN, _NUMBER, _ENUM, _ID, _VALUE = (
    "type",
    "ref",
    "count",
    "required",
    "string",
    "pattern",
    "number",
    "enum",
    "id",
    "value",
)
_SCAN_KINDS: dict[str, str] = {
    **dict.fromkeys(SCHEMA_MAPS, _MAP),
    **dict.fromkeys(SCHEMA_LISTS, _LIST),
    **dict.fromkeys(SCHEMA_ONE, _ONE),
    "additionalItems": _EARLIER_ONE,  # after SCHEMA_ONE, which holds it too
    "items": _ITEMS,
    "dependencies": _DEPENDENCIES,
    **dict.fromkeys(_QUIET, _QUIET_KIND),
    "type": _TYPE,
    "$ref": _REF,
    **dict.fromkeys(_COUNTS, _COUNT),
    "required": _REQUIRED,
    "format": _STRING,
    "pattern": _PATTERN,
    "minimum": _NUMBER,
    "maximum": _NUMBER,
    "enum": _ENUM,
    "$id": _ID,
    **dict.fromkeys(("const", "exclusiveMinimum", "exclusiveMaximum"), _VALUE),
}
# Values Python's `==` compares as JSON does: a boolean equals 1 or 0 there (`True == 1`),
# and a list or object may hold one; a document with any of those in an enum, const or
# exclusive bound compares its subschemas exactly (`_doc.json_equal`).
_PLAIN_VALUES = frozenset({str, int, float, type(None)})


def _fits(value: int) -> bool:
    """An int the engine's float arithmetic holds (JSON allows any, a float ends near 1.8e308)."""
    return -_FLOAT_MAX <= value <= _FLOAT_MAX


_FLOAT_MAX = sys.float_info.max


def _is_num(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return _fits(value)
    return isinstance(value, float) and math.isfinite(value)


def _too_large(label: str, ptr: Any, key: str, value: Any) -> CompatibilityError | None:
    """The error for a number keyword holding an int beyond a float's range (valid JSON
    Schema, but past what the engine compares), else None."""
    if isinstance(value, int) and not isinstance(value, bool) and not _fits(value):
        return CompatibilityError(
            f"{label}: `{key}` at {ptr} is beyond the range eventkit's engine can compare",
            hint="keep numeric bounds within about ±1.8e308 (a double's range)",
        )
    return None


def _check_keyword(label: str, entry: _Entry, key: str, value: Any) -> None:  # noqa: C901
    if key.startswith("x-") or _fast_ok(key, value):
        return
    ptr: Any = _LazyPointer(entry, key)
    if key in _COUNTS:
        if not (_is_num(value) and value >= 0 and float(value).is_integer()):
            raise _bad(label, ptr, f"`{key}` must be a non-negative integer")
    elif key in _NUMBERS:
        if not _is_num(value) or (key == "multipleOf" and value <= 0):
            too_large = _too_large(label, ptr, key, value)
            positive = "positive " if key == "multipleOf" else ""
            raise too_large or _bad(label, ptr, f"`{key}` must be a {positive}number")
    elif key in ("exclusiveMinimum", "exclusiveMaximum"):
        if not (_is_num(value) or isinstance(value, bool)):
            raise _too_large(label, ptr, key, value) or _bad(
                label, ptr, f"`{key}` must be a number"
            )
    elif key == "type":
        names = value if isinstance(value, list) else [value]
        if not names or any(not isinstance(n, str) or n not in TYPE_BITS for n in names):
            raise _bad(label, ptr, f"`type` {value!r} names an unknown type")
    elif key == "enum":
        if not isinstance(value, list):
            raise _bad(label, ptr, "`enum` must be an array")
    elif key == "required":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _bad(label, ptr, "`required` must be an array of strings")
    elif key == "dependentRequired":
        if not isinstance(value, dict) or not all(
            isinstance(v, list) and all(isinstance(x, str) for x in v) for v in value.values()
        ):
            raise _bad(label, ptr, "`dependentRequired` must map names to arrays of strings")
    elif key in ("pattern", "format", "$ref"):
        if not isinstance(value, str):
            raise _bad(label, ptr, f"`{key}` must be a string")
        if key == "pattern":
            compile_pattern(value)
    elif key == "uniqueItems" or key == "nullable":
        if value is not True and value is not False:  # `1` was read as absent
            raise _bad(label, ptr, f"`{key}` must be true or false")
    elif key == "$dynamicRef" or key == "$recursiveRef":
        raise CompatibilityError(f"{label}: `{key}` at {ptr} is not supported by eventkit's engine")
    elif key not in KNOWN and not key.startswith("x-"):
        raise CompatibilityError(
            f"{label}: unknown keyword `{key}` at {ptr}; eventkit cannot tell what it allows",
            hint="prefix extensions with `x-` (e.g. `x-eventkit`), or remove the keyword",
        )


def _fast_ok(key: str, value: Any) -> bool:
    """The common well-formed cases, decided without building anything."""
    if key == "type":
        return value.__class__ is str and value in TYPE_BITS
    if key in _COUNT_SET:
        return value.__class__ is int and value >= 0
    if key == "format" or key == "$ref":
        return value.__class__ is str
    return False


class _LazyPointer:
    __slots__ = ("entry", "key")

    def __init__(self, entry: _Entry, key: str) -> None:
        self.entry = entry
        self.key = key

    def __str__(self) -> str:
        return _pointer(self.entry, self.key)
