"""Keywords a schema holds that the generated model does not check: one note each.

A model built in Python (the producer side) is validated by pydantic against what codegen
could express; these keywords reach no generated check, so such a model accepts an event its
own schema refuses, and every consumer validating against the schema then refuses it. Lint
says so where the keyword is written (docs/codegen.md lists them), as a note: the schema is
valid, and the producer may check the rule itself.
"""

from __future__ import annotations

from typing import Any

from eventkit.json_pointer import escape_token
from eventkit.registry import DIALECT_2020_12, Problem, Registry, dialect_of, iter_schemas

__all__ = ["UNCHECKED_KEYWORDS", "unchecked_keyword_notes"]

# keyword -> what the generated model does with it (said in the note)
UNCHECKED_KEYWORDS: dict[str, str] = {
    "not": "ignores it",
    "contains": "ignores it (and minContains/maxContains)",
    "if": "ignores if/then/else",
    "dependentRequired": "ignores it",
    "dependentSchemas": "ignores it",
    "propertyNames": "ignores it",
    "unevaluatedProperties": "ignores it",
    "unevaluatedItems": "ignores it",
    "prefixItems": "checks only the items' types, not their positions",
    "uniqueItems": "does not refuse repeated items in an array with a default",
    "oneOf": "reads it as anyOf: a value matching more than one of its schemas is not refused",
    "minProperties": "ignores it on an object with properties (a class; a map checks it)",
    "maxProperties": "ignores it on an object with properties (a class; a map checks it)",
}
# Keywords the model checks except beside another one: noted only there.
_ONLY_BESIDE = {"minProperties": "properties", "maxProperties": "properties"}
# `then`/`else` are reported through their `if` (alone they do nothing)
_KEYWORDS = frozenset(UNCHECKED_KEYWORDS)


def _present(nodes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """The keywords (and what the model does) some subschema of a document holds, from the
    keys of all its `nodes` (one C-level union: the walk with pointers runs only for a hit):
    `uniqueItems` (common, and checked by the model) only where some node holds a `default`."""
    keys = set().union(*nodes)
    if keys.isdisjoint(_KEYWORDS):
        return []
    return [
        (keyword, what)
        for keyword, what in UNCHECKED_KEYWORDS.items()
        if keyword in keys and (keyword != "uniqueItems" or "default" in keys)
    ]


def unchecked_keyword_notes(registry: Registry) -> list[Problem]:
    """A note for each use of an `UNCHECKED_KEYWORDS` keyword in a shared file or a native
    event's version file (a foreign event's model is never published: consume-only)."""
    foreign = {v.relpath for e in registry.events if e.foreign for v in e.versions}
    notes: list[Problem] = []
    for document in registry.documents:
        if document.relpath in foreign or dialect_of(document.schema) != DIALECT_2020_12:
            continue
        present = _present(document.schema_nodes)
        if not present:
            continue  # the usual case: no walk
        reported: list[str] = []
        for where, node in iter_schemas(document.schema):
            if any(where == p or where.startswith(p + "/") for p in reported):
                continue  # inside a subschema already reported: the outer keyword says it
            for keyword, what in present:
                if keyword not in node or (
                    keyword == "uniqueItems"
                    and (node[keyword] is not True or "default" not in node)
                ):
                    continue  # uniqueItems is checked (a UniqueList) unless a default is beside it
                if keyword in _ONLY_BESIDE and _ONLY_BESIDE[keyword] not in node:
                    continue
                pointer = f"{where}/{escape_token(keyword)}"
                reported.append(pointer)
                notes.append(
                    Problem(
                        "keyword-not-in-model",
                        f"{keyword!r}: the generated model {what}, so an event built in "
                        "Python that breaks this rule is published, and its consumers refuse it",
                        document.relpath,
                        pointer=pointer,
                        line=document.line_of(pointer),
                        hint="check this rule in the producer before publishing, or express "
                        "it with keywords the model checks (docs/codegen.md)",
                    )
                )
    return sorted(notes, key=lambda n: (n.path, n.line or 0, n.pointer or ""))
