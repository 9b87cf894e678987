"""Which documents the generated models read as draft-04 (a foreign event's dialect).

Draft-04 ignores every keyword beside a `$ref` and has no `const` or `prefixItems`: read as
2020-12, `{"$ref": "#/definitions/s", "maxLength": 1}` or `{"const": "a"}` made a model refuse
events jsonschema's `Draft4Validator` (lint, `eventkit check`) accepts, events AWS may send.
A file without `$schema` (a `_shared/` file) takes the dialect of the document whose `$ref`
reaches it (docs/registry.md). The generated class of a shared definition is one class for
every event, so a file reached from both dialects that the two read differently is refused.

Only the registry's two dialects exist here (the loader refuses others), and only the keywords
the generator keeps (`_rewrite`'s allowlist) can differ: the compat engine's rewrite
(`eventkit.compat`'s private `_dialects`) covers every keyword of draft-04 to 2019-09.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from eventkit.errors import CodegenError, SchemaRefError
from eventkit.registry import DIALECT_DRAFT_04, dialect_of, schema_nodes

if TYPE_CHECKING:
    from eventkit.registry import Registry

__all__ = ["REF_SIBLINGS_KEPT", "WITHOUT_IN_DRAFT_04", "draft04_documents"]

# Keywords of the allowlist draft-04 does not have (`items` as a list is its own tuple form).
WITHOUT_IN_DRAFT_04 = frozenset({"const", "prefixItems"})
# What is kept beside a draft-04 `$ref`: nothing that validates (a description stays a docstring)
REF_SIBLINGS_KEPT = frozenset({"$ref", "description"})
# Keys beside a `$ref` that change nothing a model checks when dropped
_INERT_SIBLINGS = REF_SIBLINGS_KEPT | {
    "$comment",
    "$schema",
    "definitions",
    "$defs",
    "title",
    "examples",
}


def draft04_documents(registry: Registry, roots: list[str]) -> set[str]:
    """The relpaths, among `roots` (event versions) and the files they reach, to read as
    draft-04: declared so, or without `$schema` and reached from a draft-04 document.

    Raises:
        CodegenError: a file without `$schema` reached from both dialects holds something
            they read differently.
    """
    reached: dict[str, set[bool]] = {}  # relpath -> {read as draft-04?}
    todo: list[tuple[str, bool]] = []
    for relpath in roots:
        todo.append((relpath, _declared(registry, relpath) is True))
    while todo:
        relpath, old = todo.pop()
        readings = reached.setdefault(relpath, set())
        if old in readings:
            continue
        readings.add(old)
        for node in registry.document(relpath).schema_nodes:
            ref = node.get("$ref")
            if not isinstance(ref, str):
                continue
            try:
                target = registry.resolve(relpath, ref)[0]
            except SchemaRefError:
                continue  # reported where it is rewritten
            declared = _declared(registry, target)
            todo.append((target, old if declared is None else declared))
    for relpath, readings in sorted(reached.items()):
        if len(readings) > 1 and _reads_differently(registry.document(relpath).schema):
            raise CodegenError(
                f"{relpath}: this file has no $schema and is referred to from both draft-04 "
                "and 2020-12 schemas, which read it differently (a keyword beside a $ref, "
                "const or prefixItems, which draft-04 ignores); its generated classes are "
                "shared by every event, so they cannot follow both",
                hint='declare its dialect ("$schema") in the file, or give the draft-04 '
                "events a file of their own",
            )
    return {relpath for relpath, readings in reached.items() if True in readings}


def _declared(registry: Registry, relpath: str) -> bool | None:
    """Whether `relpath` declares draft-04 (None: it declares no dialect)."""
    schema = registry.document(relpath).schema
    if "$schema" not in schema:
        return None
    return dialect_of(schema) == DIALECT_DRAFT_04


def _reads_differently(schema: Any) -> bool:
    """Whether draft-04 and 2020-12 generate different models from `schema`."""
    for node in schema_nodes(schema):
        if not WITHOUT_IN_DRAFT_04.isdisjoint(node):
            return True
        if "$ref" in node and not _INERT_SIBLINGS.issuperset(node):
            return True
    return False
