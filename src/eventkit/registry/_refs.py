"""`$ref` resolution inside the registry: local, to `_shared/`, never remote; cycle detection."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Protocol
from urllib.parse import unquote

from eventkit.json_pointer import resolve_pointer
from eventkit.registry._walk import IN_PLACE, iter_schemas, subschemas

__all__ = [
    "RefProblem",
    "RefResolver",
    "anchor_pointer",
    "find_ref_cycles",
    "iter_refs",
    "split_ref",
]

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


def anchor_pointer(schema: Any, anchor: str) -> str | None:
    """The JSON pointer of the subschema of `schema` declaring `$anchor` `anchor`, if any."""
    for pointer, node in iter_schemas(schema):
        if node.get("$anchor") == anchor:
            return pointer
    return None


def _resolve(documents: Mapping[str, _HasSchema], base: str, ref: object) -> tuple[str, str, Any]:
    target, fragment = split_ref(base, ref)
    return _resolve_split(documents, target, fragment, ref)


def _resolve_split(
    documents: Mapping[str, _HasSchema], target: str, fragment: str, ref: object
) -> tuple[str, str, Any]:
    """`_resolve` for a `ref` already split (`fragment` percent-decoded once: decoding it
    again read `#/$defs/a%252F` as `a/`)."""
    document = documents.get(target)
    if document is None:
        raise RefProblem(
            "ref-missing-file",
            f"$ref {ref!r} points to {target}, which does not exist",
            "check the relative path (it is relative to the folder of this file)",
        )
    pointer: str | None = fragment
    if fragment and not fragment.startswith("/"):
        pointer = anchor_pointer(document.schema, fragment)
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


class RefResolver:
    """Resolves `$ref`s between registry documents, caching what repeats across files."""

    def __init__(self, documents: Mapping[str, _HasSchema]) -> None:
        self.documents = documents
        self._located: dict[tuple[str, str], tuple[str, str] | RefProblem] = {}
        self._targets: dict[tuple[str, str], tuple[str, Any] | RefProblem] = {}
        # (folder, ref) -> the answer, for refs into _shared/ that resolved: the same from any
        # file of the folder (most refs repeat in every version), so found with one lookup
        self._shared: dict[tuple[str, str], tuple[str, str, Any]] = {}

    def resolve(self, base: str, ref: object) -> tuple[str, str, Any]:
        """``(target relpath, pointer, value)``; raises `RefProblem`."""
        if isinstance(ref, str) and ref.startswith("#"):
            target, fragment = base, unquote(ref[1:])
            key = None
        else:
            key = (base.rpartition("/")[0], ref if isinstance(ref, str) else repr(ref))
            answer = self._shared.get(key)
            if answer is not None:
                return answer
            located = self._located.get(key)
            if located is None:
                try:
                    located = split_ref(base, ref)
                except RefProblem as problem:
                    located = problem
                self._located[key] = located
            if isinstance(located, RefProblem):
                raise located
            target, fragment = located
            if target != base and not target.startswith(SHARED_DIR + "/"):
                split_ref(base, ref)  # raises ref-not-shared for this base
        found = self._targets.get((target, fragment))
        if found is None:
            try:
                _, pointer, value = _resolve_split(self.documents, target, fragment, "#" + fragment)
                found = (pointer, value)
            except RefProblem as problem:
                found = problem
            self._targets[(target, fragment)] = found
        if isinstance(found, RefProblem):
            message = found.message.replace(repr("#" + fragment), repr(ref), 1)
            raise RefProblem(found.code, message, found.hint)
        answer = (target, found[0], found[1])
        if key is not None and target.startswith(SHARED_DIR + "/"):
            self._shared[key] = answer
        return answer


_Node = tuple[str, dict[str, Any]]  # (relpath, subschema object)


def _in_place_children(resolver: RefResolver, relpath: str, node: dict[str, Any]) -> list[_Node]:
    """Subschemas evaluated against the same instance as `node` (its `$ref` target included)."""
    children = [
        (relpath, child)
        for keyword, _, child in subschemas(node, "")
        if keyword in IN_PLACE and isinstance(child, dict)
    ]
    if "$ref" in node:
        try:
            target, _, value = resolver.resolve(relpath, node["$ref"])
        except RefProblem:
            pass  # reported on its own
        else:
            if isinstance(value, dict):
                children.append((target, value))
    return children


def find_ref_cycles(
    resolver: RefResolver, edges: Iterable[tuple[str, dict[str, Any], Any]]
) -> list[list[_Node]]:
    """Every `$ref` cycle that never descends into the instance (it would never terminate).

    `edges` lists each resolved `$ref` as ``(relpath, subschema with the $ref, target)``.
    Each cycle is the list of `$ref` nodes on it. Recursion through `properties`, `items`
    and the like is fine and not reported.
    """
    done: set[int] = set()
    cycles: list[list[_Node]] = []
    for relpath, node, target in edges:
        # only a target that itself applies something in place can lead back here
        if isinstance(target, dict) and ("$ref" in target or not IN_PLACE.isdisjoint(target)):
            _dfs(resolver, (relpath, node), done, cycles)
    return cycles


def _dfs(resolver: RefResolver, start: _Node, done: set[int], cycles: list[list[_Node]]) -> None:
    if id(start[1]) in done:
        return
    path: list[_Node] = [start]
    on_path = {id(start[1]): 0}
    stack = [iter(_in_place_children(resolver, *start))]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            node = path.pop()
            del on_path[id(node[1])]
            done.add(id(node[1]))
            continue
        key = id(child[1])
        if key in on_path:
            loop = path[on_path[key] :]
            cycles.append([n for n in loop if "$ref" in n[1]])
        elif key not in done:
            on_path[key] = len(path)
            path.append(child)
            stack.append(iter(_in_place_children(resolver, *child)))
