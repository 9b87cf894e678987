"""The vocabulary scan's walk, held to the walk before issue 16's eighth engine pass
(docs/decisions/0030-speed-ups.md, "compat engine, eighth pass").

That pass walks the root without pushing it, pushes no boolean under a single-schema keyword
(a boolean has nothing to visit and never raises, at any depth) and reads "inside the root's
$defs/definitions" off a `$ref`'s chain of parents instead of carrying a flag in every entry.
`_scan_before` is the scan as it was (commit 107f6ec), kept here as the reference: for any
document, `Doc` must report the same `$ref` kinds or raise the same error (type, message and
hint, so the pointer and which problem comes first in scan order).
"""

from __future__ import annotations

import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from eventkit.compat import _vocab
from eventkit.compat._doc import Doc
from eventkit.compat._values import TYPE_BITS, compile_pattern
from eventkit.compat._vocab import MAX_DEPTH, _check_keyword, _pointer, ref_kind
from eventkit.errors import CompatibilityError


def _scan_before(schema: Any, label: str) -> tuple[int, int]:  # noqa: C901
    """`_vocab.scan` at commit 107f6ec (six-field entries, the root pushed, booleans pushed)."""
    kinds = _vocab._SCAN_KINDS
    no_token = _vocab._NO_TOKEN
    all_refs = defs_refs = 0
    stack: list[Any] = [(schema, None, no_token, no_token, 0, False)]
    pop = stack.pop
    push = stack.append
    while stack:
        entry = pop()
        node = entry[0]
        if node.__class__ is not dict:
            if node is True or node is False:
                continue
            if not isinstance(node, dict):
                raise _vocab._bad(
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
        in_defs = entry[5]
        for key, value in node.items():
            kind = kinds.get(key)
            if kind is _vocab._TYPE:
                if value.__class__ is str and value in TYPE_BITS:
                    continue
            elif kind is _vocab._QUIET_KIND:
                continue
            elif kind is _vocab._MAP:
                if value.__class__ is not dict and not isinstance(value, dict):
                    raise _vocab._bad(label, _pointer(entry, key), "expected an object of schemas")
                zone = in_defs or (depth == 0 and key in _vocab._ROOT_DEFS)
                for name, sub in value.items():
                    push((sub, entry, key, name, deeper, zone))
                continue
            elif kind is _vocab._LIST:
                if not isinstance(value, list) or (key != "prefixItems" and not value):
                    raise _vocab._bad(
                        label, _pointer(entry, key), "expected a non-empty array of schemas"
                    )
                for i, sub in enumerate(value):
                    push((sub, entry, key, i, deeper, in_defs))
                continue
            elif kind is _vocab._ONE:
                push((value, entry, key, no_token, deeper, in_defs))
                continue
            elif kind is _vocab._ITEMS:
                if isinstance(value, list):
                    for i, sub in enumerate(value):
                        push((sub, entry, key, i, deeper, in_defs))
                else:
                    push((value, entry, key, no_token, deeper, in_defs))
                continue
            elif kind is _vocab._COUNT:
                if value.__class__ is int and value >= 0:
                    continue
            elif kind is _vocab._NUMBER:
                cls = value.__class__
                if (cls is int or cls is float) and math.isfinite(value):
                    continue
            elif kind is _vocab._ENUM:
                if value.__class__ is list:
                    continue
            elif kind is _vocab._REQUIRED:
                if value.__class__ is list:
                    for name in value:
                        if name.__class__ is not str:
                            break
                    else:
                        continue
            elif kind is _vocab._PATTERN:
                if value.__class__ is str:
                    compile_pattern(value)
                    continue
            elif kind is _vocab._DEPENDENCIES:
                if not isinstance(value, dict):
                    raise _vocab._bad(label, _pointer(entry, key), "expected an object")
                for name, sub in value.items():
                    if not isinstance(sub, list):
                        push((sub, entry, key, name, deeper, in_defs))
                continue
            elif kind is _vocab._REF:
                if value.__class__ is str:
                    found = ref_kind(value)
                    all_refs |= found
                    if in_defs:
                        defs_refs |= found
                    continue
            elif kind is _vocab._STRING and value.__class__ is str:
                continue
            _check_keyword(label, entry, key, value)
    return all_refs, defs_refs


def _outcome(scan: Any, schema: Any) -> tuple[Any, ...]:
    try:
        return ("ok", *scan(schema, "doc"))
    except Exception as error:  # the error (of any kind) is the outcome compared
        return (type(error).__name__, str(error), getattr(error, "hint", None))


def _doc_outcome(schema: Any) -> tuple[Any, ...]:
    try:
        doc = Doc(schema, "doc")
    except Exception as error:
        return (type(error).__name__, str(error), getattr(error, "hint", None))
    return ("ok", doc.all_refs, doc.defs_refs)


def _same(schema: Any) -> None:
    assert _doc_outcome(schema) == _outcome(_scan_before, schema)


_REFS = st.sampled_from(
    ["#", "#/$defs/a", "#/definitions/b", "#/properties/x", "#anchor", "other.json", "a.json#/x"]
)
_BAD = st.sampled_from([None, 1, -1, 1.5, "x", [], [1], {"a": 1}, math.nan, True, False])
_ONE_KEYS = st.sampled_from(
    ["not", "additionalProperties", "unevaluatedItems", "contains", "if", "then", "else"]
)
_MAP_KEYS = st.sampled_from(["properties", "patternProperties", "$defs", "definitions"])
_LIST_KEYS = st.sampled_from(["allOf", "anyOf", "oneOf", "prefixItems"])
_NAMES = st.sampled_from(["a", "b", "x/y", "m~n"])


def _schemas(leaf: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    def extend(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        pieces = st.one_of(
            st.tuples(_ONE_KEYS, inner),
            st.tuples(st.just("items"), st.one_of(inner, st.lists(inner, max_size=3))),
            st.tuples(_MAP_KEYS, st.dictionaries(_NAMES, inner, max_size=3)),
            st.tuples(_LIST_KEYS, st.lists(inner, max_size=3)),
            st.tuples(st.just("dependencies"), st.dictionaries(_NAMES, inner, max_size=2)),
            st.tuples(st.just("$ref"), st.one_of(_REFS, _BAD)),
            st.tuples(st.sampled_from(["type", "minLength", "pattern", "title", "foo"]), _BAD),
        )
        return st.lists(pieces, max_size=5).map(dict)

    return st.recursive(leaf, extend, max_leaves=25)


_LEAVES = st.one_of(
    st.booleans(),
    st.just({"type": "string"}),
    st.fixed_dictionaries({"$ref": _REFS}),
    _BAD,
)


@settings(max_examples=600, deadline=None)
@given(_schemas(_LEAVES))
def test_the_scan_reports_and_raises_as_before(schema: Any) -> None:
    _same(schema)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["$defs", "definitions", "properties"]),
    st.lists(st.sampled_from(["not", "items", "allOf", "properties", "$defs"]), max_size=6),
    _REFS,
    st.booleans(),
)
def test_refs_count_as_root_defs_only_below_the_roots_own_defs(
    top: str, path: list[str], ref: str, also_outside: bool
) -> None:
    inner: Any = {"$ref": ref}
    for key in reversed(path):  # nested: an inner $defs is not the root's
        if key in ("properties", "$defs"):
            inner = {key: {"n": inner}}
        elif key == "allOf":
            inner = {key: [True, inner]}
        else:
            inner = {key: inner}
    schema: dict[str, Any] = {top: {"d": inner}}
    if also_outside:
        schema["not"] = {"$ref": "#/$defs/d"}
    _same(schema)
    _same({"properties": {"p": schema}})  # the same one level down: not the root's


def test_booleans_deep_down_never_raise_and_dicts_there_do() -> None:
    for levels in (MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1, MAX_DEPTH + 5):
        for bottom in (True, False, {}, {"type": "string"}, {"items": False}):
            for key in ("not", "items", "additionalProperties"):
                schema: Any = bottom
                for _ in range(levels):
                    schema = {key: schema}
                _same(schema)


def test_the_first_problem_in_scan_order_is_reported() -> None:
    # the last subschema pushed is read first; a node's own keywords before its subschemas
    _same({"not": {"minLength": -1}, "items": {"maxLength": "x"}, "type": "strng"})
    _same({"properties": {"a": {"type": 1}, "b": {"type": 2}}, "additionalProperties": False})
    _same({"allOf": [{"foo": 1}, True, {"bar": 2}], "not": False})
    _same({"items": [False, {"minimum": "1"}], "additionalItems": True})
    assert _doc_outcome(True) == _outcome(_scan_before, True) == ("ok", 0, 0)
    assert _doc_outcome(3)[0] == "CompatibilityError"
