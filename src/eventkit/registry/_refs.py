"""`$ref` resolution inside the registry: local, to `_shared/`, never remote; cycle detection."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Mapping
from typing import Any, Protocol
from urllib.parse import unquote

from eventkit.errors import SchemaRefError
from eventkit.registry._json import join_pointer, resolve_pointer
from eventkit.registry._walk import IN_PLACE, iter_schemas, subschemas

__all__ = ["RefProblem", "find_ref_cycles", "iter_refs", "resolve_ref", "split_ref"]

SHARED_DIR = "_shared"
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")


class _HasSchema(Protocol):
    @property
    def schema(self) -> dict[str, Any]: ...


class RefProblem(Exception):
    """A `$ref` that cannot be followed; `code` is the registry problem code."""

    def __init__(self, code: str, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint


def split_ref(base: str, ref: object) -> tuple[str, str]:
    """``(target relpath, fragment)`` of `ref` written in file `base`; raises `RefProblem`."""
    if not isinstance(ref, str):
        raise RefProblem(
            "ref-invalid",
            f"$ref must be a string, not {type(ref).__name__}",
            'write it as a string, e.g. "#/$defs/Name" or "../../_shared/money.json"',
        )
    if _SCHEME.match(ref) or ref.startswith("//"):
        raise RefProblem(
            "remote-ref",
            f"$ref {ref!r} is remote; eventkit never fetches schemas",
            "copy the definition into _shared/ and refer to it by relative path, "
            'e.g. "../../_shared/money.json"',
        )
    path, _, fragment = ref.partition("#")
    fragment = unquote(fragment)
    if not path:
        return base, fragment
    path = unquote(path)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(base), path))
    if path.startswith("/") or target == ".." or target.startswith("../"):
        raise RefProblem(
            "ref-outside-registry",
            f"$ref {ref!r} leaves the registry folder",
            "refer to a file under _shared/ by a path relative to this file",
        )
    if target != base and not target.startswith(SHARED_DIR + "/"):
        raise RefProblem(
            "ref-not-shared",
            f"$ref {ref!r} points to {target}, which is not a shared file",
            "move the definition to _shared/ (event version files must not depend on each other)",
        )
    return target, fragment


def _anchor_pointer(schema: Any, anchor: str) -> str | None:
    for pointer, node in iter_schemas(schema):
        if node.get("$anchor") == anchor:
            return pointer
    return None


def resolve_ref(
    documents: Mapping[str, _HasSchema], base: str, ref: object
) -> tuple[str, str, Any]:
    """``(target relpath, JSON pointer, value)`` of `ref` in file `base`.

    Raises `SchemaRefError` (wrapping the `RefProblem`) when it cannot be followed.
    """
    try:
        return _resolve(documents, base, ref)
    except RefProblem as problem:
        raise SchemaRefError(problem.message, hint=problem.hint, path=base) from None


def _resolve(documents: Mapping[str, _HasSchema], base: str, ref: object) -> tuple[str, str, Any]:
    target, fragment = split_ref(base, ref)
    document = documents.get(target)
    if document is None:
        raise RefProblem(
            "ref-missing-file",
            f"$ref {ref!r} points to {target}, which does not exist",
            "check the relative path (it is relative to the folder of this file)",
        )
    pointer: str | None = fragment
    if fragment and not fragment.startswith("/"):
        pointer = _anchor_pointer(document.schema, fragment)
        if pointer is None:
            raise RefProblem(
                "ref-missing-pointer",
                f"$ref {ref!r}: {target} has no $anchor {fragment!r}",
                'use a JSON pointer such as "#/$defs/Name"',
            )
    assert pointer is not None
    try:
        value = resolve_pointer(document.schema, pointer)
    except LookupError as missing:
        raise RefProblem(
            "ref-missing-pointer",
            f"$ref {ref!r}: {target} has nothing at {pointer} (no {str(missing)!r})",
            "check the JSON pointer after '#'",
        ) from None
    if not isinstance(value, dict | bool):
        raise RefProblem(
            "ref-not-schema",
            f"$ref {ref!r} points to a {type(value).__name__}, not a schema",
            "point the $ref at a schema object",
        )
    return target, pointer, value


def iter_refs(schema: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(pointer, schema)`` of every subschema that has a `$ref`."""
    for pointer, node in iter_schemas(schema):
        if "$ref" in node:
            yield pointer, node


_Node = tuple[str, str]  # (relpath, pointer)


def _in_place_children(
    documents: Mapping[str, _HasSchema], node: _Node, value: Any
) -> list[tuple[_Node, bool]]:
    """Children evaluated against the same instance: ``((relpath, pointer), via_ref)``."""
    if not isinstance(value, dict):
        return []
    relpath, pointer = node
    children = [
        ((relpath, child), False)
        for keyword, child, _ in subschemas(value, pointer)
        if keyword in IN_PLACE
    ]
    if "$ref" in value:
        try:
            target, target_pointer, _ = _resolve(documents, relpath, value["$ref"])
        except RefProblem:
            pass  # reported on its own
        else:
            children.append(((target, target_pointer), True))
    return children


def _value(documents: Mapping[str, _HasSchema], node: _Node) -> Any:
    try:
        return resolve_pointer(documents[node[0]].schema, node[1])
    except LookupError:
        return None


def find_ref_cycles(documents: Mapping[str, _HasSchema]) -> list[list[_Node]]:
    """Every `$ref` cycle that never descends into the instance (it would never terminate).

    Each cycle is the list of `$ref` nodes on it, starting with the one that closes it.
    Recursion through `properties`, `items` and the like is fine and not reported.
    """
    done: set[_Node] = set()
    cycles: list[list[_Node]] = []
    for relpath, document in documents.items():
        for pointer, _ in iter_refs(document.schema):
            _dfs(documents, (relpath, pointer), done, cycles)
    return cycles


def _dfs(
    documents: Mapping[str, _HasSchema], start: _Node, done: set[_Node], cycles: list[list[_Node]]
) -> None:
    if start in done:
        return
    path: list[_Node] = [start]
    on_path = {start: 0}
    stack = [iter(_in_place_children(documents, start, _value(documents, start)))]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            node = path.pop()
            del on_path[node]
            done.add(node)
            continue
        target, _ = child
        if target in on_path:
            loop = path[on_path[target] :]
            cycles.append([n for n in reversed(loop) if "$ref" in (_value(documents, n) or {})])
            continue
        if target in done:
            continue
        on_path[target] = len(path)
        path.append(target)
        stack.append(iter(_in_place_children(documents, target, _value(documents, target))))


def ref_pointer(pointer: str) -> str:
    """The pointer of the `$ref` keyword of the subschema at `pointer`."""
    return join_pointer(pointer, "$ref")
