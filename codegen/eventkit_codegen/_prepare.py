"""From a registry to one JSON Schema document datamodel-code-generator can take in one call.

Every event major version and every shared file becomes entries of one ``$defs`` table whose
dotted keys say where the class goes: ``orders.order_placed_v1.OrderPlacedV1`` (an event),
``orders.order_placed_v1.Line`` (one of its local definitions), ``shared.money.Money`` (a shared
file). datamodel-code-generator turns dotted keys into modules, so a shared definition becomes
one class in one module that every event imports, never a copy per event.

Nothing of a schema reaches the generator unfiltered: only an allowlist of JSON Schema keywords
is kept (no vendor extensions that could name a Python type or import), titles are dropped
(class names come from folder, definition and property names through `_naming`), descriptions
lose control characters, patterns must compile, enum values must be literals.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from eventkit.errors import CodegenError
from eventkit_codegen._naming import class_identifier, field_alias_map, module_identifier

if TYPE_CHECKING:
    from eventkit.registry import EventType, Registry, SchemaVersion

__all__ = ["EventUnit", "Prepared", "SharedUnit", "check_patterns", "prepare"]

SHARED_PACKAGE = "shared"

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
# Formats that get a richer Python type; every other format stays a plain str.
_FORMATS = frozenset({"date-time", "date", "uuid"})
_JSON_TYPES = frozenset({"string", "number", "integer", "boolean", "object", "array", "null"})
_DEF_CONTAINERS = ("$defs", "definitions")
_META_KEYS = frozenset(
    {"$defs", "definitions", "$schema", "$id", "id", "title", "description", "examples", "$comment"}
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_REMOTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True, slots=True)
class SharedUnit:
    """One shared file: one module in the shared package."""

    relpath: str  # "_shared/money.json"
    digest: str
    module: tuple[str, ...]  # ("shared", "money")

    @property
    def file(self) -> str:
        return "/".join(self.module) + ".py"


@dataclass(frozen=True, slots=True)
class EventUnit:
    """One event major version: one module in its service's package."""

    event_key: str  # "orders/OrderPlaced"
    major: int
    service: str
    service_module: str  # "orders"
    module: str  # "order_placed_v1"
    class_name: str  # "OrderPlacedV1"
    version: str
    digest: str
    relpath: str
    source: str
    detail_type: str
    foreign: bool
    deprecated: str | None  # "since 1.1.0: reason; use X instead"
    required: tuple[str, ...]  # schema names of the required properties
    shared: tuple[str, ...]  # shared relpaths reached, transitively

    @property
    def key(self) -> str:
        return f"{self.event_key}@{self.major}"

    @property
    def def_key(self) -> str:
        return f"{self.service_module}.{self.module}.{self.class_name}"

    @property
    def file(self) -> str:
        return f"{self.service_module}/{self.module}.py"


@dataclass(slots=True)
class Prepared:
    """The registry, planned: units, and the per-unit generator input."""

    events: list[EventUnit]
    shared: list[SharedUnit]
    defs_by_unit: dict[str, dict[str, Any]]  # unit key -> its $defs entries
    shared_defs: dict[str, Any]  # $defs entries of every shared file
    aliases: dict[str, str] = field(default_factory=dict)  # property name -> identifier
    # "shared" or unit key -> (relpath, pointer, pattern) of every pattern, checked before use
    patterns_by_unit: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    names_by_unit: dict[str, set[str]] = field(default_factory=dict)  # "shared" or unit key

    def document(self, unit_keys: set[str] | None = None) -> dict[str, Any]:
        """The one schema document for the events in `unit_keys` (all when None) + all shared."""
        defs: dict[str, Any] = dict(self.shared_defs)
        for unit in self.events:
            if unit_keys is None or unit.key in unit_keys:
                defs.update(self.defs_by_unit[unit.key])
        return {"$defs": dict(sorted(defs.items()))}


def _pointer_tokens(fragment: str) -> list[str]:
    if fragment in ("", "/"):
        return []
    if not fragment.startswith("/"):
        raise ValueError(fragment)
    return [t.replace("~1", "/").replace("~0", "~") for t in unquote(fragment)[1:].split("/")]


def _model_ish(schema: Any) -> bool:
    return isinstance(schema, bool) or (
        isinstance(schema, dict) and any(k not in _META_KEYS for k in schema)
    )


class _Builder:
    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.docs: dict[str, Any] = {}  # relpath -> schema
        self.keys: dict[tuple[str, str], str] = {}  # (relpath, "/$defs/X" or "") -> def key
        self.property_names: set[str] = set()
        self.unit_names: set[str] = set()
        self.unit_patterns: list[tuple[str, str, str]] = []
        self.reached: set[str] = set()
        self._inlining: list[tuple[str, str]] = []

    # -- registration: every definition gets its key before anything is rewritten

    def register(self, relpath: str, schema: Any, namespace: str, root_class: str | None) -> None:
        self.docs[relpath] = schema
        taken: set[str] = set()
        if root_class is not None:
            self.keys[(relpath, "")] = f"{namespace}.{root_class}"
            taken.add(root_class)
        if not isinstance(schema, dict):
            return
        for container in _DEF_CONTAINERS:
            defs = schema.get(container)
            if not isinstance(defs, dict):
                continue
            for name in defs:
                base = class_identifier(name)
                candidate, counter = base, 2
                while candidate in taken:
                    candidate = f"{base}{counter}"
                    counter += 1
                taken.add(candidate)
                pointer = "/" + container + "/" + name.replace("~", "~0").replace("/", "~1")
                self.keys[(relpath, pointer)] = f"{namespace}.{candidate}"

    def definitions(self, relpath: str) -> Iterator[tuple[str, str, Any]]:
        """(key, pointer, schema) of every registered definition of one document."""
        schema = self.docs[relpath]
        for (doc, pointer), key in sorted(self.keys.items()):
            if doc != relpath:
                continue
            if pointer == "":
                yield key, pointer, schema
            else:
                container, name = _pointer_tokens(pointer)
                yield key, pointer, schema[container][name]

    # -- rewriting

    def fail(self, relpath: str, pointer: str, message: str) -> CodegenError:
        return CodegenError(
            f"{relpath}: {message} (at {pointer or '/'})",
            hint="the generated models cannot express this schema; change it or report it",
        )

    def rewrite(self, node: Any, relpath: str, pointer: str) -> Any:  # noqa: C901 (one branch per keyword family)
        if isinstance(node, bool):
            return node
        if not isinstance(node, dict):
            raise self.fail(relpath, pointer, "a schema must be an object or a boolean")
        out: dict[str, Any] = {}
        ref = node.get("$ref")
        if ref is not None:
            if not isinstance(ref, str):
                raise self.fail(relpath, pointer, "$ref must be a string")
            target = self.ref(ref, relpath, pointer)
            if isinstance(target, str):
                out["$ref"] = f"#/$defs/{target}"
            else:  # an inlined sub-schema
                out["allOf"] = [target]
        for key, value in node.items():
            here = f"{pointer}/{key}"
            if key in _SCHEMA_KEYS:
                if key == "additionalProperties" and (
                    isinstance(value, bool) or "properties" in node
                ):
                    continue  # tolerant parsing: never extra="forbid"; strictness is __init__'s
                if key == "items" and isinstance(value, list):  # draft-04 tuple form
                    out["prefixItems"] = [
                        self.rewrite(v, relpath, f"{here}/{i}") for i, v in enumerate(value)
                    ]
                    continue
                out[key] = self.rewrite(value, relpath, here)
            elif key in _SCHEMA_LIST_KEYS:
                if not isinstance(value, list):
                    raise self.fail(relpath, here, f"{key} must be a list of schemas")
                out[key] = [self.rewrite(v, relpath, f"{here}/{i}") for i, v in enumerate(value)]
            elif key in _SCHEMA_MAP_KEYS:
                if not isinstance(value, dict):
                    raise self.fail(relpath, here, f"{key} must be an object")
                if key == "properties":
                    self.property_names.update(value)
                    self.unit_names.update(value)
                out[key] = {
                    name: self.rewrite(sub, relpath, f"{here}/{_escape(name)}")
                    for name, sub in value.items()
                }
            elif key in _DATA_KEYS:
                checked = self.data(key, value, relpath, here)
                if checked is not _DROP:
                    out[key] = checked
        if node.get("exclusiveMinimum") is True or node.get("exclusiveMaximum") is True:
            _draft4_exclusive(out)
        return out

    def data(self, key: str, value: Any, relpath: str, pointer: str) -> Any:  # noqa: C901 (one branch per keyword)
        if key == "description":
            if not isinstance(value, str):
                return _DROP
            text = _CONTROL.sub(" ", value.replace("\r\n", "\n").replace("\r", "\n"))
            return "\n".join(line.rstrip() for line in text.strip().split("\n"))
        if key == "format":
            return value if value in _FORMATS else _DROP
        if key == "type":
            types = value if isinstance(value, list) else [value]
            if not types or any(t not in _JSON_TYPES for t in types):
                raise self.fail(relpath, pointer, f"unknown type {value!r}")
            return value
        if key == "required":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise self.fail(relpath, pointer, "required must be a list of strings")
            return value
        if key == "pattern":
            if not isinstance(value, str):
                raise self.fail(relpath, pointer, "pattern must be a string")
            self.unit_patterns.append((relpath, pointer, value))  # compiled if generated
            return value
        if key == "enum":
            if not isinstance(value, list) or not value:
                raise self.fail(relpath, pointer, "enum must be a non-empty list")
            if not all(v is None or isinstance(v, str | int | bool) for v in value):
                raise self.fail(
                    relpath,
                    pointer,
                    "enum values must be strings, integers, booleans or null "
                    "(they become a typing.Literal)",
                )
            return value
        if key == "const":
            if not (value is None or isinstance(value, str | int | bool)):
                raise self.fail(
                    relpath, pointer, "const must be a string, integer, boolean or null"
                )
            return value
        if key in ("exclusiveMinimum", "exclusiveMaximum") and isinstance(value, bool):
            return _DROP  # draft-04 form; folded by _draft4_exclusive
        if key == "default":
            return value
        if key == "uniqueItems":
            return value if isinstance(value, bool) else _DROP
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(relpath, pointer, f"{key} must be a number")
        return value

    def ref(self, ref: str, relpath: str, pointer: str) -> str | Any:
        """The def key a `$ref` points to, or the rewritten sub-schema to inline."""
        if _REMOTE.match(ref):
            raise self.fail(relpath, pointer, f"remote $ref {ref!r} (never fetched)")
        path, _, fragment = ref.partition("#")
        target = relpath
        if path:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(relpath), unquote(path)))
            if target not in self.docs:
                raise self.fail(relpath, pointer, f"$ref {ref!r}: no such shared file {target}")
            self.reached.add(target)
        try:
            tokens = _pointer_tokens(fragment)
        except ValueError:
            raise self.fail(relpath, pointer, f"$ref {ref!r}: not a JSON pointer") from None
        canonical = "".join("/" + t.replace("~", "~0").replace("/", "~1") for t in tokens)
        key = self.keys.get((target, canonical))
        if key is not None:
            return key
        # A pointer to somewhere else than a definition: inline that sub-schema.
        node: Any = self.docs[target]
        for token in tokens:
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                raise self.fail(relpath, pointer, f"$ref {ref!r} points nowhere")
        if (target, canonical) in self._inlining or len(self._inlining) > 32:
            raise self.fail(
                relpath, pointer, f"$ref {ref!r}: recursive reference into a non-definition"
            )
        self._inlining.append((target, canonical))
        try:
            return self.rewrite(node, target, canonical)
        finally:
            self._inlining.pop()


class _Drop:
    pass


_DROP: Any = _Drop()


def _escape(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


def _draft4_exclusive(out: dict[str, Any]) -> None:
    for bound, exclusive in (("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")):
        if bound in out and exclusive not in out:
            out[exclusive] = out.pop(bound)


def _shared_module(relpath: str) -> tuple[str, ...]:
    parts = relpath.split("/")[1:]  # drop "_shared"
    parts[-1] = parts[-1].removesuffix(".json")
    return (SHARED_PACKAGE, *(module_identifier(p) for p in parts))


def _unit_digest(parts: Mapping[str, str]) -> str:
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def prepare(registry: Registry) -> Prepared:
    """Plan the output of `registry` and build the generator input of every unit.

    Raises:
        CodegenError: two events or services would get the same module or class name, or a
            schema holds something the generated models cannot express.
    """
    builder = _Builder(registry)
    shared_units: list[SharedUnit] = []
    modules_seen: dict[tuple[str, ...], str] = {}
    for relpath in sorted(registry.shared):
        shared = registry.shared[relpath]
        module = _shared_module(relpath)
        _claim(modules_seen, module, relpath)
        shared_units.append(SharedUnit(relpath=relpath, digest=shared.digest, module=module))
        root = class_identifier(module[-1]) if _model_ish(shared.schema) else None
        builder.register(relpath, shared.schema, ".".join(module), root)

    events: list[EventUnit] = []
    versions: list[tuple[EventUnit, SchemaVersion]] = []
    classes_seen: dict[str, str] = {}
    services_seen: dict[str, str] = {}
    for event in registry.events:
        service_module = module_identifier(event.service)
        if service_module == SHARED_PACKAGE:
            service_module = f"{service_module}_"
        _claim_service(services_seen, service_module, event.service)
        for major in sorted(event.majors):
            version = event.latest_in(major)
            unit = _event_unit(event, major, version, service_module)
            _claim(modules_seen, (service_module, unit.module), unit.key)
            if unit.class_name in classes_seen:
                raise CodegenError(
                    f"events {classes_seen[unit.class_name]} and {unit.key} would both generate "
                    f"the class {unit.class_name}",
                    hint="rename one of the event folders (or set a distinct folder name)",
                )
            classes_seen[unit.class_name] = unit.key
            _check_root(version)
            builder.register(
                version.relpath, version.schema, f"{service_module}.{unit.module}", unit.class_name
            )
            versions.append((unit, version))

    names_by_unit: dict[str, set[str]] = {}
    shared_defs: dict[str, Any] = {}
    for shared_unit in shared_units:
        for key, pointer, schema in builder.definitions(shared_unit.relpath):
            shared_defs[key] = builder.rewrite(schema, shared_unit.relpath, pointer)
    names_by_unit[SHARED_PACKAGE] = builder.unit_names
    patterns_by_unit = {SHARED_PACKAGE: builder.unit_patterns}

    defs_by_unit: dict[str, dict[str, Any]] = {}
    for unit, version in versions:
        builder.reached = set()
        builder.unit_names = set()
        builder.unit_patterns = []
        defs: dict[str, Any] = {}
        for key, pointer, schema in builder.definitions(version.relpath):
            defs[key] = builder.rewrite(schema, version.relpath, pointer)
        if unit.deprecated:
            root = defs[unit.def_key]
            note = builder.data("description", f"Deprecated {unit.deprecated}.", "", "")
            root["description"] = f"{root.get('description', '')}\n\n{note}".strip()
        reached = _transitive(registry, builder.reached)
        unit = _with_shared(unit, tuple(sorted(reached)))
        events.append(unit)
        defs_by_unit[unit.key] = defs
        names_by_unit[unit.key] = builder.unit_names
        patterns_by_unit[unit.key] = builder.unit_patterns
    return Prepared(
        events=events,
        shared=shared_units,
        defs_by_unit=defs_by_unit,
        shared_defs=shared_defs,
        aliases=field_alias_map(builder.property_names),
        names_by_unit=names_by_unit,
        patterns_by_unit=patterns_by_unit,
    )


def check_patterns(prepared: Prepared, unit_keys: set[str]) -> None:
    """Every pattern of the units about to be generated must compile (Python's `re`)."""
    for key in sorted(unit_keys):
        for relpath, pointer, pattern in prepared.patterns_by_unit.get(key, ()):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise CodegenError(
                    f"{relpath}: pattern {pattern!r} is not a valid regular expression: {exc} "
                    f"(at {pointer})",
                    hint="the generated models cannot express this schema; change it or report it",
                ) from None


def _check_root(version: SchemaVersion) -> None:
    """An event's data (or a foreign event's detail) must be a JSON object."""
    schema = version.schema
    if isinstance(schema, dict) and (
        schema.get("type") == "object" or "properties" in schema or "allOf" in schema
    ):
        return
    raise CodegenError(
        f"{version.relpath}: the schema of an event must describe a JSON object "
        '("type": "object" with "properties"); EventBridge details are objects',
        hint="wrap the value in an object property",
    )


def _transitive(registry: Registry, start: set[str]) -> set[str]:
    """Shared files reached from `start`, following refs between shared files."""
    seen: set[str] = set()
    todo = sorted(start)
    while todo:
        relpath = todo.pop()
        if relpath in seen:
            continue
        seen.add(relpath)
        for ref in _refs(registry.shared[relpath].schema):
            path = ref.partition("#")[0]
            if path and not _REMOTE.match(ref):
                target = posixpath.normpath(
                    posixpath.join(posixpath.dirname(relpath), unquote(path))
                )
                if target in registry.shared:
                    todo.append(target)
    return seen


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _event_unit(
    event: EventType, major: int, version: SchemaVersion, service_module: str
) -> EventUnit:
    schema = version.schema
    required = schema.get("required", []) if isinstance(schema, dict) else []
    return EventUnit(
        event_key=event.key,
        major=major,
        service=event.service,
        service_module=service_module,
        module=f"{module_identifier(event.name)}_v{major}",
        class_name=f"{class_identifier(event.name)}V{major}",
        version=str(version.version),
        digest=version.digest,
        relpath=version.relpath,
        source=event.source,
        detail_type=event.detail_type,
        foreign=bool(event.foreign),
        deprecated=_deprecation(event),
        required=tuple(r for r in required if isinstance(r, str)),
        shared=(),
    )


def _deprecation(event: EventType) -> str | None:
    deprecated = event.deprecated
    if deprecated is None:
        return None
    parts = [f"since {deprecated.since}" if deprecated.since else "deprecated"]
    reason = deprecated.reason.strip().rstrip(".") if deprecated.reason else ""
    text = parts[0] + (f": {reason}" if reason else "")
    if deprecated.replacement:
        text += f"; use {deprecated.replacement} instead"
    return text


def _with_shared(unit: EventUnit, shared: tuple[str, ...]) -> EventUnit:
    from dataclasses import replace

    return replace(unit, shared=shared)


def _claim(seen: dict[tuple[str, ...], str], module: tuple[str, ...], owner: str) -> None:
    if module in seen:
        raise CodegenError(
            f"{seen[module]} and {owner} would both generate the module {'.'.join(module)}",
            hint="rename one of them so that their snake_case names differ",
        )
    seen[module] = owner


def _claim_service(seen: dict[str, str], module: str, service: str) -> None:
    if seen.setdefault(module, service) != service:
        raise CodegenError(
            f"services {seen[module]!r} and {service!r} would both generate the package {module}",
            hint="rename one of the service folders",
        )


def unit_input_digest(unit: EventUnit, prepared: Prepared, fingerprint: str) -> str:
    """What one event module depends on: its schema, the shared files it reaches, the tools."""
    shared_digests = {s.relpath: s.digest for s in prepared.shared}
    return _unit_digest(
        {
            "fingerprint": fingerprint,
            "schema": unit.digest,
            "relpath": unit.relpath,
            "version": unit.version,
            "source": unit.source,
            "detail_type": unit.detail_type,
            "foreign": str(unit.foreign),
            "deprecated": unit.deprecated or "",
            "aliases": _alias_digest(prepared, unit.key),
            **{f"shared:{p}": shared_digests[p] for p in unit.shared},
        }
    )


def shared_input_digest(prepared: Prepared, fingerprint: str) -> str:
    """What the shared package depends on: every shared file and the tools."""
    return _unit_digest(
        {
            "fingerprint": fingerprint,
            "aliases": _alias_digest(prepared, SHARED_PACKAGE),
            **{s.relpath: s.digest for s in prepared.shared},
        }
    )


def _alias_digest(prepared: Prepared, unit: str) -> str:
    """The identifiers chosen for the property names one unit uses (what its code depends on)."""
    names = sorted(prepared.names_by_unit.get(unit, ()))
    text = json.dumps([[n, prepared.aliases.get(n, n)] for n in names], ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()
