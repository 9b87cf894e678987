"""Per-file lint checks beyond the loader's: dialect validity, required metadata, placeholders,
duplicate keys; and the registry against its lock file."""

from __future__ import annotations

import os
import re
from typing import Any

from eventkit.json_pointer import duplicate_keys, escape_token
from eventkit.lint._meta import meta_errors, valid_members_2020_12
from eventkit.registry import (
    DIALECT_2020_12,
    LOCK_FILE,
    SUBSCHEMA_KINDS,
    Problem,
    Registry,
    SchemaVersion,
    SharedSchema,
    dialect_of,
    iter_schemas,
)

__all__ = [
    "check_duplicates",
    "check_lock",
    "check_meta",
    "check_meta_and_duplicates",
    "check_metadata",
    "check_nested_dialect",
    "check_placeholders",
]

_Document = SchemaVersion | SharedSchema
_KEYWORD_HINTS = {
    "type": "use one of array, boolean, integer, null, number, object, string, or a list of them",
    "required": "use a list of distinct property names",
    "pattern": "use a valid ECMA-262 regular expression (see 'Regular expressions' in docs/registry.md)",
    "properties": "use an object that maps each property name to a schema",
    "items": "use a schema (prefixItems takes the list form)",
    "enum": "use a list of allowed values",
    "examples": "use a list of example values",
    "format": "use a format name such as date-time, email, uuid, uri",
}
_TODO = re.compile(r"\s*TODO\b")


def check_meta(document: _Document) -> list[Problem]:
    """Every way `document` is not a valid JSON Schema of its declared dialect."""
    dialect = dialect_of(document.schema)
    if dialect is None:
        return []  # an unknown dialect is reported by the loader
    problems = []
    for error in meta_errors(document.schema, dialect):
        path = [str(p) for p in error.absolute_path]
        pointer = "".join("/" + escape_token(p) for p in path)
        keyword = next((p for p in reversed(path) if not p.isdigit()), "")
        problems.append(
            Problem(
                "schema-invalid",
                f"not a valid JSON Schema ({_dialect_name(dialect)}): "
                + (f"{keyword!r}: " if keyword else "")
                + error.message,
                document.relpath,
                pointer=pointer,
                line=document.line_of(pointer),
                hint=_KEYWORD_HINTS.get(keyword, f"see the {_dialect_name(dialect)} meta-schema"),
            )
        )
    return problems


def _dialect_name(dialect: str) -> str:
    return "draft 2020-12" if dialect == DIALECT_2020_12 else "draft-04"


def check_metadata(document: SchemaVersion) -> list[Problem]:
    """A version file needs a title, a description and at least one example."""
    schema = document.schema
    problems = []
    for key, what in (("title", "a title"), ("description", "a description")):
        value = schema.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(
                Problem(
                    f"missing-{key}",
                    f"the schema needs {what} (a non-empty string)",
                    document.relpath,
                    pointer=f"/{key}" if key in schema else "",
                    line=document.line_of(f"/{key}") or 1,
                    hint=f'add "{key}": "..." at the top level'
                    + (" (it becomes the model's docstring)" if key == "description" else ""),
                )
            )
    examples = schema.get("examples")
    if examples is None or examples == []:
        problems.append(
            Problem(
                "missing-examples",
                "the schema needs at least one entry in examples",
                document.relpath,
                pointer="/examples" if "examples" in schema else "",
                line=document.line_of("/examples") or 1,
                hint='add "examples": [{...}] with a realistic instance (lint validates it)',
            )
        )
    return problems


def check_placeholders(document: _Document) -> list[Problem]:
    """`TODO` left in a title or description (as `eventkit new` writes them)."""
    problems: list[Problem] = []
    if "TODO" not in document.text:
        return problems
    for where, node in iter_schemas(document.schema):  # one walk: pointers as it goes
        for key in ("title", "description"):
            value = node.get(key)
            if isinstance(value, str) and _TODO.match(value):
                pointer = f"{where}/{key}"
                problems.append(
                    Problem(
                        "todo-placeholder",
                        f"{key} is still a placeholder: {value.strip()[:60]!r}",
                        document.relpath,
                        pointer=pointer,
                        line=document.line_of(pointer),
                        hint=f"write the real {key}",
                    )
                )
    return problems


def check_nested_dialect(document: _Document) -> list[Problem]:
    """`$schema` below the root. Without `$id` (not supported) a file is one schema resource,
    and both dialects allow `$schema` only at a resource's root (draft 2020-12 core 8.1.1,
    draft-04 core 6); jsonschema would switch validators there, other tools ignore it."""
    text = document.text
    # Unless a key is written with a \u escape, it is spelled "$schema" (the root's is one).
    at_root = 1 if "$schema" in document.schema else 0
    if text.count('"$schema"') <= at_root and "\\u" not in text:
        return []
    problems: list[Problem] = []
    for where, node in iter_schemas(document.schema):  # one walk: pointers as it goes
        if where and "$schema" in node:
            pointer = f"{where}/$schema"
            problems.append(
                Problem(
                    "dialect-not-at-root",
                    "$schema inside a subschema: a registry file declares its dialect once, "
                    "at its root",
                    document.relpath,
                    pointer=pointer,
                    line=document.line_of(pointer),
                    hint="remove this $schema; the root's applies to the whole file",
                )
            )
    return problems


_KEY_END = '":'  # how a member's key ends in any formatted JSON but the oddest


def _data_members(value: Any) -> int:
    count = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if type(item) is dict:
            count += len(item)
            stack.extend(item.values())
        elif type(item) is list:
            stack.extend(item)
    return count


def _member_count(document: _Document) -> int:
    """Object members of the parsed document, using the subschemas already found.

    Every object subschema is in `schema_nodes`; only the rest (maps of subschemas, data such
    as examples and enum, unknown keywords) is walked here.
    """
    count = 0
    for node in document.schema_nodes:
        count += len(node)
        for key, value in node.items():
            kind = SUBSCHEMA_KINDS.get(key)
            if type(value) is dict:
                if kind == "map":  # its object values are subschemas, counted as nodes
                    count += len(value)
                    count += sum(_data_members(v) for v in value.values() if type(v) is not dict)
                elif kind is None or kind == "list":  # data, or not walked
                    count += _data_members(value)
            elif type(value) is list:
                if kind == "list" or kind == "one-or-list":
                    count += sum(_data_members(v) for v in value if type(v) is not dict)
                else:
                    count += _data_members(value)
    return count


def check_meta_and_duplicates(document: _Document) -> tuple[list[Problem], list[Problem]]:
    """`(check_meta(document), check_duplicates(document))`, in one walk of a clean file."""
    members = None
    # fast path: +800% on bench/registry_load.py figure registry_load.lint_vs_floor_process (measured 2026-12-06)
    if dialect_of(document.schema) == DIALECT_2020_12:
        try:
            members = valid_members_2020_12(document.schema_nodes)
        except RecursionError:
            members = None  # counted on their own, without recursion
    meta = [] if members is not None else check_meta(document)
    return meta, check_duplicates(document, members)


def check_duplicates(document: _Document, members: int | None = None) -> list[Problem]:
    """A key repeated in one object (JSON parsers silently keep only the last one).
    `members`: the document's member count, if already known.

    Fast path: with no duplicate, the number of `":` in the text equals the number of members
    parsed. Any difference (a duplicate, or merely a `"key" :` spacing or a `\\":` in a string)
    is settled by a full scan of the text.
    """
    if members is None:
        members = _member_count(document)
    if document.text.count(_KEY_END) == members:
        return []
    return [
        Problem(
            "duplicate-key",
            f"key {pointer.rsplit('/', 1)[-1]!r} appears twice in the same object "
            "(JSON parsers keep only the last one)",
            document.relpath,
            pointer=pointer,
            line=line,
            hint="remove or rename one of them",
        )
        for pointer, line in duplicate_keys(document.text)
    ]


def check_lock(registry: Registry) -> tuple[list[Problem], list[Problem]]:
    """`(errors, notes)` of eventkit.lock: a released version whose resolved schema differs
    from its lock line, or that was deleted, is an error; no lock file means nothing to say."""
    if not os.path.lexists(registry.root / LOCK_FILE):
        return [], []  # as lock_status says, without importing the lock machinery
    # lock_status reads it as the loader reads files: a link out or a FIFO is refused unread
    from eventkit.registry.lock_status import lock_problems, lock_status

    return lock_problems(lock_status(registry))
