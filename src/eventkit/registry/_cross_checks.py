"""Checks over the whole loaded registry: `$ref`s across files, and unique routes."""

from __future__ import annotations

from typing import Any

from eventkit.registry._documents import DocumentReader
from eventkit.registry._model import Registry
from eventkit.registry._refs import RefProblem, find_ref_cycles, split_ref
from eventkit.registry._walk import pointer_of

__all__ = ["check_refs", "check_routes_unique"]


def check_refs(registry: Registry, reader: DocumentReader) -> None:
    """Every `$ref` that cannot be followed, and every `$ref` cycle that constrains nothing."""
    documents = {doc.relpath: doc for doc in registry.documents}
    resolver = registry.ref_resolver
    edges = []
    for relpath, doc in documents.items():
        for node in doc.schema_nodes:
            if "$ref" not in node:
                continue
            try:
                target = resolver.resolve(relpath, node["$ref"])[2]
            except RefProblem as problem:
                if problem.code == "ref-missing-file" and _names_unusable(reader, relpath, node):
                    continue  # the target's own problem is reported already
                pointer = f"{pointer_of(doc.schema, node)}/$ref"
                reader.add(
                    problem.code,
                    problem.message,
                    relpath,
                    hint=problem.hint,
                    pointer=pointer,
                    line=doc.line_of(pointer),
                )
            else:
                edges.append((relpath, node, target))
    for cycle in find_ref_cycles(resolver, edges):
        where = [(r, f"{pointer_of(documents[r].schema, n)}/$ref") for r, n in cycle]
        chain = " -> ".join(f"{r}#{p}" for r, p in where)
        relpath, pointer = where[0]
        reader.add(
            "ref-cycle",
            f"$ref cycle that never reaches a constraint: {chain}",
            relpath,
            hint="recursion must go through properties or items, not only $ref/allOf/anyOf/oneOf",
            pointer=pointer,
            line=documents[relpath].line_of(pointer),
        )


def _names_unusable(reader: DocumentReader, relpath: str, node: dict[str, Any]) -> bool:
    try:
        target, _ = split_ref(relpath, node["$ref"])
    except RefProblem:
        return False
    return target in reader.unusable


def check_routes_unique(registry: Registry, reader: DocumentReader) -> None:
    """No two event types share a source and detail-type (routing could not tell them apart)."""
    seen: dict[tuple[str, str], str] = {}
    for event in registry.events:
        route = (event.source, event.detail_type)
        if route in seen:
            reader.add(
                "duplicate-detail-type",
                f"{event.key} has the same source {event.source!r} and detail-type "
                f"{event.detail_type!r} as {seen[route]}",
                event.key,
                hint="give one of them its own detail_type in event.toml",
            )
        else:
            seen[route] = event.key
