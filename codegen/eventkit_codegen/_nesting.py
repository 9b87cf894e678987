"""Refuse a schema nested so deeply that its model cannot be built.

pydantic builds a model's validator (on its first use: `defer_build`) by recursing through its
nested classes and containers, about a dozen Python frames a level: 90 objects nested in one
another, or 60 arrays of objects, end in `RecursionError` on the first event a consumer parses
or a producer builds, although codegen wrote the module without complaint. Fewer levels are
left to a handler called deep in a framework's stack, so the bound keeps a wide margin: 40
schema levels (a property, an array's items, an anyOf branch: each one level) in one file,
each `$defs` entry counted from its own level (an approximation: `$ref`s are not followed; a
chain of them is bounded by the import depth check, `_import_depth`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from eventkit.json_pointer import join_pointer
from eventkit.registry import SUBSCHEMA_KINDS
from eventkit_codegen._rewrite import schema_error

if TYPE_CHECKING:
    from eventkit.registry import Registry

__all__ = ["MAX_SCHEMA_DEPTH", "check_nesting"]

MAX_SCHEMA_DEPTH = 40


def check_nesting(registry: Registry, relpaths: list[str]) -> None:
    """Raise `CodegenError` naming the first subschema of `relpaths` deeper than the bound."""
    for relpath in relpaths:
        stack: list[tuple[str, Any, int]] = [("", registry.document(relpath).schema, 1)]
        while stack:
            pointer, node, depth = stack.pop()
            if not isinstance(node, dict):
                continue
            if depth > MAX_SCHEMA_DEPTH:
                raise schema_error(
                    registry,
                    relpath,
                    pointer,
                    f"subschemas nested over {MAX_SCHEMA_DEPTH} levels deep: the generated "
                    "model's validator could not be built (RecursionError on its first use); "
                    "flatten the schema (fewer objects and arrays nested in one another)",
                )
            for child_pointer, child, definition in _children(node, pointer):
                # a definition counts from its own level (its class is referred to, not nested)
                stack.append((child_pointer, child, 1 if definition else depth + 1))


def _children(node: dict[str, Any], pointer: str) -> list[tuple[str, Any, bool]]:
    """(pointer, subschema, whether it is a definition) of each direct subschema of `node`."""
    found: list[tuple[str, Any, bool]] = []
    for keyword, value in node.items():
        kind = SUBSCHEMA_KINDS.get(keyword)
        if kind is None:
            continue
        if kind == "one" or (kind == "one-or-list" and not isinstance(value, list)):
            found.append((join_pointer(pointer, keyword), value, False))
        elif isinstance(value, list):
            found.extend((join_pointer(pointer, keyword, i), v, False) for i, v in enumerate(value))
        elif isinstance(value, dict):
            definition = keyword in ("$defs", "definitions")
            found.extend(
                (join_pointer(pointer, keyword, k), v, definition) for k, v in value.items()
            )
    return found
