"""Pull's reverse conversion: one Draft 4 / OpenAPI 3.0 definition of a registry document as a
self-contained draft 2020-12 schema (the definitions it reaches under `$defs`), and a minimal
example instance for a schema that has none.

Used for documents eventkit did not write, and for eventkit's own when they carry no
`x-eventkit.files` (too large, or written by an older eventkit). Keywords it does not know
(AWS's `x-amazon-*`, OpenAPI's `discriminator`, ...) are kept as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from eventkit_registry_sync.convert import pointer_tokens

__all__ = ["example_of", "to_2020"]


def to_2020(defs: Mapping[str, Any], root_name: str, prefix: str) -> dict[str, Any]:
    """The definition `root_name` as a self-contained 2020-12 schema (reachable defs in $defs)."""
    reachable: list[str] = []

    def visit_refs(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                visit_refs(item)
        elif isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(prefix):
                name = (pointer_tokens(ref[len(prefix) - 1 :].lstrip("/")) or [""])[0]
                if name in defs and name != root_name and name not in reachable:
                    reachable.append(name)
                    visit_refs(defs[name])
            for value in node.values():
                visit_refs(value)

    visit_refs(defs[root_name])

    def ref(value: str) -> str:
        if not value.startswith(prefix):
            return value
        tokens = pointer_tokens(value[len(prefix) - 1 :].lstrip("/"))
        if tokens and tokens[0] == root_name:
            return "#" + "".join("/" + t for t in tokens[1:])
        return "#/$defs/" + "/".join(_pointer_2020(tokens))

    root: dict[str, Any] = _back(defs[root_name], ref)
    if reachable:
        root["$defs"] = {name: _back(defs[name], ref) for name in reachable}
    return root


# Keywords followed, in a JSON pointer, by a name or an index rather than by a keyword.
_NAMED = {"definitions": "$defs", "dependencies": "dependentSchemas"}
_NAMED_SAME = frozenset({"properties", "patternProperties", "$defs", "dependentSchemas"})
_INDEXED = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})


def _pointer_2020(tokens: list[str]) -> list[str]:
    """Pointer tokens into a Draft 4 schema, renamed for its 2020-12 form: only keywords are
    renamed (`definitions` -> `$defs`), never a property that happens to be called so."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token, more = tokens[i], i + 1 < len(tokens)
        if more and (token in _NAMED or token in _NAMED_SAME or token in _INDEXED):
            out += [_NAMED.get(token, token), tokens[i + 1]]
            i += 2
        elif more and token == "items" and tokens[i + 1].isdigit():  # Draft 4 tuple
            out += ["prefixItems", tokens[i + 1]]
            i += 2
        else:
            out.append(token)
            i += 1
    return out


_Ref = Callable[[str], str]
# Keywords whose value is a schema or a list of schemas (maps are handled in _back_key).
_SUBSCHEMAS = frozenset(
    {"allOf", "anyOf", "oneOf", "not", "items", "additionalProperties", "if", "then", "else"}
)


def _back_bound(out: dict[str, Any], node: Mapping[str, Any], key: str, value: Any) -> None:
    plain = "minimum" if key == "exclusiveMinimum" else "maximum"
    if value is True and plain in node:
        out[key] = node[plain]
    elif not isinstance(value, bool):
        out[key] = value


def _back_key(
    out: dict[str, Any], node: Mapping[str, Any], key: str, value: Any, ref: _Ref
) -> None:
    # A keyword whose value has the wrong JSON type (registry content is anyone's) is kept as
    # it is: lint then names it in the pulled file, instead of pull failing on it.
    if key == "$ref":
        out[key] = ref(value) if isinstance(value, str) else value
    elif key in ("properties", "patternProperties", "definitions") and isinstance(value, dict):
        out["$defs" if key == "definitions" else key] = {k: _back(v, ref) for k, v in value.items()}
    elif key == "example":
        out["examples"] = [value]
    elif key in ("exclusiveMinimum", "exclusiveMaximum"):
        _back_bound(out, node, key, value)
    elif key == "items" and isinstance(value, list):
        out["prefixItems"] = [_back(v, ref) for v in value]
        if "additionalItems" in node:
            out["items"] = _back(node["additionalItems"], ref)
    elif key == "dependencies" and isinstance(value, dict):
        for name, dep in value.items():
            slot = "dependentRequired" if isinstance(dep, list) else "dependentSchemas"
            out.setdefault(slot, {})[name] = _back(dep, ref)
    elif key in _SUBSCHEMAS:
        out[key] = _back(value, ref)
    else:  # values, not schemas: enum, const, default, examples, x-*, ...
        out[key] = value


def _skipped(node: Mapping[str, Any], key: str) -> bool:
    """Keywords with no 2020-12 counterpart of their own (folded into another, or dropped)."""
    if key in ("nullable", "id", "$schema", "additionalItems"):
        return True  # AWS-only keywords (x-amazon-*, ...) are kept: values, not schemas
    exclusive = "exclusive" + key[:1].upper() + key[1:]
    return key in ("minimum", "maximum") and node.get(exclusive) is True


def _back(node: Any, ref: _Ref) -> Any:
    """One Draft 4 / OpenAPI 3.0 schema object rewritten as draft 2020-12."""
    if isinstance(node, list):
        return [_back(v, ref) for v in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if not _skipped(node, key):
            _back_key(out, node, key, value, ref)
    if node.get("nullable") is True and isinstance(out.get("type"), str):
        out["type"] = [out["type"], "null"]
    return out


_FORMAT_EXAMPLES = {"date-time": "2026-01-01T00:00:00Z", "date": "2026-01-01"}
# Values an example may hold: `minItems` multiplies at every level a definition repeats, so a
# few nested arrays (or one huge `minItems`) would otherwise build an example without end.
EXAMPLE_BUDGET = 10_000


def example_of(schema: Any, defs: Mapping[str, Any]) -> Any:
    """A minimal instance (required properties only) to serve as the version's example.

    Values of the wrong JSON type are skipped, and at most `EXAMPLE_BUDGET` values are made
    (past it, None): an example that falls short is reported by lint, never a hang.
    """
    return _Example(defs).of(schema, 0)


class _Example:
    def __init__(self, defs: Mapping[str, Any]) -> None:
        self.defs = defs if isinstance(defs, Mapping) else {}
        self.left = EXAMPLE_BUDGET

    def of(self, schema: Any, depth: int) -> Any:
        self.left -= 1
        if not isinstance(schema, dict) or depth > 20 or self.left < 0:
            return None
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return self.of(self.defs.get(ref.split("/")[2], {}), depth + 1)
        if "const" in schema:
            return schema["const"]
        enum = schema.get("enum")
        if isinstance(enum, list) and enum:
            return enum[0]
        branches = schema.get("anyOf") or schema.get("oneOf") or schema.get("allOf")
        if isinstance(branches, list) and branches:
            return self.of(branches[0], depth + 1)
        kind = schema.get("type")
        kind = next((t for t in kind if t != "null"), "null") if isinstance(kind, list) else kind
        if kind == "object" or "properties" in schema:
            return self._object(schema, depth)
        if kind == "array":
            count = schema.get("minItems", 0)
            count = count if isinstance(count, int) and 0 < count <= self.left else 0
            return [self.of(schema.get("items", {}), depth + 1) for _ in range(count)]
        scalars = {
            "integer": schema.get("minimum", 0),
            "number": schema.get("minimum", 0),
            "boolean": False,
            "string": _FORMAT_EXAMPLES.get(str(schema.get("format")), "string"),
        }
        return scalars.get(str(kind))

    def _object(self, schema: Mapping[str, Any], depth: int) -> dict[str, Any]:
        props, required = schema.get("properties", {}), schema.get("required", [])
        props = props if isinstance(props, dict) else {}
        names = [k for k in required if isinstance(k, str)] if isinstance(required, list) else []
        return {k: self.of(props.get(k, {}), depth + 1) for k in names}
