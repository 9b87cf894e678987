"""A writer schema flattened into one conjunction ("view"): `$ref` and `allOf` merged, per-type
constraints tightened, anyOf/oneOf kept as groups to distribute. Views only ever
over-approximate the instances a schema accepts, which keeps "compatible" proofs sound;
counterexamples are always re-checked with the validator against the real schema."""

from __future__ import annotations

import math
from types import MappingProxyType

from eventkit.compat._doc import SNode, snode
from eventkit.compat._formats import formats_asserted
from eventkit.compat._normalize import Derived, negate
from eventkit.compat._validate import (
    ALL,
    EXACT,
    SOME,
    evaluated_names,
    evaluated_prefix,
    is_valid,
)
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
    format_bound,
    jkey,
    type_bit,
    type_mask,
)
from eventkit.compat._view_state import (
    FALSE,
    MAX_ALTERNATIVES,
    ArrClause,
    ObjClause,
    TooManyAlternatives,
    View,
)

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: no `typing` at run time (a cold import)
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Any

__all__ = [
    "FALSE",
    "ArrClause",
    "Conditional",
    "ObjClause",
    "TooManyAlternatives",
    "View",
    "conditional",
    "expand",
    "finite_values",
    "lenient_writes",
    "narrowed",
    "numeric_bounds",
    "obj_clauses",
    "of_types",
    "string_patterns",
    "view_of",
]


class Conditional(SNode):
    """A writer subschema that applies to some instances only (a `dependentSchemas` or
    `dependencies` member, absorbed for the objects having its name): its `properties` add
    names, but never close the object under LENIENT. An object is closed by the properties
    it declares itself (and through allOf/$ref, which always apply), not by those a branch
    adds: a free-form map stays one (docs/compatibility.md, "STRICT and LENIENT").
    Its subschemas, and the schemas its `$ref`s name, are conditional too."""

    __slots__ = ()

    def child(self, key: str, index: str | int | None = None) -> SNode:
        if index is None:
            return snode(self.doc, self.schema[key], None, self, (key,), Conditional)
        return snode(self.doc, self.schema[key][index], None, self, (key, index), Conditional)


def conditional(node: SNode) -> SNode:
    """`node` as a `Conditional` node (the same schema at the same place)."""
    return snode(node.doc, node.schema, node.ptr, None, (), Conditional)


def view_of(nodes: tuple[SNode, ...] | list[SNode], ptr: str = "") -> View:
    view = View.of(tuple(nodes), ptr)
    if len(nodes) == 1:
        _absorb(view, nodes[0], None)
    else:
        seen: set[int] = set()  # several nodes: each schema object is absorbed once
        for node in nodes:
            _absorb(view, node, seen)
    _finish(view)
    return view


def narrowed(view: View, node: SNode) -> View:
    """`view` and `node` together (a writer piece inside one more schema)."""
    out = view.copy()
    out.nodes = (*view.nodes, node)
    out.key = (*view.key, id(node.schema))
    _absorb(out, node, None)
    _finish(out)
    return out


def of_types(view: View, part: int) -> View:
    """The values of `view` of the types in `part` (a piece of one type part, a writer's
    property names as strings); the same values keep the same key, so cycles meet."""
    piece = view.copy()
    piece.types = view.types & part
    if piece.types != view.types:
        piece.key = (*view.key, part)
        piece.false = piece.false or not piece.types
    if piece.enum is not None:
        kept = []
        for v in piece.enum:  # a loop: a comprehension would make `part` a closure cell
            if type_bit(v) & part:
                kept.append(v)
        piece.enum = tuple(kept)
    return piece


def expand(view: View, _path: frozenset[int] = frozenset()) -> list[View]:
    """Distribute anyOf/oneOf groups: the alternatives, each free of groups.

    A group met again below itself (a `$ref` cycle that consumes nothing, such as
    `anyOf: [{"$ref": "#"}, ...]`) is dropped there: the alternative then over-approximates,
    whatever the cycle is read to mean. `anyOf` holding `true` accepts everything."""
    if not view.groups:
        return [view]
    out: list[View] = []
    kind, holder, count = view.groups[0]
    branches = holder.schema[kind]
    trues = 0  # the `true` alternatives (a loop: no generator frames)
    for item in branches:
        if item is True:
            trues += 1
    if id(holder.schema) in _path or (kind == "anyOf" and trues):
        rest = view.copy()
        rest.groups = view.groups[1:]
        return expand(rest, _path)
    path = _path | {id(holder.schema)}
    for i in range(count):
        if kind == "oneOf" and trues - (branches[i] is True) > 0:
            continue  # another alternative is `true`, so a value matching this one matches two
        alt = view.copy()
        alt.groups = view.groups[1:]
        branch = holder.child(kind, i)
        alt.key = (*view.key, id(branch.schema))
        _absorb(alt, branch, None)
        if kind == "oneOf" and branches[i] is True:
            for j in range(count):  # oneOf [true, X, ...]: exactly the values matching no X
                other = negate(holder.child(kind, j)) if j != i else None
                if other is not None:
                    _absorb(alt, other, None)
        _finish(alt)
        if alt.false:
            continue
        out.extend(expand(alt, path))
        if len(out) > MAX_ALTERNATIVES:
            raise TooManyAlternatives
    return out


def _absorb(view: View, node: SNode, seen: set[int] | None) -> None:  # noqa: C901
    """Add `node`'s constraints to `view`. `seen`: the schema objects absorbed so far in this
    view (each once, so `$ref` cycles end); None for a first call, which makes the set only
    when it absorbs a subschema (most schemas have none)."""
    schema = node.schema
    if schema is True:
        return
    if schema is False:
        view.false = True
        return
    if seen is not None:
        if id(schema) in seen:
            return
        seen.add(id(schema))
    if "type" in schema:
        view.types &= type_mask(schema)
    if not _VALUE_KEYS.isdisjoint(schema):  # the seven tests below at once (most have none)
        if "enum" in schema or "const" in schema:
            _absorb_enum(view, schema)
        if "not" in schema or "$ref" in schema or "allOf" in schema:
            if seen is None:
                seen = {id(schema)}
            if "not" in schema:
                _absorb_not(view, node.child("not"), seen)
            if "$ref" in schema:
                target = node.doc.resolve(schema["$ref"], node)
                if type(node) is Conditional:  # a conditional schema's $ref stays conditional
                    target = conditional(target)
                _absorb(view, target, seen)
            if "allOf" in schema:
                for i in range(len(schema["allOf"])):
                    _absorb(view, node.child("allOf", i), seen)
        if "anyOf" in schema:
            view.groups = (*view.groups, ("anyOf", node, len(schema["anyOf"])))
        if "oneOf" in schema:
            view.groups = (*view.groups, ("oneOf", node, len(schema["oneOf"])))
    # fast path: +9.6% on bench/compat.py figure compat.throughput_vs_jsoncompat (measured
    # 2026-12-06), with the other keyword-group guards (`_engine.Checker._check`,
    # `_objects._object_counts`, `_validate._valid_dict`): each part runs only when the schema
    # has one of its keywords (without one, the part would change nothing).
    # `GROUP.isdisjoint(schema)`: a frozenset against the dict's keys, no keys view made;
    # one test of the three groups together first: most schemas absorbed have none of them
    if _PART_KEYS.isdisjoint(schema):
        return
    if not _SCALAR_KEYS.isdisjoint(schema):
        _absorb_scalars(view, schema)
    if not _OBJECT_KEYS.isdisjoint(schema):
        _absorb_object(view, node, schema)
    if not _ARRAY_KEYS.isdisjoint(schema):
        _absorb_array(view, node, schema)


# What each part of `_absorb` reads (a schema with none of them leaves the part's state as is).
_SCALAR_KEYS = frozenset(
    {
        "minLength",
        "maxLength",
        "pattern",
        "format",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
    }
)
_OBJECT_KEYS = frozenset(
    {
        "properties",
        "patternProperties",
        "additionalProperties",
        "unevaluatedProperties",
        "required",
        "minProperties",
        "maxProperties",
        "dependentRequired",
        "dependencies",
        "dependentSchemas",
        "propertyNames",
    }
)
_ARRAY_KEYS = frozenset(
    {"items", "prefixItems", "unevaluatedItems", "minItems", "maxItems", "uniqueItems", "contains"}
)
_PART_KEYS = _SCALAR_KEYS | _OBJECT_KEYS | _ARRAY_KEYS
_VALUE_KEYS = frozenset({"enum", "const", "not", "$ref", "allOf", "anyOf", "oneOf"})


def _absorb_enum(view: View, schema: dict[str, Any]) -> None:
    """`enum`/`const` (its own function: a comprehension in `_absorb` would make `schema` a
    closure cell on every call)."""
    values = schema["enum"] if "enum" in schema else [schema["const"]]
    if "enum" in schema and "const" in schema:
        const = jkey(schema["const"])
        values = [v for v in values if jkey(v) == const]
    if view.enum is None:
        view.enum = tuple(values)
    else:
        keep = {jkey(v) for v in values}
        view.enum = tuple([v for v in view.enum if jkey(v) in keep])


def _absorb_not(view: View, node: SNode, seen: set[int]) -> None:
    schema = node.schema
    if schema is True:
        view.false = True
    elif isinstance(schema, dict) and set(schema) == {"type"}:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        for name in names:
            view.types &= ~TYPE_BITS[name]
    else:  # the exact negation, as constraints and alternatives (None: nothing to absorb)
        negation = negate(node)
        if negation is not None:
            _absorb(view, negation, seen)


def _absorb_scalars(view: View, schema: dict[str, Any]) -> None:
    if "minLength" in schema:
        view.min_len = max(view.min_len, int(schema["minLength"]))
    if "maxLength" in schema:
        view.max_len = min(view.max_len, schema["maxLength"])
    if "pattern" in schema:
        view.patterns = (*view.patterns, schema["pattern"])
    if "format" in schema and formats_asserted():
        view.formats = (*view.formats, schema["format"])
    lo, lo_x, hi, hi_x = numeric_bounds(schema)
    if lo is not None and (view.lo is None or lo > view.lo or (lo == view.lo and lo_x)):
        view.lo, view.lo_x = lo, lo_x
    if hi is not None and (view.hi is None or hi < view.hi or (hi == view.hi and hi_x)):
        view.hi, view.hi_x = hi, hi_x
    if "multipleOf" in schema:
        view.mults = (*view.mults, schema["multipleOf"])


def numeric_bounds(schema: dict[str, Any]) -> tuple[float | None, bool, float | None, bool]:
    """(low, low exclusive, high, high exclusive) in both draft-04 and 2020-12 spellings."""
    lo, hi = schema.get("minimum"), schema.get("maximum")
    lo_x = hi_x = False
    if "exclusiveMinimum" in schema:  # (each read once; absent keywords cost one test)
        xlo = schema["exclusiveMinimum"]
        lo_x = xlo is True
        if (
            isinstance(xlo, (int, float))
            and not isinstance(xlo, bool)
            and (lo is None or xlo >= lo)
        ):
            lo, lo_x = xlo, True
    if "exclusiveMaximum" in schema:
        xhi = schema["exclusiveMaximum"]
        hi_x = xhi is True
        if (
            isinstance(xhi, (int, float))
            and not isinstance(xhi, bool)
            and (hi is None or xhi <= hi)
        ):
            hi, hi_x = xhi, True
    return lo, lo_x, hi, hi_x


_CLAUSE_KEYS = frozenset({"properties", "patternProperties", "additionalProperties"})
_NO_PROPS: Mapping[str, Any] = MappingProxyType({})


def obj_clauses(node: SNode, writer: bool = False) -> list[ObjClause]:
    """The member clauses one schema object states (properties/patternProperties/additional-
    Properties as one clause; unevaluatedProperties as a second, through allOf/$ref).

    Where other subschemas may evaluate more names for some instances (anyOf, if, ...), the
    second clause under-approximates what is evaluated: kept for a reader (stricter, so a
    proof stays sound), left out for a `writer` (which may then write more, not less)."""
    schema = node.schema
    out = []
    if not _CLAUSE_KEYS.isdisjoint(schema):
        clause = ObjClause.of(node, schema.get("properties", _NO_PROPS), True)
        # closes the object under LENIENT (`View.closable`): its own `properties`, not those
        # of a negation eventkit built or of a conditional branch
        clause.declared = "properties" in schema and not isinstance(node, (Derived, Conditional))
        if "patternProperties" in schema:
            for pattern in schema["patternProperties"]:
                clause.patterns.append((pattern, node.child("patternProperties", pattern)))
        extra = schema.get("additionalProperties", True)
        if extra is not True:
            clause.additional = node.child("additionalProperties")
            clause.explicit = extra is not False
        out.append(clause)
    if "unevaluatedProperties" in schema and schema["unevaluatedProperties"] is not True:
        names, patterns, kind = evaluated_names(node)
        if kind == ALL or (writer and kind == SOME):
            return out
        clause = ObjClause.of(node, dict.fromkeys(names, True), False)
        for p in patterns:  # a loop: a comprehension would make `node` a cell on every call
            clause.patterns.append((p, snode(node.doc, True, None, node)))
        clause.additional = node.child("unevaluatedProperties")
        clause.explicit = schema["unevaluatedProperties"] is not False
        out.append(clause)
    return out


def _absorb_object(view: View, node: SNode, schema: dict[str, Any]) -> None:  # noqa: C901
    clauses = obj_clauses(node, writer=True)
    if clauses:
        view.obj = (*view.obj, *clauses)
    if "required" in schema:
        view.required = view.required.union(schema["required"])
    if "minProperties" in schema:
        view.min_props = max(view.min_props, int(schema["minProperties"]))
    if "maxProperties" in schema:
        view.max_props = min(view.max_props, schema["maxProperties"])
    if "dependentRequired" in schema:
        for name, needs in schema["dependentRequired"].items():
            _add_dep_req(view, name, needs)
    if "dependencies" in schema:
        for name, dep in schema["dependencies"].items():
            if isinstance(dep, list):
                _add_dep_req(view, name, dep)
            else:
                view.dep_schemas = (*view.dep_schemas, (name, node.child("dependencies", name)))
    if "dependentSchemas" in schema:
        for name in schema["dependentSchemas"]:
            view.dep_schemas = (*view.dep_schemas, (name, node.child("dependentSchemas", name)))
    if "propertyNames" in schema:
        view.prop_names = (*view.prop_names, node.child("propertyNames"))


def _add_dep_req(view: View, name: str, needs: list[str]) -> None:
    """`name` requires `needs` too (a new mapping: views share theirs)."""
    view.dep_req = {**view.dep_req, name: view.dep_req.get(name, frozenset()).union(needs)}


def _absorb_array(view: View, node: SNode, schema: dict[str, Any]) -> None:
    items = schema.get("items")
    if isinstance(items, list):  # draft-07 tuple form
        prefix = node.children("items", len(items))
        rest = node.child("additionalItems") if "additionalItems" in schema else None
        view.arr = (*view.arr, ArrClause(prefix, rest))
    elif "prefixItems" in schema or "items" in schema:
        prefix = node.children("prefixItems", len(schema.get("prefixItems", [])))
        rest = node.child("items") if "items" in schema else None
        view.arr = (*view.arr, ArrClause(prefix, rest))
    if "unevaluatedItems" in schema and schema["unevaluatedItems"] is not True:
        # only when exactly the leading items are evaluated (a writer may write more, not less)
        prefix_len, kind = evaluated_prefix(node)
        if kind == EXACT:
            true = snode(node.doc, True, None, node)
            view.arr = (*view.arr, ArrClause([true] * prefix_len, node.child("unevaluatedItems")))
    if "minItems" in schema:
        view.min_items = max(view.min_items, int(schema["minItems"]))
    if "maxItems" in schema:
        view.max_items = min(view.max_items, schema["maxItems"])
    if schema.get("uniqueItems") is True:
        view.unique = True
    if "contains" in schema:
        view.contains = (
            *view.contains,
            (node.child("contains"), int(schema.get("minContains", 1))),
        )
        if "maxContains" in schema:
            view.max_contains = (
                *view.max_contains,
                (node.child("contains"), int(schema["maxContains"])),
            )


_UNBOUNDED = math.inf  # what `View.of` sets every upper limit to


def _finish(view: View) -> None:
    """Drop the types whose constraints contradict each other; filter enums exactly."""
    if view.false:
        return
    # An upper limit still `_UNBOUNDED` (the object the view started with) is no limit: no
    # count exceeds it, and an int compared with a float takes CPython's slow generic path.
    if view.max_len is not _UNBOUNDED and view.min_len > view.max_len:
        view.types &= ~STR
    if view.mults and view.types & FLOAT and _integral(view.mults):
        view.types &= ~FLOAT  # a multiple of an integer is an integer (2.0 too, in JSON Schema)
    if view.lo is not None or view.hi is not None:
        _finish_numbers(view)
    if view.max_props is not _UNBOUNDED and (
        view.min_props > view.max_props or len(view.required) > view.max_props
    ):
        view.types &= ~OBJ
    if view.max_items is not _UNBOUNDED and view.min_items > view.max_items:
        view.types &= ~ARR
    if view.types & OBJ and view.required:
        for name in view.required:
            if view.value(name, closed=False) is FALSE:
                view.types &= ~OBJ
                break
    if view.enum is not None:
        _finish_enum(view)
    if view.types == 0:
        view.false = True


def _finish_enum(view: View) -> None:
    """Keep the enum values the view accepts; the types are theirs (a loop, not a
    comprehension, which would make `view` a closure cell in `_finish`)."""
    kept = []
    types = view.types
    for v in view.enum or ():
        if type_bit(v) & types and view.accepts(v):
            kept.append(v)
    view.enum = tuple(kept)
    mask = 0
    for v in kept:
        mask |= type_bit(v)
    view.types &= mask


def _integral(mults: tuple[float, ...]) -> bool:
    for m in mults:  # noqa: SIM110 - a loop: no generator frame per view finished
        if float(m).is_integer():
            return True
    return False


def _finish_numbers(view: View) -> None:
    lo, hi = view.lo, view.hi
    if lo is not None and hi is not None and (lo > hi or (lo == hi and (view.lo_x or view.hi_x))):
        view.types &= ~NUMBER
    elif lo is not None and lo == hi:  # one number: an integer or not
        view.types &= ~FLOAT if float(lo).is_integer() else ~INT
    if view.types & INT and lo is not None and hi is not None:
        first = math.floor(lo) + 1 if view.lo_x or lo != math.floor(lo) else math.floor(lo)
        if first > hi or (first == hi and view.hi_x):
            view.types &= ~INT
    if view.types & NUMBER == INT:
        _integer_bounds(view)


def _integer_bounds(view: View) -> None:
    """Integers only: bounds become the nearest integers inside, inclusive (`< 1` is `<= 0`)."""
    lo, hi = view.lo, view.hi
    if lo is not None:
        view.lo, view.lo_x = math.floor(lo) + 1 if view.lo_x or lo != math.floor(lo) else lo, False
    if hi is not None:
        view.hi, view.hi_x = math.ceil(hi) - 1 if view.hi_x or hi != math.ceil(hi) else hi, False


def finite_values(view: View) -> Sequence[Any] | None:
    """All values the view accepts, when there are few (enum, null, boolean), else None."""
    if view.enum is not None:
        return view.enum
    if view.types & ~(NULL | BOOL):
        return None
    values: list[Any] = []  # a loop, not a comprehension (no closure cell for `view`)
    if view.types & NULL and view.accepts(None):
        values.append(None)
    if view.types & BOOL:
        for v in (True, False):
            if view.accepts(v):
                values.append(v)
    return values


def string_patterns(a: View) -> tuple[tuple[str, ...], bool]:
    """The patterns every string the writer writes matches (its own, and those of its
    asserted formats the automata can hold), and whether a string they match is one the
    writer may write (False when a format's pattern only bounds its values: a shortest match
    such as `0000-00-00` for `date` is then no example to give)."""
    if not a.formats:
        return a.patterns, True
    patterns, real = list(a.patterns), True
    for name in a.formats:
        bound, exact = format_bound(name)
        if bound is not None:
            patterns.append(bound)
            real = real and exact
    return tuple(patterns), real


_WRITES_BUDGET = 256  # views `lenient_writes` looks at for one value (then: as validated)


def lenient_writes(view: View, value: Any) -> bool:
    """Whether a LENIENT writer writes `value`, a value `view`'s schemas accept: at every
    object the writer's schema closes, no name it does not declare. The closure is the one
    the proof applies (`View.value(name, closed=True)`), here applied to an example, down
    through members and items and into the anyOf/oneOf alternatives `value` matches."""
    return _writes(view, value, frozenset(), [_WRITES_BUDGET])


def _writes(view: View, value: Any, path: frozenset[int], budget: list[int]) -> bool:
    if not isinstance(value, (dict, list)):
        return True  # only objects are closed
    budget[0] -= 1
    if budget[0] < 0:
        return True  # too many views for one value: the validator's word stands
    if view.groups:
        return _writes_alternative(view, value, path, budget)
    if isinstance(value, dict):
        for name, member in value.items():
            if not _writes_at(view.value(name, True), member, budget):
                return False
        return True
    for index, item in enumerate(value):  # noqa: SIM110 - as the loop above, no generator
        if not _writes_at(view.item(index), item, budget):
            return False
    return True


def _writes_alternative(view: View, value: Any, path: frozenset[int], budget: list[int]) -> bool:
    """One of the anyOf/oneOf alternatives `value` matches writes it."""
    kind, holder, count = view.groups[0]
    rest = view.copy()
    rest.groups = view.groups[1:]
    if id(holder.schema) in path:  # a group met again below itself (see `expand`)
        return _writes(rest, value, path, budget)
    inner = path | {id(holder.schema)}
    for i in range(count):
        branch = holder.child(kind, i)
        if is_valid(value, branch) and _writes(narrowed(rest, branch), value, inner, budget):
            return True
    return False


def _writes_at(nodes: list[SNode] | object, value: Any, budget: list[int]) -> bool:
    """A member or item: a place the writer has (`nodes`, not FALSE) and a value it writes."""
    if not isinstance(nodes, list):
        return False  # FALSE: the writer has no such member or item
    return not isinstance(value, (dict, list)) or _writes(
        view_of(nodes), value, frozenset(), budget
    )
