"""Boolean algebra over schemas: the exact negation of a schema, as a schema.

`negate(node)` returns a node accepting exactly the instances `node` rejects, written with
positive keywords wherever JSON Schema allows it (De Morgan over allOf/anyOf, `not not X` is
X, a type list's complement, `minLength: 3` becomes "a string of at most 2 characters",
`required` becomes "the name is absent", ...). Keywords with no positive opposite (pattern,
enum, multipleOf, ...) stay as `{"not": ...}` pieces, which the engine decides as before.

The engine uses it three ways: a writer's `not` is absorbed as constraints (an exact set is
also an over-approximation), a reader's `not X` holds when the writer is inside `negate(X)`,
and a reader's anyOf covers a writer when peeling alternatives (writer AND NOT first
alternative) leaves nothing the others miss. Every negation is exact, so proofs built on it
stay sound. Negations are cached per document: their objects live as long as the document,
which keeps the `id()`-based cycle keys of the engine stable.
"""

from __future__ import annotations

from eventkit.compat._doc import Doc, SNode, snode
from eventkit.compat._formats import formats_asserted
from eventkit.compat._values import ALL_TYPES, FLOAT, INT, NUMBER, TYPE_BITS, type_mask
from eventkit.compat._vocab import ANNOTATIONS

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: no `typing` at run time (a cold import)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["Derived", "negate"]

# Keywords that never constrain an instance (or only together with one handled elsewhere).
_INERT = ANNOTATIONS | {"$defs", "definitions", "contentSchema"}
# Keywords that only mean something together: each set is negated as one piece.
_TOGETHER = (
    frozenset({"properties", "patternProperties", "additionalProperties"}),
    frozenset({"items", "prefixItems", "additionalItems"}),
    frozenset({"contains", "minContains", "maxContains"}),
    frozenset({"if", "then", "else"}),
    frozenset({"type", "nullable"}),
    frozenset({"minimum", "exclusiveMinimum"}),
    frozenset({"maximum", "exclusiveMaximum"}),
)
_TYPE_ORDER = ("null", "boolean", "string", "array", "object")
_MAX_ONE_OF = 4  # not oneOf spells out every pair of alternatives
_UNKNOWN = object()  # "no positive form": the caller keeps a `{"not": ...}` piece
# Non-integer numbers. One shared object: negating its `integer` again meets the same
# object, which is how the engine notices it is going round in circles.
_INTEGER: dict[str, Any] = {"type": "integer"}
_FRACTIONS: dict[str, Any] = {"type": "number", "not": _INTEGER}


class Derived(SNode):
    """A schema eventkit built (a negation): resolved in `doc`, reported at the pointer of
    the schema it was derived from (its own keywords have no place in the document)."""

    __slots__ = ()

    def child(self, key: str, index: str | int | None = None) -> SNode:
        value = self.schema[key] if index is None else self.schema[key][index]
        return snode(self.doc, value, self.ptr, kind=Derived)


def negate(node: SNode) -> SNode | None:
    """A node accepting exactly what `node` rejects, or None when no keyword of it has a
    positive opposite (then `not` is the only way to say it, and nothing is gained)."""
    schema = node.schema
    asserted = formats_asserted()
    doc = node.doc
    cache = doc.negations
    if cache is None:
        cache = doc.negations = {}
    found = cache.get((id(schema), asserted))
    if found is None or found[0] is not schema:
        result = _negate(schema, doc, set())
        found = (schema, None if result is _UNKNOWN else result)
        cache[(id(schema), asserted)] = found
    if found[1] is None:
        return None
    return snode(doc, found[1], node.ptr, kind=Derived)


def _negate(schema: Any, doc: Doc, active: set[int]) -> Any:
    """The negation as a schema value, or _UNKNOWN when every piece stays a `not`."""
    if schema is True:
        return False
    if schema is False:
        return True
    if not isinstance(schema, dict):
        return _UNKNOWN
    if "unevaluatedProperties" in schema or "unevaluatedItems" in schema:
        return _UNKNOWN  # they read every sibling: no piece can be negated alone
    asserted = formats_asserted()
    keys = [
        k
        for k in schema
        if k not in _INERT and not k.startswith("x-") and (asserted or k != "format")
    ]
    pieces: list[Any] = []
    gained = False
    done: set[str] = set()
    for key in keys:
        if key in done:
            continue
        group = next((g for g in _TOGETHER if key in g), frozenset({key}))
        present = [k for k in keys if k in group]
        done.update(present)
        part = {k: schema[k] for k in present}
        negation = _negate_piece(part, doc, active)
        if negation is _UNKNOWN:
            pieces.append({"not": part})  # negating `part` again gives nothing new: no loop
            continue
        gained = True
        if negation is True:
            return True  # this piece rejects everything, so the negation accepts everything
        if negation is not False:
            pieces.append(negation)
    if not gained and pieces:
        return _UNKNOWN
    return _any(pieces)  # no pieces: the schema accepts everything, its negation nothing


def _negate_piece(part: dict[str, Any], doc: Doc, active: set[int]) -> Any:  # noqa: C901
    if "type" in part:
        return _not_type(type_mask(part))
    if "nullable" in part:
        return False  # nullable without type: it allows everything already
    if "minimum" in part or "exclusiveMinimum" in part:
        return _not_bound(part, "minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum")
    if "maximum" in part or "exclusiveMaximum" in part:
        return _not_bound(part, "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum")
    if len(part) != 1:
        return _UNKNOWN  # object members, tuples, contains, if/then/else
    key, value = next(iter(part.items()))
    if key in _COUNTED:
        kind, opposite, shift = _COUNTED[key]
        limit = int(value) + shift
        return False if limit < 0 else {"type": kind, opposite: limit}
    if key == "required":
        names = list(dict.fromkeys(value))
        return _any([{"type": "object", "properties": {n: False}} for n in names])
    if key == "properties":
        pieces = []
        for name, sub in value.items():
            inner = _negate(sub, doc, active)
            if inner is not False:
                wrong = {"not": sub} if inner is _UNKNOWN else inner
                pieces.append({"type": "object", "required": [name], "properties": {name: wrong}})
        return _any(pieces)
    if key == "not":
        return value
    if key == "allOf":
        return _any([_negate_or_not(s, doc, active) for s in value])
    if key == "anyOf":
        return _all([_negate_or_not(s, doc, active) for s in value])
    if key == "oneOf" and len(value) <= _MAX_ONE_OF:
        none = _all([_negate_or_not(s, doc, active) for s in value])
        pairs = [
            {"allOf": [value[i], value[j]]}
            for i in range(len(value))
            for j in range(i + 1, len(value))
        ]
        return _any([none, *pairs])
    if key == "$ref":
        return _negate_ref(value, doc, active)
    return _UNKNOWN


# count keyword -> (the type it constrains, the opposite keyword, the shift of the limit)
_COUNTED = {
    "minLength": ("string", "maxLength", -1),
    "maxLength": ("string", "minLength", 1),
    "minItems": ("array", "maxItems", -1),
    "maxItems": ("array", "minItems", 1),
    "minProperties": ("object", "maxProperties", -1),
    "maxProperties": ("object", "minProperties", 1),
}


def _negate_or_not(schema: Any, doc: Doc, active: set[int]) -> Any:
    result = _negate(schema, doc, active)
    return {"not": schema} if result is _UNKNOWN else result


def _any(pieces: list[Any]) -> Any:
    return _combine(pieces, "anyOf", neutral=False)


def _all(pieces: list[Any]) -> Any:
    return _combine(pieces, "allOf", neutral=True)


def _combine(pieces: list[Any], keyword: str, *, neutral: bool) -> Any:
    """`{keyword: pieces}` simplified: `neutral` pieces dropped, the other boolean absorbs."""
    kept = [p for p in pieces if p is not neutral]
    if any(p is (not neutral) for p in kept):
        return not neutral
    if not kept:
        return neutral
    return kept[0] if len(kept) == 1 else {keyword: kept}


def _not_type(mask: int) -> Any:
    """The instances whose type is outside `mask` (non-integer numbers need a `not`)."""
    rest = ALL_TYPES & ~mask
    names = [n for n in _TYPE_ORDER if rest & TYPE_BITS[n]]
    if rest & NUMBER == NUMBER:
        names.append("number")
    pieces: list[Any] = [{"type": names if len(names) > 1 else names[0]}] if names else []
    if rest & NUMBER == FLOAT:
        pieces.append(_FRACTIONS)
    if rest & NUMBER == INT:  # cannot happen: a type list admitting fractions admits integers
        return _UNKNOWN
    return _any(pieces)


def _not_bound(
    part: dict[str, Any], inclusive: str, exclusive: str, other: str, other_x: str
) -> Any:
    """`minimum`/`exclusiveMinimum` (either spelling) becomes the opposite upper bound."""
    pieces = []
    if inclusive in part:
        if part.get(exclusive) is True:  # draft-04: exclusive flag on the bound
            pieces.append({"type": "number", other: part[inclusive]})
        else:
            pieces.append({"type": "number", other_x: part[inclusive]})
    value = part.get(exclusive)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        pieces.append({"type": "number", other: value})
    return _any(pieces)


def _negate_ref(ref: Any, doc: Doc, active: set[int]) -> Any:
    from eventkit.error_base import CompatibilityError

    try:
        target = doc.resolve(ref, "")
    except CompatibilityError:
        return _UNKNOWN
    if target.doc is not doc or id(target.schema) in active:
        return _UNKNOWN  # another file, or a cycle: keep `not {"$ref": ...}`
    active.add(id(target.schema))
    try:
        return _negate(target.schema, doc, active)
    finally:
        active.discard(id(target.schema))
