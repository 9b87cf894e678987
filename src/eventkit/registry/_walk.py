"""Keyword-aware traversal of a JSON Schema: only schema positions, never data.

`examples`, `enum`, `const` and `default` hold data that may look like a schema (even contain a
`"$ref"`); they are never walked. Unknown keywords (`x-...`) are not walked either.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from eventkit.json_pointer import join_pointer

__all__ = [
    "IN_PLACE",
    "SUBSCHEMA_KINDS",
    "iter_schemas",
    "pointer_of",
    "schema_nodes",
    "subschemas",
]

# keyword -> how its value holds subschemas
_SINGLE = (
    "additionalItems",
    "additionalProperties",
    "contains",
    "else",
    "if",
    "not",
    "propertyNames",
    "then",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
)
_LIST = ("allOf", "anyOf", "oneOf", "prefixItems")
_MAP = ("$defs", "definitions", "dependentSchemas", "patternProperties", "properties")
_WALKED = frozenset((*_LIST, *_MAP, "items", "dependencies"))

# Applicators that evaluate a subschema against the *same* instance: a cycle made only of
# these and `$ref` never terminates, unlike recursion through `properties` or `items`.
IN_PLACE = frozenset({"allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependentSchemas"})


def _members(keyword: str, value: Any) -> Iterator[tuple[str | int, Any]]:
    """The subschemas held by `value` under `keyword`, as ``(token, subschema)``."""
    if isinstance(value, list):
        if keyword in _LIST or keyword == "items":
            yield from enumerate(value)
    elif (
        isinstance(value, dict) and keyword not in _LIST
    ):  # draft-04 `dependencies` maps names to schemas or name lists
        for name, item in value.items():
            if keyword != "dependencies" or isinstance(item, dict):
                yield name, item


def subschemas(schema: dict[str, Any], pointer: str) -> Iterator[tuple[str, str, Any]]:
    """``(keyword, pointer, subschema)`` for each direct subschema of `schema`."""
    for keyword, value in schema.items():
        if keyword in _SINGLE or (keyword == "items" and not isinstance(value, list)):
            yield keyword, join_pointer(pointer, keyword), value
        elif keyword in _WALKED:
            for token, item in _members(keyword, value):
                yield keyword, join_pointer(pointer, keyword, token), item


def iter_schemas(root: Any, pointer: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """``(pointer, schema)`` for `root` and every object subschema below it (iterative)."""
    stack: list[tuple[str, Any]] = [(pointer, root)]
    while stack:
        where, node = stack.pop()
        if not isinstance(node, dict):
            continue
        yield where, node
        children = [(p, s) for _, p, s in subschemas(node, where)]
        stack.extend(reversed(children))


_ONE, _LIST_KIND, _MAP_KIND, _ONE_OR_LIST = "one", "list", "map", "one-or-list"
# keyword -> where its value holds subschemas: "one" (the value), "list" (its items),
# "map" (its values) or "one-or-list" (`items`: a schema, or a draft-04 list of them)
SUBSCHEMA_KINDS: dict[str, str] = {
    **dict.fromkeys(_SINGLE, _ONE),
    **dict.fromkeys(_LIST, _LIST_KIND),
    **dict.fromkeys(_MAP, _MAP_KIND),
    "dependencies": _MAP_KIND,
    "items": _ONE_OR_LIST,
}
_KEYWORDS = frozenset(SUBSCHEMA_KINDS)


def schema_nodes(root: Any) -> list[dict[str, Any]]:
    """Every object subschema of `root` (itself included), without pointers: the fast walk.

    Visits exactly the nodes `iter_schemas` visits (same order is not promised).
    """
    if not isinstance(root, dict):
        return []
    nodes: list[dict[str, Any]] = []
    stack: list[dict[str, Any]] = [root]
    kinds = SUBSCHEMA_KINDS
    leaf = _KEYWORDS.isdisjoint  # most nodes hold no applicator: one C-level test, no loop
    while stack:
        node = stack.pop()
        nodes.append(node)
        if leaf(node):
            continue
        for key, value in node.items():
            kind = kinds.get(key)
            if kind is None:
                continue
            if type(value) is dict:
                if kind in (_ONE, _ONE_OR_LIST):
                    stack.append(value)
                elif kind == _MAP_KIND:
                    stack.extend([v for v in value.values() if type(v) is dict])
            elif type(value) is list and (kind in (_LIST_KIND, _ONE_OR_LIST)):
                stack.extend([v for v in value if type(v) is dict])
    return nodes


def pointer_of(root: Any, target: object) -> str | None:
    """The JSON pointer of the subschema object `target` (by identity) inside `root`."""
    for pointer, node in iter_schemas(root):
        if node is target:
            return pointer
    return None
