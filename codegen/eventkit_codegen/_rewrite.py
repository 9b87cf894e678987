"""Registry schemas rewritten into entries of the one ``$defs`` table the generator reads.

Every definition gets a dotted key saying where its class goes (see `_prepare`) before anything
is rewritten, so that a `$ref` becomes a reference to that key. A `$ref` to anything else than
a definition (e.g. ``#/properties/x``) is inlined.

Nothing of a schema reaches the generator unfiltered: only an allowlist of JSON Schema keywords
is kept (no vendor extensions that could name a Python type or import), titles are dropped
(class names come from folder, definition and property names through `_naming`), descriptions
lose control characters, enum values must be literals, patterns are collected to be compiled,
and a `default` must validate against the schema it is written in (lint's `default-invalid`):
the generated field's default would otherwise not be a value of its type.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from eventkit.errors import CodegenError, SchemaRefError
from eventkit.json_pointer import escape_token, join_pointer
from eventkit.registry import schema_nodes
from eventkit_codegen._dialects import REF_SIBLINGS_KEPT, WITHOUT_IN_DRAFT_04
from eventkit_codegen._graph import strongly_connected
from eventkit_codegen._naming import class_identifier, module_identifier, unique_name
from eventkit_codegen._patterns import model_pattern

if TYPE_CHECKING:
    from eventkit.lint import ExampleChecker
    from eventkit.registry import Registry

__all__ = ["Rewriter", "Rewritten", "clean_description", "schema_error"]

# Keywords whose value is a schema / a list of schemas / a map of name -> schema.
_SCHEMA_KEYS = frozenset({"items", "additionalProperties"})
_SCHEMA_LIST_KEYS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_SCHEMA_MAP_KEYS = frozenset({"properties", "patternProperties"})
# Keywords whose value is data, kept as is once checked.
_DATA_KEYS = frozenset(
    {
        "type",
        "enum",
        "const",
        "required",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minLength",
        "maxLength",
        "pattern",
        "format",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minProperties",
        "maxProperties",
        "description",
        "default",
    }
)
# What makes an object schema more than "an object with any members" (see `_rewrite`).
_FREE_FORM_BLOCKERS = frozenset(
    {"properties", "patternProperties", "additionalProperties", "allOf", "anyOf", "oneOf", "$ref"}
)
# Formats that get a richer Python type; every other format stays a plain str.
_FORMATS = frozenset({"date-time", "date", "uuid"})
_JSON_TYPES = frozenset({"string", "number", "integer", "boolean", "object", "array", "null"})
_DEF_CONTAINERS = ("$defs", "definitions")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_MAX_INLINE_DEPTH = 32
# The integers mypy accepts in a `Literal`: the signed 64-bit range, but for its two lowest
# values (mypy 2.4 refuses -2**63 and -2**63 + 1 as "arbitrary expressions" too).
_LITERAL_INTS = range(-(2**63) + 2, 2**63)
# Length and size bounds pydantic-core holds in an unsigned 64-bit integer: a larger one makes
# the model's validator fail to build (OverflowError) when the model is first used.
_COUNT_KEYS = frozenset(
    {"minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"}
)
_COUNT_MAX = 2**64 - 1


def schema_error(registry: Registry, relpath: str, pointer: str, message: str) -> CodegenError:
    """A schema the generated models cannot express, located by file, line and pointer."""
    document = registry.document(relpath)
    line = document.line_of(pointer)
    where = relpath if line is None else f"{relpath}:{line}"
    return CodegenError(
        f"{where}: {message} (at {pointer or '/'})",
        hint="the generated models cannot express this schema; change it or report it",
    )


def clean_description(text: str) -> str:
    """`text` without control characters or trailing spaces, with Unix line ends."""
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


@dataclass(slots=True)
class Rewritten:
    """The generator input of one unit, and what its code depends on."""

    defs: dict[str, Any] = field(default_factory=dict)  # def key -> rewritten schema
    property_names: set[str] = field(default_factory=set)
    # the def keys its `$ref`s became: they name the modules the unit's code imports, which
    # the rest of the registry decides (a shared file split or not, a `$ref` cycle across files)
    refs: set[str] = field(default_factory=set)
    # (relpath, pointer, pattern) of every pattern: compiled only if the unit is generated
    patterns: list[tuple[str, str, str]] = field(default_factory=list)


class _Drop:
    """A data keyword's value that is left out of the output."""


_DROP: Any = _Drop()


class Rewriter:
    """Rewrites registered documents; one `rewrite_documents` call per unit."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        # relpath -> pointer ("" or "/$defs/X") -> (def key, schema)
        self._defs: dict[str, dict[str, tuple[str, Any]]] = {}
        # (relpath, pointer) -> the class name its file offers it under (a cycle across files
        # can move it to another module under another name: `merge_cycles`)
        self._names: dict[tuple[str, str], str] = {}
        self._inlining: list[tuple[str, str]] = []
        self._out = Rewritten()
        self._checker: ExampleChecker | None = None
        # the documents read as draft-04 (`_dialects.draft04_documents`); the rest as 2020-12
        self.draft04: set[str] = set()

    def register(
        self, relpath: str, namespace: str, root_class: str | None, *, split: bool = False
    ) -> list[str]:
        """Give the root (when `root_class` is set) and every definition of a document its key;
        return the definitions' keys.

        `split`: each definition in a module of its own under `namespace`
        (``shared.common_defs.error_info.ErrorInfo``) instead of all in `namespace`; those
        that refer to each other in a cycle share the module of the first (`_split`).
        Every document is registered before any is rewritten, so that any `$ref` finds its key.
        """
        schema = self.registry.document(relpath).schema
        entries = self._defs[relpath] = {}
        taken: set[str] = set()
        if root_class is not None:
            entries[""] = (f"{namespace}.{root_class}", schema)
            taken.add(root_class)
        found: list[tuple[str, str, Any]] = []  # (pointer, class name, definition)
        for container in _DEF_CONTAINERS:
            defs = schema.get(container)
            if not isinstance(defs, dict):
                continue
            for name, definition in defs.items():
                class_name = unique_name(class_identifier(name), taken, separator="")
                found.append((join_pointer("", container, name), class_name, definition))
        modules = self._split(relpath, namespace, found) if split else [namespace] * len(found)
        keys: list[str] = []
        for (pointer, class_name, definition), module in zip(found, modules, strict=True):
            entries[pointer] = (f"{module}.{class_name}", definition)
            keys.append(f"{module}.{class_name}")
        for pointer, (key, _) in entries.items():
            self._names[(relpath, pointer)] = key.rsplit(".", 1)[1]
        return keys

    def classes(self, relpath: str) -> list[tuple[str, str]]:
        """(name its file offers, def key) of the root and every definition of `relpath`."""
        return [(self._names[(relpath, p)], key) for p, (key, _) in self._defs[relpath].items()]

    def merge_cycles(self, relpaths: list[str]) -> None:
        """Modules of the registered `relpaths` that import each other in a cycle (a `$ref`
        cycle across files) become one: the classes of every module of a strongly connected
        component of the module graph move to its first module (the first file's), renamed
        only on a clash. Otherwise the generator would move them to a module ``_internal``."""
        entries = [(r, p) for r in relpaths for p in self._defs[r]]
        index: dict[str, int] = {}  # module -> node, in first-seen (file) order
        for relpath, pointer in entries:
            index.setdefault(self._defs[relpath][pointer][0].rsplit(".", 1)[0], len(index))
        edges: list[set[int]] = [set() for _ in index]
        for relpath, pointer in entries:
            key, schema = self._defs[relpath][pointer]
            source = index[key.rsplit(".", 1)[0]]
            for target in self._refs(relpath, schema, self._registered):
                reached = self._defs.get(target[0], {}).get(target[1])
                node = index.get(reached[0].rsplit(".", 1)[0]) if reached else None
                if node is not None and node != source:
                    edges[source].add(node)
        modules = list(index)
        for component in strongly_connected(edges):
            if len(component) < 2:
                continue
            into = modules[component[0]]
            moving = {modules[i] for i in component[1:]}
            taken = {
                key.rsplit(".", 1)[1]
                for r, p in entries
                if (key := self._defs[r][p][0]).rsplit(".", 1)[0] == into
            }
            for relpath, pointer in entries:
                key, schema = self._defs[relpath][pointer]
                module, name = key.rsplit(".", 1)
                if module in moving:
                    name = unique_name(name, taken, separator="")
                    self._defs[relpath][pointer] = (f"{into}.{name}", schema)

    def _refs(
        self,
        relpath: str,
        definition: Any,
        is_definition: Callable[[str, str], bool],
        *,
        other_files: bool = True,
    ) -> set[tuple[str, str]]:
        """(file, pointer) of every definition (`is_definition(file, pointer)`) `definition`
        refers to, at any depth, also through a `$ref` to a part of a file that gets inlined
        (not a definition); `other_files` False: refs into other files are not followed."""
        refs: set[tuple[str, str]] = set()
        inlined: set[tuple[str, str]] = set()
        todo = [(relpath, definition)]
        while todo:
            base, schema = todo.pop()
            for node in schema_nodes(schema):
                ref = node.get("$ref")
                if not isinstance(ref, str):
                    continue
                try:
                    target, pointer, sub = self.registry.resolve(base, ref)
                except SchemaRefError:
                    continue  # reported where it is rewritten
                if target != relpath and not other_files:
                    continue
                if is_definition(target, pointer):
                    refs.add((target, pointer))
                elif (target, pointer) not in inlined:
                    inlined.add((target, pointer))
                    todo.append((target, sub))
        return refs

    def _registered(self, relpath: str, pointer: str) -> bool:
        return pointer in self._defs.get(relpath, {})

    def _split(self, relpath: str, namespace: str, found: list[tuple[str, str, Any]]) -> list[str]:
        """The module of each definition: one per strongly connected component of their
        `$ref` graph, named after its first definition, so that the modules never import each
        other in a cycle (the generator would move such classes to a module ``_internal``)."""
        index = {pointer: i for i, (pointer, _, _) in enumerate(found)}

        def defined(_: str, pointer: str) -> bool:
            return pointer in index

        edges = [
            {index[p] for _, p in self._refs(relpath, definition, defined, other_files=False)}
            for _, _, definition in found
        ]
        modules = [namespace] * len(found)
        names: set[str] = set()
        for component in strongly_connected(edges):
            own = unique_name(module_identifier(found[component[0]][1]), names, separator="_")
            for member in component:
                modules[member] = f"{namespace}.{own}"
        return modules

    def locations(self) -> dict[str, tuple[str, str]]:
        """def key -> (file, pointer) of every registered definition."""
        return {
            key: (relpath, pointer)
            for relpath, entries in self._defs.items()
            for pointer, (key, _) in entries.items()
        }

    def rewrite_documents(self, relpaths: list[str]) -> Rewritten:
        """Every registered definition of `relpaths`, rewritten, as one unit's input."""
        self._out = out = Rewritten()
        for relpath in relpaths:
            for pointer, (key, schema) in sorted(self._defs[relpath].items()):
                out.defs[key] = self._rewrite(schema, relpath, pointer)
        return out

    def _fail(self, relpath: str, pointer: str, message: str) -> CodegenError:
        return schema_error(self.registry, relpath, pointer, message)

    def _rewrite(self, node: Any, relpath: str, pointer: str) -> Any:  # noqa: C901 (one branch per keyword family)
        if isinstance(node, bool):
            return node
        if not isinstance(node, dict):
            raise self._fail(relpath, pointer, "a schema must be an object or a boolean")
        out: dict[str, Any] = {}
        ref = node.get("$ref")
        if ref is not None:
            if not isinstance(ref, str):
                raise self._fail(relpath, pointer, "$ref must be a string")
            target = self._ref(ref, relpath, pointer)
            if isinstance(target, str):
                out["$ref"] = f"#/$defs/{target}"
                self._out.refs.add(target)
            else:  # an inlined sub-schema
                out["allOf"] = [target]
        draft04 = relpath in self.draft04
        if draft04 and ref is not None:  # draft-04 ignores every keyword beside a `$ref`
            node = {k: v for k, v in node.items() if k in REF_SIBLINGS_KEPT}
        typed_keys = _typed_keys(node)
        for key, value in node.items():
            here = f"{pointer}/{key}"
            if draft04 and key in WITHOUT_IN_DRAFT_04:
                continue  # no keyword there: an annotation, as `Draft4Validator` reads it
            if key in _SCHEMA_KEYS:
                if key == "additionalProperties" and (
                    isinstance(value, bool) or value == {} or "patternProperties" in node
                ):
                    # tolerant parsing: never extra="forbid"; strictness is __init__'s. A
                    # schema beside `properties` is kept: the class then keeps and checks the
                    # other members (extra="allow", a typed `__pydantic_extra__`), which it
                    # dropped, so a consumer publishing the event again lost them.
                    continue
                if key == "items" and isinstance(value, list):  # draft-04 tuple form
                    out["prefixItems"] = self._rewrite_list(value, relpath, here)
                    continue
                out[key] = self._rewrite(value, relpath, here)
            elif key in _SCHEMA_LIST_KEYS:
                if not isinstance(value, list):
                    raise self._fail(relpath, here, f"{key} must be a list of schemas")
                out[key] = self._rewrite_list(value, relpath, here)
            elif key in _SCHEMA_MAP_KEYS:
                if not isinstance(value, dict):
                    raise self._fail(relpath, here, f"{key} must be an object")
                if key == "properties":
                    self._out.property_names.update(value)
                else:  # each name is a pattern the generated model runs: checked as `pattern`s
                    self._out.patterns.extend(
                        (relpath, f"{here}/{escape_token(name)}", name) for name in value
                    )
                rewritten = {
                    name: self._rewrite(sub, relpath, f"{here}/{escape_token(name)}")
                    for name, sub in value.items()
                }
                if key == "properties":
                    out[key] = rewritten
                elif typed_keys:  # each name is the key's pattern in the model
                    out[key] = {model_pattern(name): sub for name, sub in rewritten.items()}
            elif key in _DATA_KEYS:
                checked = self._data(key, value, relpath, here)
                if checked is not _DROP:
                    out[key] = checked
        if node.get("exclusiveMinimum") is True or node.get("exclusiveMaximum") is True:
            _draft4_exclusive(out)
        if "default" in out:
            # the generator would write the default as a set literal, in hash order (output
            # bytes differing from run to run): left unchecked, as lint notes
            out.pop("uniqueItems", None)
        if out.get("type") == "object" and not _FREE_FORM_BLOCKERS & out.keys():
            # Any members at all: a map, as the generator makes of such an object written in
            # place. As a definition it made a class without fields, which dropped every
            # member on parsing and refused every one on construction.
            out["additionalProperties"] = {}
        if "default" in node:
            self._check_default(node, relpath, pointer)
        return out

    def _check_default(self, node: dict[str, Any], relpath: str, pointer: str) -> None:
        """Refuse a `default` its own subschema rejects, as lint does (`default-invalid`)."""
        if self._checker is None:
            from eventkit.lint import ExampleChecker

            self._checker = ExampleChecker(self.registry)
        document = self.registry.document(relpath)
        errors = self._checker.default_errors(document, pointer, node)
        if errors:
            more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
            raise self._fail(
                relpath,
                f"{pointer}/default",
                f"the default does not match its own schema: {_cut(errors[0], 200)}{more}; "
                "the generated field's default would not be a value of its type "
                "(eventkit lint reports it as default-invalid)",
            )

    def _rewrite_list(self, schemas: list[Any], relpath: str, pointer: str) -> list[Any]:
        return [self._rewrite(v, relpath, f"{pointer}/{i}") for i, v in enumerate(schemas)]

    def _data(self, key: str, value: Any, relpath: str, pointer: str) -> Any:  # noqa: C901 (one branch per keyword)
        if key == "description":
            return clean_description(value) if isinstance(value, str) else _DROP
        if key == "format":
            if not isinstance(value, str):
                raise self._fail(relpath, pointer, f"format must be a string, not {_short(value)}")
            return value if value in _FORMATS else _DROP
        if key == "type":
            types = value if isinstance(value, list) else [value]
            if not types or any(not isinstance(t, str) or t not in _JSON_TYPES for t in types):
                raise self._fail(relpath, pointer, f"unknown type {_short(value)}")
            if "number" in types and "integer" not in types:
                # `int | float`: a float alone turned 9007199254740993 into ...992.0 (and 5
                # into 5.0), a changed value in an event a consumer republishes
                return [t for t in types if t != "number"] + ["integer", "number"]
            return value
        if key == "required":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise self._fail(relpath, pointer, "required must be a list of strings")
            return value
        if key == "pattern":
            if not isinstance(value, str):
                raise self._fail(relpath, pointer, "pattern must be a string")
            self._out.patterns.append((relpath, pointer, value))
            return model_pattern(value)
        if key == "enum":
            if not isinstance(value, list) or not value:
                raise self._fail(relpath, pointer, "enum must be a non-empty list")
            if not all(v is None or isinstance(v, str | int | bool) for v in value):
                raise self._fail(
                    relpath,
                    pointer,
                    "enum values must be strings, integers, booleans or null "
                    "(they become a typing.Literal)",
                )
            for index, item in enumerate(value):
                self._literal_int(item, relpath, f"{pointer}/{index}")
            return value
        if key == "const":
            if not (value is None or isinstance(value, str | int | bool)):
                raise self._fail(
                    relpath, pointer, "const must be a string, integer, boolean or null"
                )
            self._literal_int(value, relpath, pointer)
            return value
        if key in ("exclusiveMinimum", "exclusiveMaximum") and isinstance(value, bool):
            return _DROP  # draft-04 form; folded by _draft4_exclusive
        if key == "default":
            return value
        if key == "uniqueItems":  # the generator writes a `set[...]`: `_unique` makes it a list
            return True if value is True else _DROP
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._fail(relpath, pointer, f"{key} must be a number")
        if key == "multipleOf" and value <= 0:
            raise self._fail(
                relpath,
                pointer,
                f"multipleOf {_short(value)} must be greater than 0 (a number too small for a "
                "float, such as 1e-400, reads as 0): the model's validator would fail to build "
                "on first use",
            )
        if key in _COUNT_KEYS and (value < 0 or value != int(value)):
            raise self._fail(
                relpath,
                pointer,
                f"{key} {_short(value)} must be a non-negative integer: the model's validator "
                "would fail to build on first use",
            )
        if key in _COUNT_KEYS and value > _COUNT_MAX:
            raise self._fail(
                relpath,
                pointer,
                f"{key} {_short(value)} is more than the generated model can check "
                f"(pydantic counts in 64 bits, at most {_COUNT_MAX}): its validator would fail "
                "to build on first use",
            )
        return value

    def _literal_int(self, value: Any, relpath: str, pointer: str) -> None:
        if isinstance(value, int) and not isinstance(value, bool) and value not in _LITERAL_INTS:
            raise self._fail(
                relpath,
                pointer,
                f"the integer {_short(value)} is outside 64 bits: mypy refuses it in the "
                "typing.Literal it becomes",
            )

    def _ref(self, ref: str, relpath: str, pointer: str) -> str | Any:
        """The def key a `$ref` points to, or the rewritten sub-schema to inline."""
        try:  # the registry resolves it (never remotely; anchors too)
            target, target_pointer, node = self.registry.resolve(relpath, ref)
        except SchemaRefError as exc:
            raise self._fail(relpath, pointer, str(exc)) from None
        entry = self._defs.get(target, {}).get(target_pointer)
        if entry is not None:
            return entry[0]
        # A pointer to somewhere else than a definition: inline that sub-schema.
        if (target, target_pointer) in self._inlining or len(self._inlining) > _MAX_INLINE_DEPTH:
            raise self._fail(
                relpath, pointer, f"$ref {ref!r}: recursive reference into a non-definition"
            )
        self._inlining.append((target, target_pointer))
        try:
            return self._rewrite(node, target, target_pointer)
        finally:
            self._inlining.pop()


def _short(value: Any, limit: int = 80) -> str:
    """`value`'s repr, cut to `limit` characters (a huge integer is not written out)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 256:
        return f"an integer of {value.bit_length()} bits"
    return _cut(repr(value), limit)


def _cut(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _typed_keys(node: dict[str, Any]) -> bool:
    """Whether the generator's map for `node`'s `patternProperties` means what the schema
    does. It writes ``dict[<key matching the pattern>, T]`` (a union of such maps for several
    patterns), which refuses every other key: right only for one pattern, no `properties`, and
    `additionalProperties: false`. Otherwise other keys are valid (and a key may match several
    patterns), so the map is left a ``dict[str, Any]``: its values are not checked, but no
    valid event is refused."""
    patterns = node.get("patternProperties")
    return (
        isinstance(patterns, dict)
        and len(patterns) == 1
        and "properties" not in node
        and node.get("additionalProperties") is False
    )


def _draft4_exclusive(out: dict[str, Any]) -> None:
    for bound, exclusive in (("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")):
        if bound in out and exclusive not in out:
            out[exclusive] = out.pop(bound)
