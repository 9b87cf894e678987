"""A version's schema as rows of a field table: name, type, required, description,
constraints, nested objects expanded in place, `$ref`s resolved (and linked)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from eventkit.visible_text import json_controls_escaped

__all__ = [
    "COMPARED_DEPTH",
    "COMPARED_ROWS",
    "MAX_DEPTH",
    "MAX_ROWS",
    "Field",
    "FieldRows",
    "fields_of",
    "flatten",
    "resolve_pointer",
]

# Keywords shown as constraints, in this order, with how each reads.
_CONSTRAINTS = (
    ("format", "format: {}"),
    ("pattern", "pattern: {}"),
    ("minLength", "min length {}"),
    ("maxLength", "max length {}"),
    ("minimum", ">= {}"),
    ("exclusiveMinimum", "> {}"),
    ("maximum", "<= {}"),
    ("exclusiveMaximum", "< {}"),
    ("multipleOf", "multiple of {}"),
    ("minItems", "min items {}"),
    ("maxItems", "max items {}"),
    ("uniqueItems", "unique items"),
    ("minProperties", "min properties {}"),
    ("maxProperties", "max properties {}"),
    ("default", "default {}"),
)
# A table stops there (the page says so): pages stay readable, and `$ref`s reused at every
# level cannot multiply the rows without bound.
MAX_DEPTH = 12
MAX_ROWS = 2000
# What a diff compares when a table stops short (a schema of 5,000 properties): changes are
# few, so their list stays short; still bounded.
COMPARED_DEPTH = 64
COMPARED_ROWS = 50_000


@dataclass(frozen=True)
class Field:
    """One row of the table. `path` is dotted (``lines[].sku``), the label shown; `key` the
    same path unambiguously (a property `a.b` and `b` inside `a` share their label): a token
    per step, ``.<name>`` for a property and ``[]`` for array items. `ref` the definition name
    a `$ref` led to, `recursive` when it points back up (the row is not expanded again)."""

    path: str
    name: str
    depth: int
    type: str
    required: bool
    description: str
    constraints: tuple[str, ...]
    ref: str | None = None  # the `$ref` as written in the bundled schema (``#/$defs/...``)
    ref_label: str | None = None
    recursive: bool = False
    key: tuple[str, ...] = ()

    def signature(self) -> tuple[object, ...]:
        """What a diff compares (not the description)."""
        return (self.type, self.required, self.constraints, self.ref)


class FieldRows(list[Field]):
    """The rows of a table, and what they leave out: `cut` holds "rows" when the table stopped
    at `MAX_ROWS`, "depth" when fields nested deeper than `MAX_DEPTH` are not listed."""

    cut: frozenset[str] = frozenset()


def resolve_pointer(document: Any, ref: str) -> Any:
    """The value at a local ``#/...`` ref inside `document`, or None (never fetched)."""
    if not ref.startswith("#"):
        return None
    node = document
    for raw in unquote(ref[1:]).split("/")[1:] if ref != "#" else []:
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return node


def _ref_name(ref: str) -> str:
    last = unquote(ref).rsplit("/", 1)[-1]
    return last.replace("~1", "/").replace("~0", "~") if ref != "#" else "#"


def _short(value: Any) -> str:
    text = json_controls_escaped(json.dumps(value, ensure_ascii=False))
    return text if len(text) <= 80 else text[:77] + "..."


class _Walker:
    def __init__(self, document: dict[str, Any], max_rows: int, max_depth: int) -> None:
        self.document = document
        self.max_rows, self.max_depth = max_rows, max_depth
        self.rows = FieldRows()
        self.cut: set[str] = set()

    def deref(self, schema: Any, stack: tuple[str, ...]) -> tuple[Any, str | None, bool]:
        """Follow `$ref` chains: (target, the first definition name, points back up)."""
        name = None
        seen: set[str] = set()
        while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            ref = schema["$ref"]
            if ref in stack or ref in seen:
                return schema, name or _ref_name(ref), True
            seen.add(ref)
            name = name or _ref_name(ref)
            target = resolve_pointer(self.document, ref)
            if target is None:
                return schema, name, False
            # Siblings of $ref (description) win over the target's.
            merged = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
            schema = merged if isinstance(target, dict) else target
        return schema, name, False

    def type_text(self, schema: Any, stack: tuple[str, ...]) -> str:
        if schema is True or schema == {}:
            return "any"
        if schema is False:
            return "nothing"
        if not isinstance(schema, dict):
            return "?"
        if "const" in schema:
            return f"const {_short(schema['const'])}"
        if "enum" in schema and isinstance(schema["enum"], list):
            return "enum: " + " | ".join(_short(v) for v in schema["enum"])
        for key in ("oneOf", "anyOf"):
            if isinstance(schema.get(key), list):
                parts = []
                for option in schema[key]:
                    target, name, _ = self.deref(option, stack)
                    parts.append(name or self.type_text(target, stack))
                return f"{key}: " + " | ".join(parts)
        kind = schema.get("type")
        text = " | ".join(map(str, kind)) if isinstance(kind, list) else str(kind or "")
        if (kind == "array" or "items" in schema) and isinstance(schema.get("items"), dict):
            target, name, _ = self.deref(schema["items"], stack)
            text = f"array of {name or self.type_text(target, stack)}"
        if not text:
            text = "object" if "properties" in schema else "any"
        return text

    def walk(
        self,
        schema: Any,
        prefix: str,
        depth: int,
        stack: tuple[str, ...],
        key: tuple[str, ...] = (),
    ) -> None:
        """Rows for the properties of the object `schema` (and of its array items); `prefix`
        and `key` are its path as shown and as `Field.key`."""
        schema, _, _ = self.deref(schema, stack)
        if not isinstance(schema, dict):
            return
        if depth > self.max_depth:
            if schema.get("properties") or schema.get("allOf") or "items" in schema:
                self.cut.add("depth")  # fields it would have listed
            return
        if schema.get("type") == "array" or "items" in schema:
            self.walk(schema.get("items"), f"{prefix}[]", depth, stack, (*key, "[]"))
        properties = schema.get("properties")
        required = (
            set(schema.get("required") or ()) if isinstance(schema.get("required"), list) else set()
        )
        if isinstance(properties, dict):
            for name, sub in properties.items():
                self.row(str(name), sub, name in required, prefix, depth, stack, key)
        for part in schema.get("allOf") or ():
            self.walk(part, prefix, depth, stack, key)

    def row(
        self,
        name: str,
        raw: Any,
        required: bool,
        prefix: str,
        depth: int,
        stack: tuple[str, ...],
        parent: tuple[str, ...],
    ) -> None:
        if len(self.rows) >= self.max_rows:
            self.cut.add("rows")
            return
        ref = raw.get("$ref") if isinstance(raw, dict) else None
        target, ref_name, recursive = self.deref(raw, stack)
        path = f"{prefix}.{name}" if prefix else name
        key = (*parent, f".{name}")
        node = target if isinstance(target, dict) else {}
        constraints = tuple(
            template.format(_short(node[key]) if key not in ("uniqueItems",) else "")
            for key, template in _CONSTRAINTS
            if key in node and not (key == "uniqueItems" and node[key] is not True)
        )
        items = node.get("items")
        if isinstance(items, dict):
            item, _, _ = self.deref(items, stack)
            if isinstance(item, dict):
                constraints += tuple(
                    "items " + template.format(_short(item[key]))
                    for key, template in _CONSTRAINTS
                    if key in item and key not in ("uniqueItems", "default")
                )
        description = node.get("description") if isinstance(node.get("description"), str) else ""
        self.rows.append(
            Field(
                path=path,
                name=name,
                depth=depth,
                type=self.type_text(node, stack) if not recursive else "object",
                required=required,
                description=description or "",
                constraints=constraints,
                ref=ref if isinstance(ref, str) else None,
                ref_label=ref_name if isinstance(ref, str) else None,
                recursive=recursive,
                key=key,
            )
        )
        if not recursive:
            inner = (*stack, ref) if isinstance(ref, str) else stack
            self.walk(node, path, depth + 1, inner, key)


def fields_of(
    schema: dict[str, Any],
    node: Any = None,
    *,
    max_rows: int = MAX_ROWS,
    max_depth: int = MAX_DEPTH,
) -> FieldRows:
    """The field table of a bundled (self-contained) schema, or of `node` inside it."""
    walker = _Walker(schema, max_rows, max_depth)
    walker.walk(schema if node is None else node, "", 0, ())
    walker.rows.cut = frozenset(walker.cut)
    return walker.rows


def flatten(rows: list[Field]) -> dict[tuple[str, ...], Field]:
    """Rows by their unambiguous path, `Field.key` (a diff's unit)."""
    return {row.key: row for row in rows}


def iter_defs(schema: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """The named definitions of a bundled schema (`$defs`), in order."""
    defs = schema.get("$defs")
    if isinstance(defs, dict):
        yield from defs.items()
