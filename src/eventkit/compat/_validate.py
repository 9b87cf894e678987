"""A small JSON Schema validator over `SNode`s (formats asserted, as consumers' models do).

The engine uses it to confirm counterexamples and to decide finite cases (enums) exactly."""

from __future__ import annotations

from eventkit.compat._doc import SNode
from eventkit.compat._formats import formats_asserted
from eventkit.compat._values import (
    ARR,
    BOOL,
    FLOAT,
    INT,
    NULL,
    NUMBER,
    OBJ,
    STR,
    TYPE_BITS,
    check_format,
    compile_pattern,
    jkey,
    type_bit,
)
from eventkit.compat._vocab import _is_num

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: no `typing` at run time (a cold import)
if TYPE_CHECKING:
    from fractions import Fraction
    from typing import Any

__all__ = ["ALL", "EXACT", "SOME", "evaluated_names", "evaluated_prefix", "is_valid"]


def _num_ok(schema: dict[str, Any], value: float) -> bool:
    lo, hi = schema.get("minimum"), schema.get("maximum")
    xlo, xhi = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    if lo is not None and (value < lo or (xlo is True and value == lo)):
        return False
    if hi is not None and (value > hi or (xhi is True and value == hi)):
        return False
    if xlo is not None and _is_num(xlo) and value <= float(xlo):
        return False
    if xhi is not None and _is_num(xhi) and value >= float(xhi):
        return False
    step = schema.get("multipleOf")
    return step is None or _multiple(value, step)


def _multiple(value: float, step: float) -> bool:
    """`value` is a whole multiple of `step`, exactly (decimal text, as written in JSON).

    The quotient of the two exact values is whole when its numerator (value's numerator times
    step's denominator) is a multiple of its denominator (value's denominator times step's
    numerator): integer arithmetic, where `Fraction` division made and reduced a third
    Fraction. A zero step raises ZeroDivisionError either way.

    A non-zero int step (not a bool: its class is bool) needs no `fractions`, a cold import
    (issue 16): an int value is a multiple when `value % step == 0`, and a float that is not
    whole never is (the decimal text of a fractional float is not whole: a whole one would be
    an int below 2**53, a float of its own); whole floats go through the exact values."""
    # fast path: +7% on bench/compat.py figure compat.cold_pass_vs_jsoncompat (measured 2026-12-07)
    if step.__class__ is int and step:
        if value.__class__ is int:
            return value % step == 0
        if value.__class__ is float and not value.is_integer():
            return False
    try:
        mine, theirs = _decimal(value), _decimal(step)
        return (mine.numerator * theirs.denominator) % (mine.denominator * theirs.numerator) == 0
    except (ValueError, ZeroDivisionError, OverflowError):
        return False


def _decimal(number: float) -> Fraction:
    """The exact value of a number's decimal text: an int's text is the int itself, so it is
    not written out and parsed back."""
    from fractions import Fraction  # on first use: only multipleOf needs it (a cold import)

    return Fraction(number) if number.__class__ is int else Fraction(str(number))


# fast path: +33% on bench/compat.py figure compat.throughput_vs_jsoncompat (measured 2026-12-06)
def is_valid(  # noqa: C901
    value: Any, node: SNode, _active: set[tuple[int, int]] | None = None
) -> bool:
    """Validate `value` against `node` (formats asserted, as consumers' models do).

    One call per schema on the common path: the type test is written out here (what
    `type_bit` and `type` with `nullable` compute), and a scalar value under a schema without
    in-place keywords skips the cycle bookkeeping (it makes no nested call to meet)."""
    schema = node.schema
    if schema is True:
        return True
    if schema is False:
        return False
    bit = _CLASS_BITS.get(value.__class__)
    if bit is None:  # a subclass, a tuple, ...: as type_bit reads it
        bit = type_bit(value)
    elif bit == FLOAT and value.is_integer():
        bit = INT
    declared = schema.get("type")
    if declared is not None:
        if declared.__class__ is str:
            mask = TYPE_BITS[declared]
        else:
            mask = 0
            for name in declared:
                mask |= TYPE_BITS[name]
        if not bit & mask and not (bit == NULL and schema.get("nullable") is True):
            return False
    in_place = not _IN_PLACE.isdisjoint(schema)  # (the frozenset against the dict's keys)
    if bit & _SCALARS and not in_place:
        if bit & NUMBER:
            return _num_ok(schema, value)
        if bit == STR:
            return _str_ok(schema, value)
        return True
    active = _active if _active is not None else set()
    key = (id(schema), id(value))
    if key in active:  # a $ref cycle that consumes no input: treat as satisfied
        return True
    active.add(key)
    try:
        return _valid_dict(value, node, schema, bit, in_place, active)
    finally:
        active.discard(key)


_SCALARS = NULL | BOOL | NUMBER | STR
# type_bit by exact class (what it answers for each of these)
_CLASS_BITS: dict[type, int] = {
    type(None): NULL,
    bool: BOOL,
    int: INT,
    float: FLOAT,
    str: STR,
    list: ARR,
    dict: OBJ,
}


def _valid_dict(
    value: Any,
    node: SNode,
    schema: dict[str, Any],
    bit: int,
    in_place: bool,
    active: set[tuple[int, int]],
) -> bool:
    # the keywords that apply to the value itself, when the schema has any (fast path: see
    # _view._absorb)
    if in_place and not _in_place_ok(value, node, schema, active):
        return False
    if bit & NUMBER:
        return _num_ok(schema, value)
    if bit == STR:
        return _str_ok(schema, value)
    if bit == ARR:
        return _array_ok(value, node, schema, active)
    if bit == OBJ and isinstance(value, dict):
        return _object_ok(value, node, schema, active)
    return True


_IN_PLACE = frozenset({"enum", "const", "$ref", "allOf", "anyOf", "oneOf", "not", "if"})


def _in_place_ok(  # noqa: C901
    value: Any, node: SNode, schema: dict[str, Any], active: set[tuple[int, int]]
) -> bool:
    if "enum" in schema and jkey(value) not in node.doc.enum_keys(schema["enum"]):
        return False
    if "const" in schema and jkey(value) != jkey(schema["const"]):
        return False
    if "$ref" in schema and not is_valid(value, node.doc.resolve(schema["$ref"], node), active):
        return False
    if "allOf" in schema:
        for i in range(len(schema["allOf"])):
            if not is_valid(value, node.child("allOf", i), active):
                return False
    if "anyOf" in schema:
        for i in range(len(schema["anyOf"])):  # a loop: no generator frame
            if is_valid(value, node.child("anyOf", i), active):
                break
        else:
            return False
    if "oneOf" in schema:
        hits = 0
        for i in range(len(schema["oneOf"])):  # a loop: no generator (nor closure cells)
            if is_valid(value, node.child("oneOf", i), active):
                hits += 1
        if hits != 1:
            return False
    if "not" in schema and is_valid(value, node.child("not"), active):
        return False
    if "if" in schema:
        branch = "then" if is_valid(value, node.child("if"), active) else "else"
        if branch in schema and not is_valid(value, node.child(branch), active):
            return False
    return True


def _str_ok(schema: dict[str, Any], value: str) -> bool:
    if len(value) < schema.get("minLength", 0):
        return False
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        return False
    if "pattern" in schema and not compile_pattern(schema["pattern"]).search(value):
        return False
    return "format" not in schema or not formats_asserted() or check_format(schema["format"], value)


# What `evaluated_names`/`evaluated_prefix` say beyond what they list: EXACT (the listed ones
# are what every valid instance has evaluated), ALL (a subschema that always applies evaluates
# every member: the `unevaluated*` keyword never applies), SOME (a subschema that applies to
# some instances only, or `contains`, may evaluate more).
EXACT, ALL, SOME = 0, 1, 2
_CONDITIONAL = ("anyOf", "oneOf", "if", "then", "else", "dependentSchemas", "dependencies")
_MEMBER_KEYS = {
    "unevaluatedProperties": frozenset(
        {"properties", "patternProperties", "additionalProperties", "unevaluatedProperties"}
    ),
    "unevaluatedItems": frozenset(
        {"items", "prefixItems", "additionalItems", "contains", "unevaluatedItems"}
    ),
}


def _always_applied(node: SNode) -> list[SNode]:
    """`node` and the subschemas that apply to every instance it does (allOf, $ref)."""
    out: list[SNode] = []
    seen: set[int] = set()
    todo = [node]
    while todo:
        here = todo.pop()
        schema = here.schema
        if schema.__class__ is not dict or id(schema) in seen:
            continue
        seen.add(id(schema))
        out.append(here)
        todo.extend(here.child("allOf", i) for i in range(len(schema.get("allOf", ()))))
        if "$ref" in schema:
            todo.append(here.doc.resolve(schema["$ref"], here))
    return out


def _kind(node: SNode, keyword: str) -> int:
    """ALL, SOME or EXACT for `node`'s own `keyword` (see above)."""
    keys = _MEMBER_KEYS[keyword]
    kind = EXACT
    for here in _always_applied(node):
        schema = here.schema
        if here is not node and keyword in schema:
            return ALL
        if keyword == "unevaluatedProperties" and "additionalProperties" in schema:
            return ALL
        if keyword == "unevaluatedItems" and (
            ("items" in schema and schema["items"].__class__ is not list)
            or "additionalItems" in schema
        ):
            return ALL
        if keyword == "unevaluatedItems" and "contains" in schema:
            kind = SOME
        for key in _CONDITIONAL:
            if key in schema and _mentions(here, key, keys):
                kind = SOME
    return kind


def _mentions(node: SNode, key: str, keys: frozenset[str], limit: int = 64) -> bool:
    """True when a subschema under `node[key]` holds any of `keys` (or is too deep to tell)."""
    todo = _under(key, node.schema[key])
    while todo:
        limit -= 1
        if limit < 0:
            return True
        schema = todo.pop()
        if schema.__class__ is dict:
            if not keys.isdisjoint(schema) or "$ref" in schema:
                return True
            for k, v in schema.items():
                todo.extend(_under(k, v))
    return False


def _under(key: str, value: Any) -> list[Any]:
    """The in-place subschemas keyword `key` holds (none for any other keyword)."""
    if key in ("allOf", "anyOf", "oneOf"):
        return list(value) if value.__class__ is list else []
    if key in ("if", "then", "else"):
        return [value]
    if key in ("dependentSchemas", "dependencies") and value.__class__ is dict:
        return [v for v in value.values() if v.__class__ is not list]
    return []


def evaluated_names(node: SNode) -> tuple[set[str], list[str], int]:
    """Names and patterns `node`'s own `unevaluatedProperties` sees as evaluated, from `node`
    and the subschemas that always apply (allOf, $ref); and EXACT, ALL or SOME."""
    names: set[str] = set()
    patterns: list[str] = []
    for here in _always_applied(node):
        names.update(here.schema.get("properties", _EMPTY))
        patterns.extend(here.schema.get("patternProperties", _EMPTY))
    return names, patterns, _kind(node, "unevaluatedProperties")


def evaluated_prefix(node: SNode) -> tuple[int, int]:
    """How many leading items `node`'s own `unevaluatedItems` sees as evaluated (the longest
    tuple prefix of `node` and the subschemas that always apply); and EXACT, ALL or SOME."""
    longest = 0
    for here in _always_applied(node):
        items = here.schema.get("items")
        prefix = items if items.__class__ is list else here.schema.get("prefixItems", ())
        longest = max(longest, len(prefix))
    return longest, _kind(node, "unevaluatedItems")


def _evaluated_members(
    value: Any, node: SNode, active: set[tuple[int, int]], top: bool = False
) -> set[Any] | None:
    """The property names (of an object) or item indices (of an array) that `node`'s
    keywords evaluate for `value`, a value valid under `node` (2020-12 annotations, what
    `unevaluatedProperties`/`unevaluatedItems` read); None when they evaluate all of them.

    Subschemas count when they apply and hold: every `allOf` and `$ref`, the `anyOf`/`oneOf`
    alternatives `value` meets, `if` with `then` (or `else`), the `dependentSchemas` of the
    names present. `top`: `node` is the schema whose own `unevaluated*` asks (not counted)."""
    seen: set[int] = set()
    found: set[Any] = set()
    todo = [(node, top)]
    while todo:
        here, own = todo.pop()
        schema = here.schema
        if schema.__class__ is not dict or id(schema) in seen:
            continue  # a boolean evaluates nothing; a schema met again adds nothing new
        seen.add(id(schema))
        if value.__class__ is dict:
            if "additionalProperties" in schema or (not own and "unevaluatedProperties" in schema):
                return None
            props = schema.get("properties", _EMPTY)
            found.update(name for name in value if name in props)
            for pattern in schema.get("patternProperties", _EMPTY):
                found.update(name for name in value if compile_pattern(pattern).search(name))
        else:
            items = schema.get("items")
            if (
                (items is not None and items.__class__ is not list)
                or (items.__class__ is list and "additionalItems" in schema)
                or (not own and "unevaluatedItems" in schema)
            ):
                return None
            prefix = items if items.__class__ is list else schema.get("prefixItems", ())
            found.update(range(min(len(prefix), len(value))))
            if "contains" in schema:
                contains = here.child("contains")
                found.update(i for i, item in enumerate(value) if is_valid(item, contains, active))
        todo.extend(_applied(value, here, schema, active))
    return found


def _applied(
    value: Any, node: SNode, schema: dict[str, Any], active: set[tuple[int, int]]
) -> list[tuple[SNode, bool]]:
    """The in-place subschemas of `node` that apply to `value` and hold (for annotations)."""
    subs = [node.child("allOf", i) for i in range(len(schema.get("allOf", ())))]
    if "$ref" in schema:
        subs.append(node.doc.resolve(schema["$ref"], node))
    for key in ("anyOf", "oneOf"):
        for i in range(len(schema.get(key, ()))):
            sub = node.child(key, i)
            if is_valid(value, sub, active):
                subs.append(sub)
    if "if" in schema:
        condition = node.child("if")
        if is_valid(value, condition, active):
            subs.append(condition)
            if "then" in schema:
                subs.append(node.child("then"))
        elif "else" in schema:
            subs.append(node.child("else"))
    if value.__class__ is dict:
        subs.extend(_dependent(value, node, schema))
    return [(sub, False) for sub in subs]


def _dependent(value: dict[str, Any], node: SNode, schema: dict[str, Any]) -> list[SNode]:
    """The dependentSchemas (or schema `dependencies`) of the names `value` has."""
    return [
        node.child(key, name)
        for key in ("dependentSchemas", "dependencies")
        for name, dep in schema.get(key, _EMPTY).items()
        if name in value and dep.__class__ is not list
    ]


_EMPTY: dict[str, Any] = {}  # read only: the default of an absent keyword


# `_has_all` is a function of its own: a generator in `_object_ok` would make its variables
# closure cells on every call.
def _has_all(value: dict[str, Any], names: list[str]) -> bool:
    return all(n in value for n in names)


def _object_ok(  # noqa: C901
    value: dict[str, Any], node: SNode, schema: dict[str, Any], active: set[tuple[int, int]]
) -> bool:
    if "required" in schema:
        for name in schema["required"]:
            if name not in value:
                return False
    if "minProperties" in schema and len(value) < schema["minProperties"]:
        return False
    if "maxProperties" in schema and len(value) > schema["maxProperties"]:
        return False
    if "dependentRequired" in schema:
        for name, needs in schema["dependentRequired"].items():
            if name in value and not _has_all(value, needs):
                return False
    if "dependencies" in schema:
        for name, dep in schema["dependencies"].items():
            if name in value:
                if isinstance(dep, list):
                    if not _has_all(value, dep):
                        return False
                elif not is_valid(value, node.child("dependencies", name), active):
                    return False
    if "dependentSchemas" in schema:
        for name in schema["dependentSchemas"]:
            if name in value and not is_valid(value, node.child("dependentSchemas", name), active):
                return False
    props = schema.get("properties", _EMPTY)
    pats = schema.get("patternProperties", _EMPTY)
    extra = "additionalProperties" in schema
    # the names the schema's other keywords evaluate for this very value (None: all of them)
    unevaluated = (
        _evaluated_members(value, node, active, True) if "unevaluatedProperties" in schema else None
    )
    for name, item in value.items():
        if "propertyNames" in schema and not is_valid(name, node.child("propertyNames"), active):
            return False
        matched = False
        if name in props:
            matched = True
            if not is_valid(item, node.child("properties", name), active):
                return False
        for pat in pats:
            if compile_pattern(pat).search(name):
                matched = True
                if not is_valid(item, node.child("patternProperties", pat), active):
                    return False
        if not matched and extra and not is_valid(item, node.child("additionalProperties"), active):
            return False
        if (
            unevaluated is not None
            and name not in unevaluated
            and not is_valid(item, node.child("unevaluatedProperties"), active)
        ):
            return False
    return True


def _later_items_ok(value: list[Any], node: SNode, active: set[tuple[int, int]]) -> bool:
    """The items no other keyword evaluated, against `unevaluatedItems`."""
    evaluated = _evaluated_members(value, node, active, True)
    if evaluated is None:
        return True
    later = node.child("unevaluatedItems")
    for i, item in enumerate(value):
        if i not in evaluated and not is_valid(item, later, active):
            return False
    return True


def _array_ok(
    value: list[Any], node: SNode, schema: dict[str, Any], active: set[tuple[int, int]]
) -> bool:
    if len(value) < schema.get("minItems", 0):
        return False
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        return False
    if schema.get("uniqueItems") is True and len({jkey(v) for v in value}) != len(value):
        return False
    items = schema.get("items")
    if isinstance(items, list):
        prefix_key, prefix, rest_key = "items", items, "additionalItems"
    else:
        prefix_key, prefix, rest_key = "prefixItems", schema.get("prefixItems", []), "items"
    rest: SNode | None = node.child(rest_key) if rest_key in schema else None
    for i, item in enumerate(value):
        sub = node.child(prefix_key, i) if i < len(prefix) else rest
        if sub is not None and not is_valid(item, sub, active):
            return False
    if "unevaluatedItems" in schema and not _later_items_ok(value, node, active):
        return False
    if "contains" in schema:
        hits = sum(is_valid(item, node.child("contains"), active) for item in value)
        low = schema.get("minContains", 1)
        if hits < low or ("maxContains" in schema and hits > schema["maxContains"]):
            return False
    return True
