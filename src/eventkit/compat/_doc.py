"""Schema documents for the engine: `$ref` resolution, a shape and vocabulary scan, and a small
validator (used to confirm counterexamples and to decide finite cases exactly)."""

from __future__ import annotations

import json
import math
import os
import re
from fractions import Fraction
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from eventkit.compat._values import (
    INT,
    NUMBER,
    TYPE_BITS,
    check_format,
    compile_pattern,
    jkey,
    type_bit,
)
from eventkit.errors import CompatibilityError

__all__ = ["MAX_DEPTH", "Doc", "SNode", "is_valid", "join", "same_meaning"]

MAX_DEPTH = 200  # schema nesting the engine accepts (a 500-level schema gets a clear error)

_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_ONE = (
    "not",
    "additionalProperties",
    "unevaluatedProperties",
    "additionalItems",
    "unevaluatedItems",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "contentSchema",
)
_NUMBERS = ("minimum", "maximum", "multipleOf")
_COUNTS = (
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
    "minContains",
    "maxContains",
)
_ANNOTATIONS = frozenset(
    {
        "$schema",
        "$id",
        "$anchor",
        "$comment",
        "$vocabulary",
        "$dynamicAnchor",
        "title",
        "description",
        "default",
        "examples",
        "example",
        "deprecated",
        "readOnly",
        "writeOnly",
        "contentMediaType",
        "contentEncoding",
        "discriminator",
        "externalDocs",
        "xml",
        "nullable",
        "format",
        "pattern",
        "type",
        "enum",
        "const",
        "required",
        "uniqueItems",
        "dependentRequired",
        "dependencies",
        "items",
        "$ref",
        "exclusiveMinimum",
        "exclusiveMaximum",
    }
)
KNOWN = frozenset(_SCHEMA_MAPS + _SCHEMA_LISTS + _SCHEMA_ONE + _NUMBERS + _COUNTS) | _ANNOTATIONS
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def escape(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def join(pointer: str, *tokens: str | int) -> str:
    return pointer + "".join("/" + escape(t) for t in tokens)


class SNode:
    """A (sub)schema inside a document; its JSON pointer there is built only when asked for."""

    __slots__ = ("_ptr", "_tokens", "doc", "parent", "schema")

    def __init__(
        self,
        doc: Doc,
        schema: Any,
        ptr: str | None = "",
        parent: SNode | None = None,
        tokens: tuple[str | int, ...] = (),
    ) -> None:
        self.doc = doc
        self.schema = schema
        self._ptr = ptr
        self.parent = parent
        self._tokens = tokens

    @property
    def ptr(self) -> str:
        if self._ptr is None:
            assert self.parent is not None
            self._ptr = join(self.parent.ptr, *self._tokens)
        return self._ptr

    def child(self, *tokens: str | int) -> SNode:
        value = self.schema
        for token in tokens:
            value = value[token]
        return SNode(self.doc, value, None, self, tokens)

    def __repr__(self) -> str:
        return f"SNode({self.doc.label}#{self.ptr})"


class Doc:
    """One schema document. Local refs always; relative file refs only with `base_dir`."""

    def __init__(
        self,
        schema: Any,
        *,
        label: str = "schema",
        base_dir: Path | None = None,
        cache: dict[str, Doc] | None = None,
        is_root: bool = True,
    ) -> None:
        self.schema = schema
        self.is_root = is_root  # False for a document reached through a $ref (a shared file)
        self.label = label
        self.base_dir = base_dir
        self._cache = cache if cache is not None else {}
        self._anchors: dict[str, str] | None = None
        self._enums: dict[int, tuple[list[Any], frozenset[str]]] = {}
        self._local: dict[int, tuple[Any, int]] = {}
        self.root = SNode(self, schema, "")
        scan(schema, label)

    def ref_kinds(self, schema: Any) -> int:
        """`_ref_kinds` of a subschema of this document (cached)."""
        found = self._local.get(id(schema))
        if found is not None and found[0] is schema:
            return found[1]
        result = _ref_kinds(schema)
        self._local[id(schema)] = (schema, result)
        return result

    def enum_keys(self, values: list[Any]) -> frozenset[str]:
        """The `jkey`s of an enum list, computed once per list (huge enums stay linear)."""
        found = self._enums.get(id(values))
        if found is None or found[0] is not values:
            found = (values, frozenset(jkey(v) for v in values))
            self._enums[id(values)] = found
        return found[1]

    def resolve(self, ref: Any, at: SNode | str) -> SNode:
        where: Any = at if isinstance(at, str) else _Where(at)
        if not isinstance(ref, str):
            raise CompatibilityError(f"{self.label}: $ref at {where or '/'} is not a string")
        own_id = self.schema.get("$id") if isinstance(self.schema, dict) else None
        if own_id and ref.split("#", 1)[0] == own_id:
            ref = "#" + ref.split("#", 1)[1] if "#" in ref else "#"
        if _SCHEME.match(ref):
            raise CompatibilityError(
                f"{self.label}: $ref {ref!r} at {where or '/'} is remote; eventkit never fetches "
                "schemas over the network",
                hint="copy the definition into the registry's _shared/ folder and refer to it by relative path",
            )
        target, _, fragment = ref.partition("#")
        doc: Doc = self
        if target:
            doc = self._load(target, where)
        if fragment and not fragment.startswith("/"):
            pointer = doc._anchor(fragment, ref, where)
        else:
            pointer = unquote(fragment)
        return SNode(doc, doc._at(pointer, ref, where), pointer)

    def _load(self, target: str, where: Any) -> Doc:
        if self.base_dir is None:
            raise CompatibilityError(
                f"{self.label}: $ref {target!r} at {where or '/'} points to another file, and this "
                "schema has no file location to resolve it from",
                hint="check registry schemas with `eventkit check`, which resolves shared files",
            )
        path = os.path.normpath(Path(self.base_dir) / target)
        found = self._cache.get(path)
        if found is None:
            try:
                schema = json.loads(Path(path).read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise CompatibilityError(
                    f"{self.label}: $ref {target!r} at {where or '/'}: cannot read {path}: {error}"
                ) from None
            found = Doc(
                schema, label=path, base_dir=Path(path).parent, cache=self._cache, is_root=False
            )
            self._cache[path] = found
        return found

    def _anchor(self, name: str, ref: str, where: Any) -> str:
        if self._anchors is None:
            self._anchors = {}
            _collect_anchors(self.schema, "", self._anchors)
        if name not in self._anchors:
            raise CompatibilityError(
                f"{self.label}: $ref {ref!r} at {where or '/'}: no such anchor"
            )
        return self._anchors[name]

    def _at(self, pointer: str, ref: str, where: Any) -> Any:
        value = self.schema
        for raw in pointer.split("/")[1:]:
            token = raw.replace("~1", "/").replace("~0", "~")
            if isinstance(value, list) and token.isdigit() and int(token) < len(value):
                value = value[int(token)]
            elif isinstance(value, dict) and token in value:
                value = value[token]
            else:
                raise CompatibilityError(
                    f"{self.label}: $ref {ref!r} at {where or '/'} points nowhere"
                )
        if not isinstance(value, (dict, bool)):
            raise CompatibilityError(
                f"{self.label}: $ref {ref!r} at {where or '/'} is not a schema"
            )
        return value


class _Where:
    """A node's pointer, computed only if an error message needs it."""

    __slots__ = ("node",)

    def __init__(self, node: SNode) -> None:
        self.node = node

    def __str__(self) -> str:
        return self.node.ptr or "/"


def _ref_kinds(schema: Any) -> int:
    """0: refs only into $defs/definitions; 1: also to other files; 2: other local refs."""
    kind = 0
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if ref is not None:
                if not isinstance(ref, str) or (
                    ref.startswith("#") and not (ref.startswith(("#/$defs/", "#/definitions/")))
                ):
                    return 2
                if not ref.startswith("#"):
                    kind = 1
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return kind


_SAME_DEFS: dict[tuple[int, int], tuple[Doc, Doc, bool]] = {}


def same_meaning(a: SNode, b: SNode) -> bool:
    """Cheap proof that two subschemas accept the same instances: equal JSON whose refs all
    point into equal $defs/definitions of their documents."""
    if a.schema is b.schema and a.doc is b.doc:
        return True
    if a.schema != b.schema:
        return False
    if a.doc is not b.doc:
        key = (id(a.doc), id(b.doc))
        found = _SAME_DEFS.get(key)
        if found is None or found[0] is not a.doc or found[1] is not b.doc:
            da, db = a.doc.schema, b.doc.schema
            equal = (
                isinstance(da, dict)
                and isinstance(db, dict)
                and all(da.get(k) == db.get(k) for k in ("$defs", "definitions"))
            )
            if len(_SAME_DEFS) > 4096:
                _SAME_DEFS.clear()
            found = (a.doc, b.doc, equal)
            _SAME_DEFS[key] = found
        if not found[2]:
            return False
    kinds = a.doc.ref_kinds(a.schema)
    if kinds == 1:  # file refs mean the same only from the same folder, through the same cache
        return a.doc.base_dir == b.doc.base_dir and a.doc._cache is b.doc._cache
    return kinds == 0


def _collect_anchors(schema: Any, ptr: str, out: dict[str, str]) -> None:
    if isinstance(schema, dict):
        if isinstance(schema.get("$anchor"), str):
            out[schema["$anchor"]] = ptr
        for key, value in schema.items():
            if key in _SCHEMA_MAPS and isinstance(value, dict):
                for name, sub in value.items():
                    _collect_anchors(sub, join(ptr, key, name), out)
            elif key in _SCHEMA_LISTS and isinstance(value, list):
                for i, sub in enumerate(value):
                    _collect_anchors(sub, join(ptr, key, i), out)
            elif key in _SCHEMA_ONE or key == "items":
                _collect_anchors(value, join(ptr, key), out)


def _bad(label: str, ptr: str, message: str) -> CompatibilityError:
    return CompatibilityError(
        f"{label}: {message} at {ptr or '/'}; this is not a valid JSON Schema"
    )


_Entry = tuple[Any, Any, tuple[str | int, ...], int]  # (node, parent entry, tokens, depth)


def _pointer(entry: _Entry | None, *more: str | int) -> str:
    tokens: list[str | int] = list(more)
    while entry is not None:
        tokens[:0] = entry[2]
        entry = entry[1]
    return join("", *tokens)


def scan(schema: Any, label: str) -> None:  # noqa: C901
    """Check shape and vocabulary of a whole document, and its nesting depth (iteratively;
    pointers are built only for the error message)."""
    stack: list[_Entry] = [(schema, None, (), 0)]
    while stack:
        entry = stack.pop()
        node, _, _, depth = entry
        if isinstance(node, bool):
            continue
        if not isinstance(node, dict):
            raise _bad(
                label,
                _pointer(entry),
                f"expected a schema (object or boolean), found {type(node).__name__}",
            )
        if depth > MAX_DEPTH:
            raise CompatibilityError(
                f"{label}: schema nesting is deeper than {MAX_DEPTH} levels at {_pointer(entry)[:120]}...",
                hint="flatten the schema with $defs and $ref",
            )
        deeper = depth + 1
        for key, value in node.items():
            if key in _SCHEMA_MAPS:
                if not isinstance(value, dict):
                    raise _bad(label, _pointer(entry, key), "expected an object of schemas")
                stack.extend((v, entry, (key, k), deeper) for k, v in value.items())
            elif key in _SCHEMA_LISTS:
                if not isinstance(value, list) or (key != "prefixItems" and not value):
                    raise _bad(label, _pointer(entry, key), "expected a non-empty array of schemas")
                stack.extend((v, entry, (key, i), deeper) for i, v in enumerate(value))
            elif key in _SCHEMA_ONE:
                stack.append((value, entry, (key,), deeper))
            elif key == "items":
                if isinstance(value, list):
                    stack.extend((v, entry, (key, i), deeper) for i, v in enumerate(value))
                else:
                    stack.append((value, entry, (key,), deeper))
            elif key == "dependencies":
                if not isinstance(value, dict):
                    raise _bad(label, _pointer(entry, key), "expected an object")
                stack.extend(
                    (v, entry, (key, k), deeper)
                    for k, v in value.items()
                    if not isinstance(v, list)
                )
            elif key in _QUIET:
                continue
            else:
                _check_keyword(label, entry, key, value)


_QUIET = frozenset(
    {
        "title",
        "description",
        "examples",
        "default",
        "$comment",
        "$schema",
        "$id",
        "example",
        "deprecated",
        "readOnly",
        "writeOnly",
    }
)


def _is_num(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _check_keyword(label: str, entry: _Entry, key: str, value: Any) -> None:  # noqa: C901
    if key.startswith("x-") or _fast_ok(key, value):
        return
    ptr: Any = _LazyPointer(entry, key)
    if key in _COUNTS:
        if not (_is_num(value) and value >= 0 and float(value).is_integer()):
            raise _bad(label, ptr, f"`{key}` must be a non-negative integer")
    elif key in _NUMBERS:
        if not _is_num(value) or (key == "multipleOf" and value <= 0):
            raise _bad(
                label, ptr, f"`{key}` must be a {'positive ' if key == 'multipleOf' else ''}number"
            )
    elif key in ("exclusiveMinimum", "exclusiveMaximum"):
        if not (_is_num(value) or isinstance(value, bool)):
            raise _bad(label, ptr, f"`{key}` must be a number")
    elif key == "type":
        names = value if isinstance(value, list) else [value]
        if not names or any(not isinstance(n, str) or n not in TYPE_BITS for n in names):
            raise _bad(label, ptr, f"`type` {value!r} names an unknown type")
    elif key == "enum":
        if not isinstance(value, list):
            raise _bad(label, ptr, "`enum` must be an array")
    elif key == "required":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _bad(label, ptr, "`required` must be an array of strings")
    elif key == "dependentRequired":
        if not isinstance(value, dict) or not all(
            isinstance(v, list) and all(isinstance(x, str) for x in v) for v in value.values()
        ):
            raise _bad(label, ptr, "`dependentRequired` must map names to arrays of strings")
    elif key in ("pattern", "format", "$ref"):
        if not isinstance(value, str):
            raise _bad(label, ptr, f"`{key}` must be a string")
        if key == "pattern":
            compile_pattern(value)
    elif key == "$dynamicRef" or key == "$recursiveRef":
        raise CompatibilityError(f"{label}: `{key}` at {ptr} is not supported by eventkit's engine")
    elif key not in KNOWN and not key.startswith("x-"):
        raise CompatibilityError(
            f"{label}: unknown keyword `{key}` at {ptr}; eventkit cannot tell what it allows",
            hint="prefix extensions with `x-` (e.g. `x-eventkit`), or remove the keyword",
        )


def _fast_ok(key: str, value: Any) -> bool:
    """The common well-formed cases, decided without building anything."""
    if key == "type":
        return value.__class__ is str and value in TYPE_BITS
    if key in _COUNTS:
        return value.__class__ is int and value >= 0
    if key == "format" or key == "$ref":
        return value.__class__ is str
    return False


class _LazyPointer:
    __slots__ = ("entry", "key")

    def __init__(self, entry: _Entry, key: str) -> None:
        self.entry = entry
        self.key = key

    def __str__(self) -> str:
        return _pointer(self.entry, self.key)


# --- a small validator ------------------------------------------------------------------------


def _num_ok(schema: dict[str, Any], value: float) -> bool:
    lo, hi = schema.get("minimum"), schema.get("maximum")
    xlo, xhi = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    if lo is not None and (value < lo or (xlo is True and value == lo)):
        return False
    if hi is not None and (value > hi or (xhi is True and value == hi)):
        return False
    if _is_num(xlo) and value <= float(xlo):  # type: ignore[arg-type]
        return False
    if _is_num(xhi) and value >= float(xhi):  # type: ignore[arg-type]
        return False
    step = schema.get("multipleOf")
    if step is not None:
        try:
            if (Fraction(str(value)) / Fraction(str(step))).denominator != 1:
                return False
        except (ValueError, ZeroDivisionError, OverflowError):
            return False
    return True


def _type_ok(schema: dict[str, Any], value: Any) -> bool:
    declared = schema.get("type")
    if declared is None:
        return True
    names = declared if isinstance(declared, list) else [declared]
    mask = 0
    for name in names:
        mask |= TYPE_BITS[name]
    if schema.get("nullable") is True:
        mask |= 1
    return bool(type_bit(value) & mask)


def is_valid(value: Any, node: SNode, _active: set[tuple[int, int]] | None = None) -> bool:
    """Validate `value` against `node` (formats asserted, as consumers' models do)."""
    schema = node.schema
    if schema is True:
        return True
    if schema is False:
        return False
    active = _active if _active is not None else set()
    key = (id(schema), id(value))
    if key in active:  # a $ref cycle that consumes no input: treat as satisfied
        return True
    active.add(key)
    try:
        return _valid_dict(value, node, schema, active)
    finally:
        active.discard(key)


def _valid_dict(  # noqa: C901
    value: Any, node: SNode, schema: dict[str, Any], active: set[tuple[int, int]]
) -> bool:
    if not _type_ok(schema, value):
        return False
    if "enum" in schema and jkey(value) not in node.doc.enum_keys(schema["enum"]):
        return False
    if "const" in schema and jkey(value) != jkey(schema["const"]):
        return False
    if "$ref" in schema and not is_valid(value, node.doc.resolve(schema["$ref"], node), active):
        return False
    if "allOf" in schema and not all(
        is_valid(value, node.child("allOf", i), active) for i in range(len(schema["allOf"]))
    ):
        return False
    if "anyOf" in schema and not any(
        is_valid(value, node.child("anyOf", i), active) for i in range(len(schema["anyOf"]))
    ):
        return False
    if "oneOf" in schema:
        hits = sum(
            is_valid(value, node.child("oneOf", i), active) for i in range(len(schema["oneOf"]))
        )
        if hits != 1:
            return False
    if "not" in schema and is_valid(value, node.child("not"), active):
        return False
    if "if" in schema:
        branch = "then" if is_valid(value, node.child("if"), active) else "else"
        if branch in schema and not is_valid(value, node.child(branch), active):
            return False
    bit = type_bit(value)
    if bit & NUMBER:
        return _num_ok(schema, value)
    if isinstance(value, str):
        return _str_ok(schema, value)
    if isinstance(value, list):
        return _array_ok(value, node, schema, active)
    if isinstance(value, dict):
        return _object_ok(value, node, schema, active)
    return True


def _str_ok(schema: dict[str, Any], value: str) -> bool:
    if len(value) < schema.get("minLength", 0):
        return False
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        return False
    if "pattern" in schema and not compile_pattern(schema["pattern"]).search(value):
        return False
    return "format" not in schema or check_format(schema["format"], value)


def evaluated_names(node: SNode, depth: int = 0) -> tuple[set[str], list[str]]:
    """Names and patterns `unevaluatedProperties` sees as evaluated (through allOf and $ref)."""
    schema = node.schema
    names: set[str] = set()
    patterns: list[str] = []
    if not isinstance(schema, dict) or depth > 20:
        return names, patterns
    names.update(schema.get("properties", {}))
    patterns.extend(schema.get("patternProperties", {}))
    subs = [node.child("allOf", i) for i in range(len(schema.get("allOf", ())))]
    if "$ref" in schema:
        subs.append(node.doc.resolve(schema["$ref"], node))
    for sub in subs:
        more_names, more_patterns = evaluated_names(sub, depth + 1)
        names |= more_names
        patterns.extend(more_patterns)
    return names, patterns


def _object_ok(  # noqa: C901
    value: dict[str, Any], node: SNode, schema: dict[str, Any], active: set[tuple[int, int]]
) -> bool:
    if any(name not in value for name in schema.get("required", ())):
        return False
    if len(value) < schema.get("minProperties", 0):
        return False
    if "maxProperties" in schema and len(value) > schema["maxProperties"]:
        return False
    for name, needs in schema.get("dependentRequired", {}).items():
        if name in value and any(n not in value for n in needs):
            return False
    for name, dep in schema.get("dependencies", {}).items():
        if name in value:
            if isinstance(dep, list):
                if any(n not in value for n in dep):
                    return False
            elif not is_valid(value, node.child("dependencies", name), active):
                return False
    for name in schema.get("dependentSchemas", {}):
        if name in value and not is_valid(value, node.child("dependentSchemas", name), active):
            return False
    props = schema.get("properties", {})
    pats = schema.get("patternProperties", {})
    extra = "additionalProperties" in schema
    uneval = "unevaluatedProperties" in schema
    seen_names, seen_patterns = evaluated_names(node) if uneval else (set(), [])
    for name, item in value.items():
        if "propertyNames" in schema and not is_valid(name, node.child("propertyNames"), active):
            return False
        matched = False
        if name in props:
            matched = True
            if not is_valid(item, node.child("properties", name), active):
                return False
        for pat in pats:
            if compile_pattern(pat).search(name):
                matched = True
                if not is_valid(item, node.child("patternProperties", pat), active):
                    return False
        if not matched and extra and not is_valid(item, node.child("additionalProperties"), active):
            return False
        if (
            uneval
            and name not in seen_names
            and not any(compile_pattern(p).search(name) for p in seen_patterns)
            and not (extra and not matched)
            and not is_valid(item, node.child("unevaluatedProperties"), active)
        ):
            return False
    return True


def _array_ok(
    value: list[Any], node: SNode, schema: dict[str, Any], active: set[tuple[int, int]]
) -> bool:
    if len(value) < schema.get("minItems", 0):
        return False
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        return False
    if schema.get("uniqueItems") is True and len({jkey(v) for v in value}) != len(value):
        return False
    items = schema.get("items")
    if isinstance(items, list):
        prefix_key, prefix, rest_key = "items", items, "additionalItems"
    else:
        prefix_key, prefix, rest_key = "prefixItems", schema.get("prefixItems", []), "items"
    rest: SNode | None = node.child(rest_key) if rest_key in schema else None
    if rest is None and "unevaluatedItems" in schema:
        rest = node.child("unevaluatedItems")
    for i, item in enumerate(value):
        sub = node.child(prefix_key, i) if i < len(prefix) else rest
        if sub is not None and not is_valid(item, sub, active):
            return False
    if "contains" in schema:
        hits = sum(is_valid(item, node.child("contains"), active) for item in value)
        low = schema.get("minContains", 1)
        if hits < low or ("maxContains" in schema and hits > schema["maxContains"]):
            return False
    return True


def is_integer_only(mask: int) -> bool:
    return mask & NUMBER == INT
